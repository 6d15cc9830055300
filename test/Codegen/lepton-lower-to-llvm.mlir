// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=16 matmul-rows=4" | FileCheck %s \
// RUN:   --implicit-check-not='{{(^|[ (])(linalg|tensor|memref|scf|vector|arith|bufferization|lepton)\.[a-z_]+}}' \
// RUN:   --implicit-check-not=@malloc --implicit-check-not=llvm.inttoptr
// The named pipeline takes linalg on tensors (what convert-lepton-to-linalg produces) all the way
// to the LLVM dialect: bufferized, the matmul as vector FMAs, the bias + ReLU as loops. No op of
// another dialect is left anywhere in the output (the implicit NOTs cover the whole file; plain
// CHECK-NOTs after the label covered only the text before the first FMA).
// Mutation run: an `scf.for` line appended to the output after the last `llvm.return` fails the
// check (the old CHECK-NOTs passed it).

// Heap buffers come from aligned_alloc, never from malloc plus an aligning inttoptr: LLVM's alias
// analysis loses track of a pointer that went through an integer, and then left im2col's row copies
// scalar (mutation seen failing: the pipeline's use-aligned-alloc option off).
// CHECK-LABEL: llvm.func @dense_relu(
// CHECK: llvm.call @aligned_alloc(
// CHECK: llvm.intr.fmuladd{{.*}}vector<16xf32>
// CHECK: llvm.return
#bias_map = affine_map<(i, j) -> (j)>
#id = affine_map<(i, j) -> (i, j)>
func.func @dense_relu(%x: tensor<8x32xf32>, %w: tensor<32x48xf32>, %b: tensor<48xf32>) -> tensor<8x48xf32> {
  %init = tensor.empty() : tensor<8x48xf32>
  %biased = linalg.generic {indexing_maps = [#bias_map, #id], iterator_types = ["parallel", "parallel"]}
      ins(%b : tensor<48xf32>) outs(%init : tensor<8x48xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<8x48xf32>
  %y = linalg.matmul ins(%x, %w : tensor<8x32xf32>, tensor<32x48xf32>) outs(%biased : tensor<8x48xf32>) -> tensor<8x48xf32>
  %zero = arith.constant 0.0 : f32
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%y : tensor<8x48xf32>) outs(%init : tensor<8x48xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<8x48xf32>
  return %r : tensor<8x48xf32>
}
