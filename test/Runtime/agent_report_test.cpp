// agent_report_test.cpp — an agent run's HTML report: title, settings, result, downsampled return and epsilon curves.
//
// Mutations of report_agent_html.cpp, each seen failing (the tests that caught it):
//   - stride n / 2000 rounded down (2500 points for 5000 episodes) -> CurvesHaveAtMost2000Points, MeanIsOverTheWindow,
//                                                                     PageHasTitleSettingsResultAndCurves
//   - the last episode not drawn when the stride skips it           -> CurvesHaveAtMost2000Points, MeanIsOverTheWindow
//   - the mean over every episode so far, not the window            -> MeanIsOverTheWindow
//   - the result line left out                                      -> PageHasTitleSettingsResultAndCurves,
//                                                                     NoEpisodesStillWellFormed
#include "test_util.h"

#include <cstdlib>
#include <gtest/gtest.h>
#include <regex>
#include <string>
#include <vector>

using namespace lepton::test;

namespace {

#define EXPECT_HAS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (part)

/// A finished run of `episodes` episodes of 10 steps, window 100: return e % 10 (so every full window's mean is
/// 4.5), epsilon falling linearly from 1.
lepton_agent_progress *run(int64_t episodes) {
  lepton_agent_progress *p = lepton_agent_progress_create(0, episodes, 100, LEPTON_PROGRESS_QUIET);
  for (int64_t e = 1; e <= episodes; ++e)
    lepton_agent_progress_episode(p, 10 * e, static_cast<double>(e % 10), 1.0 - static_cast<double>(e) / episodes);
  testing::internal::CaptureStdout();
  lepton_agent_progress_finish(p, 0, nullptr);
  testing::internal::GetCapturedStdout();
  return p;
}

struct Point {
  double x, y;
};

/// The points of data line `k` (0-based) of the chart titled `title`: "M x y L x y …" of its k-th unfilled path.
/// (Parsed by hand: std::regex recurses per character and overflows the stack on paths of thousands of points.)
std::vector<Point> curve(const std::string &html, const std::string &title, int k) {
  size_t at = html.find("<title>" + title + "</title>"), end = html.find("</svg>", at);
  const std::string open = "<path d=\"M", unfilled = "\" fill=\"none\"";
  for (int i = 0; at != std::string::npos;) {
    at = html.find(open, at + 1);
    if (at == std::string::npos || at > end)
      return {};
    size_t close = html.find('"', at + open.size());
    if (html.compare(close, unfilled.size(), unfilled) != 0 || i++ < k) // axes and grid lines are not filled "none"
      continue;
    std::vector<Point> points;
    const char *c = html.c_str() + at + open.size() - 1, *stop = html.c_str() + close;
    while (c < stop && (*c == 'M' || *c == 'L')) {
      char *next;
      double x = std::strtod(c + 1, &next);
      double y = std::strtod(next, &next);
      points.push_back({x, y});
      c = next;
    }
    return c == stop ? points : std::vector<Point>{};
  }
  return {};
}

std::string writeReport(const lepton_agent_progress *p, const TempDir &dir) {
  std::string path = dir.path("agent.html");
  EXPECT_EQ(lepton_agent_progress_write_html(p, path.c_str(), "cartpole <dqn>", "{\"agent\": \"dqn\", \"seed\": 1}"),
            LEPTON_OK);
  return readText(path);
}

} // namespace

TEST(AgentReportHtml, PageHasTitleSettingsResultAndCurves) {
  TempDir dir;
  lepton_agent_progress *p = run(5000);
  std::string html = writeReport(p, dir);
  EXPECT_EQ(xmlProblem(html), "");
  EXPECT_HAS(html, "<title>cartpole &lt;dqn&gt;</title>");
  EXPECT_HAS(html, "<h1>cartpole &lt;dqn&gt;</h1>");
  // Settings as a key/value table, and the run-information block (mutation seen failing: settings in a <pre>).
  EXPECT_HAS(html, "<table class=\"kv settings\">\n<tr><th>agent</th><td>dqn</td></tr>\n"
                   "<tr><th>seed</th><td>1</td></tr>\n</table>");
  EXPECT_HAS(html, "<h2>Run</h2>\n<div class=\"box\"><table class=\"kv run\">\n<tr><th>started</th><td>");
  EXPECT_HAS(html, "<tr><th>compiled by</th><td>leptonc ");
  EXPECT_HAS(html, "<div class=\"charts\">");
  EXPECT_TRUE(std::regex_search(html, std::regex("<h2>Result</h2>\n<p>trained 5000 episodes, 50000 steps in "
                                                 "[0-9.]+s; mean_return\\(100\\) 4\\.5000</p>")))
      << html.substr(0, 2000);
  EXPECT_HAS(html, "<title>Return</title>");
  EXPECT_HAS(html, "<title>Epsilon</title>");
  EXPECT_HAS(html, ">mean return (100)</text>");
  EXPECT_HAS(html, "class=\"xl\">episode</text>");
  EXPECT_HAS(html, "<p>5000 episodes: one in 3 is drawn, and the last.</p>");
  EXPECT_EQ(html.find("<circle"), std::string::npos); // no dots on thousands of points
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("href="), std::string::npos);
  lepton_agent_progress_free(p);
}

