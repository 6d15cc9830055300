// losses.h — f64 reference of the weighted losses and the l1/l2 regularisers, with their gradients.
#ifndef LEPTON_TEST_INTEGRATION_REFERENCE_LOSSES_H
#define LEPTON_TEST_INTEGRATION_REFERENCE_LOSSES_H

#include "common.h"

namespace ref {

// Every loss is Σ_b weights[b] · ℓ_b over (B, N) rows; elementwise losses average over N first.
// Gradients are with respect to the prediction (targets, labels and weights are data).

/// ℓ_b = log Σ_c exp(z_bc) − z_b,label (the log-sum-exp shifted by the row maximum).
inline double softmaxCrossEntropy(const Mat &logits, const Labels &labels, const Vec &weights) {
  double loss = 0;
  for (int64_t b = 0; b < logits.rows(); ++b) {
    double shift = logits.row(b).maxCoeff();
    double lse = shift + std::log((logits.row(b).array() - shift).exp().sum());
    loss += weights[b] * (lse - logits(b, labels[b]));
  }
  return loss;
}
/// dz_bc = weights[b] · (softmax(z_b)_c − [c = label_b]).
inline Mat softmaxCrossEntropyBackward(const Mat &logits, const Labels &labels, const Vec &weights) {
  Mat dz(logits.rows(), logits.cols());
  for (int64_t b = 0; b < logits.rows(); ++b) {
    Eigen::RowVectorXd e = (logits.row(b).array() - logits.row(b).maxCoeff()).exp().matrix();
    dz.row(b) = weights[b] * e / e.sum();
    dz(b, labels[b]) -= weights[b];
  }
  return dz;
}

/// ℓ_b = (1/N) Σ_n (pred − target)².
inline double mse(const Mat &pred, const Mat &target, const Vec &weights) {
  Vec perRow = (pred - target).array().square().rowwise().mean();
  return weights.dot(perRow);
}
inline Mat mseBackward(const Mat &pred, const Mat &target, const Vec &weights) {
  return weights.asDiagonal() * (2.0 / static_cast<double>(pred.cols()) * (pred - target));
}

/// h(d) = d²/2 for |d| ≤ δ, δ(|d| − δ/2) beyond; ℓ_b = (1/N) Σ_n h(pred − target).
inline double huber(const Mat &pred, const Mat &target, const Vec &weights, double delta) {
  Eigen::ArrayXXd d = (pred - target).array();
  Eigen::ArrayXXd h = (d.abs() <= delta).select(0.5 * d.square(), delta * (d.abs() - 0.5 * delta));
  Vec perRow = h.rowwise().mean().matrix();
  return weights.dot(perRow);
}
inline Mat huberBackward(const Mat &pred, const Mat &target, const Vec &weights, double delta) {
  Mat clamped = (pred - target).cwiseMax(-delta).cwiseMin(delta);
  return weights.asDiagonal() * (clamped / static_cast<double>(pred.cols()));
}

/// Cross-entropy of σ(x) against t, written as −t log σ(x) − (1 − t) log(1 − σ(x))
/// = t log(1 + e^{−x}) + (1 − t) log(1 + e^{x}) (not the compiler's max/abs form).
inline double binaryCrossEntropy(const Mat &logits, const Mat &target, const Vec &weights) {
  Eigen::ArrayXXd x = logits.array(), t = target.array();
  Eigen::ArrayXXd l = t * (-x).exp().log1p() + (1.0 - t) * x.exp().log1p();
  Vec perRow = l.rowwise().mean().matrix();
  return weights.dot(perRow);
}
inline Mat binaryCrossEntropyBackward(const Mat &logits, const Mat &target, const Vec &weights) {
  Eigen::ArrayXXd sigma = 1.0 / (1.0 + (-logits.array()).exp());
  Mat d = ((sigma - target.array()) / static_cast<double>(logits.cols())).matrix();
  return weights.asDiagonal() * d;
}

/// λ Σ|w| and its gradient λ sign(w).
inline double l1(const Mat &w, double lambda) { return lambda * w.array().abs().sum(); }
inline Mat l1Backward(const Mat &w, double lambda) {
  return (lambda * w.array().sign()).matrix();
}

/// λ Σ w² and its gradient 2λ w.
inline double l2(const Mat &w, double lambda) { return lambda * w.squaredNorm(); }
inline Mat l2Backward(const Mat &w, double lambda) { return 2.0 * lambda * w; }

} // namespace ref

#endif // LEPTON_TEST_INTEGRATION_REFERENCE_LOSSES_H
