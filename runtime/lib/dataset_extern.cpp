// dataset_extern.cpp — an `extern dataset`: samples and labels (or targets) from a host's callback, read once.
#include "dataset.h"
#include "internal.h"

#include <algorithm>
#include <cstring>
#include <new>
#include <vector>

using lepton::rt::fail;

extern "C" lepton_dataset *lepton_dataset_from_callback(lepton_dataset_fill_fn fill, void *user, const char *name,
                                                        const int64_t *sample_shape, int32_t rank,
                                                        int32_t num_classes, int32_t num_targets) {
  const char *fn = "lepton_dataset_from_callback";
  int64_t sampleSize;
  if (!fill || !name) {
    fail(LEPTON_ERR_INVALID, "%s: no callback or no name", fn);
    return nullptr;
  }
  if (!lepton::rt::checkDeclaration(fn, sample_shape, rank, num_classes, sampleSize) ||
      !lepton::rt::checkTargetWidth(fn, num_classes, num_targets))
    return nullptr;
  bool classes = num_classes > 0;
  int64_t width = classes ? 1 : num_targets;
  // Chunks of about 1 MB of samples: the callback may stream from anywhere.
  int64_t capacity = std::max<int64_t>(1, (int64_t(1) << 18) / sampleSize);
  std::vector<float> samples, targets;
  std::vector<int32_t> labels;
  int64_t count = 0;
  try {
    for (;;) {
      samples.resize(static_cast<size_t>((count + capacity) * sampleSize));
      (classes ? labels.resize(static_cast<size_t>(count + capacity))
               : targets.resize(static_cast<size_t>((count + capacity) * width)));
      int64_t n = fill(user, count, capacity, samples.data() + count * sampleSize,
                       classes ? labels.data() + count : nullptr, classes ? nullptr : targets.data() + count * width);
      if (n < 0) {
        fail(LEPTON_ERR_INPUT, "dataset '%s': the host's fill callback returned %lld (an error) after %lld samples",
             name, static_cast<long long>(n), static_cast<long long>(count));
        return nullptr;
      }
      if (n > capacity) {
        fail(LEPTON_ERR_INPUT, "dataset '%s': the host's fill callback wrote %lld samples where %lld fit", name,
             static_cast<long long>(n), static_cast<long long>(capacity));
        return nullptr;
      }
      for (int64_t i = count; classes && i < count + n; ++i)
        if (labels[i] < 0 || labels[i] >= num_classes) {
          fail(LEPTON_ERR_INPUT, "dataset '%s': label %d of sample %lld is outside the %d classes (0..%d)", name,
               labels[i], static_cast<long long>(i), num_classes, num_classes - 1);
          return nullptr;
        }
      count += n;
      if (n == 0)
        break;
    }
  } catch (const std::bad_alloc &) {
    fail(LEPTON_ERR_NOMEM, "out of memory reading dataset '%s' from the host (%lld samples so far)", name,
         static_cast<long long>(count));
    return nullptr;
  }
  if (count == 0) {
    fail(LEPTON_ERR_INPUT, "dataset '%s': the host's fill callback supplied no samples", name);
    return nullptr;
  }
  lepton_dataset *ds = lepton::rt::newDataset(sample_shape, rank, num_classes, sampleSize, classes ? 1 : num_targets);
  if (!ds)
    return nullptr;
  ds->count = count;
  ds->hasLabels = true;
  ds->features = static_cast<float *>(lepton::rt::allocUninitialized(count * sampleSize * 4));
  if (classes)
    ds->labels = static_cast<int32_t *>(lepton::rt::allocUninitialized(count * 4));
  else
    ds->targets = static_cast<float *>(lepton::rt::allocUninitialized(count * width * 4));
  if (!ds->features || (classes ? !ds->labels : !ds->targets)) {
    delete ds;
    return nullptr;
  }
  std::memcpy(ds->features, samples.data(), static_cast<size_t>(count * sampleSize) * sizeof(float));
  if (classes)
    std::memcpy(ds->labels, labels.data(), static_cast<size_t>(count) * sizeof(int32_t));
  else
    std::memcpy(ds->targets, targets.data(), static_cast<size_t>(count * width) * sizeof(float));
  return ds;
}
