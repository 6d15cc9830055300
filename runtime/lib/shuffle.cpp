// shuffle.cpp — seeded Fisher–Yates permutations (seed + epoch -> permutation) for reshuffling every epoch.
#include "internal.h"

extern "C" {

int32_t lepton_rng_permutation(int64_t *perm, int64_t n, uint64_t seed, uint64_t epoch) {
  if (n < 0 || (n > 0 && !perm) || epoch >= LEPTON_RNG_RESERVED_STREAMS)
    return lepton::rt::fail(LEPTON_ERR_INVALID, "lepton_rng_permutation: invalid arguments (n %lld, epoch %llu)",
                            static_cast<long long>(n), static_cast<unsigned long long>(epoch));
  for (int64_t i = 0; i < n; ++i)
    perm[i] = i;
  const uint64_t stream = LEPTON_RNG_RESERVED_STREAMS + epoch;
  // Draw k swaps position i = n-1-k with a uniform position in [0, i].
  for (int64_t i = n - 1; i > 0; --i) {
    uint64_t k = static_cast<uint64_t>(n - 1 - i);
    int64_t j = static_cast<int64_t>(lepton_rng_below(seed, stream, k, static_cast<uint64_t>(i) + 1));
    int64_t t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  return LEPTON_OK;
}

} // extern "C"
