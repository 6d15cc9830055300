// report_json.cpp — the run's JSON report (settings, per-epoch history, results) from a lepton_progress.
#include "output_file.h"
#include "progress.h"

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

extern "C" {

int32_t lepton_progress_write_json(const lepton_progress *p, const char *path, const char *settings_json) {
  using namespace lepton::rt;
  std::string settings;
  if (!p || !path)
    return fail(LEPTON_ERR_INVALID, "lepton_progress_write_json: invalid arguments");
  if (!settingsObject(settings_json, "lepton_progress_write_json", settings))
    return LEPTON_ERR_INVALID;
  std::string out = "{\n  \"format\": \"lepton-run\",\n  \"version\": 1,\n  \"settings\": " + settings +
                    ",\n  \"epochs\": [";
  for (size_t i = 0; i < p->history.size(); ++i) {
    const EpochRecord &r = p->history[i];
    out += format("%s\n    {\"epoch\": %lld", i ? "," : "", static_cast<long long>(r.epoch));
    out += ", \"loss\": " + jsonNumber(r.loss) + ", \"accuracy\": " + jsonNumber(r.accuracy);
    out += ", \"val_loss\": " + jsonNumber(r.valLoss) + ", \"val_accuracy\": " + jsonNumber(r.valAccuracy);
    out += ", \"samples_per_s\": " + jsonNumber(r.samplesPerSecond) + ", \"seconds\": " + jsonNumber(r.seconds);
    out += ", \"elapsed\": " + jsonNumber(r.elapsed) + "}";
  }
  out += p->history.empty() ? "],\n  \"results\": {" : "\n  ],\n  \"results\": {";
  for (size_t i = 0; i < p->results.size(); ++i)
    out += (i ? ",\n    " : "\n    ") + jsonString(p->results[i].name) + ": " + jsonNumber(p->results[i].value);
  out += p->results.empty() ? "}\n}\n" : "\n  }\n}\n";
  return writeWholeFile(path, "JSON report", out, true);
}

} // extern "C"
