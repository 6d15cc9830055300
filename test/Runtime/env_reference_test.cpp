// env_reference_test.cpp — CartPole, MountainCar and Acrobot trajectories checked by an independent Python
// reimplementation of Gymnasium's equations (Inputs/env_reference.py).
//
// Mutations seen failing (each alone): cartpole with semi-implicit Euler (x += tau * new x_dot); mountain car
// without the stop at the left wall; acrobot with the "nips" ddtheta2 (no dtheta1^2 term); acrobot's rk4 with the
// full dt in its second stage; acrobot's angles not wrapped.
#include "environment.h"
#include "test_util.h"

#include <cstdarg>
#include <cstdio>
#include <functional>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace {

std::string format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
std::string format(const char *fmt, ...) {
  char buffer[256];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(buffer, sizeof buffer, fmt, args);
  va_end(args);
  return buffer;
}

/// Chooses the next action from the last observation and the step number.
using Policy = std::function<int32_t(const std::vector<float> &obs, int t)>;

/// One scenario: reset episode `episode` (optionally replacing the state after the reset), then follow `policy`
/// until the episode ends. Appends the scenario's lines to `out` and its last flags to `endings`.
void record(std::string &out, std::vector<int32_t> &endings, const char *name, int32_t kind, int64_t maxSteps,
            int64_t episode, const std::vector<double> &start, const Policy &policy) {
  lepton_env *env = lepton_env_create(kind, 0, 0, maxSteps, 2024);
  ASSERT_NE(env, nullptr);
  std::vector<float> obs(static_cast<size_t>(lepton_env_obs_size(env)));
  ASSERT_EQ(lepton_env_reset(env, episode, obs.data(), nullptr), LEPTON_OK);
  if (!start.empty()) {
    ASSERT_TRUE(lepton::rt::envDebugSetState(env, start.data(), static_cast<int32_t>(start.size()), obs.data(),
                                             nullptr));
  }
  double s[8];
  int32_t n = lepton::rt::envDebugState(env, s, 8);
  out += format("env %s max_steps %lld\nstart", name, static_cast<long long>(maxSteps));
  for (int32_t i = 0; i < n; ++i)
    out += format(" %a", s[i]);
  out += "\nreset";
  for (float v : obs)
    out += format(" %.9g", v);
  out += "\n";
  int32_t flags = 0;
  for (int t = 0; !flags && t < 1000; ++t) {
    int32_t action = policy(obs, t);
    double reward = 0;
    ASSERT_EQ(lepton_env_step(env, action, obs.data(), nullptr, &reward, &flags), LEPTON_OK);
    out += format("step %d", action);
    for (float v : obs)
      out += format(" %.9g", v);
    out += format(" %.17g %d\nstate", reward, flags);
    n = lepton::rt::envDebugState(env, s, 8);
    for (int32_t i = 0; i < n; ++i)
      out += format(" %a", s[i]);
    out += "\n";
  }
  out += "end\n";
  endings.push_back(flags);
  lepton_env_free(env);
}

/// Runs the Python reference on `text`; returns its exit status and puts its output in `output`.
int runReference(const std::string &text, std::string &output) {
  lepton::test::TempDir dir;
  std::string path = dir.write("trajectories.txt", text);
  std::string command = std::string(LEPTON_PYTHON) + " " + LEPTON_SOURCE_DIR +
                        "/test/Runtime/Inputs/env_reference.py " + path + " 2>&1";
  FILE *pipe = popen(command.c_str(), "r");
  if (!pipe)
    return -1;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
    output.append(buffer, n);
  return pclose(pipe);
}

} // namespace

TEST(EnvReference, ClassicControlMatchesPythonReference) {
  std::string text;
  std::vector<int32_t> endings;
  // CartPole: a balancing controller until the time limit; a fixed pattern until the pole falls; a cart run off
  // the track.
  record(text, endings, "cartpole", LEPTON_ENV_CARTPOLE, 200, 0, {},
         [](const std::vector<float> &o, int) { return 3 * o[2] + o[3] + 0.1f * o[1] > 0 ? 1 : 0; });
  record(text, endings, "cartpole", LEPTON_ENV_CARTPOLE, 500, 1, {}, [](const std::vector<float> &, int t) {
    return t % 3 == 0 ? 0 : 1;
  });
  record(text, endings, "cartpole", LEPTON_ENV_CARTPOLE, 500, 2, {2.3, 1.0, 0.01, -0.1},
         [](const std::vector<float> &, int) { return 1; });
  // MountainCar: pumping energy reaches the goal; the left wall stops the car; doing nothing hits the limit.
  record(text, endings, "mountain_car", LEPTON_ENV_MOUNTAIN_CAR, 200, 0, {},
         [](const std::vector<float> &o, int) { return o[1] >= 0 ? 2 : 0; });
  record(text, endings, "mountain_car", LEPTON_ENV_MOUNTAIN_CAR, 40, 1, {-1.15, -0.04},
         [](const std::vector<float> &, int t) { return t < 20 ? 0 : 2; });
  record(text, endings, "mountain_car", LEPTON_ENV_MOUNTAIN_CAR, 200, 2, {},
         [](const std::vector<float> &, int) { return 1; });
  // Acrobot: torque along the second joint's velocity until the tip is high; a fixed pattern until the limit;
  // a start beyond the velocity limits that swings through pi (wrapping, clipping) and up.
  record(text, endings, "acrobot", LEPTON_ENV_ACROBOT, 500, 0, {},
         [](const std::vector<float> &o, int) { return o[5] > 0 ? 2 : 0; });
  record(text, endings, "acrobot", LEPTON_ENV_ACROBOT, 120, 1, {}, [](const std::vector<float> &, int t) {
    return (t * 7 + t / 3) % 3;
  });
  record(text, endings, "acrobot", LEPTON_ENV_ACROBOT, 30, 2, {3.1, -3.1, 12.0, -27.0},
         [](const std::vector<float> &, int t) { return t % 2 ? 2 : 1; });

  const int32_t kTerm = LEPTON_ENV_TERMINATED, kTrunc = LEPTON_ENV_TRUNCATED;
  EXPECT_EQ(endings, (std::vector<int32_t>{kTrunc, kTerm, kTerm, kTerm, kTrunc, kTrunc, kTerm, kTrunc, kTerm}))
      << "each scenario should end the way its comment says";
  std::string output;
  int status = runReference(text, output);
  EXPECT_EQ(status, 0) << output << "\ntrajectories:\n" << text.substr(0, 4000);
  EXPECT_NE(output.find("9 scenarios"), std::string::npos) << output;
}
