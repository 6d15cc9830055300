// windows_harness.cpp — drives windows-vs-reference.mlir's compiled conv2d (im2col · dense · reshape) and pools against the Eigen reference.
#include "finite_differences.h"
#include "losses.h"
#include "memref.h"
#include "windows.h"

using namespace ref;

template <int N> using F32 = MemRef<float, N>;

extern "C" {
struct ConvGradient {
  F32<0> loss;
  F32<2> dx, dw;
  F32<1> db;
};
struct ConvNoBiasGradient {
  F32<0> loss;
  F32<2> dx, dw;
};
void _mlir_ciface_conv_same_forward(F32<2> *y, F32<2> *x, F32<2> *w, F32<1> *b);
void _mlir_ciface_conv_same_gradient(ConvGradient *r, F32<2> *x, F32<2> *w, F32<1> *b, F32<2> *t, F32<1> *s);
void _mlir_ciface_conv_valid_forward(F32<2> *y, F32<2> *x, F32<2> *w);
void _mlir_ciface_conv_valid_gradient(ConvNoBiasGradient *r, F32<2> *x, F32<2> *w, F32<2> *t, F32<1> *s);
void _mlir_ciface_conv_rows_forward(F32<2> *y, F32<2> *x, F32<2> *w, F32<1> *b);
void _mlir_ciface_conv_rows_gradient(ConvGradient *r, F32<2> *x, F32<2> *w, F32<1> *b, F32<2> *t, F32<1> *s);

struct PoolGradient {
  F32<0> loss;
  F32<2> dx;
};
using PoolForward = void(F32<2> *, F32<2> *);
using PoolGradientFn = void(PoolGradient *, F32<2> *, F32<2> *, F32<1> *);
PoolForward _mlir_ciface_maxpool_same_forward, _mlir_ciface_maxpool_valid_forward,
    _mlir_ciface_avgpool_same_forward, _mlir_ciface_avgpool_valid_forward,
    _mlir_ciface_maxpool_rect_forward, _mlir_ciface_avgpool_rect_forward;
PoolGradientFn _mlir_ciface_maxpool_same_gradient, _mlir_ciface_maxpool_valid_gradient,
    _mlir_ciface_avgpool_same_gradient, _mlir_ciface_avgpool_valid_gradient,
    _mlir_ciface_maxpool_rect_gradient, _mlir_ciface_avgpool_rect_gradient;
}

