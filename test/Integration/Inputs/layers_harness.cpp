// layers_harness.cpp — drives layers-vs-reference.mlir's compiled dense/matmul/dropout against the Eigen reference.
#include "finite_differences.h"
#include "layers.h"
#include "losses.h"
#include "memref.h"

using namespace ref;

template <int N> using F32 = MemRef<float, N>;

extern "C" {
void _mlir_ciface_dense_forward(F32<2> *y, F32<2> *x, F32<2> *w, F32<1> *b);
void _mlir_ciface_dense_nobias_forward(F32<2> *y, F32<2> *x, F32<2> *w);
struct DenseGradient {
  F32<0> loss;
  F32<2> dx, dw;
  F32<1> db;
};
void _mlir_ciface_dense_gradient(DenseGradient *r, F32<2> *x, F32<2> *w, F32<1> *b, F32<2> *t, F32<1> *s);
struct DenseNoBiasGradient {
  F32<0> loss;
  F32<2> dx, dw;
};
void _mlir_ciface_dense_nobias_gradient(DenseNoBiasGradient *r, F32<2> *x, F32<2> *w, F32<2> *t, F32<1> *s);

struct MatmulGradient {
  F32<0> loss;
  F32<2> da, db;
};
using MatmulForward = void(F32<2> *, F32<2> *, F32<2> *);
using MatmulGradientFn = void(MatmulGradient *, F32<2> *, F32<2> *, F32<2> *, F32<1> *);
MatmulForward _mlir_ciface_matmul_nn_forward, _mlir_ciface_matmul_nt_forward,
    _mlir_ciface_matmul_tn_forward, _mlir_ciface_matmul_tt_forward;
MatmulGradientFn _mlir_ciface_matmul_nn_gradient, _mlir_ciface_matmul_nt_gradient,
    _mlir_ciface_matmul_tn_gradient, _mlir_ciface_matmul_tt_gradient;

void _mlir_ciface_dropout_forward(F32<2> *y, F32<2> *x, int64_t key);
struct DropoutGradient {
  F32<0> loss;
  F32<2> dx;
};
void _mlir_ciface_dropout_gradient(DropoutGradient *r, F32<2> *x, int64_t key, F32<2> *t, F32<1> *s);
}

