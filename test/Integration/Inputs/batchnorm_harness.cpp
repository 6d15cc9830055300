// batchnorm_harness.cpp — drives batchnorm-vs-reference.mlir's compiled batchnorm (training, lepton.grad, inference) against the Eigen reference.
#include "batchnorm.h"
#include "finite_differences.h"
#include "losses.h"
#include "memref.h"

using namespace ref;

template <int N> using F32 = MemRef<float, N>;

extern "C" {
struct BnForward {
  F32<2> y;
  F32<1> mean, var;
};
struct BnGradient {
  F32<0> loss;
  F32<2> dx;
  F32<1> dgamma, dbeta;
};
void _mlir_ciface_bn_forward(BnForward *r, F32<2> *x, F32<1> *g, F32<1> *b, F32<1> *w);
void _mlir_ciface_bn_gradient(BnGradient *r, F32<2> *x, F32<1> *g, F32<1> *b, F32<2> *t, F32<1> *s);
void _mlir_ciface_bn_inference_forward(F32<2> *y, F32<2> *x, F32<1> *g, F32<1> *b, F32<1> *m, F32<1> *v);
}

namespace {

/// The .mlir file's attributes: 2x3x4 rows (6 positions × 4 channels), ε as the f32 it is there.
constexpr int64_t kChannels = 4, kPositions = 6, kCols = kPositions * kChannels;
const double kEpsilon = f32(0.05);

void knownVec(Report &report, const std::string &name, const Vec &actual, std::vector<double> expected) {
  report.known(name, actual.data(), expected.data(), actual.size());
}

/// The reference against numbers derived by hand.
void checkKnownValues(Report &report) {
  // One channel, 2 positions: real rows (1, 3) and (5, 7), a padded row (100, −100) that must not
  // move μ = 4, σ² = (9 + 1 + 1 + 9)/4 = 5 (population variance). With ε = 4, √(σ² + ε) = 3:
  // x̂ = −1, −1/3, 1/3, 1 (and 32, −104/3 on the padded row); γ = 3, β = 0.5.
  Mat x(3, 2);
  x << 1, 3, 5, 7, 100, -100;
  Vec w(3), gamma(1), beta(1);
  w << 0.5, 0.5, 0;
  gamma << 3;
  beta << 0.5;
  BatchNorm f = batchNorm(x, gamma, beta, w, 1, 4.0);
  report.known("hand batchnorm.y", f.y, {-2.5, -0.5, 1.5, 3.5, 96.5, -103.5});
  report.known("hand batchnorm.mean", f.mean[0], 4.0);
  report.known("hand batchnorm.var", f.var[0], 5.0);

  // Channel innermost: one row of 2 positions × 2 channels, (1, 10, 3, 30): channel 0 is {1, 3},
  // channel 1 is {10, 30}.
  Mat xc(1, 4);
  xc << 1, 10, 3, 30;
  BatchNorm fc = batchNorm(xc, Vec::Ones(2), Vec::Zero(2), Vec::Ones(1), 2, 1e-5);
  knownVec(report, "hand batchnorm.channels.mean", fc.mean, {2, 20});
  knownVec(report, "hand batchnorm.channels.var", fc.var, {1, 100});

  // The first case with dy = 1 on its first element only: dβ = Σ dy = 1, dγ = Σ dy·x̂ = −1, and
  // dx = γ/3 · (dy − dβ/N − x̂·dγ/N) = dy − 1/4 + x̂/4 on the real rows, 0 on the padded one.
  Mat dy = Mat::Zero(3, 2);
  dy(0, 0) = 1;
  BatchNormGrads g = batchNormBackward(x, gamma, w, dy, 1, 4.0);
  report.known("hand batchnorm_grad.dx", g.dx, {0.5, -1.0 / 3, -1.0 / 6, 0, 0, 0});
  report.known("hand batchnorm_grad.dgamma", g.dgamma[0], -1.0);
  report.known("hand batchnorm_grad.dbeta", g.dbeta[0], 1.0);

  // Inference, 2 channels: (1 − 0)/√(3 + 1)·2 + 0 = 1 and (10 − 4)/√(8 + 1)·1 + 0.5 = 2.5.
  Mat xi(1, 2);
  xi << 1, 10;
  Vec gi(2), bi(2), mi(2), vi(2);
  gi << 2, 1;
  bi << 0, 0.5;
  mi << 0, 4;
  vi << 3, 8;
  report.known("hand batchnorm_inference.y", batchNormInference(xi, gi, bi, mi, vi, 2, 1.0), {1, 2.5});
}

/// Per-channel offsets and spreads: channel variances from 0.03 to 1.3, around ε.
const double kOffset[kChannels] = {-2, 0.5, 3, 1};
const double kSpread[kChannels] = {0.3, 1, 2, 0.6};

/// `real` rows with each channel's own offset and spread, then padded rows far from them all.
Mat batchInput(Random &rng, int64_t rows, int64_t real) {
  Mat x(rows, kCols);
  for (int64_t b = 0; b < rows; ++b)
    for (int64_t i = 0; i < kCols; ++i)
      x(b, i) = b < real ? f32(kOffset[i % kChannels] + kSpread[i % kChannels] * rng.uniform(-1, 1))
                         : rng.uniform(20, 40);
  return x;
}

/// Training mode at `rows` rows of which the first `real` are real, through L = mse(y, t, s) with
/// s the head's weights on the real rows and 0 on the padded ones, also the row weights.
void checkTraining(Report &report, Random &rng, const std::string &op, int64_t rows, int64_t real) {
  Mat x = batchInput(rng, rows, real);
  Vec gamma(kChannels);
  for (int64_t c = 0; c < kChannels; ++c)
    gamma[c] = rng.awayFromZero(0.5, 1.5);
  Vec beta = rng.vector(kChannels, -0.5, 0.5);
  Mat t = rng.matrix(rows, kCols, -1, 1);
  Vec s = headWeights(rng, rows, kCols);
  s.tail(rows - real).setZero();

  BatchNorm f = batchNorm(x, gamma, beta, s, kChannels, kEpsilon);
  double loss = mse(f.y, t, s);
  BatchNormGrads grads = batchNormBackward(x, gamma, s, mseBackward(f.y, t, s), kChannels, kEpsilon);
  auto at = [&](const Mat &xx, const Vec &gg, const Vec &bb) {
    return mse(batchNorm(xx, gg, bb, s, kChannels, kEpsilon).y, t, s);
  };
  checkGradient(report, op + ".dx", x, grads.dx, [&](const Mat &p) { return at(p, gamma, beta); });
  checkGradient(report, op + ".dgamma", gamma, grads.dgamma, [&](const Vec &p) { return at(x, p, beta); });
  checkGradient(report, op + ".dbeta", beta, grads.dbeta, [&](const Vec &p) { return at(x, gamma, p); });

  auto xm = operand(x), tm = operand(t);
  auto gm = operand(gamma), bm = operand(beta), sm = operand(s);
  BnForward y;
  _mlir_ciface_bn_forward(&y, xm.get(), gm.get(), bm.get(), sm.get());
  report.compare(op + ".y", values(y.y), f.y);
  report.compare(op + ".mean", values(y.mean), f.mean);
  report.compare(op + ".var", values(y.var), f.var);
  BnGradient r;
  _mlir_ciface_bn_gradient(&r, xm.get(), gm.get(), bm.get(), tm.get(), sm.get());
  report.compare(op + ".loss", scalar(r.loss), loss);
  report.compare(op + ".dx", values(r.dx), grads.dx);
  report.compare(op + ".dgamma", values(r.dgamma), grads.dgamma);
  report.compare(op + ".dbeta", values(r.dbeta), grads.dbeta);
}

/// Inference mode with running statistics near (not equal to) the batch's.
void checkInference(Report &report, Random &rng, int64_t rows) {
  Mat x = batchInput(rng, rows, rows);
  Vec gamma = rng.vector(kChannels, 0.5, 1.5), beta = rng.vector(kChannels, -0.5, 0.5);
  Vec mean(kChannels), var(kChannels);
  for (int64_t c = 0; c < kChannels; ++c) {
    mean[c] = f32(kOffset[c] + rng.uniform(-0.2, 0.2));
    var[c] = f32(kSpread[c] * kSpread[c] / 3 * rng.uniform(0.5, 2));
  }
  auto xm = operand(x);
  auto gm = operand(gamma), bm = operand(beta), mm = operand(mean), vm = operand(var);
  F32<2> y;
  _mlir_ciface_bn_inference_forward(&y, xm.get(), gm.get(), bm.get(), mm.get(), vm.get());
  report.compare("bn_inference.y", values(y),
                 batchNormInference(x, gamma, beta, mean, var, kChannels, kEpsilon));
}

} // namespace

int main() {
  Report report;
  Random rng(20261203);
  checkKnownValues(report);
  checkTraining(report, rng, "bn_padded", 7, 5);
  checkTraining(report, rng, "bn_full", 3, 3);
  checkInference(report, rng, 7);
  return report.finish();
}