namespace {

/// The convolutions' batch is static (lepton.reshape needs static shapes); the pools' is dynamic
/// and runs at another size.
constexpr int64_t kConvBatch = 3, kPoolBatch = 5;

/// The geometries of the .mlir file's attributes, from the reference's own `same`/`valid` rules.
const Window kConvSame = Window::same(7, 7, 3, 3, 3, 2, 2);     // 4x4, PT = PL = 1
const Window kConvValid = Window::valid(6, 7, 2, 2, 3, 1, 1);   // 5x5, 2x3 kernel
const Window kConvRows = Window::same(7, 6, 3, 3, 2, 2, 1);     // 4x6, PT = 1, PL = 0 (pads 1)
const Window kMaxSame = Window::same(7, 7, 3, 3, 3, 2, 2);      // overlapping, 4x4, PT = PL = 1
const Window kMaxValid = Window::valid(7, 7, 3, 2, 2, 2, 2);    // 3x3, the last image row and column unused
const Window kAvgSame = Window::same(6, 7, 2, 3, 3, 2, 2);      // 3x4, PT = 0 (pads 1), PL = 1 (pads 2)
const Window kAvgValid = Window::valid(6, 6, 3, 2, 2, 2, 2);    // 3x3
const Window kRect = Window::same(6, 5, 2, 2, 3, 2, 1);         // 3x5, PT = 0 (pads 0), PL = 1

Mat rowsOf(const double *data, int64_t rows, int64_t cols) {
  Mat m(rows, cols);
  for (int64_t i = 0; i < m.size(); ++i)
    m.data()[i] = data[i];
  return m;
}
/// The same elements as another row-major shape (lepton.reshape).
Mat reshaped(const Mat &m, int64_t rows, int64_t cols) { return rowsOf(m.data(), rows, cols); }

/// The reference against numbers derived by hand on 3x3 images 1…9 (or their negatives).
void checkKnownValues(Report &report) {
  // [h, w, c, kh, kw, sh, sw, pt, pl, oh, ow]: `same` with an even and an odd total padding.
  report.known("hand window.same", Window::same(7, 7, 3, 3, 3, 2, 2).asRow(), {7, 7, 3, 3, 3, 2, 2, 1, 1, 4, 4});
  report.known("hand window.same_odd", Window::same(6, 7, 2, 3, 3, 2, 2).asRow(), {6, 7, 2, 3, 3, 2, 2, 0, 1, 3, 4});

  // HWIO order: a 1x2x2 image (pixels (1, 2), (3, 4)), a 1x2 kernel, Cin = 2, Cout = 1, weight
  // rows (kw, ci) = 1, 10, 100, 1000, bias 0.5.
  Mat x(1, 4), w(4, 1);
  x << 1, 2, 3, 4;
  w << 1, 10, 100, 1000;
  Vec b(1);
  b << 0.5;
  report.known("hand conv2d.hwio", conv2d(Window::valid(1, 2, 2, 1, 2, 1, 1), x, w, &b), {4321.5});

  Mat nine(1, 9);
  nine << 1, 2, 3, 4, 5, 6, 7, 8, 9;
  Mat k22(4, 1);
  k22 << 1, 2, 3, 4;
  report.known("hand conv2d.valid", conv2d(Window::valid(3, 3, 1, 2, 2, 1, 1), nine, k22), {37, 47, 67, 77});
  // 3x3 kernel of ones, stride 2, `same` (PT = PL = 1): each window sees a 2x2 corner.
  Mat ones = Mat::Ones(9, 1);
  Window same3 = Window::same(3, 3, 1, 3, 3, 2, 2);
  report.known("hand conv2d.same", conv2d(same3, nine, ones), {12, 16, 24, 28});
  // Padding never wins a max (all inputs negative) and is not counted in a mean.
  report.known("hand maxpool2d.same", maxPool2d(same3, -nine), {-1, -2, -4, -5});
  report.known("hand avgpool2d.same", avgPool2d(same3, nine), {3, 4, 6, 7});
  // Ties: 2x2 windows, stride 1, over [[1 1 0] [1 1 1] [0 1 1]]; dy = 1, 2, 3, 4 goes to each
  // window's first maximum, its top-left corner (a last-maximum rule would give the bottom-right).
  Mat tied(1, 9), dy(1, 4);
  tied << 1, 1, 0, 1, 1, 1, 0, 1, 1;
  dy << 1, 2, 3, 4;
  report.known("hand maxpool2d.ties_dx", maxPool2dBackward(Window::valid(3, 3, 1, 2, 2, 1, 1), tied, dy),
               {1, 2, 0, 3, 4, 0, 0, 0, 0});
}

/// conv2d = reshape(dense(im2col(x), W, b)) at a static batch, through L = mse(conv2d(…), t, s).
void checkConv(Report &report, Random &rng, const std::string &op, const Window &g, int64_t cout,
               bool withBias) {
  Mat x = rng.matrix(kConvBatch, g.inputSize(), -1, 1);
  Mat w = rng.matrix(g.kh * g.kw * g.c, cout, -0.5, 0.5);
  Vec b = rng.vector(cout, -0.5, 0.5);
  const Vec *bias = withBias ? &b : nullptr;
  const int64_t outCols = g.oh * g.ow * cout;
  Mat t = rng.matrix(kConvBatch, outCols, -1, 1);
  Vec s = headWeights(rng, kConvBatch, outCols);

  Mat y = conv2d(g, x, w, bias);
  double loss = mse(y, t, s);
  Conv2DGrads grads = conv2dBackward(g, x, w, mseBackward(y, t, s));
  auto at = [&](const Mat &xx, const Mat &ww, const Vec *bb) { return mse(conv2d(g, xx, ww, bb), t, s); };
  checkGradient(report, op + ".dx", x, grads.dx, [&](const Mat &p) { return at(p, w, bias); });
  checkGradient(report, op + ".dw", w, grads.dw, [&](const Mat &p) { return at(x, p, bias); });
  if (withBias)
    checkGradient(report, op + ".db", b, grads.db, [&](const Vec &p) { return at(x, w, &p); });

  auto xm = operand(x), wm = operand(w), tm = operand(t);
  auto bm = operand(b), sm = operand(s);
  F32<2> yc;
  if (withBias)
    _mlir_ciface_conv_same_forward(&yc, xm.get(), wm.get(), bm.get());
  else
    _mlir_ciface_conv_valid_forward(&yc, xm.get(), wm.get());
  report.compare(op + ".y", values(yc), y);
  if (withBias) {
    ConvGradient r;
    _mlir_ciface_conv_same_gradient(&r, xm.get(), wm.get(), bm.get(), tm.get(), sm.get());
    report.compare(op + ".loss", scalar(r.loss), loss);
    report.compare(op + ".dx", values(r.dx), grads.dx);
    report.compare(op + ".dw", values(r.dw), grads.dw);
    report.compare(op + ".db", values(r.db), grads.db);
  } else {
    ConvNoBiasGradient r;
    _mlir_ciface_conv_valid_gradient(&r, xm.get(), wm.get(), tm.get(), sm.get());
    report.compare(op + ".loss", scalar(r.loss), loss);
    report.compare(op + ".dx", values(r.dx), grads.dx);
    report.compare(op + ".dw", values(r.dw), grads.dw);
  }
}

/// im2col · dense without the reshape, at a dynamic batch: its (B·OH·OW, Cout) rows are the
/// output pixels, and the mse head weighs each pixel. Runs im2col and col2im with a dynamic row
/// count and unequal kernel sides and strides.
void checkConvRows(Report &report, Random &rng) {
  const Window &g = kConvRows;
  constexpr int64_t cout = 5;
  const int64_t pixels = kPoolBatch * g.oh * g.ow;
  Mat x = rng.matrix(kPoolBatch, g.inputSize(), -1, 1);
  Mat w = rng.matrix(g.kh * g.kw * g.c, cout, -0.5, 0.5);
  Vec b = rng.vector(cout, -0.5, 0.5);
  Mat t = rng.matrix(pixels, cout, -1, 1);
  Vec s = headWeights(rng, pixels, cout);

  Mat y = reshaped(conv2d(g, x, w, &b), pixels, cout);
  double loss = mse(y, t, s);
  Mat dy = reshaped(mseBackward(y, t, s), kPoolBatch, g.oh * g.ow * cout);
  Conv2DGrads grads = conv2dBackward(g, x, w, dy);
  auto at = [&](const Mat &xx, const Mat &ww, const Vec &bb) {
    return mse(reshaped(conv2d(g, xx, ww, &bb), pixels, cout), t, s);
  };
  checkGradient(report, "conv_rows.dx", x, grads.dx, [&](const Mat &p) { return at(p, w, b); });
  checkGradient(report, "conv_rows.dw", w, grads.dw, [&](const Mat &p) { return at(x, p, b); });

  auto xm = operand(x), wm = operand(w), tm = operand(t);
  auto bm = operand(b), sm = operand(s);
  F32<2> yc;
  _mlir_ciface_conv_rows_forward(&yc, xm.get(), wm.get(), bm.get());
  report.compare("conv_rows.y", values(yc), y);
  ConvGradient r;
  _mlir_ciface_conv_rows_gradient(&r, xm.get(), wm.get(), bm.get(), tm.get(), sm.get());
  report.compare("conv_rows.loss", scalar(r.loss), loss);
  report.compare("conv_rows.dx", values(r.dx), grads.dx);
  report.compare("conv_rows.dw", values(r.dw), grads.dw);
  report.compare("conv_rows.db", values(r.db), grads.db);
}

enum class Inputs { Random, Negative, Ties };

/// x for a pool: uniform, all negative (a padding that took part as 0 would win every border
/// max), or drawn from three negative values so that most windows hold equal maxima.
Mat poolInput(Random &rng, const Window &g, Inputs kind) {
  if (kind == Inputs::Random)
    return rng.matrix(kPoolBatch, g.inputSize(), -1, 1);
  if (kind == Inputs::Negative)
    return rng.matrix(kPoolBatch, g.inputSize(), -2, -0.1);
  Mat x(kPoolBatch, g.inputSize());
  for (int64_t i = 0; i < x.size(); ++i)
    x.data()[i] = -0.5 * (1 + rng.index(3));
  return x;
}

/// L = mse(pool(x), t, s) at a dynamic batch. With ties the pool is not differentiable (central
/// differences give each tied maximum a share), so there the reference's rule is the one pinned by
/// "hand maxpool2d.ties_dx" and no difference check runs.
void checkPool(Report &report, Random &rng, const std::string &op, const Window &g, bool isMax,
               Inputs kind, PoolForward *forward, PoolGradientFn *gradient) {
  Mat x = poolInput(rng, g, kind);
  const int64_t outCols = g.oh * g.ow * g.c;
  Mat t = rng.matrix(kPoolBatch, outCols, -1, 1);
  Vec s = headWeights(rng, kPoolBatch, outCols);
  auto pool = [&](const Mat &p) { return isMax ? maxPool2d(g, p) : avgPool2d(g, p); };

  Mat y = pool(x);
  double loss = mse(y, t, s);
  Mat dy = mseBackward(y, t, s);
  Mat dx = isMax ? maxPool2dBackward(g, x, dy) : avgPool2dBackward(g, x.rows(), dy);
  if (kind != Inputs::Ties)
    checkGradient(report, op + ".dx", x, dx, [&](const Mat &p) { return mse(pool(p), t, s); });

  auto xm = operand(x), tm = operand(t);
  auto sm = operand(s);
  F32<2> yc;
  forward(&yc, xm.get());
  report.compare(op + ".y", values(yc), y);
  PoolGradient r;
  gradient(&r, xm.get(), tm.get(), sm.get());
  report.compare(op + ".loss", scalar(r.loss), loss);
  report.compare(op + ".dx", values(r.dx), dx);
}

} // namespace

