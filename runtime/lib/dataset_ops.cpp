// dataset_ops.cpp — whole-dataset services: a seeded train/validation split, feature statistics, missing values.
#include "dataset.h"

#include <cmath>
#include <memory>

namespace {

using namespace lepton::rt;

/// The epoch argument of lepton_rng_permutation that split uses: its stream is the last reserved one
/// (LEPTON_RNG_RESERVED_STREAMS + 2^63 - 1), which no epoch's reshuffle reaches.
constexpr uint64_t kSplitEpoch = (uint64_t(1) << 63) - 1;

/// A new dataset holding the samples of `ds` whose keep[i] is set, in file order.
lepton_dataset *copyRows(const lepton_dataset *ds, const std::vector<char> &keep, int64_t count) {
  lepton_dataset *out = newDatasetLike(ds, count);
  if (!out)
    return nullptr;
  const size_t targetBytes = static_cast<size_t>(ds->numTargets) * sizeof(float);
  for (int64_t i = 0, j = 0; i < ds->count; ++i) {
    if (!keep[static_cast<size_t>(i)])
      continue;
    copyStoredSamples(ds, i, out, j, 1);
    if (ds->labels)
      out->labels[j] = ds->labels[i];
    if (ds->targets)
      std::memcpy(out->targets + j * ds->numTargets, ds->targets + i * ds->numTargets, targetBytes);
    ++j;
  }
  return out;
}

bool rowHasMissing(const lepton_dataset *ds, int64_t i) {
  if (ds->bytes)
    return false; // bytes have no missing value
  const float *row = ds->features + i * ds->sampleSize;
  for (int64_t j = 0; j < ds->sampleSize; ++j)
    if (std::isnan(row[j]))
      return true;
  return false;
}

} // namespace