namespace {

constexpr int64_t kBatch = 19, kIn = 37, kOut = 45;

/// The reference's own numbers against values it must reproduce: PyTorch's x @ w + b from
/// test/Conversion/execution/layers.mlir, and the documented dropout mask there (key 42, rate
/// 0.5: of 8 elements only 0, 5 and 7 are kept).
void checkKnownValues(Report &report) {
  Mat x(2, 3), w(3, 2);
  x << 1, 2, 3, -1, 0.5, 2;
  w << 0.5, -1, 2, 0.25, -0.5, 1.5;
  Vec b(2);
  b << 0.1, -0.2;
  report.known("torch dense.y", dense(x, w, &b), {3.1, 3.8, -0.4, 3.925});
  report.known("documented dropout.mask", dropoutMultiplier(2, 4, 42, 0.5f), {2, 0, 0, 0, 0, 2, 0, 2});
}

void checkDense(Report &report, Random &rng, bool withBias) {
  const std::string op = withBias ? "dense" : "dense_nobias";
  Mat x = rng.matrix(kBatch, kIn, -1, 1), w = rng.matrix(kIn, kOut, -0.5, 0.5);
  Vec b = rng.vector(kOut, -0.5, 0.5);
  Mat t = rng.matrix(kBatch, kOut, -1, 1);
  Vec s = headWeights(rng, kBatch, kOut);
  const Vec *bias = withBias ? &b : nullptr;

  // Reference: L = mse(dense(x, W, b), t, s), backward through the head then the layer.
  Mat y = dense(x, w, bias);
  double loss = mse(y, t, s);
  DenseGrads g = denseBackward(x, w, mseBackward(y, t, s));
  auto at = [&](const Mat &xx, const Mat &ww, const Vec *bb) { return mse(dense(xx, ww, bb), t, s); };
  checkGradient(report, op + ".dx", x, g.dx, [&](const Mat &p) { return at(p, w, bias); });
  checkGradient(report, op + ".dw", w, g.dw, [&](const Mat &p) { return at(x, p, bias); });
  if (withBias)
    checkGradient(report, op + ".db", b, g.db, [&](const Vec &p) { return at(x, w, &p); });

  auto xm = operand(x), wm = operand(w), tm = operand(t);
  auto bm = operand(b);
  auto sm = operand(s);
  F32<2> yc;
  if (withBias)
    _mlir_ciface_dense_forward(&yc, xm.get(), wm.get(), bm.get());
  else
    _mlir_ciface_dense_nobias_forward(&yc, xm.get(), wm.get());
  report.compare(op + ".y", values(yc), y);
  if (withBias) {
    DenseGradient r;
    _mlir_ciface_dense_gradient(&r, xm.get(), wm.get(), bm.get(), tm.get(), sm.get());
    report.compare(op + ".loss", scalar(r.loss), loss);
    report.compare(op + ".dx", values(r.dx), g.dx);
    report.compare(op + ".dw", values(r.dw), g.dw);
    report.compare(op + ".db", values(r.db), g.db);
  } else {
    DenseNoBiasGradient r;
    _mlir_ciface_dense_nobias_gradient(&r, xm.get(), wm.get(), tm.get(), sm.get());
    report.compare(op + ".loss", scalar(r.loss), loss);
    report.compare(op + ".dx", values(r.dx), g.dx);
    report.compare(op + ".dw", values(r.dw), g.dw);
  }
}

/// The same compiled dense at other batch sizes: one row (no full 8-row block), exactly one block,
/// and 64 rows (eight blocks, a trainer's batch). The reference's gradient was checked by finite
/// differences above; here only the compiled code's row blocking changes.
void checkDenseBatchSizes(Report &report, Random &rng) {
  for (int64_t batch : {1, 8, 64}) {
    const std::string op = "dense.batch" + std::to_string(batch);
    Mat x = rng.matrix(batch, kIn, -1, 1), w = rng.matrix(kIn, kOut, -0.5, 0.5);
    Mat t = rng.matrix(batch, kOut, -1, 1);
    Vec b = rng.vector(kOut, -0.5, 0.5), s = headWeights(rng, batch, kOut);
    Mat y = dense(x, w, &b);
    DenseGrads g = denseBackward(x, w, mseBackward(y, t, s));

    auto xm = operand(x), wm = operand(w), tm = operand(t);
    auto bm = operand(b), sm = operand(s);
    F32<2> yc;
    _mlir_ciface_dense_forward(&yc, xm.get(), wm.get(), bm.get());
    report.compare(op + ".y", values(yc), y);
    DenseGradient r;
    _mlir_ciface_dense_gradient(&r, xm.get(), wm.get(), bm.get(), tm.get(), sm.get());
    report.compare(op + ".loss", scalar(r.loss), mse(y, t, s));
    report.compare(op + ".dx", values(r.dx), g.dx);
    report.compare(op + ".dw", values(r.dw), g.dw);
    report.compare(op + ".db", values(r.db), g.db);
  }
}

/// op(a) is (19, 13) and op(b) is (13, 21); a and b are stored transposed where the flag says.
void checkMatmul(Report &report, Random &rng, bool ta, bool tb, MatmulForward *forward,
                 MatmulGradientFn *gradient) {
  const std::string op = std::string("matmul_") + (ta ? "t" : "n") + (tb ? "t" : "n");
  constexpr int64_t m = kBatch, k = 13, n = 21;
  Mat a = ta ? rng.matrix(k, m, -1, 1) : rng.matrix(m, k, -1, 1);
  Mat b = tb ? rng.matrix(n, k, -1, 1) : rng.matrix(k, n, -1, 1);
  Mat t = rng.matrix(m, n, -1, 1);
  Vec s = headWeights(rng, m, n);

  Mat c = matmul(a, b, ta, tb);
  double loss = mse(c, t, s);
  MatmulGrads g = matmulBackward(a, b, ta, tb, mseBackward(c, t, s));
  checkGradient(report, op + ".da", a, g.da, [&](const Mat &p) { return mse(matmul(p, b, ta, tb), t, s); });
  checkGradient(report, op + ".db", b, g.db, [&](const Mat &p) { return mse(matmul(a, p, ta, tb), t, s); });

  auto am = operand(a), bm = operand(b), tm = operand(t);
  auto sm = operand(s);
  F32<2> cc;
  forward(&cc, am.get(), bm.get());
  report.compare(op + ".y", values(cc), c);
  MatmulGradient r;
  gradient(&r, am.get(), bm.get(), tm.get(), sm.get());
  report.compare(op + ".loss", scalar(r.loss), loss);
  report.compare(op + ".da", values(r.da), g.da);
  report.compare(op + ".db", values(r.db), g.db);
}

void checkDropout(Report &report, Random &rng) {
  constexpr float rate = 0.3f;
  // Keys with high bits set: the hash must use the full 64-bit key.
  constexpr uint64_t key = 0x9E3779B97F4A7C15ull ^ 0x0123456789ABCDEFull, otherKey = 7;
  Mat x = rng.matrix(kBatch, kOut, -1, 1), t = rng.matrix(kBatch, kOut, -1, 1);
  Vec s = headWeights(rng, kBatch, kOut);

  Mat y = dropout(x, key, rate);
  double loss = mse(y, t, s);
  Mat dx = dropoutBackward(mseBackward(y, t, s), key, rate);
  checkGradient(report, "dropout.dx", x, dx, [&](const Mat &p) { return mse(dropout(p, key, rate), t, s); });

  auto xm = operand(x), tm = operand(t);
  auto sm = operand(s);
  F32<2> yc, yo;
  _mlir_ciface_dropout_forward(&yc, xm.get(), static_cast<int64_t>(key));
  report.compare("dropout.y", values(yc), y);
  _mlir_ciface_dropout_forward(&yo, xm.get(), static_cast<int64_t>(otherKey));
  report.compare("dropout.y_other_key", values(yo), dropout(x, otherKey, rate));
  DropoutGradient r;
  _mlir_ciface_dropout_gradient(&r, xm.get(), static_cast<int64_t>(key), tm.get(), sm.get());
  report.compare("dropout.loss", scalar(r.loss), loss);
  report.compare("dropout.dx", values(r.dx), dx);
}

} // namespace

int main() {
  Report report;
  Random rng(20261123);
  checkKnownValues(report);
  checkDense(report, rng, /*withBias=*/true);
  checkDense(report, rng, /*withBias=*/false);
  checkDenseBatchSizes(report, rng);
  checkMatmul(report, rng, false, false, _mlir_ciface_matmul_nn_forward, _mlir_ciface_matmul_nn_gradient);
  checkMatmul(report, rng, false, true, _mlir_ciface_matmul_nt_forward, _mlir_ciface_matmul_nt_gradient);
  checkMatmul(report, rng, true, false, _mlir_ciface_matmul_tn_forward, _mlir_ciface_matmul_tn_gradient);
  checkMatmul(report, rng, true, true, _mlir_ciface_matmul_tt_forward, _mlir_ciface_matmul_tt_gradient);
  checkDropout(report, rng);
  return report.finish();
}
