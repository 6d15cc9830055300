// losses_harness.cpp — drives losses-vs-reference.mlir's compiled losses and regularisers against the Eigen reference.
#include "finite_differences.h"
#include "losses.h"
#include "memref.h"

#include <functional>

using namespace ref;

template <int N> using F32 = MemRef<float, N>;
using I32 = MemRef<int32_t, 1>;

/// The results of a regulariser's lepton.grad: the penalty and its gradient.
template <int N> struct RegulariserGradient {
  F32<0> loss;
  F32<N> dx;
};

extern "C" {
void _mlir_ciface_softmax_cross_entropy_forward(F32<0> *l, F32<2> *z, I32 *labels, F32<1> *w);
struct CrossEntropyGradient {
  F32<0> loss;
  F32<2> dz;
};
void _mlir_ciface_softmax_cross_entropy_gradient(CrossEntropyGradient *r, F32<2> *z, I32 *labels, F32<1> *w);

struct RegressionGradient {
  F32<0> loss;
  F32<2> dpred, dtarget;
  F32<1> dweights;
};
using RegressionForward = void(F32<0> *, F32<2> *, F32<2> *, F32<1> *);
using RegressionGradientFn = void(RegressionGradient *, F32<2> *, F32<2> *, F32<1> *);
RegressionForward _mlir_ciface_mse_forward, _mlir_ciface_huber_forward,
    _mlir_ciface_binary_cross_entropy_forward;
RegressionGradientFn _mlir_ciface_mse_gradient, _mlir_ciface_huber_gradient,
    _mlir_ciface_binary_cross_entropy_gradient;

void _mlir_ciface_l1_matrix_forward(F32<0> *, F32<2> *);
void _mlir_ciface_l1_matrix_gradient(RegulariserGradient<2> *, F32<2> *);
void _mlir_ciface_l1_vector_forward(F32<0> *, F32<1> *);
void _mlir_ciface_l1_vector_gradient(RegulariserGradient<1> *, F32<1> *);
void _mlir_ciface_l2_matrix_forward(F32<0> *, F32<2> *);
void _mlir_ciface_l2_matrix_gradient(RegulariserGradient<2> *, F32<2> *);
void _mlir_ciface_l2_vector_forward(F32<0> *, F32<1> *);
void _mlir_ciface_l2_vector_gradient(RegulariserGradient<1> *, F32<1> *);
}

