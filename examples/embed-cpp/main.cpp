// main.cpp — a C++ application that trains a compiled Lepton agent against its own environment: a 4x4 grid
// (start top left, goal bottom right, two pits) implemented here and handed to the pipeline of gridworld.lep as
// its `extern env grid`. It trains through gridworld_main (the trainer's command line: --save, --episodes, …),
// loads the saved table into the exported policy, prints the greedy action of every cell and walks the greedy
// path from the start.
//
// Usage: train_grid CHECKPOINT [trainer options…]     e.g. train_grid grid.ckpt --quiet
#include "gridworld.h"

#include <cstdio>
#include <string>
#include <vector>

namespace {

/// The grid: cells 0..15 row by row; actions 0 up, 1 right, 2 down, 3 left. Reaching the goal pays 1 and ends the
/// episode, a pit pays -1 and ends it, every other step costs 0.01.
class Grid {
public:
  static constexpr int kSide = 4, kGoal = 15;
  int32_t reset() { return cell = 0; }
  /// Moves; returns the new cell and sets reward and whether the episode ended.
  int32_t step(int32_t action, double &reward, bool &ended) {
    int row = cell / kSide, col = cell % kSide;
    if (action == 0 && row > 0) --row;
    if (action == 1 && col < kSide - 1) ++col;
    if (action == 2 && row < kSide - 1) ++row;
    if (action == 3 && col > 0) --col;
    cell = row * kSide + col;
    ended = cell == kGoal || isPit(cell);
    reward = cell == kGoal ? 1.0 : isPit(cell) ? -1.0 : -0.01;
    return cell;
  }
  static bool isPit(int32_t c) { return c == 5 || c == 11; }

private:
  int32_t cell = 0;
};

// The C callbacks the pipeline calls, forwarding to the Grid passed as `user`.
int32_t resetGrid(void *user, float *, int32_t *state) {
  *state = static_cast<Grid *>(user)->reset();
  return 0;
}

int32_t stepGrid(void *user, int32_t action, float *, int32_t *state, double *reward, int32_t *flags) {
  bool ended = false;
  *state = static_cast<Grid *>(user)->step(action, *reward, ended);
  *flags = ended ? LEPTON_ENV_TERMINATED : 0;
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: train_grid CHECKPOINT [trainer options...]\n");
    return 1;
  }
  Grid grid;
  gridworld_set_env_grid(resetGrid, stepGrid, &grid);
  std::vector<std::string> args{"train_grid", "--save", argv[1]};
  for (int i = 2; i < argc; ++i)
    args.push_back(argv[i]);
  std::vector<char *> cargs;
  for (std::string &a : args)
    cargs.push_back(a.data());
  cargs.push_back(nullptr);
  if (int32_t rc = gridworld_main(static_cast<int32_t>(args.size()), cargs.data()))
    return rc;

  if (gridworld_load(argv[1]) != GRIDWORLD_OK) {
    std::fprintf(stderr, "train_grid: %s\n", gridworld_last_error());
    return 1;
  }
  int32_t cells[16], actions[16];
  for (int32_t c = 0; c < 16; ++c)
    cells[c] = c;
  gridworld_act(cells, 16, actions);
  std::printf("greedy");
  for (int32_t a : actions)
    std::printf(" %d", a);
  std::printf("\npath 0");
  int32_t cell = grid.reset(), steps = 0;
  bool ended = false;
  double reward = 0;
  while (!ended && steps < 40) {
    int32_t action;
    gridworld_act(&cell, 1, &action);
    cell = grid.step(action, reward, ended);
    ++steps;
    std::printf(" %d", cell);
  }
  std::printf("\n%s in %d steps\n", cell == Grid::kGoal ? "reached the goal" : "did not reach the goal", steps);
  return 0;
}
