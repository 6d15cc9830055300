// windows.h — f64 reference of the window ops as plain loops: conv2d (direct, not im2col), max and average pooling.
#ifndef LEPTON_TEST_INTEGRATION_REFERENCE_WINDOWS_H
#define LEPTON_TEST_INTEGRATION_REFERENCE_WINDOWS_H

#include "common.h"

#include <limits>

namespace ref {

/// An image batch is a (B, H·W·C) matrix whose rows are height-width-channel images, row-major.
/// A window at output (oh, ow) covers input rows oh·SH − PT … oh·SH − PT + KH − 1 (and columns
/// likewise); positions outside the image are padding. Written here from the language's rules,
/// not from ir/WindowGeometry.h, so that a wrong rule there disagrees with this one.
struct Window {
  int64_t h, w, c;       // image
  int64_t kh, kw;        // kernel
  int64_t sh, sw;        // stride
  int64_t pt, pl;        // top and left padding
  int64_t oh, ow;        // output size

  /// `padding: valid`: only windows that fit, no padding.
  static Window valid(int64_t h, int64_t w, int64_t c, int64_t kh, int64_t kw, int64_t sh, int64_t sw) {
    return {h, w, c, kh, kw, sh, sw, 0, 0, (h - kh) / sh + 1, (w - kw) / sw + 1};
  }
  /// `padding: same`: out = ceil(in / stride), (out − 1)·stride + kernel − in padding in all, the
  /// smaller half (floor) on top and left.
  static Window same(int64_t h, int64_t w, int64_t c, int64_t kh, int64_t kw, int64_t sh, int64_t sw) {
    int64_t oh = (h + sh - 1) / sh, ow = (w + sw - 1) / sw;
    int64_t padH = std::max<int64_t>(0, (oh - 1) * sh + kh - h);
    int64_t padW = std::max<int64_t>(0, (ow - 1) * sw + kw - w);
    return {h, w, c, kh, kw, sh, sw, padH / 2, padW / 2, oh, ow};
  }

