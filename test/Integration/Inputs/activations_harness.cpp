// activations_harness.cpp — drives activations-vs-reference.mlir's compiled activations against the Eigen reference.
#include "activations.h"
#include "finite_differences.h"
#include "losses.h"
#include "memref.h"

#include <functional>

using namespace ref;

template <int N> using F32 = MemRef<float, N>;

extern "C" {
struct ActivationGradient {
  F32<0> loss;
  F32<2> dx;
};
using Forward = void(F32<2> *, F32<2> *);
using Gradient = void(ActivationGradient *, F32<2> *, F32<2> *, F32<1> *);
Forward _mlir_ciface_relu_forward, _mlir_ciface_sigmoid_forward, _mlir_ciface_tanh_forward,
    _mlir_ciface_leaky_relu_forward, _mlir_ciface_leaky_relu_default_forward,
    _mlir_ciface_softmax_forward;
Gradient _mlir_ciface_relu_gradient, _mlir_ciface_sigmoid_gradient, _mlir_ciface_tanh_gradient,
    _mlir_ciface_leaky_relu_gradient, _mlir_ciface_leaky_relu_default_gradient,
    _mlir_ciface_softmax_gradient;
}

namespace {

using Fn = std::function<Mat(const Mat &)>;
using Vjp = std::function<Mat(const Mat &, const Mat &)>;

constexpr int64_t kBatch = 19, kFeatures = 45;

/// The reference against PyTorch 1.13's values in test/Conversion/execution/activations.mlir:
/// x = [[1, -2, 3], [0.5, 0.25, -1]], dy = [[1, 2, 3], [-1, 0.5, 2]], leaky slope 0.1.
void checkKnownValues(Report &report) {
  Mat x(2, 3), dy(2, 3);
  x << 1, -2, 3, 0.5, 0.25, -1;
  dy << 1, 2, 3, -1, 0.5, 2;
  report.known("torch relu.dx", reluBackward(x, dy), {1, 0, 3, -1, 0.5, 0});
  report.known("torch sigmoid.y", sigmoid(x),
               {0.731059, 0.119203, 0.952574, 0.622459, 0.562177, 0.268941});
  report.known("torch sigmoid.dx", sigmoidBackward(x, dy),
               {0.196612, 0.209987, 0.13553, -0.235004, 0.123067, 0.393224});
  report.known("torch tanh.y", tanh(x), {0.761594, -0.964028, 0.995055, 0.462117, 0.244919, -0.761594});
  report.known("torch tanh.dx", tanhBackward(x, dy),
               {0.419974, 0.141302, 0.029598, -0.786448, 0.470007, 0.839949});
  report.known("torch leaky_relu.y", leakyRelu(x, 0.1), {1, -0.2, 3, 0.5, 0.25, -0.1});
  report.known("torch leaky_relu.dx", leakyReluBackward(x, dy, 0.1), {1, 0.2, 3, -1, 0.5, 0.2});
  report.known("torch softmax.y", softmax(x), {0.1185, 0.00589975, 0.875601, 0.499518, 0.389025, 0.111457});
  report.known("torch softmax.dx", softmaxBackward(x, dy),
               {-0.208216, -0.00446671, 0.212683, -0.458512, 0.226448, 0.232065});
}

/// One activation: reference forward/VJP checked by finite differences, then the compiled
/// forward and lepton.grad of L = mse(f(x), t, s) against the reference.
void check(Report &report, Random &rng, const std::string &op, const Fn &f, const Vjp &vjp,
           Forward *forward, Gradient *gradient) {
  // Off the kinks of relu and leaky_relu at 0 by at least 1e-2 (f32 and f64 agree on every sign).
  Mat x = rng.matrixAwayFromZero(kBatch, kFeatures, 1e-2, 4);
  Mat t = rng.matrix(kBatch, kFeatures, -1, 1);
  Vec s = headWeights(rng, kBatch, kFeatures);

  Mat y = f(x);
  double loss = mse(y, t, s);
  Mat dx = vjp(x, mseBackward(y, t, s));
  checkGradient(report, op + ".dx", x, dx, [&](const Mat &p) { return mse(f(p), t, s); });

  auto xm = operand(x), tm = operand(t);
  auto sm = operand(s);
  F32<2> yc;
  forward(&yc, xm.get());
  report.compare(op + ".y", values(yc), y);
  ActivationGradient r;
  gradient(&r, xm.get(), tm.get(), sm.get());
  report.compare(op + ".loss", scalar(r.loss), loss);
  report.compare(op + ".dx", values(r.dx), dx);
}

} // namespace

int main() {
  Report report;
  Random rng(1123);
  checkKnownValues(report);
  check(report, rng, "relu", relu, reluBackward, _mlir_ciface_relu_forward, _mlir_ciface_relu_gradient);
  check(report, rng, "sigmoid", sigmoid, sigmoidBackward, _mlir_ciface_sigmoid_forward,
        _mlir_ciface_sigmoid_gradient);
  check(report, rng, "tanh", ref::tanh, tanhBackward, _mlir_ciface_tanh_forward, _mlir_ciface_tanh_gradient);
  // alpha is an f32 attribute: 0.2f and the default 0.01f as the compiled code sees them.
  const double alpha = f32(0.2), defaultAlpha = f32(0.01);
  check(report, rng, "leaky_relu", [&](const Mat &x) { return leakyRelu(x, alpha); },
        [&](const Mat &x, const Mat &dy) { return leakyReluBackward(x, dy, alpha); },
        _mlir_ciface_leaky_relu_forward, _mlir_ciface_leaky_relu_gradient);
  check(report, rng, "leaky_relu_default", [&](const Mat &x) { return leakyRelu(x, defaultAlpha); },
        [&](const Mat &x, const Mat &dy) { return leakyReluBackward(x, dy, defaultAlpha); },
        _mlir_ciface_leaky_relu_default_forward, _mlir_ciface_leaky_relu_default_gradient);
  check(report, rng, "softmax", softmax, softmaxBackward, _mlir_ciface_softmax_forward,
        _mlir_ciface_softmax_gradient);
  return report.finish();
}
