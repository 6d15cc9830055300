// optimizers.h — f64 reference of one torch.optim step: SGD (momentum, Nesterov, weight decay), Adam/AdamW, RMSprop.
#ifndef LEPTON_TEST_INTEGRATION_REFERENCE_OPTIMIZERS_H
#define LEPTON_TEST_INTEGRATION_REFERENCE_OPTIMIZERS_H

#include "common.h"

namespace ref {

// Transcriptions of PyTorch 1.13's torch/optim/{sgd,adam,adamw,rmsprop}.py single-tensor paths,
// in double precision. `lr` is the f32 operand's value; state starts at zero.

struct SgdOptions {
  double momentum = 0, weightDecay = 0;
  bool nesterov = false;
};

/// torch.optim.SGD (dampening 0). Without momentum the velocity is left as it is.
inline void sgdStep(Mat &param, const Mat &grad, Mat &velocity, double lr, const SgdOptions &o) {
  Mat g = grad + o.weightDecay * param;
  if (o.momentum != 0) {
    velocity = o.momentum * velocity + g;
    g = o.nesterov ? Mat(g + o.momentum * velocity) : velocity;
  }
  param -= lr * g;
}

struct AdamOptions {
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0;
  bool decoupled = false; // AdamW
};

/// torch.optim.Adam (weight decay added to the gradient) or AdamW (decoupled: the parameter
/// shrinks by lr·wd first); `step` is 1-based.
inline void adamStep(Mat &param, const Mat &grad, Mat &m, Mat &v, double lr, int64_t step,
                     const AdamOptions &o) {
  Mat g = grad;
  if (o.decoupled)
    param *= 1 - lr * o.weightDecay;
  else
    g += o.weightDecay * param;
  m = o.beta1 * m + (1 - o.beta1) * g;
  v = o.beta2 * v + (1 - o.beta2) * g.cwiseProduct(g);
  double biasCorrection1 = 1 - std::pow(o.beta1, static_cast<double>(step));
  double biasCorrection2 = 1 - std::pow(o.beta2, static_cast<double>(step));
  Eigen::ArrayXXd denom = v.array().sqrt() / std::sqrt(biasCorrection2) + o.eps;
  param -= ((lr / biasCorrection1) * m.array() / denom).matrix();
}

struct RmspropOptions {
  double alpha = 0.99, eps = 1e-8, momentum = 0, weightDecay = 0;
};

/// torch.optim.RMSprop, not centred; `buffer` is the momentum buffer (used when momentum > 0).
inline void rmspropStep(Mat &param, const Mat &grad, Mat &squareAvg, Mat &buffer, double lr,
                        const RmspropOptions &o) {
  Mat g = grad + o.weightDecay * param;
  squareAvg = o.alpha * squareAvg + (1 - o.alpha) * g.cwiseProduct(g);
  Eigen::ArrayXXd avg = squareAvg.array().sqrt() + o.eps;
  if (o.momentum > 0) {
    buffer = (o.momentum * buffer.array() + g.array() / avg).matrix();
    param -= lr * buffer;
  } else {
    param -= (lr * g.array() / avg).matrix();
  }
}

} // namespace ref

#endif // LEPTON_TEST_INTEGRATION_REFERENCE_OPTIMIZERS_H
