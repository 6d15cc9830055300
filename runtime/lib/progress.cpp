// progress.cpp — per-epoch progress on stdout (or stderr): a bar on a terminal, one plain line per epoch otherwise.
#include "progress.h"

#include "terminal_line.h"

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

/// The width a terminal line may take: one column short of the edge, so the terminal never wraps it (a wrapped
/// line is what leaves stale copies behind when \r redraws it).
size_t lineWidth(const lepton_progress *p) {
  int columns = lepton::rt::terminalColumns(p->out);
  return columns > 1 ? static_cast<size_t>(columns - 1) : 1;
}

/// Seconds left in the whole run: this epoch's training, its validation and the epochs after it, each as long as
/// the finished ones took on average (before any has finished: as long as this one's training will).
double runSecondsLeft(const lepton_progress *p, double epochSeconds, double epochLeft) {
  double perEpoch = epochSeconds + epochLeft, validation = 0;
  if (!p->history.empty()) {
    perEpoch = 0;
    for (const EpochRecord &r : p->history)
      perEpoch += r.seconds;
    perEpoch /= static_cast<double>(p->history.size());
    validation = p->validationSeconds / static_cast<double>(p->history.size());
  }
  return epochLeft + validation + static_cast<double>(p->epochs - p->epoch) * perEpoch;
}

/// The bar's line: epoch, bar, count, running loss and accuracy, speed, the epoch's and the run's ETA — the
/// least useful fields left out until it fits the terminal, the bar then widened into what is left (10..30).
void drawBar(lepton_progress *p, int64_t now, double loss, double accuracy) {
  using lepton::rt::LineField;
  double fraction = p->samplesPerEpoch > 0 ? static_cast<double>(p->samplesDone) / p->samplesPerEpoch : 0;
  fraction = fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;
  double seconds = (now - p->epochStartNs) * 1e-9;
  double rate = seconds > 0 ? p->samplesDone / seconds : 0;
  bool trained = p->samplesPerEpoch > 0 && p->samplesDone >= p->samplesPerEpoch;
  auto bar = [&](int width) {
    int filled = static_cast<int>(fraction * width);
    std::string text(static_cast<size_t>(filled), '=');
    if (filled < width)
      text += '>' + std::string(static_cast<size_t>(width - filled - 1), ' ');
    return "[" + text + "]";
  };
  // Kept longest: where the run is (label, count, loss), then how long it takes (run ETA, epoch ETA), the bar;
  // first to go: the running accuracy and the speed (both in the epoch's closing line).
  std::vector<LineField> fields = {
      {epochLabel(p, p->epoch), 100, ""}, {bar(10), 50, " "},
      {format("%lld/%lld", static_cast<long long>(p->samplesDone), static_cast<long long>(p->samplesPerEpoch)), 90,
       " "}};
  if (!std::isnan(loss))
    fields.push_back({format("loss %.4f", loss), 80});
  if (!std::isnan(accuracy))
    fields.push_back({format("acc %.2f%%", 100 * accuracy), 45});
  fields.push_back({format("%.0f samples/s", rate), 30});
  double epochLeft = rate > 0 ? (p->samplesPerEpoch - p->samplesDone) / rate : NAN;
  if (trained) // training done, the validation data is evaluated now: on a large set that takes a while
    fields.push_back({"validating...", 95});
  else if (!std::isnan(epochLeft))
    fields.push_back({"ETA " + lepton::rt::shortDuration(epochLeft), 60});
  if (!std::isnan(epochLeft) && p->epochs > p->epoch)
    fields.push_back({"run ETA " + lepton::rt::shortDuration(runSecondsLeft(p, seconds, epochLeft)), 65});
  size_t width = lineWidth(p);
  std::string line = lepton::rt::fitFields(fields, width);
  if (line.find('[') != std::string::npos) { // the bar is shown: widen it into the room left
    size_t room = width - lepton::rt::displayWidth(line);
    fields[1].text = bar(10 + static_cast<int>(room < 20 ? room : 20));
    line = lepton::rt::fitFields(fields, width);
  }
  std::fputs(("\r" + line + "\x1b[K").c_str(), p->out);
  std::fflush(p->out);
  p->lineOpen = true;
  lepton::rt::setTerminalLineOpen(true);
  p->lastDrawNs = now;
}

/// The epoch's closing line. Off a terminal: every field, full precision (a log line: tests and scripts read it).
/// On one: short names, 4 decimals, fields left out until it fits the window.
std::string epochLine(const lepton_progress *p, const EpochRecord &r) {
  if (!p->bar) {
    std::string line = epochLabel(p, r.epoch);
    if (!std::isnan(r.loss))
      line += format("  loss %.6f", r.loss);
    if (!std::isnan(r.accuracy))
      line += format("  accuracy %.2f%%", 100 * r.accuracy);
    if (!std::isnan(r.valLoss))
      line += format("  val_loss %.6f", r.valLoss);
    if (!std::isnan(r.valAccuracy))
      line += format("  val_accuracy %.2f%%", 100 * r.valAccuracy);
    return line + format("  samples/s %.0f  elapsed %.1fs", r.samplesPerSecond, r.elapsed);
  }
  std::vector<lepton::rt::LineField> fields = {{epochLabel(p, r.epoch), 100, ""}};
  if (!std::isnan(r.loss))
    fields.push_back({format("loss %.4f", r.loss), 80});
  if (!std::isnan(r.accuracy))
    fields.push_back({format("acc %.2f%%", 100 * r.accuracy), 70});
  if (!std::isnan(r.valLoss))
    fields.push_back({format("val_loss %.4f", r.valLoss), 75});
  if (!std::isnan(r.valAccuracy))
    fields.push_back({format("val_acc %.2f%%", 100 * r.valAccuracy), 90});
  fields.push_back({format("%.0f samples/s", r.samplesPerSecond), 30});
  fields.push_back({format("%.1fs", r.elapsed), 40});
  return lepton::rt::fitFields(fields, lineWidth(p));
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
  // The last batch's update is drawn whatever the time: it says that validation runs now.
  bool trained = p->samplesPerEpoch > 0 && samples_done >= p->samplesPerEpoch;
  if (p->bar && (now - p->lastDrawNs >= 100000000 || trained))
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
  p->validationSeconds += (now - trainEnd) * 1e-9;
  if (p->quiet)
    return;
  std::string line = epochLine(p, r) + "\n";
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
  std::fprintf(p->out, "early stop at epoch %lld: %s not improved for %lld epochs; keeping epoch %lld\n",
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
