// REQUIRES: avx512-vnni
// The VNNI kernels of int8-matmul-execution.mlir run on this CPU (AVX-512 VNNI + VL): 16 and 8 lanes of vpdpbusd
// give the exact sums of the scalar loops for every size and byte value there.
// RUN: lepton-opt %S/int8-matmul-execution.mlir --lepton-lower-to-llvm="vector-width=16 int8-dot=vnni" \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %S/int8-matmul-execution.mlir
// RUN: lepton-opt %S/int8-matmul-execution.mlir --lepton-lower-to-llvm="vector-width=8 int8-dot=vnni" \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %S/int8-matmul-execution.mlir
