// rng.cpp — Philox4x32-10 counter-based random numbers: raw words, uniform, normal, dropout masks.
#include "internal.h"

#include <cmath>

namespace {

constexpr uint32_t kMul0 = 0xD2511F53u, kMul1 = 0xCD9E8D57u;   // round multipliers
constexpr uint32_t kWeyl0 = 0x9E3779B9u, kWeyl1 = 0xBB67AE85u; // key schedule increments

inline void philox(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0, uint32_t k1,
                   uint32_t out[4]) {
  for (int round = 0; round < 10; ++round) {
    uint64_t p0 = static_cast<uint64_t>(kMul0) * c0;
    uint64_t p1 = static_cast<uint64_t>(kMul1) * c2;
    uint32_t n0 = static_cast<uint32_t>(p1 >> 32) ^ c1 ^ k0;
    uint32_t n2 = static_cast<uint32_t>(p0 >> 32) ^ c3 ^ k1;
    c0 = n0;
    c1 = static_cast<uint32_t>(p1);
    c2 = n2;
    c3 = static_cast<uint32_t>(p0);
    k0 += kWeyl0;
    k1 += kWeyl1;
  }
  out[0] = c0, out[1] = c1, out[2] = c2, out[3] = c3;
}

/// Block `block` of (seed, stream), per the counter layout documented in runtime.h.
inline void block(uint64_t seed, uint64_t stream, uint64_t blockIndex, uint32_t out[4]) {
  philox(static_cast<uint32_t>(blockIndex), static_cast<uint32_t>(blockIndex >> 32), static_cast<uint32_t>(stream),
         static_cast<uint32_t>(stream >> 32), static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32), out);
}

/// 64-bit value number `index`: words 2(i%2), 2(i%2)+1 of block i/2.
inline uint64_t word64(uint64_t seed, uint64_t stream, uint64_t index) {
  uint32_t w[4];
  block(seed, stream, index / 2, w);
  unsigned lane = static_cast<unsigned>(index % 2) * 2;
  return (static_cast<uint64_t>(w[lane]) << 32) | w[lane + 1];
}

/// [0, 1) from the top 24 bits: every value exactly representable as a float.
inline float unit(uint32_t word) { return static_cast<float>(word >> 8) * 0x1.0p-24f; }

/// Calls fn(i, word) for the 32-bit values offset .. offset+count-1, one Philox block per four values.
template <typename Fn> void forEachWord(int64_t count, uint64_t seed, uint64_t stream, uint64_t offset, Fn fn) {
  int64_t i = 0;
  while (i < count) {
    uint64_t index = offset + static_cast<uint64_t>(i);
    uint32_t w[4];
    block(seed, stream, index / 4, w);
    for (unsigned lane = static_cast<unsigned>(index % 4); lane < 4 && i < count; ++lane, ++i)
      fn(i, w[lane]);
  }
}

bool checkBuffer(const char *fn, const void *out, int64_t count) {
  if (count < 0 || (count > 0 && !out)) {
    lepton::rt::fail(LEPTON_ERR_INVALID, "%s: invalid buffer (count %lld)", fn, static_cast<long long>(count));
    return false;
  }
  return true;
}

} // namespace

namespace lepton::rt {

void rngBelowRange(uint64_t seed, uint64_t stream, uint64_t first, int64_t count, uint64_t n, uint64_t *out) {
  auto below = [n](uint64_t word) { return static_cast<uint64_t>((static_cast<unsigned __int128>(word) * n) >> 64); };
  for (int64_t i = 0; i < count;) {
    uint64_t index = first + static_cast<uint64_t>(i);
    uint32_t w[4];
    block(seed, stream, index / 2, w);
    for (unsigned lane = static_cast<unsigned>(index % 2) * 2; lane < 4 && i < count; lane += 2, ++i)
      out[i] = below((static_cast<uint64_t>(w[lane]) << 32) | w[lane + 1]);
  }
}

} // namespace lepton::rt

extern "C" {

void lepton_philox4x32_10(const uint32_t counter[4], const uint32_t key[2], uint32_t out[4]) {
  philox(counter[0], counter[1], counter[2], counter[3], key[0], key[1], out);
}

uint32_t lepton_rng_u32(uint64_t seed, uint64_t stream, uint64_t index) {
  uint32_t w[4];
  block(seed, stream, index / 4, w);
  return w[index % 4];
}

float lepton_rng_uniform(uint64_t seed, uint64_t stream, uint64_t index) {
  return unit(lepton_rng_u32(seed, stream, index));
}

uint64_t lepton_rng_below(uint64_t seed, uint64_t stream, uint64_t index, uint64_t n) {
  return static_cast<uint64_t>((static_cast<unsigned __int128>(word64(seed, stream, index)) * n) >> 64);
}

int32_t lepton_rng_fill_uniform(float *out, int64_t count, uint64_t seed, uint64_t stream, uint64_t offset,
                                float lo, float hi) {
  if (!checkBuffer("lepton_rng_fill_uniform", out, count))
    return LEPTON_ERR_INVALID;
  if (!(lo <= hi) || !std::isfinite(lo) || !std::isfinite(hi))
    return lepton::rt::fail(LEPTON_ERR_INVALID, "lepton_rng_fill_uniform: bad range [%g, %g)", lo, hi);
  const double low = lo, width = static_cast<double>(hi) - static_cast<double>(lo);
  const float below = lo < hi ? std::nextafter(hi, lo) : lo; // largest float < hi: rounding may not reach hi
  forEachWord(count, seed, stream, offset, [&](int64_t i, uint32_t word) {
    float v = static_cast<float>(low + width * static_cast<double>(unit(word)));
    out[i] = v < hi ? v : below;
  });
  return LEPTON_OK;
}

int32_t lepton_rng_fill_normal(float *out, int64_t count, uint64_t seed, uint64_t stream, uint64_t offset,
                               float mean, float stddev) {
  if (!checkBuffer("lepton_rng_fill_normal", out, count))
    return LEPTON_ERR_INVALID;
  if (!(stddev >= 0) || !std::isfinite(mean) || !std::isfinite(stddev))
    return lepton::rt::fail(LEPTON_ERR_INVALID, "lepton_rng_fill_normal: bad mean %g / stddev %g", mean, stddev);
  for (int64_t i = 0; i < count; ++i) {
    uint64_t bits = word64(seed, stream, offset + static_cast<uint64_t>(i));
    double u1 = (static_cast<double>(bits >> 32) + 1.0) * 0x1.0p-32;     // (0, 1]: log is finite
    double u2 = static_cast<double>(bits & 0xffffffffu) * 0x1.0p-32;     // [0, 1)
    double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586476925 * u2);
    out[i] = static_cast<float>(static_cast<double>(mean) + static_cast<double>(stddev) * z);
  }
  return LEPTON_OK;
}

int32_t lepton_rng_fill_dropout(float *out, int64_t count, uint64_t seed, uint64_t stream, uint64_t offset,
                                float p) {
  if (!checkBuffer("lepton_rng_fill_dropout", out, count))
    return LEPTON_ERR_INVALID;
  if (!(p >= 0 && p < 1))
    return lepton::rt::fail(LEPTON_ERR_INVALID, "lepton_rng_fill_dropout: probability %g outside [0, 1)", p);
  const float keep = static_cast<float>(1.0 / (1.0 - static_cast<double>(p)));
  forEachWord(count, seed, stream, offset, [&](int64_t i, uint32_t word) { out[i] = unit(word) < p ? 0.0f : keep; });
  return LEPTON_OK;
}

} // extern "C"
