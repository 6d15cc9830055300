// Int8Layout.h — the packed layout of int8 weights, shared by the int8 ops, their lowering and the int8 kernel.
#ifndef LEPTON_IR_INT8LAYOUT_H
#define LEPTON_IR_INT8LAYOUT_H

#include "llvm/ADT/SmallVector.h"

#include <cstdint>

namespace lepton {

/// Quantized weights W[k, n] (K × N, s8) are stored as P[k / 4][4 · n + k % 4]: for each quad of k, the
/// four bytes of a column side by side, exactly the operand vpdpbusd multiplies with four bytes of an
/// activation row, so the kernel loads a register of w columns with one plain 4w-byte load and never packs
/// at run time. K is padded with zero rows to a multiple of 4 and N with zero columns to a multiple of
/// kInt8PackColumns (so every 16-lane load stays inside a row).
inline constexpr int64_t kInt8PackColumns = 16;

inline llvm::SmallVector<int64_t, 2> int8PackedShape(int64_t k, int64_t n) {
  int64_t paddedN = (n + kInt8PackColumns - 1) / kInt8PackColumns * kInt8PackColumns;
  return {(k + 3) / 4, 4 * paddedN};
}

} // namespace lepton

#endif // LEPTON_IR_INT8LAYOUT_H
