// REQUIRES: avx512bw
// The 16-lane (AVX-512 BW) vpmaddubsw kernels of int8-matmul-execution.mlir on this CPU: the exact sums of the
// scalar loops for every size and byte value there (see int8-matmul-maddubs-execution.mlir).
// RUN: lepton-opt %S/int8-matmul-execution.mlir --lepton-lower-to-llvm="vector-width=16 int8-dot=maddubs" \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %S/int8-matmul-execution.mlir