extern "C" {

lepton_dataset *lepton_dataset_split(const lepton_dataset *ds, double valid_fraction, uint64_t seed, int32_t part) {
  if (!ds || !(valid_fraction > 0 && valid_fraction < 1) || (part != 0 && part != 1)) {
    fail(LEPTON_ERR_INVALID, "lepton_dataset_split: invalid arguments (valid fraction %g, part %d)", valid_fraction,
         part);
    return nullptr;
  }
  const int64_t n = ds->count;
  const int64_t valid = std::llround(valid_fraction * static_cast<double>(n));
  if (valid < 1 || valid > n - 1) {
    fail(LEPTON_ERR_INPUT, "cannot split %lld samples with a validation fraction of %g: the %s part would be empty",
         static_cast<long long>(n), valid_fraction, valid < 1 ? "validation" : "training");
    return nullptr;
  }
  std::vector<int64_t> perm(static_cast<size_t>(n));
  if (lepton_rng_permutation(perm.data(), n, seed, kSplitEpoch) != LEPTON_OK)
    return nullptr;
  // keep[i]: sample i belongs to the requested part; the validation part is perm[0 .. valid).
  std::vector<char> keep(static_cast<size_t>(n), part == 0 ? 1 : 0);
  for (int64_t k = 0; k < valid; ++k)
    keep[static_cast<size_t>(perm[static_cast<size_t>(k)])] = part == 1 ? 1 : 0;
  return copyRows(ds, keep, part == 1 ? valid : n - valid);
}

int32_t lepton_dataset_feature_stats(const lepton_dataset *ds, float *mean, float *stddev, float *min, float *max) {
  if (!ds)
    return fail(LEPTON_ERR_INVALID, "lepton_dataset_feature_stats: no dataset");
  if (ds->count == 0)
    return fail(LEPTON_ERR_INPUT, "cannot compute feature statistics of a dataset with no samples");
  const int64_t size = ds->sampleSize;
  std::vector<double> sum(static_cast<size_t>(size), 0.0), lo(sum.size(), INFINITY), hi(sum.size(), -INFINITY);
  std::vector<int64_t> seen(sum.size(), 0);
  // Samples are (count, size): accumulate per feature, skipping NaN (missing) values.
  std::vector<float> buffer(static_cast<size_t>(size));
  const float *row = buffer.data();
  for (int64_t i = 0; i < ds->count; ++i) {
    copySampleAsFloats(ds, i, buffer.data());
    for (int64_t j = 0; j < size; ++j) {
      const double v = row[j];
      if (std::isnan(v))
        continue;
      sum[j] += v;
      seen[j] += 1;
      lo[j] = v < lo[j] ? v : lo[j];
      hi[j] = v > hi[j] ? v : hi[j];
    }
  }
  for (int64_t j = 0; j < size; ++j)
    if (seen[j] == 0)
      return fail(LEPTON_ERR_INPUT, "cannot compute statistics of feature %lld: it is missing in all %lld samples",
                  static_cast<long long>(j), static_cast<long long>(ds->count));
  std::vector<double> average(sum.size()), squares(sum.size(), 0.0);
  for (int64_t j = 0; j < size; ++j)
    average[j] = sum[j] / static_cast<double>(seen[j]);
  // Second pass for the population variance: mean of squared deviations (no cancellation).
  for (int64_t i = 0; i < ds->count; ++i) {
    copySampleAsFloats(ds, i, buffer.data());
    for (int64_t j = 0; j < size; ++j)
      if (!std::isnan(row[j])) {
        const double d = row[j] - average[j];
        squares[j] += d * d;
      }
  }
  for (int64_t j = 0; j < size; ++j) {
    if (mean)
      mean[j] = static_cast<float>(average[j]);
    if (stddev)
      stddev[j] = static_cast<float>(std::sqrt(squares[j] / static_cast<double>(seen[j])));
    if (min)
      min[j] = static_cast<float>(lo[j]);
    if (max)
      max[j] = static_cast<float>(hi[j]);
  }
  return LEPTON_OK;
}

int64_t lepton_dataset_drop_missing(lepton_dataset *ds) {
  if (!ds)
    return fail(LEPTON_ERR_INVALID, "lepton_dataset_drop_missing: no dataset"), -1;
  int64_t kept = 0;
  for (int64_t i = 0; i < ds->count; ++i)
    kept += rowHasMissing(ds, i) ? 0 : 1;
  if (kept == 0 && ds->count > 0)
    return fail(LEPTON_ERR_INPUT, "every one of the %lld samples has a missing value: none is left after "
                                  "drop_missing",
                static_cast<long long>(ds->count)),
           -1;
  const size_t targetBytes = static_cast<size_t>(ds->numTargets) * sizeof(float);
  int64_t j = 0;
  for (int64_t i = 0; i < ds->count; ++i) {
    if (rowHasMissing(ds, i))
      continue;
    if (j != i) {
      copyStoredSamples(ds, i, ds, j, 1);
      if (ds->labels)
        ds->labels[j] = ds->labels[i];
      if (ds->targets)
        std::memcpy(ds->targets + j * ds->numTargets, ds->targets + i * ds->numTargets, targetBytes);
    }
    ++j;
  }
  const int64_t dropped = ds->count - j;
  ds->count = j;
  return dropped;
}

int32_t lepton_dataset_fill_missing(lepton_dataset *ds, const float *values) {
  if (!ds || !values)
    return fail(LEPTON_ERR_INVALID, "lepton_dataset_fill_missing: no %s", ds ? "values" : "dataset");
  for (int64_t j = 0; j < ds->sampleSize; ++j)
    if (!std::isfinite(values[j]))
      return fail(LEPTON_ERR_INVALID, "lepton_dataset_fill_missing: the value for feature %lld is %g, not finite",
                  static_cast<long long>(j), static_cast<double>(values[j]));
  if (ds->bytes)
    return LEPTON_OK; // bytes have no missing value
  for (int64_t i = 0; i < ds->count; ++i) {
    float *row = ds->features + i * ds->sampleSize;
    for (int64_t j = 0; j < ds->sampleSize; ++j)
      if (std::isnan(row[j]))
        row[j] = values[j];
  }
  return LEPTON_OK;
}

} // extern "C"
