// agent_progress_test.cpp — an agent's progress lines (a twentieth of the budget each), the window's mean return,
// the closing line, the JSON record, and play's returns.
#include "lepton/runtime.h"
#include "test_util.h"

#include <cmath>
#include <fstream>
#include <gtest/gtest.h>
#include <regex>
#include <sstream>
#include <string>

namespace {

/// 40 episodes of 3 steps each, return = the episode's number, epsilon 0.5.
std::string runEpisodes(int64_t maxSteps, int64_t maxEpisodes, int32_t flags, lepton_agent_progress **keep = nullptr) {
  testing::internal::CaptureStdout();
  lepton_agent_progress *p = lepton_agent_progress_create(maxSteps, maxEpisodes, 4, flags);
  for (int e = 1; e <= 40; ++e)
    lepton_agent_progress_episode(p, 3 * e, e, 0.5);
  lepton_agent_progress_finish(p, 0, nullptr);
  std::string out = testing::internal::GetCapturedStdout();
  if (keep)
    *keep = p;
  else
    lepton_agent_progress_free(p);
  return out;
}

int countLines(const std::string &text, const std::string &start) {
  int n = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    n += line.rfind(start, 0) == 0;
  return n;
}

} // namespace

TEST(AgentProgress, LineAtEachTwentiethOfTheEpisodeBudget) {
  // 40 episodes of a 40-episode budget: a line every 2 episodes, 20 in all, then the closing line.
  std::string out = runEpisodes(0, 40, LEPTON_PROGRESS_PLAIN);
  EXPECT_EQ(countLines(out, "episode "), 20) << out;
  EXPECT_TRUE(std::regex_search(out, std::regex("^episode 2/40  steps 6  mean_return\\(4\\) 1\\.5000  epsilon "
                                                "0\\.5000  steps/s [0-9]+  elapsed [0-9.]+s  ETA [0-9]+s\n")))
      << out;
  // The last 4 returns are 37..40: mean 38.5.
  EXPECT_TRUE(std::regex_search(out, std::regex("\ntrained 40 episodes, 120 steps in [0-9.]+s; mean_return\\(4\\) "
                                                "38\\.5000\n$")))
      << out;
}

TEST(AgentProgress, StepBudgetCountsSteps) {
  // A budget of 60 steps: a line every 3 steps, i.e. every episode until step 60 (episode 20), then none.
  std::string out = runEpisodes(60, 0, LEPTON_PROGRESS_PLAIN);
  EXPECT_EQ(countLines(out, "episode "), 20) << out;
  EXPECT_NE(out.find("episode 1  steps 3/60  "), std::string::npos) << out;
}

TEST(AgentProgress, QuietKeepsOnlyTheClosingLine) {
  std::string out = runEpisodes(0, 40, LEPTON_PROGRESS_QUIET);
  EXPECT_EQ(countLines(out, "episode "), 0) << out;
  EXPECT_EQ(countLines(out, "trained 40 episodes"), 1) << out;
}

TEST(AgentProgress, MeanReturnNeedsAFullWindow) {
  lepton_agent_progress *p = lepton_agent_progress_create(0, 10, 3, LEPTON_PROGRESS_QUIET);
  lepton_agent_progress_episode(p, 1, 1, 0);
  lepton_agent_progress_episode(p, 2, 2, 0);
  EXPECT_TRUE(std::isnan(lepton_agent_progress_mean_return(p)));
  lepton_agent_progress_episode(p, 3, 6, 0);
  EXPECT_DOUBLE_EQ(lepton_agent_progress_mean_return(p), 3.0);
  lepton_agent_progress_episode(p, 4, 10, 0); // the window drops the first return
  EXPECT_DOUBLE_EQ(lepton_agent_progress_mean_return(p), 6.0);
  EXPECT_EQ(lepton_agent_progress_episodes(p), 4);
  lepton_agent_progress_free(p);
}

TEST(AgentProgress, JsonHasEveryEpisodeAndTheResult) {
  lepton::test::TempDir dir;
  lepton_agent_progress *p = nullptr;
  runEpisodes(0, 40, LEPTON_PROGRESS_QUIET, &p);
  std::string path = dir.path("run.json");
  ASSERT_EQ(lepton_agent_progress_write_json(p, path.c_str(), "{\"agent\": \"a\"}"), LEPTON_OK);
  lepton_agent_progress_free(p);
  std::ifstream in(path);
  std::string json((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(json.find("\"settings\": {\"agent\": \"a\"}"), std::string::npos) << json;
  EXPECT_NE(json.find("{\"episode\": 40, \"steps\": 120, \"return\": 40, \"epsilon\": 0.5}"), std::string::npos) << json;
  EXPECT_EQ(countLines(json, "    {\"episode\": "), 40) << json;
  EXPECT_NE(json.find("\"result\": \"trained 40 episodes, 120 steps in "), std::string::npos) << json;
}

TEST(AgentProgress, NoBudgetNoLines) {
  testing::internal::CaptureStdout();
  lepton_agent_progress *p = lepton_agent_progress_create(0, 0, 100, LEPTON_PROGRESS_PLAIN);
  ASSERT_NE(p, nullptr);
  lepton_agent_progress_finish(p, 0, nullptr);
  lepton_agent_progress_free(p);
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_TRUE(std::regex_match(out, std::regex("trained 0 episodes, 0 steps in [0-9.]+s\n"))) << out;
}

TEST(AgentProgress, BadArgumentsAreRefused) {
  lepton::test::ErrorCapture errors;
  EXPECT_EQ(lepton_agent_progress_create(-1, 0, 100, 0), nullptr);
  EXPECT_EQ(lepton_agent_progress_create(0, 10, 0, 0), nullptr);
  EXPECT_EQ(errors.lastCode(), LEPTON_ERR_INVALID);
}

TEST(AgentReturns, EachEpisodeThenTheSummary) {
  testing::internal::CaptureStdout();
  lepton_agent_returns *r = lepton_agent_returns_create(1, 0);
  lepton_agent_returns_add(r, 1, 7);
  lepton_agent_returns_add(r, 0, 3);
  lepton_agent_returns_add(r, 1, 9);
  double mean = lepton_agent_returns_finish(r, "play");
  lepton_agent_returns_free(r);
  EXPECT_EQ(testing::internal::GetCapturedStdout(),
            "episode 1 return 1 steps 7\nepisode 2 return 0 steps 3\nepisode 3 return 1 steps 9\n"
            "play: mean return 0.6667 over 3 greedy episodes (min 0, max 1)\n");
  EXPECT_NEAR(mean, 2.0 / 3, 1e-12);
}
