// agent_progress.cpp — an agent's training progress (lines per twentieth of the budget), its returns, and play's.
#include "agent_progress.h"
#include "output_file.h"
#include "progress.h"
#include "terminal_line.h"

#include <cmath>
#include <cstdio>
#include <new>
#include <string>
#include <unistd.h>
#include <vector>

struct lepton_agent_returns {
  bool each = false, quiet = false;
  FILE *out = stdout;
  std::vector<double> returns;
};

namespace {

using lepton::rt::format;

double meanOfRecent(const lepton_agent_progress *p) {
  return p->recent.empty() ? NAN : p->recentSum / static_cast<double>(p->recent.size());
}

/// The width a line on `out` may take: one column short of a terminal's edge (it never wraps), no limit off one.
size_t terminalWidth(FILE *out) {
  int columns = isatty(fileno(out)) ? lepton::rt::terminalColumns(out) : 0;
  return columns > 1 ? static_cast<size_t>(columns - 1) : 0;
}

/// A progress line: every field off a terminal (a log line), on one the least useful left out until it fits the
/// window, as the trainer's lines (terminal_line.h).
std::string statusLine(const lepton_agent_progress *p) {
  using lepton::rt::LineField;
  const EpisodeRecord &last = p->history.back();
  double elapsed = (lepton_clock_ns() - p->startNs) * 1e-9;
  std::string episode = format("episode %lld", static_cast<long long>(p->history.size()));
  if (p->maxEpisodes > 0 && p->maxSteps == 0)
    episode += format("/%lld", static_cast<long long>(p->maxEpisodes));
  std::string steps = format("steps %lld", static_cast<long long>(last.steps));
  if (p->maxSteps > 0)
    steps += format("/%lld", static_cast<long long>(p->maxSteps));
  double rate = elapsed > 0 ? last.steps / elapsed : 0.0;
  std::vector<LineField> fields = {
      {episode, 100, ""}, {steps, 90},
      {format("mean_return(%lld) %.4f", static_cast<long long>(p->window), meanOfRecent(p)), 95},
      {format("epsilon %.4f", last.epsilon), 70}, {format("steps/s %.0f", rate), 30},
      {format("elapsed %.1fs", elapsed), 40}};
  // ETA from the share of the budget done so far (steps, else episodes) at the run's pace.
  double done = p->maxSteps > 0 ? static_cast<double>(last.steps) / p->maxSteps
                                : static_cast<double>(p->history.size()) / p->maxEpisodes;
  if (done > 0 && done < 1)
    fields.push_back({format("ETA %.0fs", elapsed * (1 - done) / done), 60});
  return lepton::rt::fitFields(fields, terminalWidth(p->out));
}

} // namespace

