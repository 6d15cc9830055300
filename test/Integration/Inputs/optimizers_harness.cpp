// optimizers_harness.cpp — drives optimizers-vs-reference.mlir's compiled updates for four steps against the Eigen reference.
#include "memref.h"
#include "optimizers.h"

using namespace ref;

template <int N> using F32 = MemRef<float, N>;

extern "C" {
struct Two {
  F32<2> param, state;
};
struct Three {
  F32<2> param, first, second;
};
void _mlir_ciface_sgd_plain(F32<2> *r, F32<2> *p, F32<2> *g, F32<2> *v, float lr);
using SgdFn = void(Two *, F32<2> *, F32<2> *, F32<2> *, float);
SgdFn _mlir_ciface_sgd_momentum_wd, _mlir_ciface_sgd_nesterov, _mlir_ciface_sgd_nesterov_wd;
using AdamFn = void(Three *, F32<2> *, F32<2> *, F32<2> *, F32<2> *, float, int64_t);
AdamFn _mlir_ciface_adam, _mlir_ciface_adam_wd, _mlir_ciface_adamw;
void _mlir_ciface_rmsprop_plain(Two *r, F32<2> *p, F32<2> *g, F32<2> *sq, float lr);
void _mlir_ciface_rmsprop_momentum_wd(Three *r, F32<2> *p, F32<2> *g, F32<2> *sq, F32<2> *b, float lr);
}

namespace {

constexpr int64_t kRows = 13, kCols = 45, kSteps = 4;

/// The reference against torch.optim's values (PyTorch 1.13) in
/// test/Conversion/execution/optimizers.mlir: two steps from p = [0.5, −1, 2, 0] with gradients
/// g1 then g2. PyTorch computes in f32, hence the looser 1e-5.
void checkKnownValues(Report &report) {
  Mat p0(1, 4), g1(1, 4), g2(1, 4);
  p0 << 0.5, -1, 2, 0;
  g1 << 0.1, -0.2, 0.3, 1;
  g2 << -0.4, 0.5, 0.6, -1;
  const Mat zero = Mat::Zero(1, 4);
  const double lr = f32(0.1), lrSmall = f32(0.01), tol = 1e-5;
  auto sgd = [&](const SgdOptions &o, Mat &velocity) {
    Mat p = p0;
    velocity = zero;
    sgdStep(p, g1, velocity, lr, o);
    sgdStep(p, g2, velocity, lr, o);
    return p;
  };
  Mat v;
  report.known("torch sgd.param", sgd({}, v), {0.53, -1.03, 1.91, 0});
  report.known("torch sgd_momentum_wd.param", sgd({0.9, 0.01, false}, v),
               {0.51956, -1.00912, 1.87723, -0.0899});
  report.known("torch sgd_momentum_wd.velocity", v, {-0.300605, 0.30121, 0.90768, -0.101});
  report.known("torch sgd_nesterov.param", sgd({0.9, 0, true}, v), {0.5489, -1.0408, 1.8047, -0.081});
  report.known("torch sgd_nesterov.velocity", v, {-0.31, 0.32, 0.87, -0.1});

  auto adam = [&](const AdamOptions &o, Mat &m, Mat &s) {
    Mat p = p0;
    m = s = zero;
    adamStep(p, g1, m, s, lr, 1, o);
    adamStep(p, g2, m, s, lr, 2, o);
    return p;
  };
  Mat m, s;
  AdamOptions plain, coupled, decoupled;
  coupled.weightDecay = decoupled.weightDecay = 0.1;
  decoupled.decoupled = true;
  Mat p = adam(plain, m, s);
  auto known = [&](const std::string &name, const Mat &actual, std::vector<double> expected) {
    report.known(name, actual.data(), expected.data(), actual.size(), tol);
  };
  known("torch adam.param", p, {0.45595, -0.944221, 1.80348, -0.0947368});
  known("torch adam.m", m, {-0.031, 0.032, 0.087, -0.01});
  known("torch adam.v", s, {0.00016999, 0.00028996, 0.00044991, 0.001999});
  known("torch adam_wd.param", adam(coupled, m, s), {0.442934, -0.92051, 1.80129, -0.0942394});
  known("torch adamw.param", adam(decoupled, m, s), {0.447, -0.925322, 1.76468, -0.0937368});

  auto rmsprop = [&](const RmspropOptions &o, Mat &sq, Mat &buffer) {
    Mat q = p0;
    sq = buffer = zero;
    rmspropStep(q, g1, sq, buffer, lrSmall, o);
    rmspropStep(q, g2, sq, buffer, lrSmall, o);
    return q;
  };
  Mat sq, buffer;
  known("torch rmsprop.param", rmsprop({}, sq, buffer), {0.497043, -0.992912, 1.81047, -0.0291119});
  known("torch rmsprop.square_avg", sq, {0.001699, 0.002896, 0.004491, 0.0199});
  RmspropOptions momentum;
  momentum.momentum = 0.9;
  momentum.weightDecay = 0.05;
  known("torch rmsprop_momentum_wd.param", rmsprop(momentum, sq, buffer),
        {0.405039, -0.897744, 1.72322, -0.118936});
  known("torch rmsprop_momentum_wd.square_avg", sq, {0.00159869, 0.002689, 0.00641425, 0.0200002});
  known("torch rmsprop_momentum_wd.buffer", buffer, {-0.503904, -0.225627, 17.6778, 1.89362});
}

/// One optimizer state as the compiled steps see it (f32 values, fed back step after step) and
/// as the reference sees it (f64, from the same start).
struct Trajectory {
  Mat param, first, second;
};

/// Parameters start small and learning rates are large enough that four updates move them by
/// tenths: the comparison then measures the updates, not the starting values.
/// Adam and RMSprop get gradients up to 10 (their updates do not scale with the gradient) so that
/// the second-moment states, (1 − β2)·g², are of order 1 rather than under the absolute tolerance.
Trajectory start(Random &rng) {
  return {rng.matrix(kRows, kCols, -0.1, 0.1), Mat::Zero(kRows, kCols), Mat::Zero(kRows, kCols)};
}

void compareTrajectory(Report &report, const std::string &op, const Trajectory &compiled,
                       const Trajectory &reference, const char *first, const char *second) {
  auto f32Values = [](const Mat &m) { return std::vector<float>(m.data(), m.data() + m.size()); };
  report.compare(op + ".param", f32Values(compiled.param), reference.param);
  if (first)
    report.compare(op + "." + first, f32Values(compiled.first), reference.first);
  if (second)
    report.compare(op + "." + second, f32Values(compiled.second), reference.second);
}

void checkSgd(Report &report, Random &rng, const std::string &op, const SgdOptions &o, SgdFn *step) {
  const double lr = f32(0.3);
  Trajectory c = start(rng), r = c;
  for (int64_t t = 1; t <= kSteps; ++t) {
    Mat g = rng.matrix(kRows, kCols, -1, 1);
    auto pm = operand(c.param), gm = operand(g), vm = operand(c.first);
    if (step) {
      Two out;
      step(&out, pm.get(), gm.get(), vm.get(), static_cast<float>(lr));
      c.param = toMat(out.param);
      c.first = toMat(out.state);
    } else {
      F32<2> out;
      _mlir_ciface_sgd_plain(&out, pm.get(), gm.get(), vm.get(), static_cast<float>(lr));
      c.param = toMat(out);
    }
    sgdStep(r.param, g, r.first, lr, o);
  }
  compareTrajectory(report, op, c, r, step ? "velocity" : nullptr, nullptr);
}

void checkAdam(Report &report, Random &rng, const std::string &op, const AdamOptions &o, AdamFn *step) {
  const double lr = f32(0.05);
  Trajectory c = start(rng), r = c;
  for (int64_t t = 1; t <= kSteps; ++t) {
    Mat g = rng.matrix(kRows, kCols, -10, 10);
    auto pm = operand(c.param), gm = operand(g), mm = operand(c.first), vm = operand(c.second);
    Three out;
    step(&out, pm.get(), gm.get(), mm.get(), vm.get(), static_cast<float>(lr), t);
    c = {toMat(out.param), toMat(out.first), toMat(out.second)};
    adamStep(r.param, g, r.first, r.second, lr, t, o);
  }
  compareTrajectory(report, op, c, r, "m", "v");
}

void checkRmsprop(Report &report, Random &rng, const std::string &op, const RmspropOptions &o) {
  const double lr = f32(0.01);
  Trajectory c = start(rng), r = c;
  for (int64_t t = 1; t <= kSteps; ++t) {
    Mat g = rng.matrix(kRows, kCols, -10, 10);
    auto pm = operand(c.param), gm = operand(g), sm = operand(c.first), bm = operand(c.second);
    if (o.momentum > 0) {
      Three out;
      _mlir_ciface_rmsprop_momentum_wd(&out, pm.get(), gm.get(), sm.get(), bm.get(), static_cast<float>(lr));
      c = {toMat(out.param), toMat(out.first), toMat(out.second)};
    } else {
      Two out;
      _mlir_ciface_rmsprop_plain(&out, pm.get(), gm.get(), sm.get(), static_cast<float>(lr));
      c.param = toMat(out.param);
      c.first = toMat(out.state);
    }
    rmspropStep(r.param, g, r.first, r.second, lr, o);
  }
  compareTrajectory(report, op, c, r, "square_avg", o.momentum > 0 ? "buffer" : nullptr);
}

} // namespace

