// run_info.h — what the reports say about the run as a whole: command line, start time, version, files read/written.
#ifndef LEPTON_RUNTIME_RUN_INFO_H
#define LEPTON_RUNTIME_RUN_INFO_H

#include <cstdint>
#include <string>
#include <vector>

namespace lepton::rt {

/// The leptonc version this runtime was built with (the trainer's compiler: both come from one build).
const char *leptoncVersion();

/// Keeps argv for the reports' command line (lepton_cli_parse calls it), and starts the run's clock.
void recordCommandLine(int argc, char **argv);
/// argv as recorded; empty for a host that never parsed a command line.
const std::vector<std::string> &commandLine();
/// The command line as one shell-quoted string ("./model --epochs 3 --report 'my run.html'").
std::string commandLineText();

/// When the run started (the first call of this or recordCommandLine): UTC, ISO 8601 ("2026-11-26T18:37:24Z").
std::string startedUtc();

/// A data file a reader opened, kept once in order of first use (the report's "data files").
void recordDataFile(const std::string &path);
const std::vector<std::string> &dataFiles();

/// The checkpoint the run loaded and the one it saved ("" if none).
void recordCheckpoint(const std::string &path, bool saved);
const std::string &loadedCheckpoint();
const std::string &savedCheckpoint();

} // namespace lepton::rt

#endif // LEPTON_RUNTIME_RUN_INFO_H
