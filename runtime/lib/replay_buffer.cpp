// replay_buffer.cpp — a DQN's experience replay: a ring of transitions in one aligned block, sampled uniformly.
#include "internal.h"

#include <cstring>
#include <new>
#include <string>

/// The block's header; the arrays follow it in the same block, each starting on a LEPTON_ALIGNMENT boundary.
struct lepton_replay {
  int64_t capacity;
  int64_t size; ///< transitions held, <= capacity
  int64_t next; ///< the slot the next add writes: the oldest transition once the ring is full
  int32_t obsSize;
  float *obs;        // (capacity, obsSize)
  float *nextObs;    // (capacity, obsSize)
  int32_t *actions;  // (capacity)
  float *rewards;    // (capacity)
  float *terminated; // (capacity), 1.0f / 0.0f: copied as is into a sample's float mask
};

namespace {

using Bytes = unsigned __int128; // wide enough for any capacity x obs_size without overflow

Bytes aligned(Bytes bytes) { return (bytes + LEPTON_ALIGNMENT - 1) / LEPTON_ALIGNMENT * LEPTON_ALIGNMENT; }

} // namespace

extern "C" {

lepton_replay *lepton_replay_create(int64_t capacity, int32_t obs_size) {
  using lepton::rt::fail;
  if (capacity < 1 || obs_size < 1) {
    fail(LEPTON_ERR_INVALID, "lepton_replay_create: invalid arguments (capacity %lld, obs_size %d)",
         static_cast<long long>(capacity), obs_size);
    return nullptr;
  }
  const Bytes header = aligned(sizeof(lepton_replay));
  const Bytes observations = aligned(Bytes(capacity) * static_cast<uint32_t>(obs_size) * sizeof(float));
  const Bytes scalars = aligned(Bytes(capacity) * sizeof(float)); // actions, rewards, terminated: 4 bytes each
  static_assert(sizeof(int32_t) == sizeof(float), "one size for the per-transition scalars");
  const Bytes total = header + 2 * observations + 3 * scalars;
  void *block = total <= INT64_MAX ? lepton::rt::tryAllocUninitialized(static_cast<int64_t>(total)) : nullptr;
  if (!block) {
    std::string bytes = total <= INT64_MAX ? std::to_string(static_cast<int64_t>(total)) : "more than 2^63";
    fail(LEPTON_ERR_NOMEM, "out of memory: a replay buffer of %lld transitions of %d floats needs %s bytes",
         static_cast<long long>(capacity), obs_size, bytes.c_str());
    return nullptr;
  }
  // The arrays stay untouched until transitions fill them (sampling reads only slots below size).
  char *base = static_cast<char *>(block);
  auto *r = new (base) lepton_replay{};
  r->capacity = capacity;
  r->obsSize = obs_size;
  size_t at = static_cast<size_t>(header);
  r->obs = reinterpret_cast<float *>(base + at);
  r->nextObs = reinterpret_cast<float *>(base + (at += static_cast<size_t>(observations)));
  r->actions = reinterpret_cast<int32_t *>(base + (at += static_cast<size_t>(observations)));
  r->rewards = reinterpret_cast<float *>(base + (at += static_cast<size_t>(scalars)));
  r->terminated = reinterpret_cast<float *>(base + (at += static_cast<size_t>(scalars)));
  return r;
}

void lepton_replay_free(lepton_replay *r) { lepton_free(r); } // the header is trivially destructible

int32_t lepton_replay_add(lepton_replay *r, const float *obs, int32_t action, float reward, const float *next_obs,
                          int32_t terminated) {
  if (!r || !obs || !next_obs)
    return lepton::rt::fail(LEPTON_ERR_INVALID, "lepton_replay_add: NULL %s", !r ? "buffer" : "observation");
  const int64_t slot = r->next;
  const size_t n = static_cast<size_t>(r->obsSize);
  std::memcpy(r->obs + slot * r->obsSize, obs, n * sizeof(float));
  std::memcpy(r->nextObs + slot * r->obsSize, next_obs, n * sizeof(float));
  r->actions[slot] = action;
  r->rewards[slot] = reward;
  r->terminated[slot] = terminated ? 1.0f : 0.0f;
  r->next = slot + 1 == r->capacity ? 0 : slot + 1;
  if (r->size < r->capacity)
    ++r->size;
  return LEPTON_OK;
}

int64_t lepton_replay_size(const lepton_replay *r) { return r ? r->size : 0; }

int32_t lepton_replay_sample(const lepton_replay *r, int64_t batch, uint64_t seed, uint64_t draw, float *obs,
                             int32_t *actions, float *rewards, float *next_obs, float *terminated) {
  using lepton::rt::fail;
  if (!r || !obs || !actions || !rewards || !next_obs || !terminated)
    return fail(LEPTON_ERR_INVALID, "lepton_replay_sample: NULL %s", !r ? "buffer" : "output");
  if (batch < 1 || r->size == 0)
    return fail(LEPTON_ERR_INVALID, "lepton_replay_sample: cannot sample %lld transitions from %lld held",
                static_cast<long long>(batch), static_cast<long long>(r->size));
  // Slots a chunk at a time (one Philox block serves two), then the copies, whose loads can overlap.
  constexpr int64_t kChunk = 64;
  uint64_t slots[kChunk];
  const uint64_t first = draw * static_cast<uint64_t>(batch); // modulo 2^64, as documented
  const size_t n = static_cast<size_t>(r->obsSize);
  for (int64_t start = 0; start < batch; start += kChunk) {
    const int64_t count = batch - start < kChunk ? batch - start : kChunk;
    lepton::rt::rngBelowRange(seed, LEPTON_REPLAY_RNG_STREAM, first + static_cast<uint64_t>(start), count,
                              static_cast<uint64_t>(r->size), slots);
    for (int64_t k = 0; k < count; ++k) {
      const int64_t j = start + k, slot = static_cast<int64_t>(slots[k]);
      std::memcpy(obs + j * r->obsSize, r->obs + slot * r->obsSize, n * sizeof(float));
      std::memcpy(next_obs + j * r->obsSize, r->nextObs + slot * r->obsSize, n * sizeof(float));
      actions[j] = r->actions[slot];
      rewards[j] = r->rewards[slot];
      terminated[j] = r->terminated[slot];
    }
  }
  return LEPTON_OK;
}

} // extern "C"
