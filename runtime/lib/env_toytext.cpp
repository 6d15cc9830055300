// env_toytext.cpp — FrozenLake-v1 and Taxi-v3 (Gymnasium's toy text): discrete states on small grid maps.
#include "environment.h"

#include <algorithm>
#include <new>

namespace {

using lepton::rt::EnvRandom;

// ---------------------------------------------------------------------------------------------- FrozenLake-v1

// Gymnasium's MAPS: S start, F frozen, H hole, G goal.
const char *const kLake4[] = {"SFFF", "FHFH", "FFFH", "HFFG"};
const char *const kLake8[] = {"SFFFFFFF", "FFFFFFFF", "FFFHFFFF", "FFFFFHFF",
                              "FFFHFFFF", "FHHFFFHF", "FHFFHFHF", "FFFHFFFG"};

class FrozenLake final : public lepton::rt::Environment {
public:
  enum Action { kLeft = 0, kDown = 1, kRight = 2, kUp = 3 };

  FrozenLake(int32_t size, bool slippery) : size_(size), slippery_(slippery), map_(size == 4 ? kLake4 : kLake8) {}

  int32_t numActions() const override { return 4; }
  int32_t numStates() const override { return size_ * size_; }

  int32_t reset(const EnvRandom &, float *, int32_t *state) override {
    s_ = 0; // the S tile, top left in both maps
    *state = s_;
    return LEPTON_OK;
  }

  int32_t step(int32_t action, const EnvRandom &random, float *, int32_t *state, double *reward, bool *terminated,
               bool *) override {
    int32_t row = s_ / size_, col = s_ % size_;
    if (tile(row, col) == 'G' || tile(row, col) == 'H') { // absorbing, as in Gymnasium's transition table
      *reward = 0, *terminated = true, *state = s_;
      return LEPTON_OK;
    }
    // Slippery: (a - 1) % 4, a, (a + 1) % 4 with probability 1/3 each.
    int32_t direction = slippery_ ? (action + 3 + static_cast<int32_t>(random.below(0, 3))) % 4 : action;
    switch (direction) {
    case kLeft:
      col = std::max(col - 1, 0);
      break;
    case kDown:
      row = std::min(row + 1, size_ - 1);
      break;
    case kRight:
      col = std::min(col + 1, size_ - 1);
      break;
    default:
      row = std::max(row - 1, 0);
      break;
    }
    s_ = row * size_ + col;
    char t = tile(row, col);
    *terminated = t == 'G' || t == 'H';
    *reward = t == 'G' ? 1.0 : 0.0;
    *state = s_;
    return LEPTON_OK;
  }

  int32_t debugState(double *out, int32_t capacity) const override {
    if (capacity >= 1)
      out[0] = s_;
    return 1;
  }

  bool debugSetState(const double *values, int32_t count, float *, int32_t *state) override {
    if (count != 1 || !(values[0] >= 0 && values[0] < numStates()))
      return false;
    s_ = static_cast<int32_t>(values[0]);
    *state = s_;
    return true;
  }

private:
  char tile(int32_t row, int32_t col) const { return map_[row][col]; }

  int32_t size_;
  bool slippery_;
  const char *const *map_;
  int32_t s_ = 0;
};

// ---------------------------------------------------------------------------------------------------- Taxi-v3

// Gymnasium's map: ':' lets the taxi pass between two columns, '|' is a wall.
const char *const kTaxiMap[] = {
    "+---------+", "|R: | : :G|", "| : | : : |", "| : : : : |", "| | : | : |", "|Y| : |B: |", "+---------+",
};
constexpr int32_t kTaxiLocs[4][2] = {{0, 0}, {0, 4}, {4, 0}, {4, 3}}; // R, G, Y, B (row, col)
constexpr int32_t kInTaxi = 4;

int32_t taxiEncode(int32_t row, int32_t col, int32_t pass, int32_t dest) { return ((row * 5 + col) * 5 + pass) * 4 + dest; }

/// Index of the location at (row, col), or -1.
int32_t taxiLocation(int32_t row, int32_t col) {
  for (int32_t i = 0; i < 4; ++i)
    if (kTaxiLocs[i][0] == row && kTaxiLocs[i][1] == col)
      return i;
  return -1;
}

class Taxi final : public lepton::rt::Environment {
public:
  enum Action { kSouth = 0, kNorth = 1, kEast = 2, kWest = 3, kPickup = 4, kDropoff = 5 };

  int32_t numActions() const override { return 6; }
  int32_t numStates() const override { return 500; }

  /// Uniform over the 300 states with the passenger at a location that is not the destination.
  int32_t reset(const EnvRandom &random, float *, int32_t *state) override {
    int32_t k = static_cast<int32_t>(random.below(0, 300));
    int32_t cell = k / 12, pass = k % 12 / 3, other = k % 3;
    int32_t dest = other < pass ? other : other + 1;
    s_ = taxiEncode(cell / 5, cell % 5, pass, dest);
    *state = s_;
    return LEPTON_OK;
  }

  int32_t step(int32_t action, const EnvRandom &, float *, int32_t *state, double *reward, bool *terminated,
               bool *) override {
    int32_t dest = s_ % 4, pass = s_ / 4 % 5, col = s_ / 20 % 5, row = s_ / 100;
    double r = -1;
    bool done = false;
    const char *line = kTaxiMap[1 + row];
    switch (action) {
    case kSouth:
      row = std::min(row + 1, 4);
      break;
    case kNorth:
      row = std::max(row - 1, 0);
      break;
    case kEast:
      if (line[2 * col + 2] == ':')
        col = std::min(col + 1, 4);
      break;
    case kWest:
      if (line[2 * col] == ':')
        col = std::max(col - 1, 0);
      break;
    case kPickup:
      if (pass < kInTaxi && taxiLocation(row, col) == pass)
        pass = kInTaxi;
      else
        r = -10;
      break;
    default: { // drop-off
      int32_t here = taxiLocation(row, col);
      if (pass == kInTaxi && here == dest)
        pass = dest, done = true, r = 20;
      else if (pass == kInTaxi && here >= 0)
        pass = here; // at another location: the passenger gets out there
      else
        r = -10;
      break;
    }
    }
    s_ = taxiEncode(row, col, pass, dest);
    *reward = r, *terminated = done, *state = s_;
    return LEPTON_OK;
  }

  int32_t debugState(double *out, int32_t capacity) const override {
    if (capacity >= 1)
      out[0] = s_;
    return 1;
  }

  bool debugSetState(const double *values, int32_t count, float *, int32_t *state) override {
    if (count != 1 || !(values[0] >= 0 && values[0] < 500))
      return false;
    s_ = static_cast<int32_t>(values[0]);
    *state = s_;
    return true;
  }

private:
  int32_t s_ = 0;
};

} // namespace

std::unique_ptr<lepton::rt::Environment> lepton::rt::makeFrozenLake(int32_t mapSize, bool slippery) {
  return std::unique_ptr<Environment>(new (std::nothrow) FrozenLake(mapSize, slippery));
}

std::unique_ptr<lepton::rt::Environment> lepton::rt::makeTaxi() {
  return std::unique_ptr<Environment>(new (std::nothrow) Taxi);
}
