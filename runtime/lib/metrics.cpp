// metrics.cpp — argmax, correct-prediction counts and the divergence check used by the generated loop.
#include "internal.h"

#include <cmath>
#include <limits>

namespace {

/// Row argmax: the first largest value; NaN never wins (an all-NaN row gives 0). Two passes without one long
/// chain through a running best (a compare, then two selects, per class: 3 µs per 64-row batch): the largest
/// non-NaN value, kept in four running maxima that advance side by side, then the first class that holds it.
/// A NaN compares false and is never taken; +0 and -0 compare equal, so the first zero wins as before.
int32_t rowArgmax(const float *row, int64_t classes) {
  const float none = -std::numeric_limits<float>::infinity();
  float lanes[4] = {none, none, none, none};
  for (int64_t k = 0; k < classes; ++k) {
    float &lane = lanes[k & 3];
    lane = row[k] > lane ? row[k] : lane;
  }
  float largest = none;
  for (float lane : lanes)
    largest = lane > largest ? lane : largest;
  // The first class equal to it (none when every value is NaN: class 0).
  int64_t first = 0;
  for (int64_t k = classes - 1; k >= 0; --k)
    first = row[k] == largest ? k : first;
  return static_cast<int32_t>(first);
}

bool checkScores(const char *fn, const float *scores, int64_t n, int64_t classes, const void *other) {
  if (n < 0 || classes < 1 || classes > INT32_MAX || (n > 0 && (!scores || !other))) {
    lepton::rt::fail(LEPTON_ERR_INVALID, "%s: invalid arguments (n %lld, classes %lld)", fn,
                     static_cast<long long>(n), static_cast<long long>(classes));
    return false;
  }
  return true;
}

} // namespace

extern "C" {

int32_t lepton_argmax(const float *scores, int64_t n, int64_t classes, int32_t *out) {
  if (!checkScores("lepton_argmax", scores, n, classes, out))
    return LEPTON_ERR_INVALID;
  for (int64_t i = 0; i < n; ++i)
    out[i] = rowArgmax(scores + i * classes, classes);
  return LEPTON_OK;
}

int64_t lepton_count_correct(const float *scores, const int32_t *labels, int64_t n, int64_t classes) {
  if (!checkScores("lepton_count_correct", scores, n, classes, labels))
    return -1;
  int64_t correct = 0;
  for (int64_t i = 0; i < n; ++i)
    correct += rowArgmax(scores + i * classes, classes) == labels[i];
  return correct;
}

int32_t lepton_check_loss(double loss, int64_t epoch, int64_t step) {
  if (std::isfinite(loss))
    return LEPTON_OK;
  return lepton::rt::fail(LEPTON_ERR_DIVERGED, "training diverged: loss is %s at epoch %lld, step %lld",
                          std::isnan(loss) ? "nan" : (loss > 0 ? "inf" : "-inf"), static_cast<long long>(epoch),
                          static_cast<long long>(step));
}

} // extern "C"