extern "C" {

lepton_agent_progress *lepton_agent_progress_create(int64_t max_steps, int64_t max_episodes, int64_t window,
                                                    int32_t flags) {
  if (max_steps < 0 || max_episodes < 0 || window < 1 || (flags & ~15)) {
    lepton::rt::fail(LEPTON_ERR_INVALID, "lepton_agent_progress_create: invalid arguments (steps %lld, episodes "
                     "%lld, window %lld, flags %d)", static_cast<long long>(max_steps),
                     static_cast<long long>(max_episodes), static_cast<long long>(window), flags);
    return nullptr;
  }
  auto *p = new (std::nothrow) lepton_agent_progress;
  if (!p) {
    lepton::rt::fail(LEPTON_ERR_NOMEM, "out of memory creating the agent's progress reporter");
    return nullptr;
  }
  p->maxSteps = max_steps;
  p->maxEpisodes = max_episodes;
  p->window = window;
  p->quiet = (flags & LEPTON_PROGRESS_QUIET) != 0;
  p->out = (flags & LEPTON_PROGRESS_STDERR) ? stderr : stdout;
  p->startNs = lepton_clock_ns();
  return p;
}

void lepton_agent_progress_episode(lepton_agent_progress *p, int64_t steps, double episode_return, double epsilon) {
  if (!p)
    return;
  p->history.push_back({steps, episode_return, epsilon});
  p->recent.push_back(episode_return);
  p->recentSum += episode_return;
  if (static_cast<int64_t>(p->recent.size()) > p->window) {
    p->recentSum -= p->recent.front();
    p->recent.pop_front();
  }
  // A line each time the run passes another twentieth of its budget (steps first: a step budget ends the run).
  int64_t done = p->maxSteps > 0 ? steps : static_cast<int64_t>(p->history.size());
  int64_t budget = p->maxSteps > 0 ? p->maxSteps : p->maxEpisodes;
  if (budget == 0 || p->nextReport > 20 || done * 20 < p->nextReport * budget)
    return;
  while (p->nextReport * budget <= done * 20)
    ++p->nextReport;
  if (!p->quiet) {
    std::fprintf(p->out, "%s\n", statusLine(p).c_str());
    std::fflush(p->out);
  }
}

double lepton_agent_progress_mean_return(const lepton_agent_progress *p) {
  if (!p || static_cast<int64_t>(p->recent.size()) < p->window)
    return NAN;
  return meanOfRecent(p);
}

int64_t lepton_agent_progress_episodes(const lepton_agent_progress *p) {
  return p ? static_cast<int64_t>(p->history.size()) : 0;
}

void lepton_agent_progress_finish(lepton_agent_progress *p, int32_t solved, const char *condition) {
  if (!p)
    return;
  double elapsed = (lepton_clock_ns() - p->startNs) * 1e-9;
  long long episodes = static_cast<long long>(p->history.size());
  long long steps = p->history.empty() ? 0 : static_cast<long long>(p->history.back().steps);
  std::vector<lepton::rt::LineField> fields = {
      {format("%s %lld episodes, %lld steps in %.1fs", solved ? "solved after" : "trained", episodes, steps, elapsed),
       100, ""}};
  if (episodes > 0)
    fields.push_back({format("mean_return(%lld) %.4f", static_cast<long long>(p->window), meanOfRecent(p)), 90, "; "});
  if (solved && condition)
    fields.push_back({format("(%s)", condition), 50, " "});
  p->result = lepton::rt::fitFields(fields, 0); // the whole line for the reports
  std::fprintf(p->out, "%s\n", lepton::rt::fitFields(fields, terminalWidth(p->out)).c_str());
  std::fflush(p->out);
}

int32_t lepton_agent_progress_write_json(const lepton_agent_progress *p, const char *path, const char *settings) {
  using namespace lepton::rt;
  std::string fields;
  if (!p || !path)
    return fail(LEPTON_ERR_INVALID, "lepton_agent_progress_write_json: invalid arguments");
  if (!settingsObject(settings, "lepton_agent_progress_write_json", fields))
    return LEPTON_ERR_INVALID;
  std::string out = "{\n" + jsonRunHeader("lepton-agent-run", 2, "  ") + "  \"settings\": " + fields +
                    ",\n  \"episodes\": [";
  for (size_t i = 0; i < p->history.size(); ++i) {
    const EpisodeRecord &e = p->history[i];
    out += std::string(i ? "," : "") + "\n    {\"episode\": " + std::to_string(i + 1) +
           ", \"steps\": " + std::to_string(e.steps) + ", \"return\": " + jsonNumber(e.episodeReturn) +
           ", \"epsilon\": " + jsonNumber(e.epsilon) + "}";
  }
  out += "\n  ],\n  \"result\": " + jsonString(p->result) + "\n}\n";
  return writeWholeFile(path, "JSON report", out, true);
}

void lepton_agent_progress_free(lepton_agent_progress *p) { delete p; }

lepton_agent_returns *lepton_agent_returns_create(int32_t each, int32_t flags) {
  auto *r = new (std::nothrow) lepton_agent_returns;
  if (!r) {
    lepton::rt::fail(LEPTON_ERR_NOMEM, "out of memory creating a returns list");
    return nullptr;
  }
  r->each = each != 0;
  r->quiet = (flags & LEPTON_PROGRESS_QUIET) != 0;
  r->out = (flags & LEPTON_PROGRESS_STDERR) ? stderr : stdout;
  return r;
}

void lepton_agent_returns_add(lepton_agent_returns *r, double episode_return, int64_t steps) {
  if (!r)
    return;
  r->returns.push_back(episode_return);
  if (r->each && !r->quiet)
    std::fprintf(r->out, "episode %zu return %g steps %lld\n", r->returns.size(), episode_return,
                 static_cast<long long>(steps));
}

double lepton_agent_returns_finish(lepton_agent_returns *r, const char *label) {
  if (!r || r->returns.empty())
    return NAN;
  double sum = 0, lo = r->returns.front(), hi = lo;
  for (double v : r->returns) {
    sum += v;
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
  }
  double mean = sum / static_cast<double>(r->returns.size());
  std::vector<lepton::rt::LineField> fields = {
      {format("%s: mean return %.4f", label ? label : "play", mean), 100, ""},
      {format("over %zu greedy episodes", r->returns.size()), 60, " "}, {format("(min %g, max %g)", lo, hi), 50, " "}};
  std::fprintf(r->out, "%s\n", lepton::rt::fitFields(fields, terminalWidth(r->out)).c_str());
  std::fflush(r->out);
  return mean;
}

void lepton_agent_returns_free(lepton_agent_returns *r) { delete r; }

} // extern "C"