namespace {

// 19 rows of which the last 4 are padding (weight 0, but random finite data that must not leak
// into the loss or the gradient); 21 features (a 16-lane vector and a tail), 10 classes.
constexpr int64_t kBatch = 19, kReal = 15, kFeatures = 21, kClasses = 10;

/// The reference against PyTorch 1.13's values in test/Conversion/execution/losses.mlir (rows
/// 1–2 real with weight 1/2, row 3 padding with weight 0; gradients there are for dloss = 2).
void checkKnownValues(Report &report) {
  Mat z(3, 3), t(3, 3), bt(3, 3), pw(2, 2);
  z << 2, -1, 0.5, 0.1, 0.2, 3, 90, -80, 70;
  t << 1, 0, 0.5, 0.25, -1, 2, -50, 60, 1;
  bt << 1, 0, 0.25, 0, 1, 1, 1, 0, 1;
  pw << 0.5, -2, 0, 1.5;
  Labels labels{0, 2, 1};
  Vec w(3);
  w << 0.5, 0.5, 0;
  const double delta = 0.5, lambda = f32(0.1);
  report.known("torch softmax_cross_entropy.loss", softmaxCrossEntropy(z, labels, w), 0.175456);
  report.known("torch softmax_cross_entropy.dz", 2 * softmaxCrossEntropyBackward(z, labels, w),
               {-0.214403, 0.0391126, 0.17529, 0.0493113, 0.0544974, -0.103809, 0, 0, 0});
  report.known("torch mse.loss", mse(z, t, w), 0.74375);
  report.known("torch mse.dpred", 2 * mseBackward(z, t, w),
               {0.666667, -0.666667, 0, -0.1, 0.8, 0.666667, 0, 0, 0});
  report.known("torch huber.loss", huber(z, t, w, delta), 0.268542);
  report.known("torch huber.dpred", 2 * huberBackward(z, t, w, delta),
               {0.166667, -0.166667, 0, -0.05, 0.166667, 0.166667, 0, 0, 0});
  report.known("torch binary_cross_entropy.loss", binaryCrossEntropy(z, bt, w), 0.446732);
  report.known("torch binary_cross_entropy.dpred", 2 * binaryCrossEntropyBackward(z, bt, w),
               {-0.0397343, 0.0896471, 0.124153, 0.174993, -0.150055, -0.0158086, 0, 0, 0});
  report.known("torch l1.loss", l1(pw, lambda), 0.4);
  report.known("torch l1.dx", 2 * l1Backward(pw, lambda), {0.2, -0.2, 0, 0.2});
  report.known("torch l2.loss", l2(pw, lambda), 0.65);
  report.known("torch l2.dx", 2 * l2Backward(pw, lambda), {0.2, -0.8, 0, 0.6});
}

/// Per-sample weights: order 1 for the real rows (random, so a loss that ignored them or used
/// 1/B would be caught), 0 for the padding rows.
Vec lossWeights(Random &rng, double scale) {
  Vec w = rng.vector(kBatch, 0.5, 1.5);
  for (int64_t b = 0; b < kBatch; ++b)
    w[b] = b < kReal ? f32(w[b] * scale) : 0.0;
  return w;
}

void checkSoftmaxCrossEntropy(Report &report, Random &rng) {
  Mat z = rng.matrix(kBatch, kClasses, -4, 4);
  Labels labels = rng.labels(kBatch, kClasses);
  Vec w = lossWeights(rng, 1);

  double loss = softmaxCrossEntropy(z, labels, w);
  Mat dz = softmaxCrossEntropyBackward(z, labels, w);
  checkGradient(report, "softmax_cross_entropy.dz", z, dz,
                [&](const Mat &p) { return softmaxCrossEntropy(p, labels, w); });

  auto zm = operand(z);
  auto lm = operand(labels);
  auto wm = operand(w);
  F32<0> lc;
  _mlir_ciface_softmax_cross_entropy_forward(&lc, zm.get(), lm.get(), wm.get());
  report.compare("softmax_cross_entropy.loss", scalar(lc), loss);
  CrossEntropyGradient r;
  _mlir_ciface_softmax_cross_entropy_gradient(&r, zm.get(), lm.get(), wm.get());
  report.compare("softmax_cross_entropy.grad_loss", scalar(r.loss), loss);
  report.compare("softmax_cross_entropy.dz", values(r.dz), dz);
}

using Loss = std::function<double(const Mat &, const Mat &, const Vec &)>;
using LossGrad = std::function<Mat(const Mat &, const Mat &, const Vec &)>;

/// A regression loss: value and gradient w.r.t. the prediction, plus the zero gradients of its
/// data operands (target and weights are stop-gradient by the op's definition).
void checkRegression(Report &report, const std::string &op, const Mat &pred, const Mat &target,
                     const Vec &w, const Loss &f, const LossGrad &grad, RegressionForward *forward,
                     RegressionGradientFn *gradient) {
  double loss = f(pred, target, w);
  Mat dpred = grad(pred, target, w);
  checkGradient(report, op + ".dpred", pred, dpred, [&](const Mat &p) { return f(p, target, w); });

  auto pm = operand(pred), tm = operand(target);
  auto wm = operand(w);
  F32<0> lc;
  forward(&lc, pm.get(), tm.get(), wm.get());
  report.compare(op + ".loss", scalar(lc), loss);
  RegressionGradient r;
  gradient(&r, pm.get(), tm.get(), wm.get());
  report.compare(op + ".grad_loss", scalar(r.loss), loss);
  report.compare(op + ".dpred", values(r.dpred), dpred);
  report.compare(op + ".dtarget", values(r.dtarget), Mat(Mat::Zero(kBatch, kFeatures)));
  report.compare(op + ".dweights", values(r.dweights), Vec(Vec::Zero(kBatch)));
}

template <int N, typename Fwd, typename Grad>
void checkRegulariser(Report &report, const std::string &op, const Mat &x, double lambda,
                      double (*f)(const Mat &, double), Mat (*grad)(const Mat &, double),
                      Fwd *forward, Grad *gradient) {
  double loss = f(x, lambda);
  Mat dx = grad(x, lambda);
  checkGradient(report, op + ".dx", x, dx, [&](const Mat &p) { return f(p, lambda); });

  std::array<int64_t, N> sizes;
  if constexpr (N == 2)
    sizes = {x.rows(), x.cols()};
  else
    sizes = {x.size()};
  Operand<float, N> xm(toF32(x.data(), x.size()), sizes);
  F32<0> lc;
  forward(&lc, xm.get());
  report.compare(op + ".loss", scalar(lc), loss);
  RegulariserGradient<N> r;
  gradient(&r, xm.get());
  report.compare(op + ".grad_loss", scalar(r.loss), loss);
  report.compare(op + ".dx", values(r.dx), dx);
}

} // namespace

