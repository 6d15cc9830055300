// progress.cpp — per-epoch progress on stdout (or stderr): a bar on a terminal, one plain line per epoch otherwise.
#include "progress.h"

#include <cmath>
#include <new>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using lepton::rt::format;

void closeLine(lepton_progress *p) {
  if (p->lineOpen) {
    std::fputs("\r\x1b[K", p->out);
    p->lineOpen = false;
    lepton::rt::setTerminalLineOpen(false);
  }
}

std::string epochLabel(const lepton_progress *p, int64_t epoch) {
  return p->epochs > 0 ? format("epoch %lld/%lld", static_cast<long long>(epoch), static_cast<long long>(p->epochs))
                       : format("epoch %lld", static_cast<long long>(epoch));
}

void drawBar(lepton_progress *p, int64_t now, double loss, double accuracy) {
  const int width = 30;
  double fraction = p->samplesPerEpoch > 0 ? static_cast<double>(p->samplesDone) / p->samplesPerEpoch : 0;
  fraction = fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;
  int filled = static_cast<int>(fraction * width);
  std::string bar(static_cast<size_t>(filled), '=');
  if (filled < width)
    bar += '>' + std::string(static_cast<size_t>(width - filled - 1), ' ');
  double seconds = (now - p->epochStartNs) * 1e-9;
  double rate = seconds > 0 ? p->samplesDone / seconds : 0;
  std::string line = "\r" + epochLabel(p, p->epoch) + " [" + bar + "] " +
                     format("%lld/%lld", static_cast<long long>(p->samplesDone),
                            static_cast<long long>(p->samplesPerEpoch));
  if (!std::isnan(loss))
    line += format("  loss %.4f", loss);
  if (!std::isnan(accuracy))
    line += format("  acc %.2f%%", 100 * accuracy);
  line += format("  %.0f samples/s", rate);
  if (rate > 0 && p->samplesPerEpoch > p->samplesDone)
    line += format("  ETA %.0fs", (p->samplesPerEpoch - p->samplesDone) / rate);
  std::fputs((line + "\x1b[K").c_str(), p->out);
  std::fflush(p->out);
  p->lineOpen = true;
  lepton::rt::setTerminalLineOpen(true);
  p->lastDrawNs = now;
}

} // namespace

extern "C" {

lepton_progress *lepton_progress_create(int64_t epochs, int64_t samples_per_epoch, int32_t flags) {
  if (epochs < 0 || samples_per_epoch < 0 || (flags & ~15)) {
    lepton::rt::fail(LEPTON_ERR_INVALID, "lepton_progress_create: invalid arguments (epochs %lld, samples %lld, "
                                         "flags 0x%x)",
                     static_cast<long long>(epochs), static_cast<long long>(samples_per_epoch), flags);
    return nullptr;
  }
  auto *p = new (std::nothrow) lepton_progress;
  if (!p) {
    lepton::rt::fail(LEPTON_ERR_NOMEM, "out of memory: cannot create a progress reporter");
    return nullptr;
  }
  p->epochs = epochs;
  p->samplesPerEpoch = samples_per_epoch;
  p->quiet = (flags & LEPTON_PROGRESS_QUIET) != 0;
  p->out = (flags & LEPTON_PROGRESS_STDERR) ? stderr : stdout;
  p->bar = !p->quiet && ((flags & LEPTON_PROGRESS_BAR) ||
                         (!(flags & LEPTON_PROGRESS_PLAIN) && isatty(fileno(p->out))));
  p->startNs = p->epochStartNs = lepton_clock_ns();
  return p;
}

void lepton_progress_free(lepton_progress *p) {
  if (!p)
    return;
  closeLine(p);
  std::fflush(p->out);
  delete p;
}

void lepton_progress_epoch_begin(lepton_progress *p, int64_t epoch) {
  if (!p)
    return;
  p->epoch = epoch;
  p->epochStartNs = lepton_clock_ns();
  p->samplesDone = 0;
  p->lastUpdateNs = 0;
  p->lastDrawNs = 0;
}

void lepton_progress_update(lepton_progress *p, int64_t samples_done, double loss, double accuracy) {
  if (!p)
    return;
  int64_t now = lepton_clock_ns();
  p->samplesDone = samples_done;
  p->lastUpdateNs = now;
  if (p->bar && now - p->lastDrawNs >= 100000000)
    drawBar(p, now, loss, accuracy);
}

void lepton_progress_epoch_end(lepton_progress *p, int64_t epoch, double loss, double accuracy, double val_loss,
                               double val_accuracy) {
  if (!p)
    return;
  int64_t now = lepton_clock_ns();
  int64_t trainEnd = p->lastUpdateNs ? p->lastUpdateNs : now;
  int64_t samples = p->lastUpdateNs ? p->samplesDone : p->samplesPerEpoch;
  double seconds = (trainEnd - p->epochStartNs) * 1e-9;
  EpochRecord r{epoch, loss, accuracy, val_loss, val_accuracy, seconds > 0 ? samples / seconds : 0,
                (now - p->epochStartNs) * 1e-9, (now - p->startNs) * 1e-9};
  p->history.push_back(r);
  if (p->quiet)
    return;
  std::string line = epochLabel(p, epoch);
  if (!std::isnan(loss))
    line += format("  loss %.6f", loss);
  if (!std::isnan(accuracy))
    line += format("  accuracy %.2f%%", 100 * accuracy);
  if (!std::isnan(val_loss))
    line += format("  val_loss %.6f", val_loss);
  if (!std::isnan(val_accuracy))
    line += format("  val_accuracy %.2f%%", 100 * val_accuracy);
  line += format("  samples/s %.0f  elapsed %.1fs\n", r.samplesPerSecond, r.elapsed);
  closeLine(p);
  std::fputs(line.c_str(), p->out);
  std::fflush(p->out);
}

void lepton_progress_early_stop(lepton_progress *p, int64_t epoch, int64_t best_epoch, int64_t patience,
                                const char *monitored) {
  if (!p)
    return;
  p->stoppedEarly = true;
  if (p->quiet)
    return;
  closeLine(p);
  std::fprintf(p->out, "early stop after epoch %lld: %s has not improved for %lld epochs; keeping epoch %lld's weights\n",
               static_cast<long long>(epoch), monitored ? monitored : "the loss", static_cast<long long>(patience),
               static_cast<long long>(best_epoch));
  std::fflush(p->out);
}

void lepton_progress_result(lepton_progress *p, const char *name, double value, int32_t as_percent) {
  if (!p || !name)
    return;
  p->results.push_back({name, value, as_percent != 0});
  closeLine(p);
  // Which data the figure comes from: a validation set named "test_images" is not necessarily a test set.
  std::string label = p->evaluatedOn.empty() ? std::string(name) : std::string(name) + " on " + p->evaluatedOn;
  if (as_percent)
    std::fprintf(p->out, "%s: %.2f%%\n", label.c_str(), 100 * value);
  else
    std::fprintf(p->out, "%s: %.6f\n", label.c_str(), value);
  std::fflush(p->out);
}

void lepton_progress_evaluated_on(lepton_progress *p, const char *data) {
  if (p)
    p->evaluatedOn = data ? data : "";
}

} // extern "C"
