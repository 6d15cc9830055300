// common.h — shared pieces of the f64 Eigen reference: matrix types, seeded f32-exact inputs, checks.
#ifndef LEPTON_TEST_INTEGRATION_REFERENCE_COMMON_H
#define LEPTON_TEST_INTEGRATION_REFERENCE_COMMON_H

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace ref {

/// Row-major so that a matrix's data() has the element order of the compiled code's buffers.
using Mat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vec = Eigen::VectorXd;
using Labels = std::vector<int32_t>;

/// The acceptance rule for leptonc's f32 results against this f64 reference, elementwise:
/// |actual − expected| ≤ kAbsTol + kRelTol · |expected|.
constexpr double kAbsTol = 1e-4;
constexpr double kRelTol = 1e-3;

/// Seeded inputs that are exactly representable in f32, so that the f32 code under test and the
/// f64 reference start from identical numbers and only the arithmetic differs.
class Random {
public:
  explicit Random(uint64_t seed) : engine(seed) {}

  /// Uniform in [lo, hi), rounded to f32. Not std::uniform_real_distribution: its output is
  /// implementation-defined, and these tests must see the same numbers everywhere.
  double uniform(double lo, double hi) {
    double u = static_cast<double>(engine() >> 11) * 0x1p-53;
    return static_cast<double>(static_cast<float>(lo + (hi - lo) * u));
  }
  /// ±[gap, hi): keeps inputs off the kinks at 0 (relu, leaky_relu, l1).
  double awayFromZero(double gap, double hi) {
    double magnitude = uniform(gap, hi);
    return (engine() & 1) ? magnitude : -magnitude;
  }
  Mat matrix(int64_t rows, int64_t cols, double lo, double hi) {
    Mat m(rows, cols);
    for (int64_t i = 0; i < m.size(); ++i)
      m.data()[i] = uniform(lo, hi);
    return m;
  }
  Mat matrixAwayFromZero(int64_t rows, int64_t cols, double gap, double hi) {
    Mat m(rows, cols);
    for (int64_t i = 0; i < m.size(); ++i)
      m.data()[i] = awayFromZero(gap, hi);
    return m;
  }
  Vec vector(int64_t n, double lo, double hi) {
    Vec v(n);
    for (int64_t i = 0; i < n; ++i)
      v[i] = uniform(lo, hi);
    return v;
  }
  int32_t index(int32_t n) { return static_cast<int32_t>(engine() % static_cast<uint64_t>(n)); }
  Labels labels(int64_t count, int32_t classes) {
    Labels l(count);
    for (int32_t &label : l)
      label = index(classes);
    return l;
  }

private:
  std::mt19937_64 engine;
};

/// The reference's one matrix product (Eigen's GEMM), transposes materialised by the callers:
/// every other product expression would instantiate Eigen's product kernels once more and make
/// each harness slower to compile.
inline Mat product(const Mat &a, const Mat &b) { return a * b; }
inline Mat transposed(const Mat &a) { return a.transpose(); }

/// An f32 hyperparameter as the compiled code sees it (F32Attr, f32 operands).
inline double f32(double v) { return static_cast<double>(static_cast<float>(v)); }

/// Per-sample loss weights as the trainer passes them: 1/n for the first n real rows, 0 for padding.
inline Vec paddedWeights(int64_t rows, int64_t real) {
  Vec w = Vec::Zero(rows);
  w.head(real).setConstant(f32(1.0 / static_cast<double>(real)));
  return w;
}

/// Per-row weights of the mse head L = mse(op(…), t, s) that the op tests differentiate: its
/// cotangent s_b · 2(y − t)/cols is then of order y − t, so gradients are of order 1 and an error
/// must be small against them, not hide under the absolute part of the tolerance.
inline Vec headWeights(Random &rng, int64_t rows, int64_t cols) {
  Vec s = rng.vector(rows, 0.5, 1.5);
  for (int64_t b = 0; b < rows; ++b)
    s[b] = f32(s[b] * static_cast<double>(cols) / 2);
  return s;
}

/// Collects every check's verdict; each check prints one line that names it, so FileCheck can
/// require each line and a failure says which op and which operand broke.
class Report {
public:
  /// leptonc's f32 result against the f64 reference, with the kAbsTol/kRelTol rule.
  void compare(const std::string &name, const float *actual, const double *expected, int64_t n) {
    double maxErr = 0, worst = 0, scale = 0;
    int64_t worstAt = 0;
    for (int64_t i = 0; i < n; ++i) {
      scale = std::max(scale, std::fabs(expected[i]));
      double err = std::fabs(static_cast<double>(actual[i]) - expected[i]);
      double ratio = err / (kAbsTol + kRelTol * std::fabs(expected[i]));
      if (!(err <= maxErr)) // NaN counts as the worst error
        maxErr = err;
      if (!(ratio <= worst)) {
        worst = ratio;
        worstAt = i;
      }
    }
    verdict(name, maxErr, scale, worst <= 1.0, n ? actual[worstAt] : 0, n ? expected[worstAt] : 0,
            worstAt);
  }
  void compare(const std::string &name, const std::vector<float> &actual, const Mat &expected) {
    if (static_cast<int64_t>(actual.size()) != expected.size())
      return sizeMismatch(name, actual.size(), expected.size());
    compare(name, actual.data(), expected.data(), expected.size());
  }
  void compare(const std::string &name, const std::vector<float> &actual, const Vec &expected) {
    if (static_cast<int64_t>(actual.size()) != expected.size())
      return sizeMismatch(name, actual.size(), expected.size());
    compare(name, actual.data(), expected.data(), expected.size());
  }
  void compare(const std::string &name, float actual, double expected) {
    compare(name, &actual, &expected, 1);
  }

  /// A reference value against a number the reference must reproduce (PyTorch's, or a value
  /// derived by hand), printed to 6 significant digits in the source: |a − b| ≤ tol · (1 + |b|).
  void known(const std::string &name, const double *actual, const double *expected, int64_t n,
             double tol = 2e-6) {
    double maxErr = 0, scale = 0;
    int64_t worstAt = 0;
    bool ok = true;
    for (int64_t i = 0; i < n; ++i) {
      scale = std::max(scale, std::fabs(expected[i]));
      double err = std::fabs(actual[i] - expected[i]);
      if (!(err <= maxErr)) {
        maxErr = err;
        worstAt = i;
      }
      ok &= err <= tol * (1 + std::fabs(expected[i]));
    }
    verdict(name, maxErr, scale, ok, actual[worstAt], expected[worstAt], worstAt);
  }
  void known(const std::string &name, const Mat &actual, std::vector<double> expected) {
    if (static_cast<int64_t>(expected.size()) != actual.size())
      return sizeMismatch(name, actual.size(), expected.size());
    known(name, actual.data(), expected.data(), actual.size());
  }
  void known(const std::string &name, double actual, double expected) {
    known(name, &actual, &expected, 1);
  }

  /// The reference's analytic gradient against central finite differences of the reference's
  /// own forward function (both f64): |analytic − numeric| ≤ rtol · (|numeric| + max |numeric|).
  /// The max term is there because the differences' rounding error, ε|f|/h, is the same for
  /// every entry of a tensor, small ones included.
  void gradient(const std::string &name, const double *analytic, const double *numeric, int64_t n,
                double rtol) {
    double scale = 0;
    for (int64_t i = 0; i < n; ++i)
      scale = std::max(scale, std::fabs(numeric[i]));
    double maxErr = 0, worst = 0;
    int64_t worstAt = 0;
    for (int64_t i = 0; i < n; ++i) {
      double err = std::fabs(analytic[i] - numeric[i]);
      double ratio = err / (rtol * (std::fabs(numeric[i]) + scale));
      if (!(err <= maxErr))
        maxErr = err;
      if (!(ratio <= worst)) {
        worst = ratio;
        worstAt = i;
      }
    }
    verdict("fd " + name, maxErr, scale, worst <= 1.0, analytic[worstAt], numeric[worstAt],
            worstAt);
  }

  /// Prints the summary line and gives main()'s exit status.
  int finish() const {
    if (failures == 0)
      std::printf("all %d checks passed\n", checks);
    else
      std::printf("%d of %d checks FAILED\n", failures, checks);
    return failures == 0 ? 0 : 1;
  }

private:
  /// One line per check: the largest error, the largest reference magnitude (so a reader sees
  /// what the error is small against), and ok or FAIL with the worst element.
  void verdict(const std::string &name, double err, double scale, bool ok, double got, double want,
               int64_t at) {
    ++checks;
    if (ok) {
      std::printf("%s max_abs_err=%.3g max_ref=%.3g ok\n", name.c_str(), err, scale);
      return;
    }
    ++failures;
    std::printf("%s max_abs_err=%.3g max_ref=%.3g FAIL (element %lld: got %.9g, want %.9g)\n",
                name.c_str(), err, scale, static_cast<long long>(at), got, want);
  }
  void sizeMismatch(const std::string &name, size_t actual, int64_t expected) {
    ++checks;
    ++failures;
    std::printf("%s FAIL (%zu elements, want %lld)\n", name.c_str(), actual,
                static_cast<long long>(expected));
  }

  int checks = 0;
  int failures = 0;
};

} // namespace ref

#endif // LEPTON_TEST_INTEGRATION_REFERENCE_COMMON_H