TEST(AgentReportHtml, CurvesHaveAtMost2000Points) {
  // Episodes 1..n, every k-th drawn (k = ceil(n / 2000)) and the last: ceil(n / k) points per curve.
  struct Case {
    int64_t episodes, points;
  };
  TempDir dir;
  for (Case c : {Case{1, 1}, Case{100, 100}, Case{2000, 2000}, Case{2001, 1001}, Case{5000, 1667}}) {
    lepton_agent_progress *p = run(c.episodes);
    std::string html = writeReport(p, dir);
    EXPECT_EQ(xmlProblem(html), "") << c.episodes;
    EXPECT_EQ(curve(html, "Return", 0).size(), static_cast<size_t>(c.points)) << c.episodes << " episodes: returns";
    EXPECT_EQ(curve(html, "Return", 1).size(), static_cast<size_t>(c.points)) << c.episodes << " episodes: mean";
    EXPECT_EQ(curve(html, "Epsilon", 0).size(), static_cast<size_t>(c.points)) << c.episodes << " episodes: epsilon";
    std::vector<Point> returns = curve(html, "Return", 0);
    if (c.episodes > 1 && !returns.empty()) {
      EXPECT_EQ(returns.back().x, 620.0) << "the last episode ends the curve at the right edge"; // 640 - 20
    }
    lepton_agent_progress_free(p);
  }
}

TEST(AgentReportHtml, MeanIsOverTheWindow) {
  // Returns e % 10: from episode 100 on, every window of 100 has mean 4.5, so the mean's line is flat there (one
  // y for all of its last 1500 points), while the returns' line is not.
  TempDir dir;
  lepton_agent_progress *p = run(5000);
  std::string html = writeReport(p, dir);
  std::vector<Point> mean = curve(html, "Return", 1), returns = curve(html, "Return", 0);
  ASSERT_EQ(mean.size(), 1667u);
  for (size_t i = mean.size() - 1500; i < mean.size(); ++i)
    ASSERT_EQ(mean[i].y, mean.back().y) << "point " << i;
  EXPECT_NE(returns[returns.size() - 2].y, returns.back().y);
  lepton_agent_progress_free(p);
}

TEST(AgentReportHtml, NoEpisodesStillWellFormed) {
  TempDir dir;
  lepton_agent_progress *p = lepton_agent_progress_create(0, 10, 100, LEPTON_PROGRESS_QUIET);
  std::string path = dir.path("empty.html");
  ASSERT_EQ(lepton_agent_progress_write_html(p, path.c_str(), nullptr, nullptr), LEPTON_OK);
  std::string html = readText(path);
  EXPECT_EQ(xmlProblem(html), "");
  EXPECT_HAS(html, "<h1>Lepton agent report</h1>");
  EXPECT_HAS(html, "<p>the run has not finished</p>");
  EXPECT_HAS(html, ">no data</text>");
  EXPECT_HAS(html, "<h2>Settings</h2>\n<p>(none)</p>");
  lepton_agent_progress_free(p);
}

TEST(AgentReportHtml, ErrorsAreReported) {
  ErrorCapture errors;
  TempDir dir;
  lepton_agent_progress *p = run(3);
  std::string path = dir.path("missing/agent.html");
  EXPECT_EQ(lepton_agent_progress_write_html(p, path.c_str(), "t", nullptr), LEPTON_ERR_OUTPUT);
  EXPECT_EQ(errors.lastMessage().rfind("cannot write HTML report '" + path + "': ", 0), 0u) << errors.lastMessage();
  EXPECT_EQ(lepton_agent_progress_write_html(p, dir.path("a.html").c_str(), "t", "[1]"), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_agent_progress_write_html(nullptr, dir.path("a.html").c_str(), "t", nullptr), LEPTON_ERR_INVALID);
  EXPECT_EQ(lepton_agent_progress_write_html(p, nullptr, "t", nullptr), LEPTON_ERR_INVALID);
  EXPECT_EQ(errors.count(), 4);
  lepton_agent_progress_free(p);
}

TEST(AgentReportHtmlDeathTest, UnwritablePathExitsWithCode4) {
  lepton_agent_progress *p = run(3);
  EXPECT_EXIT(lepton_agent_progress_write_html(p, "/nonexistent-dir/agent.html", nullptr, nullptr),
              testing::ExitedWithCode(LEPTON_ERR_OUTPUT), "error: cannot write HTML report");
  lepton_agent_progress_free(p);
}
