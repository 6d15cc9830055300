// run_info.cpp — the run's command line, start time, version and files, kept process-wide for the reports.
#include "run_info.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <mutex>

#ifndef LEPTONC_VERSION
#define LEPTONC_VERSION "unknown"
#endif

namespace lepton::rt {

namespace {

// One run per process; reports read these after training, so a mutex (not speed) is what matters.
struct RunInfo {
  std::mutex mutex;
  std::vector<std::string> argv, dataFiles;
  std::string loaded, saved;
  std::time_t started = 0;
};

RunInfo &info() {
  static RunInfo *r = new RunInfo; // never destroyed: reports may be written from atexit paths
  return *r;
}

void startClock(RunInfo &r) {
  if (r.started == 0)
    r.started = std::time(nullptr);
}

/// `s` as a shell word: as is when it has only safe characters, else in single quotes.
std::string shellWord(const std::string &s) {
  bool safe = !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) || std::string("-_./=:,+@%").find(static_cast<char>(c)) != std::string::npos;
  });
  if (safe)
    return s;
  std::string out = "'";
  for (char c : s)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

} // namespace

const char *leptoncVersion() { return LEPTONC_VERSION; }

void recordCommandLine(int argc, char **argv) {
  RunInfo &r = info();
  std::lock_guard<std::mutex> lock(r.mutex);
  startClock(r);
  r.argv.clear();
  for (int i = 0; i < argc && argv && argv[i]; ++i)
    r.argv.push_back(argv[i]);
}

const std::vector<std::string> &commandLine() { return info().argv; }

std::string commandLineText() {
  std::string out;
  for (const std::string &word : commandLine())
    out += (out.empty() ? "" : " ") + shellWord(word);
  return out;
}

std::string startedUtc() {
  RunInfo &r = info();
  std::lock_guard<std::mutex> lock(r.mutex);
  startClock(r);
  std::tm utc{};
  gmtime_r(&r.started, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

void recordDataFile(const std::string &path) {
  RunInfo &r = info();
  std::lock_guard<std::mutex> lock(r.mutex);
  if (std::find(r.dataFiles.begin(), r.dataFiles.end(), path) == r.dataFiles.end())
    r.dataFiles.push_back(path);
}

const std::vector<std::string> &dataFiles() { return info().dataFiles; }

void recordCheckpoint(const std::string &path, bool saved) {
  RunInfo &r = info();
  std::lock_guard<std::mutex> lock(r.mutex);
  (saved ? r.saved : r.loaded) = path;
}

const std::string &loadedCheckpoint() { return info().loaded; }
const std::string &savedCheckpoint() { return info().saved; }

} // namespace lepton::rt
