// REQUIRES: avx2
// The vpmaddubsw kernels of int8-matmul-execution.mlir run on this CPU: 8 lanes (AVX2) give the exact sums of the
// scalar loops for every size and byte value there — A = 0…255 against B = -128…127, the products whose i16 pair
// sums would saturate without the split of A into its low seven bits and its top bit. The 16-lane (AVX-512 BW)
// run is in int8-matmul-maddubs512-execution.mlir.
// Mutations seen failing: the top bit's weight 1 instead of 128 (every product with A > 127 differs); A not split
// (one vpmaddubsw of the whole bytes: the saturated pair sums differ).
// RUN: lepton-opt %S/int8-matmul-execution.mlir --lepton-lower-to-llvm="vector-width=8 int8-dot=maddubs" \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %S/int8-matmul-execution.mlir
