// progress.h — the lepton_progress handle's state, shared by the reporter and the JSON/HTML report writers.
#ifndef LEPTON_RUNTIME_PROGRESS_H
#define LEPTON_RUNTIME_PROGRESS_H

#include "internal.h"

#include <cstdio>
#include <string>
#include <vector>

/// One finished epoch, kept for reports.
struct EpochRecord {
  int64_t epoch;
  double loss, accuracy, valLoss, valAccuracy, samplesPerSecond;
  double seconds; // the epoch's wall time, begin to end (training and validation)
  double elapsed; // since lepton_progress_create
};

struct ResultRecord {
  std::string name;
  double value;
  bool percent;
};

struct lepton_progress {
  int64_t epochs = 0;
  int64_t samplesPerEpoch = 0;
  bool quiet = false, bar = false;
  bool stoppedEarly = false; ///< lepton_progress_early_stop was called
  FILE *out = stdout; ///< stderr with LEPTON_PROGRESS_STDERR (stdout then carries --json -)
  int64_t startNs = 0;
  int64_t epoch = 0;
  int64_t epochStartNs = 0;
  int64_t samplesDone = 0;
  int64_t lastUpdateNs = 0; // 0 = no update this epoch
  int64_t lastDrawNs = 0;
  bool lineOpen = false;
  double validationSeconds = 0; ///< summed over finished epochs: from the last update to epoch_end
  std::vector<EpochRecord> history;
  std::vector<ResultRecord> results;
  std::string evaluatedOn; ///< the data set of the results ("" unknown)
};

namespace lepton::rt {

/// JSON text of a number (shortest round trip; NaN and infinities as null) and of a string.
std::string jsonNumber(double v);
std::string jsonString(const std::string &s);

/// The JSON keys every run report starts with: format, version, leptonc_version, started, command (each line
/// at `indent`, each ending with ",\n").
std::string jsonRunHeader(const char *format, int version, const std::string &indent);

/// The best validation epoch: lowest val_loss, else highest val_accuracy (first of equals); 0 when no epoch has
/// either.
int64_t bestEpoch(const lepton_progress *p);

/// The trimmed settings object ("{}" for NULL); false after reporting LEPTON_ERR_INVALID if it is not {...}.
bool settingsObject(const char *settings, const char *fn, std::string &out);

} // namespace lepton::rt

#endif // LEPTON_RUNTIME_PROGRESS_H
