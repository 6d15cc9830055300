// layers.h — f64 reference of the layer ops: dense, matmul, dropout (forward and VJP).
#ifndef LEPTON_TEST_INTEGRATION_REFERENCE_LAYERS_H
#define LEPTON_TEST_INTEGRATION_REFERENCE_LAYERS_H

#include "common.h"

namespace ref {

/// y = x·W (+ b). x is (B, in), W is (in, out) input-major, b is (out); y is (B, out).
inline Mat dense(const Mat &x, const Mat &w, const Vec *b = nullptr) {
  Mat y = product(x, w);
  if (b)
    y.rowwise() += b->transpose();
  return y;
}

struct DenseGrads {
  Mat dx, dw;
  Vec db;
};

/// VJP of dense for the output cotangent dy (B, out): dx = dy·Wᵀ, dW = xᵀ·dy, db = Σ_batch dy.
inline DenseGrads denseBackward(const Mat &x, const Mat &w, const Mat &dy) {
  return {product(dy, transposed(w)), product(transposed(x), dy), dy.colwise().sum().transpose()};
}

/// op(a)·op(b), op = optional transpose.
inline Mat matmul(const Mat &a, const Mat &b, bool transposeA, bool transposeB) {
  return product(transposeA ? transposed(a) : a, transposeB ? transposed(b) : b);
}

struct MatmulGrads {
  Mat da, db;
};

/// VJP of matmul: d op(a) = dc·op(b)ᵀ and d op(b) = op(a)ᵀ·dc, transposed back where the operand was.
inline MatmulGrads matmulBackward(const Mat &a, const Mat &b, bool transposeA, bool transposeB,
                                  const Mat &dc) {
  Mat opA = transposeA ? transposed(a) : a;
  Mat opB = transposeB ? transposed(b) : b;
  Mat dOpA = product(dc, transposed(opB));
  Mat dOpB = product(transposed(opA), dc);
  return {transposeA ? transposed(dOpA) : dOpA, transposeB ? transposed(dOpB) : dOpB};
}

/// SplitMix64's finaliser (Steele, Lea, Flood 2014), as lepton.dropout documents it.
inline uint64_t splitMix64Finalise(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// The documented dropout multiplier of every element of a (rows, cols) tensor: the hash of
/// key + (flat index + 1)·0x9E3779B97F4A7C15, top 24 bits as u in [0, 1); kept (× 1/(1 − rate))
/// when u ≥ rate, else 0. `rate` is the op's f32 attribute.
inline Mat dropoutMultiplier(int64_t rows, int64_t cols, uint64_t key, float rate) {
  Mat m(rows, cols);
  double scale = 1.0 / (1.0 - static_cast<double>(rate));
  for (int64_t i = 0; i < m.size(); ++i) {
    uint64_t hash = splitMix64Finalise(key + static_cast<uint64_t>(i + 1) * 0x9E3779B97F4A7C15ull);
    double u = static_cast<double>(hash >> 40) * 0x1p-24;
    m.data()[i] = u >= static_cast<double>(rate) ? scale : 0.0;
  }
  return m;
}

/// Inverted dropout: y = x ⊙ multiplier; the mask does not depend on x, so dx = dy ⊙ multiplier.
inline Mat dropout(const Mat &x, uint64_t key, float rate) {
  return x.cwiseProduct(dropoutMultiplier(x.rows(), x.cols(), key, rate));
}
inline Mat dropoutBackward(const Mat &dy, uint64_t key, float rate) { return dropout(dy, key, rate); }

} // namespace ref

#endif // LEPTON_TEST_INTEGRATION_REFERENCE_LAYERS_H
