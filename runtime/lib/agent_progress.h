// agent_progress.h — the lepton_agent_progress handle's state, shared by the reporter and its report writers.
#ifndef LEPTON_RUNTIME_AGENT_PROGRESS_H
#define LEPTON_RUNTIME_AGENT_PROGRESS_H

#include "internal.h"

#include <cstdio>
#include <deque>
#include <string>
#include <vector>

/// One ended episode, kept for reports.
struct EpisodeRecord {
  int64_t steps; ///< the run's steps so far, this episode's included
  double episodeReturn, epsilon;
};

struct lepton_agent_progress {
  int64_t maxSteps = 0, maxEpisodes = 0, window = 100;
  bool quiet = false;
  FILE *out = stdout;
  int64_t startNs = 0;
  int64_t nextReport = 1; ///< the twentieth of the budget whose passing prints the next line
  std::deque<double> recent; ///< the last `window` returns
  double recentSum = 0;
  std::vector<EpisodeRecord> history;
  std::string result; ///< the closing line, once lepton_agent_progress_finish has printed it
};

#endif // LEPTON_RUNTIME_AGENT_PROGRESS_H