  int64_t inputSize() const { return h * w * c; }
  /// Column of (row, col, channel) in an image row; `channels` is c for the input.
  static int64_t at(int64_t row, int64_t col, int64_t ch, int64_t width, int64_t channels) {
    return (row * width + col) * channels + ch;
  }
  bool inside(int64_t row, int64_t col) const { return row >= 0 && row < h && col >= 0 && col < w; }
  /// The image row and column of kernel offset (i, j) of the window at output (y, x).
  int64_t rowOf(int64_t y, int64_t i) const { return y * sh - pt + i; }
  int64_t colOf(int64_t x, int64_t j) const { return x * sw - pl + j; }
  /// [h, w, c, kh, kw, sh, sw, pt, pl, oh, ow], for a "known" check of the geometry rules.
  Mat asRow() const {
    Mat m(1, 11);
    m << h, w, c, kh, kw, sh, sw, pt, pl, oh, ow;
    return m;
  }
};

/// y = conv2d(x, W) (+ b), a direct convolution. x is (B, H·W·Cin); W is (KH·KW·Cin, Cout), the
/// HWIO kernel flattened (row (kh·KW + kw)·Cin + ci); b is (Cout); y is (B, OH·OW·Cout).
/// Padding contributes zero.
inline Mat conv2d(const Window &g, const Mat &x, const Mat &w, const Vec *b = nullptr) {
  const int64_t cout = w.cols();
  Mat y(x.rows(), g.oh * g.ow * cout);
  for (int64_t n = 0; n < x.rows(); ++n)
    for (int64_t oy = 0; oy < g.oh; ++oy)
      for (int64_t ox = 0; ox < g.ow; ++ox)
        for (int64_t co = 0; co < cout; ++co) {
          double sum = b ? (*b)[co] : 0.0;
          for (int64_t i = 0; i < g.kh; ++i)
            for (int64_t j = 0; j < g.kw; ++j) {
              int64_t row = g.rowOf(oy, i), col = g.colOf(ox, j);
              if (!g.inside(row, col))
                continue;
              for (int64_t ci = 0; ci < g.c; ++ci)
                sum += x(n, Window::at(row, col, ci, g.w, g.c)) * w((i * g.kw + j) * g.c + ci, co);
            }
          y(n, Window::at(oy, ox, co, g.ow, cout)) = sum;
        }
  return y;
}

struct Conv2DGrads {
  Mat dx, dw;
  Vec db;
};

/// VJP of conv2d for dy (B, OH·OW·Cout): every product x·W of the forward sends dy·W to x and
/// dy·x to W; db sums dy over the batch and the output positions.
inline Conv2DGrads conv2dBackward(const Window &g, const Mat &x, const Mat &w, const Mat &dy) {
  const int64_t cout = w.cols();
  Conv2DGrads r{Mat::Zero(x.rows(), x.cols()), Mat::Zero(w.rows(), w.cols()), Vec::Zero(cout)};
  for (int64_t n = 0; n < x.rows(); ++n)
    for (int64_t oy = 0; oy < g.oh; ++oy)
      for (int64_t ox = 0; ox < g.ow; ++ox)
        for (int64_t co = 0; co < cout; ++co) {
          double d = dy(n, Window::at(oy, ox, co, g.ow, cout));
          r.db[co] += d;
          for (int64_t i = 0; i < g.kh; ++i)
            for (int64_t j = 0; j < g.kw; ++j) {
              int64_t row = g.rowOf(oy, i), col = g.colOf(ox, j);
              if (!g.inside(row, col))
                continue;
              for (int64_t ci = 0; ci < g.c; ++ci) {
                int64_t xi = Window::at(row, col, ci, g.w, g.c), wi = (i * g.kw + j) * g.c + ci;
                r.dx(n, xi) += d * w(wi, co);
                r.dw(wi, co) += d * x(n, xi);
              }
            }
        }
  return r;
}

/// y = max over each window's in-image positions, per channel: (B, H·W·C) -> (B, OH·OW·C).
inline Mat maxPool2d(const Window &g, const Mat &x) {
  Mat y(x.rows(), g.oh * g.ow * g.c);
  for (int64_t n = 0; n < x.rows(); ++n)
    for (int64_t oy = 0; oy < g.oh; ++oy)
      for (int64_t ox = 0; ox < g.ow; ++ox)
        for (int64_t ch = 0; ch < g.c; ++ch) {
          double best = -std::numeric_limits<double>::infinity();
          for (int64_t i = 0; i < g.kh; ++i)
            for (int64_t j = 0; j < g.kw; ++j) {
              int64_t row = g.rowOf(oy, i), col = g.colOf(ox, j);
              if (g.inside(row, col))
                best = std::max(best, x(n, Window::at(row, col, ch, g.w, g.c)));
            }
          y(n, Window::at(oy, ox, ch, g.ow, g.c)) = best;
        }
  return y;
}

/// VJP of maxPool2d: each window's dy goes to its FIRST maximum in (kh, kw) row-major order (a
/// later equal value does not take it: strict >, as PyTorch), and overlapping windows add.
inline Mat maxPool2dBackward(const Window &g, const Mat &x, const Mat &dy) {
  Mat dx = Mat::Zero(x.rows(), x.cols());
  for (int64_t n = 0; n < x.rows(); ++n)
    for (int64_t oy = 0; oy < g.oh; ++oy)
      for (int64_t ox = 0; ox < g.ow; ++ox)
        for (int64_t ch = 0; ch < g.c; ++ch) {
          double best = -std::numeric_limits<double>::infinity();
          int64_t bestAt = -1;
          for (int64_t i = 0; i < g.kh; ++i)
            for (int64_t j = 0; j < g.kw; ++j) {
              int64_t row = g.rowOf(oy, i), col = g.colOf(ox, j);
              if (!g.inside(row, col))
                continue;
              int64_t xi = Window::at(row, col, ch, g.w, g.c);
              if (x(n, xi) > best)
                best = x(n, xi), bestAt = xi;
            }
          dx(n, bestAt) += dy(n, Window::at(oy, ox, ch, g.ow, g.c));
        }
  return dx;
}

/// Positions of the window at output (oy, ox) that lie inside the image (padding not counted).
inline int64_t inImageCount(const Window &g, int64_t oy, int64_t ox) {
  int64_t count = 0;
  for (int64_t i = 0; i < g.kh; ++i)
    for (int64_t j = 0; j < g.kw; ++j)
      count += g.inside(g.rowOf(oy, i), g.colOf(ox, j));
  return count;
}

/// y = mean over each window's in-image positions (PyTorch's count_include_pad=False).
inline Mat avgPool2d(const Window &g, const Mat &x) {
  Mat y(x.rows(), g.oh * g.ow * g.c);
  for (int64_t n = 0; n < x.rows(); ++n)
    for (int64_t oy = 0; oy < g.oh; ++oy)
      for (int64_t ox = 0; ox < g.ow; ++ox)
        for (int64_t ch = 0; ch < g.c; ++ch) {
          double sum = 0;
          for (int64_t i = 0; i < g.kh; ++i)
            for (int64_t j = 0; j < g.kw; ++j) {
              int64_t row = g.rowOf(oy, i), col = g.colOf(ox, j);
              if (g.inside(row, col))
                sum += x(n, Window::at(row, col, ch, g.w, g.c));
            }
          y(n, Window::at(oy, ox, ch, g.ow, g.c)) = sum / static_cast<double>(inImageCount(g, oy, ox));
        }
  return y;
}

/// VJP of avgPool2d: each window's dy / count to every in-image position it covers.
inline Mat avgPool2dBackward(const Window &g, int64_t batch, const Mat &dy) {
  Mat dx = Mat::Zero(batch, g.inputSize());
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t oy = 0; oy < g.oh; ++oy)
      for (int64_t ox = 0; ox < g.ow; ++ox) {
        double share = 1.0 / static_cast<double>(inImageCount(g, oy, ox));
        for (int64_t ch = 0; ch < g.c; ++ch)
          for (int64_t i = 0; i < g.kh; ++i)
            for (int64_t j = 0; j < g.kw; ++j) {
              int64_t row = g.rowOf(oy, i), col = g.colOf(ox, j);
              if (g.inside(row, col))
                dx(n, Window::at(row, col, ch, g.w, g.c)) += dy(n, Window::at(oy, ox, ch, g.ow, g.c)) * share;
            }
      }
  return dx;
}

} // namespace ref

#endif // LEPTON_TEST_INTEGRATION_REFERENCE_WINDOWS_H
