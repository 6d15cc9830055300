// report_agent_html.cpp — an agent run's self-contained HTML report: the result, return and epsilon curves, settings.
#include "agent_progress.h"
#include "output_file.h"
#include "progress.h"
#include "report_page.h"

#include <cmath>

namespace {

using namespace lepton::rt;

/// Points per curve at most: a run of more episodes draws every k-th one (and the last).
constexpr int64_t kMaxPoints = 2000;

struct AgentCurves {
  Series returns, mean, epsilon;
};

/// The curves at episodes stride, 2 stride, ... (1-based) and the last: ceil(n / stride) points each. The mean is
/// over the `window` episodes up to each one (all of them while fewer have ended), as on the progress lines.
AgentCurves curves(const lepton_agent_progress *p, int64_t stride) {
  // Each episode's return light (thousands of noisy points), the window's mean drawn over it dark, as TensorBoard does.
  AgentCurves c{{"return", "#aec7e8", {}},
                {format("mean return (%lld)", static_cast<long long>(p->window)), "#1f77b4", {}},
                {"epsilon", "#2ca02c", {}}};
  const std::vector<EpisodeRecord> &h = p->history;
  const int64_t n = static_cast<int64_t>(h.size());
  double sum = 0;
  for (int64_t i = 0; i < n; ++i) {
    sum += h[i].episodeReturn;
    if (i >= p->window)
      sum -= h[i - p->window].episodeReturn;
    if ((i + 1) % stride != 0 && i != n - 1)
      continue;
    const double x = static_cast<double>(i + 1);
    const double mean = sum / static_cast<double>(i + 1 < p->window ? i + 1 : p->window);
    for (auto [series, y] : {std::pair{&c.returns, h[i].episodeReturn}, {&c.mean, mean}, {&c.epsilon, h[i].epsilon}})
      if (std::isfinite(y))
        series->points.push_back({x, y});
  }
  return c;
}

} // namespace

extern "C" {

int32_t lepton_agent_progress_write_html(const lepton_agent_progress *p, const char *path, const char *title,
                                         const char *settings) {
  std::string fields;
  if (!p || !path)
    return fail(LEPTON_ERR_INVALID, "lepton_agent_progress_write_html: invalid arguments");
  if (!settingsObject(settings, "lepton_agent_progress_write_html", fields))
    return LEPTON_ERR_INVALID;
  const int64_t episodes = static_cast<int64_t>(p->history.size());
  const int64_t stride = episodes <= kMaxPoints ? 1 : (episodes + kMaxPoints - 1) / kMaxPoints;
  AgentCurves c = curves(p, stride);
  // The trainer's layout: run information, result, curves side by side when there is room, settings as a table.
  std::string out = pageStart(xmlEscape(title && *title ? title : "Lepton agent report"));
  out += "<h2>Run</h2>\n" + keyValueTable(runInfoRows((lepton_clock_ns() - p->startNs) * 1e-9), "run");
  out += "<h2>Result</h2>\n<p>" + xmlEscape(p->result.empty() ? "the run has not finished" : p->result) + "</p>\n";
  out += "<h2>Curves</h2>\n";
  if (stride > 1)
    out += format("<p>%lld episodes: one in %lld is drawn, and the last.</p>\n", static_cast<long long>(episodes),
                  static_cast<long long>(stride));
  out += "<div class=\"charts\">\n" + chart({"Return", "episode", 1, "", false}, {c.returns, c.mean});
  out += chart({"Epsilon", "episode", 1, "", false}, {c.epsilon}) + "</div>\n";
  out += "<h2>Settings</h2>\n" + keyValueTable(jsonObjectRows(fields), "settings") + "</body>\n</html>\n";
  return writeWholeFile(path, "HTML report", out, false);
}

} // extern "C"
