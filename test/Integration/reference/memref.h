// memref.h — calling leptonc's generated code from C++: memref descriptors in, f32 values out.
#ifndef LEPTON_TEST_INTEGRATION_REFERENCE_MEMREF_H
#define LEPTON_TEST_INTEGRATION_REFERENCE_MEMREF_H

#include "common.h"

#include <array>
#include <utility>

namespace ref {

/// The descriptor of a rank-N memref as MLIR's C interface (`llvm.emit_c_interface`) passes it:
/// the layout of StridedMemRefType in mlir/ExecutionEngine/CRunnerUtils.h, kept here so the
/// harnesses need no MLIR headers. Functions take pointers to these; results come back through
/// a first out-pointer (a struct of descriptors when there are several).
template <typename T, int N>
struct MemRef {
  T *allocated;
  T *aligned;
  int64_t offset;
  int64_t sizes[N];
  int64_t strides[N];
};
template <typename T>
struct MemRef<T, 0> {
  T *allocated;
  T *aligned;
  int64_t offset;
};

/// Caller-owned row-major storage for one argument of generated code, with its descriptor.
/// Not copyable: the descriptor points into the storage.
template <typename T, int N>
class Operand {
public:
  Operand(std::vector<T> values, std::array<int64_t, N> sizes) : storage(std::move(values)) {
    desc.allocated = desc.aligned = storage.data();
    desc.offset = 0;
    if constexpr (N > 0) {
      int64_t stride = 1;
      for (int d = N - 1; d >= 0; --d) {
        desc.sizes[d] = sizes[d];
        desc.strides[d] = stride;
        stride *= sizes[d];
      }
    }
  }
  Operand(const Operand &) = delete;
  Operand &operator=(const Operand &) = delete;

  MemRef<T, N> *get() { return &desc; }

private:
  std::vector<T> storage;
  MemRef<T, N> desc;
};

/// f32 copies of reference values (already f32-exact when they come from ref::Random).
inline std::vector<float> toF32(const double *data, int64_t n) {
  return std::vector<float>(data, data + n);
}
inline Operand<float, 2> operand(const Mat &m) {
  return Operand<float, 2>(toF32(m.data(), m.size()), {m.rows(), m.cols()});
}
inline Operand<float, 1> operand(const Vec &v) {
  return Operand<float, 1>(toF32(v.data(), v.size()), {v.size()});
}
inline Operand<int32_t, 1> operand(const Labels &l) {
  return Operand<int32_t, 1>(l, {static_cast<int64_t>(l.size())});
}

/// The elements of a descriptor the generated code returned, in row-major order, whatever its
/// offset and strides.
template <int N>
std::vector<float> values(const MemRef<float, N> &m) {
  if constexpr (N == 0) {
    return {m.aligned[m.offset]};
  } else {
    int64_t count = 1;
    for (int d = 0; d < N; ++d)
      count *= m.sizes[d];
    std::vector<float> out;
    out.reserve(count);
    std::array<int64_t, N> index{};
    for (int64_t i = 0; i < count; ++i) {
      int64_t at = m.offset;
      for (int d = 0; d < N; ++d)
        at += index[d] * m.strides[d];
      out.push_back(m.aligned[at]);
      for (int d = N - 1; d >= 0 && ++index[d] == m.sizes[d]; --d)
        index[d] = 0;
    }
    return out;
  }
}
inline float scalar(const MemRef<float, 0> &m) { return m.aligned[m.offset]; }

/// Back to an f64 matrix, e.g. to feed one compiled step's output into the next.
inline Mat toMat(const MemRef<float, 2> &m) {
  std::vector<float> v = values(m);
  Mat out(m.sizes[0], m.sizes[1]);
  for (int64_t i = 0; i < out.size(); ++i)
    out.data()[i] = v[i];
  return out;
}

} // namespace ref

#endif // LEPTON_TEST_INTEGRATION_REFERENCE_MEMREF_H