int main() {
  Report report;
  Random rng(4);
  checkKnownValues(report);
  checkSoftmaxCrossEntropy(report, rng);

  // Cotangent weights scaled by N/2 so the gradients, 2 w (p − t)/N and the like, are of order 1.
  const double scale = kFeatures / 2.0;
  Mat pred = rng.matrix(kBatch, kFeatures, -1, 1), target = rng.matrix(kBatch, kFeatures, -1, 1);
  checkRegression(report, "mse", pred, target, lossWeights(rng, scale), mse, mseBackward,
                  _mlir_ciface_mse_forward, _mlir_ciface_mse_gradient);

  // Huber with δ = 0.5: both branches occur, and every |pred − target| is at least 1e-2 away
  // from δ, where the second derivative jumps.
  const double delta = 0.5;
  Mat hp = rng.matrix(kBatch, kFeatures, -1, 1), ht = rng.matrix(kBatch, kFeatures, -1, 1);
  for (int64_t i = 0; i < ht.size(); ++i)
    while (std::fabs(std::fabs(hp.data()[i] - ht.data()[i]) - delta) < 1e-2)
      ht.data()[i] = rng.uniform(-1, 1);
  checkRegression(
      report, "huber", hp, ht, lossWeights(rng, scale),
      [&](const Mat &p, const Mat &t, const Vec &w) { return huber(p, t, w, delta); },
      [&](const Mat &p, const Mat &t, const Vec &w) { return huberBackward(p, t, w, delta); },
      _mlir_ciface_huber_forward, _mlir_ciface_huber_gradient);

  // Binary cross-entropy: logits in [−6, 6], soft targets in [0, 1].
  Mat logits = rng.matrix(kBatch, kFeatures, -6, 6), soft = rng.matrix(kBatch, kFeatures, 0, 1);
  checkRegression(report, "binary_cross_entropy", logits, soft, lossWeights(rng, 2 * scale),
                  binaryCrossEntropy, binaryCrossEntropyBackward,
                  _mlir_ciface_binary_cross_entropy_forward, _mlir_ciface_binary_cross_entropy_gradient);

  // Regularisers with λ of order 1 (so λ·sign(w) is not below the absolute tolerance), on a
  // weight matrix and a bias vector; l1 inputs stay 1e-2 away from its kink at 0.
  const double l1Lambda = 0.75, l2Lambda = 1.25;
  Mat m = rng.matrixAwayFromZero(13, 21, 1e-2, 1), v = rng.matrixAwayFromZero(1, 45, 1e-2, 1);
  checkRegulariser<2>(report, "l1_matrix", m, l1Lambda, l1, l1Backward, _mlir_ciface_l1_matrix_forward,
                      _mlir_ciface_l1_matrix_gradient);
  checkRegulariser<1>(report, "l1_vector", v, l1Lambda, l1, l1Backward, _mlir_ciface_l1_vector_forward,
                      _mlir_ciface_l1_vector_gradient);
  checkRegulariser<2>(report, "l2_matrix", m, l2Lambda, l2, l2Backward, _mlir_ciface_l2_matrix_forward,
                      _mlir_ciface_l2_matrix_gradient);
  checkRegulariser<1>(report, "l2_vector", v, l2Lambda, l2, l2Backward, _mlir_ciface_l2_vector_forward,
                      _mlir_ciface_l2_vector_gradient);
  return report.finish();
}
