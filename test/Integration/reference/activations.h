// activations.h — f64 reference of relu, sigmoid, tanh, leaky_relu, softmax and their VJPs.
#ifndef LEPTON_TEST_INTEGRATION_REFERENCE_ACTIVATIONS_H
#define LEPTON_TEST_INTEGRATION_REFERENCE_ACTIVATIONS_H

#include "common.h"

namespace ref {

// Each VJP takes the forward input x and the output cotangent dy and returns dx, derived from
// the textbook derivative rather than from the compiler's saved-value formulas.

inline Mat relu(const Mat &x) { return x.cwiseMax(0.0); }
inline Mat reluBackward(const Mat &x, const Mat &dy) {
  return dy.array() * (x.array() > 0).cast<double>();
}

inline Mat sigmoid(const Mat &x) { return (1.0 / (1.0 + (-x.array()).exp())).matrix(); }
/// σ'(x) = e^{-x} / (1 + e^{-x})².
inline Mat sigmoidBackward(const Mat &x, const Mat &dy) {
  Eigen::ArrayXXd e = (-x.array()).exp();
  return (dy.array() * e / (1.0 + e).square()).matrix();
}

inline Mat tanh(const Mat &x) { return x.array().tanh().matrix(); }
/// tanh'(x) = 1 / cosh²(x).
inline Mat tanhBackward(const Mat &x, const Mat &dy) {
  return (dy.array() / x.array().cosh().square()).matrix();
}

/// `alpha` is the op's f32 attribute (default 0.01).
inline Mat leakyRelu(const Mat &x, double alpha) {
  return (x.array() > 0).select(x.array(), alpha * x.array()).matrix();
}
inline Mat leakyReluBackward(const Mat &x, const Mat &dy, double alpha) {
  return (x.array() > 0).select(dy.array(), alpha * dy.array()).matrix();
}

/// Softmax over the last dimension, each row shifted by its maximum first.
inline Mat softmax(const Mat &x) {
  Mat y(x.rows(), x.cols());
  for (int64_t r = 0; r < x.rows(); ++r) {
    Eigen::RowVectorXd e = (x.row(r).array() - x.row(r).maxCoeff()).exp().matrix();
    y.row(r) = e / e.sum();
  }
  return y;
}
/// With J = diag(y) − y yᵀ per row: dx = Jᵀ dy, i.e. the row dx_r = dy_r · J, built explicitly
/// from the Jacobian.
inline Mat softmaxBackward(const Mat &x, const Mat &dy) {
  Mat y = softmax(x);
  Mat dx(x.rows(), x.cols());
  for (int64_t r = 0; r < x.rows(); ++r) {
    Mat yRow = y.row(r);
    Mat jacobian = Mat(yRow.row(0).asDiagonal()) - product(transposed(yRow), yRow);
    dx.row(r) = product(dy.row(r), jacobian);
  }
  return dx;
}

} // namespace ref

#endif // LEPTON_TEST_INTEGRATION_REFERENCE_ACTIVATIONS_H
