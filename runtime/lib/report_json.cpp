// report_json.cpp — the run's JSON report (settings, per-epoch history, results) from a lepton_progress.
#include "notice.h"
#include "output_file.h"
#include "progress.h"
#include "run_info.h"

#include <charconv>
#include <cmath>

namespace lepton::rt {

/// Shortest round-trip text of a double; NaN and infinities (no JSON form) become null.
std::string jsonNumber(double v) {
  if (!std::isfinite(v))
    return "null";
  char buf[64];
  auto result = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, result.ptr);
}

std::string jsonString(const std::string &s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\')
      out += '\\', out += static_cast<char>(c);
    else if (c < 0x20)
      out += format("\\u%04x", c);
    else
      out += static_cast<char>(c);
  }
  return out + "\"";
}

std::string jsonRunHeader(const char *format, int version, const std::string &indent) {
  std::string command;
  for (const std::string &word : commandLine())
    command += (command.empty() ? "" : ", ") + jsonString(word);
  return indent + "\"format\": " + jsonString(format) + ",\n" + indent + "\"version\": " + std::to_string(version) +
         ",\n" + indent + "\"leptonc_version\": " + jsonString(leptoncVersion()) + ",\n" + indent +
         "\"started\": " + jsonString(startedUtc()) + ",\n" + indent + "\"command\": [" + command + "],\n";
}

int64_t bestEpoch(const lepton_progress *p) {
  bool byLoss = false;
  for (const EpochRecord &r : p->history)
    byLoss = byLoss || std::isfinite(r.valLoss);
  int64_t best = 0;
  double bestValue = NAN;
  for (const EpochRecord &r : p->history) {
    double v = byLoss ? r.valLoss : -r.valAccuracy;
    if (std::isfinite(v) && !(v >= bestValue))
      best = r.epoch, bestValue = v;
  }
  return best;
}

/// The settings object as given (trimmed), "{}" for NULL; false if it is not {...} (a caller bug).
bool settingsObject(const char *settings, const char *fn, std::string &out) {
  out = settings ? settings : "{}";
  size_t first = out.find_first_not_of(" \t\r\n"), last = out.find_last_not_of(" \t\r\n");
  if (first == std::string::npos || out[first] != '{' || out[last] != '}') {
    fail(LEPTON_ERR_INVALID, "%s: settings_json must be a JSON object", fn);
    return false;
  }
  out = out.substr(first, last - first + 1);
  return true;
}

} // namespace lepton::rt

namespace {

/// `"settings": …, "history": […], "best_epoch": …, "evaluated_on": …, "results": {…}` of one block, each key on
/// its own line at `indent`. The per-epoch list is "history": settings.epochs is the number asked for.
std::string blockFields(const lepton_progress *p, const std::string &settings, const std::string &indent) {
  using namespace lepton::rt;
  std::string out = indent + "\"settings\": " + settings + ",\n" + indent + "\"history\": [";
  for (size_t i = 0; i < p->history.size(); ++i) {
    const EpochRecord &r = p->history[i];
    out += format("%s\n%s  {\"epoch\": %lld", i ? "," : "", indent.c_str(), static_cast<long long>(r.epoch));
    out += ", \"loss\": " + jsonNumber(r.loss) + ", \"accuracy\": " + jsonNumber(r.accuracy);
    out += ", \"val_loss\": " + jsonNumber(r.valLoss) + ", \"val_accuracy\": " + jsonNumber(r.valAccuracy);
    out += ", \"samples_per_s\": " + jsonNumber(r.samplesPerSecond) + ", \"seconds\": " + jsonNumber(r.seconds);
    out += ", \"elapsed\": " + jsonNumber(r.elapsed) + "}";
  }
  int64_t best = bestEpoch(p);
  out += p->history.empty() ? "],\n" : "\n" + indent + "],\n";
  out += indent + "\"best_epoch\": " + (best ? std::to_string(best) : "null") + ",\n";
  out += indent + "\"evaluated_on\": " + (p->evaluatedOn.empty() ? "null" : jsonString(p->evaluatedOn)) + ",\n";
  out += indent + "\"results\": {";
  for (size_t i = 0; i < p->results.size(); ++i)
    out += (i ? ",\n  " : "\n  ") + indent + jsonString(p->results[i].name) + ": " + jsonNumber(p->results[i].value);
  out += p->results.empty() ? "}" : "\n" + indent + "}";
  return out;
}

} // namespace

extern "C" {

int32_t lepton_progress_write_json(const lepton_progress *p, const char *path, const char *settings_json) {
  using namespace lepton::rt;
  std::string settings;
  if (!p || !path)
    return fail(LEPTON_ERR_INVALID, "lepton_progress_write_json: invalid arguments");
  if (!settingsObject(settings_json, "lepton_progress_write_json", settings))
    return LEPTON_ERR_INVALID;
  std::string out = "{\n" + jsonRunHeader("lepton-run", 2, "  ") + blockFields(p, settings, "  ") + "\n}\n";
  return writeWholeFile(path, "JSON report", out, true);
}

int32_t lepton_progress_write_json_blocks(const lepton_progress *const *blocks, const char *const *settings_json,
                                          int64_t count, const char *path) {
  using namespace lepton::rt;
  if (!blocks || !settings_json || count < 1 || !path)
    return fail(LEPTON_ERR_INVALID, "lepton_progress_write_json_blocks: invalid arguments");
  std::string out = "{\n" + jsonRunHeader("lepton-run", 2, "  ") + "  \"blocks\": [";
  for (int64_t i = 0; i < count; ++i) {
    std::string settings;
    if (!blocks[i])
      return fail(LEPTON_ERR_INVALID, "lepton_progress_write_json_blocks: block %lld is NULL", static_cast<long long>(i));
    if (!settingsObject(settings_json[i], "lepton_progress_write_json_blocks", settings))
      return LEPTON_ERR_INVALID;
    out += std::string(i ? "," : "") + "\n    {\n" + blockFields(blocks[i], settings, "      ") + "\n    }";
  }
  out += "\n  ]\n}\n";
  return writeWholeFile(path, "JSON report", out, true);
}

} // extern "C"