int main() {
  Report report;
  Random rng(5);
  checkKnownValues(report);
  // The hyperparameters match the attributes in optimizers-vs-reference.mlir.
  checkSgd(report, rng, "sgd", {}, nullptr);
  checkSgd(report, rng, "sgd_momentum_wd", {0.9, 0.01, false}, _mlir_ciface_sgd_momentum_wd);
  checkSgd(report, rng, "sgd_nesterov", {0.9, 0, true}, _mlir_ciface_sgd_nesterov);
  checkSgd(report, rng, "sgd_nesterov_wd", {0.8, 0.05, true}, _mlir_ciface_sgd_nesterov_wd);
  AdamOptions adam, adamWd, adamw;
  adamWd.beta1 = 0.8;
  adamWd.beta2 = 0.99;
  adamWd.eps = 1e-6;
  adamWd.weightDecay = 0.1;
  adamw.weightDecay = 0.1;
  adamw.decoupled = true;
  checkAdam(report, rng, "adam", adam, _mlir_ciface_adam);
  checkAdam(report, rng, "adam_wd", adamWd, _mlir_ciface_adam_wd);
  checkAdam(report, rng, "adamw", adamw, _mlir_ciface_adamw);
  RmspropOptions rmsprop, rmspropMomentum;
  rmspropMomentum.alpha = 0.9;
  rmspropMomentum.eps = 1e-6;
  rmspropMomentum.momentum = 0.9;
  rmspropMomentum.weightDecay = 0.05;
  checkRmsprop(report, rng, "rmsprop", rmsprop);
  checkRmsprop(report, rng, "rmsprop_momentum_wd", rmspropMomentum);
  return report.finish();
}
