// finite_differences.h — central differences in f64, the check that keeps the reference's own gradients honest.
#ifndef LEPTON_TEST_INTEGRATION_REFERENCE_FINITE_DIFFERENCES_H
#define LEPTON_TEST_INTEGRATION_REFERENCE_FINITE_DIFFERENCES_H

#include "common.h"

#include <functional>

namespace ref {

/// Step and tolerance of the check. With h = 1e-6 the truncation error (h² f'''/6) is ~1e-13 and
/// the rounding error (ε|f|/h) ~1e-10·|f|, far below 1e-6 of the gradient's scale for the
/// functions here (|f| up to a few hundred, gradients of order 1 to 10), while a wrong factor or
/// sign in a VJP is off by a sizeable fraction of it.
constexpr double kFdStep = 1e-6;
constexpr double kFdRelTol = 1e-6;

/// (f(θ + h e_i) − f(θ − h e_i)) / 2h for every entry i of θ (a Mat or a Vec).
/// std::function rather than a template parameter: one instantiation per θ type keeps the
/// harnesses quick to compile.
template <typename T>
T centralDifferences(const T &at, const std::function<double(const T &)> &f, double h = kFdStep) {
  T numeric(at.rows(), at.cols());
  T probe = at;
  for (int64_t i = 0; i < at.size(); ++i) {
    double saved = probe.data()[i];
    probe.data()[i] = saved + h;
    double plus = f(probe);
    probe.data()[i] = saved - h;
    double minus = f(probe);
    probe.data()[i] = saved;
    numeric.data()[i] = (plus - minus) / (2 * h);
  }
  return numeric;
}

/// Checks the reference gradient `analytic` of f at θ against central differences and reports
/// it as "fd <name>".
inline void checkGradient(Report &report, const std::string &name, const Mat &at, const Mat &analytic,
                          const std::function<double(const Mat &)> &f) {
  Mat numeric = centralDifferences(at, f);
  report.gradient(name, analytic.data(), numeric.data(), analytic.size(), kFdRelTol);
}
inline void checkGradient(Report &report, const std::string &name, const Vec &at, const Vec &analytic,
                          const std::function<double(const Vec &)> &f) {
  Vec numeric = centralDifferences(at, f);
  report.gradient(name, analytic.data(), numeric.data(), analytic.size(), kFdRelTol);
}

} // namespace ref

#endif // LEPTON_TEST_INTEGRATION_REFERENCE_FINITE_DIFFERENCES_H
