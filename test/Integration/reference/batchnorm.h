// batchnorm.h — f64 reference of batch normalisation: training (batch statistics over the real rows), its VJP, inference.
#ifndef LEPTON_TEST_INTEGRATION_REFERENCE_BATCHNORM_H
#define LEPTON_TEST_INTEGRATION_REFERENCE_BATCHNORM_H

#include "common.h"

namespace ref {

// x is (B, P·C): rows of P positions × C channels, channel innermost (column p·C + c). Row b is
// real when rowWeights[b] > 0; a padded row's weight is 0. Statistics are per channel over the
// real rows and every position, as the language's batchnorm (docs/language.md) and PyTorch's
// training mode: the mean and the population (biased, 1/N) variance.

struct BatchNorm {
  Mat y;
  Vec mean, var;
};

/// N = (real rows) · P, the count every statistic divides by.
inline double realCount(const Vec &rowWeights, int64_t positions) {
  return static_cast<double>((rowWeights.array() > 0).count() * positions);
}

/// y = γ (x − μ) / √(σ² + ε) + β on every row, padded ones included (their y is computed, only
/// kept out of the statistics).
inline BatchNorm batchNorm(const Mat &x, const Vec &gamma, const Vec &beta, const Vec &rowWeights,
                           int64_t channels, double eps) {
  const int64_t positions = x.cols() / channels;
  const double n = realCount(rowWeights, positions);
  BatchNorm r{Mat(x.rows(), x.cols()), Vec::Zero(channels), Vec::Zero(channels)};
  for (int64_t b = 0; b < x.rows(); ++b)
    for (int64_t p = 0; p < positions; ++p)
      for (int64_t c = 0; c < channels; ++c)
        if (rowWeights[b] > 0)
          r.mean[c] += x(b, p * channels + c) / n;
  for (int64_t b = 0; b < x.rows(); ++b)
    for (int64_t p = 0; p < positions; ++p)
      for (int64_t c = 0; c < channels; ++c)
        if (rowWeights[b] > 0)
          r.var[c] += std::pow(x(b, p * channels + c) - r.mean[c], 2) / n;
  for (int64_t b = 0; b < x.rows(); ++b)
    for (int64_t p = 0; p < positions; ++p)
      for (int64_t c = 0; c < channels; ++c)
        r.y(b, p * channels + c) =
            gamma[c] * (x(b, p * channels + c) - r.mean[c]) / std::sqrt(r.var[c] + eps) + beta[c];
  return r;
}

struct BatchNormGrads {
  Mat dx;
  Vec dgamma, dbeta;
};

/// VJP of batchNorm's y for dy, by the chain rule through μ and σ² (Ioffe & Szegedy's form, not
/// the lowering's folded one): dx̂ = γ·dy; dσ² = Σ dx̂·(x − μ)·(−½)(σ² + ε)^(−3/2);
/// dμ = −Σ dx̂/√(σ² + ε) (its term through σ² vanishes: Σ (x − μ) = 0);
/// dx = dx̂/√(σ² + ε) + dσ²·2(x − μ)/N + dμ/N. Every Σ runs over the real rows only, the
/// statistics' rows, and a padded row's x enters nothing but its own y: with the zero dy a
/// loss weighting it by 0 gives, its dx is 0.
inline BatchNormGrads batchNormBackward(const Mat &x, const Vec &gamma, const Vec &rowWeights,
                                        const Mat &dy, int64_t channels, double eps) {
  const int64_t positions = x.cols() / channels;
  const double n = realCount(rowWeights, positions);
  BatchNorm f = batchNorm(x, gamma, Vec::Zero(channels), rowWeights, channels, eps);
  Vec dvar = Vec::Zero(channels), dmean = Vec::Zero(channels);
  BatchNormGrads g{Mat::Zero(x.rows(), x.cols()), Vec::Zero(channels), Vec::Zero(channels)};
  for (int64_t b = 0; b < x.rows(); ++b)
    for (int64_t p = 0; p < positions; ++p)
      for (int64_t c = 0; c < channels; ++c) {
        if (!(rowWeights[b] > 0))
          continue;
        const int64_t i = p * channels + c;
        const double centred = x(b, i) - f.mean[c], s = f.var[c] + eps;
        g.dbeta[c] += dy(b, i);
        g.dgamma[c] += dy(b, i) * centred / std::sqrt(s);
        dvar[c] += gamma[c] * dy(b, i) * centred * -0.5 * std::pow(s, -1.5);
        dmean[c] -= gamma[c] * dy(b, i) / std::sqrt(s);
      }
  for (int64_t b = 0; b < x.rows(); ++b)
    for (int64_t p = 0; p < positions; ++p)
      for (int64_t c = 0; c < channels; ++c) {
        if (!(rowWeights[b] > 0))
          continue;
        const int64_t i = p * channels + c;
        g.dx(b, i) = gamma[c] * dy(b, i) / std::sqrt(f.var[c] + eps) +
                     dvar[c] * 2 * (x(b, i) - f.mean[c]) / n + dmean[c] / n;
      }
  return g;
}

/// y = γ (x − mean) / √(var + ε) + β with given (running) statistics; no row is special.
inline Mat batchNormInference(const Mat &x, const Vec &gamma, const Vec &beta, const Vec &mean,
                              const Vec &var, int64_t channels, double eps) {
  Mat y(x.rows(), x.cols());
  for (int64_t b = 0; b < x.rows(); ++b)
    for (int64_t i = 0; i < x.cols(); ++i) {
      const int64_t c = i % channels;
      y(b, i) = gamma[c] * (x(b, i) - mean[c]) / std::sqrt(var[c] + eps) + beta[c];
    }
  return y;
}

} // namespace ref

#endif // LEPTON_TEST_INTEGRATION_REFERENCE_BATCHNORM_H