int main() {
  Report report;
  Random rng(20261126);
  checkKnownValues(report);
  checkConv(report, rng, "conv_same", kConvSame, 5, /*withBias=*/true);
  checkConv(report, rng, "conv_valid", kConvValid, 4, /*withBias=*/false);
  checkConvRows(report, rng);
  checkPool(report, rng, "maxpool_same", kMaxSame, true, Inputs::Negative, _mlir_ciface_maxpool_same_forward,
            _mlir_ciface_maxpool_same_gradient);
  checkPool(report, rng, "maxpool_same.ties", kMaxSame, true, Inputs::Ties, _mlir_ciface_maxpool_same_forward,
            _mlir_ciface_maxpool_same_gradient);
  checkPool(report, rng, "maxpool_valid", kMaxValid, true, Inputs::Random, _mlir_ciface_maxpool_valid_forward,
            _mlir_ciface_maxpool_valid_gradient);
  checkPool(report, rng, "maxpool_valid.ties", kMaxValid, true, Inputs::Ties,
            _mlir_ciface_maxpool_valid_forward, _mlir_ciface_maxpool_valid_gradient);
  checkPool(report, rng, "avgpool_same", kAvgSame, false, Inputs::Random, _mlir_ciface_avgpool_same_forward,
            _mlir_ciface_avgpool_same_gradient);
  checkPool(report, rng, "avgpool_valid", kAvgValid, false, Inputs::Random, _mlir_ciface_avgpool_valid_forward,
            _mlir_ciface_avgpool_valid_gradient);
  checkPool(report, rng, "maxpool_rect", kRect, true, Inputs::Negative, _mlir_ciface_maxpool_rect_forward,
            _mlir_ciface_maxpool_rect_gradient);
  checkPool(report, rng, "avgpool_rect", kRect, false, Inputs::Random, _mlir_ciface_avgpool_rect_forward,
            _mlir_ciface_avgpool_rect_gradient);
  return report.finish();
}
