// dataset.h — the in-memory dataset behind the lepton_dataset handle, and helpers the loaders share.
#ifndef LEPTON_RUNTIME_DATASET_H
#define LEPTON_RUNTIME_DATASET_H

#include "internal.h"

#include <cstdint>
#include <cstring>
#include <vector>

/// count samples: features (count x sampleSize f32), or bytes (count x sampleSize u8, IDX images of type 0x08:
/// kept as stored, a quarter of the memory, and converted to f32 row by row in the batch gather) — exactly one of
/// the two is set once samples exist; and, if hasLabels, labels (classes >= 1, count int32) or targets
/// (classes == 0, count x numTargets f32, row-major). Arrays come from lepton_alloc and are owned here.
struct lepton_dataset {
  int64_t count = 0;
  int64_t sampleSize = 0;
  std::vector<int64_t> shape;
  int32_t numClasses = 0;
  int32_t numTargets = 1; ///< regression targets per sample; 1 for class labels
  bool hasLabels = false;
  float *features = nullptr;
  uint8_t *bytes = nullptr;
  /// The allocation `bytes` points into when a loader adopted a whole decompressed file (the samples start past
  /// its header: no copy of the file's bytes); null when `bytes` is an allocation of its own.
  void *bytesBlock = nullptr;
  int32_t *labels = nullptr;
  float *targets = nullptr;

  lepton_dataset() = default;
  lepton_dataset(const lepton_dataset &) = delete;
  lepton_dataset &operator=(const lepton_dataset &) = delete;
  ~lepton_dataset();
  /// Frees the stored bytes (and the block they live in); bytes is null afterwards.
  void freeBytes();
};

namespace lepton::rt {

/// Largest accepted sample (elements): keeps every size computation far from 64-bit overflow.
constexpr int64_t kMaxSampleSize = int64_t(1) << 28;

/// Checks a declared shape and class count passed by `fn`; sets `sampleSize`. False after reporting
/// LEPTON_ERR_INVALID.
bool checkDeclaration(const char *fn, const int64_t *shape, int32_t rank, int32_t numClasses, int64_t &sampleSize);

/// Checks a target width passed by `fn`: >= 1 (at most kMaxSampleSize), and exactly 1 when numClasses >= 1. False
/// after reporting LEPTON_ERR_INVALID.
bool checkTargetWidth(const char *fn, int32_t numClasses, int32_t numTargets);

/// True when `fileDims` equal the declared dims once dims of size 1 are dropped from both.
bool shapeMatches(const int64_t *declared, int32_t rank, const std::vector<int64_t> &fileDims);

/// A new, empty dataset with the declared shape and `numTargets` targets per sample (arrays not allocated). NULL
/// after reporting NOMEM.
lepton_dataset *newDataset(const int64_t *shape, int32_t rank, int32_t numClasses, int64_t sampleSize,
                           int32_t numTargets = 1);

/// A dataset declared like `ds` (its target width too) with room for `count` samples (features, and labels or
/// targets as `ds` has them), contents uninitialised; NULL after reporting that the memory cannot be had.
lepton_dataset *newDatasetLike(const lepton_dataset *ds, int64_t count);

/// out[k] = in[k] for k < n: bytes to exact floats, in vectors (the batch gather's conversion), with the
/// widest of the kernels below that this CPU runs.
void bytesToFloats(const uint8_t *in, float *out, int64_t n);

/// The kernels, for tests: baseline (SSE2 on x86-64, else scalar), and AVX2 where the CPU has it.
void bytesToFloatsBaseline(const uint8_t *in, float *out, int64_t n);
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define LEPTON_X86_64_KERNELS 1
void bytesToFloatsAvx2(const uint8_t *in, float *out, int64_t n);
bool cpuHasAvx2();
#endif

/// Sample i as sampleSize floats (bytes converted exactly: 0..255).
inline void copySampleAsFloats(const lepton_dataset *ds, int64_t i, float *out) {
  const int64_t at = i * ds->sampleSize;
  if (ds->bytes)
    bytesToFloats(ds->bytes + at, out, ds->sampleSize);
  else
    std::memcpy(out, ds->features + at, static_cast<size_t>(ds->sampleSize) * sizeof(float));
}

/// Copies n samples (features or bytes, whichever `from` stores; `to` stores the same) from row i to row j.
inline void copyStoredSamples(const lepton_dataset *from, int64_t i, lepton_dataset *to, int64_t j, int64_t n) {
  const size_t elements = static_cast<size_t>(n * from->sampleSize);
  if (from->bytes)
    std::memmove(to->bytes + j * from->sampleSize, from->bytes + i * from->sampleSize, elements);
  else
    std::memmove(to->features + j * from->sampleSize, from->features + i * from->sampleSize, elements * sizeof(float));
}

/// Replaces stored bytes by f32 features (for callers that want every sample as floats). False after reporting
/// that the memory cannot be had.
bool convertBytesToFloats(lepton_dataset *ds);

/// Grows a lepton_alloc array holding `used` elements of T to at least `needed` (geometric, capped at `limit`).
/// False after reporting NOMEM.
template <typename T> bool grow(T *&array, int64_t &capacity, int64_t used, int64_t needed, int64_t limit) {
  if (needed <= capacity)
    return true;
  int64_t next = capacity < 1024 ? 1024 : capacity * 2;
  if (next < needed)
    next = needed;
  if (next > limit && limit >= needed)
    next = limit;
  T *bigger = static_cast<T *>(allocUninitialized(next * static_cast<int64_t>(sizeof(T))));
  if (!bigger)
    return false;
  if (used > 0)
    std::memcpy(bigger, array, static_cast<size_t>(used) * sizeof(T));
  lepton_free(array);
  array = bigger;
  capacity = next;
  return true;
}

} // namespace lepton::rt

#endif // LEPTON_RUNTIME_DATASET_H
