// RUN: lepton-opt %s --lepton-fuse-elementwise | FileCheck %s
// RUN: lepton-opt %s --linalg-fuse-elementwise-ops | FileCheck %s --check-prefix=UPSTREAM
//
// A convolution after lowering: patches from a 6-D gather, collapsed to a matrix, times a 4-D
// weight viewed as a matrix, then bias + relu. The matmul must stay a named 2-D matmul (the
// register-blocked kernel needs one); upstream's linalg-fuse-elementwise-ops expands it
// through the reshapes into a 6-D linalg.generic instead (checked below, so this test notices
// if upstream changes). The elementwise tail (add, relu) still fuses into one generic.

#id2 = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
#id6 = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>

// CHECK-LABEL: func.func @conv
// CHECK: linalg.generic
// CHECK: tensor.collapse_shape
// CHECK-SAME: into tensor<32x9xf32>
// CHECK: tensor.collapse_shape
// CHECK-SAME: into tensor<9x4xf32>
// CHECK: linalg.matmul ins({{.*}} : tensor<32x9xf32>, tensor<9x4xf32>)
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["parallel", "parallel"]
// CHECK: arith.addf
// CHECK: arith.maximumf
// CHECK-NOT: linalg.generic
// CHECK: return
// UPSTREAM-LABEL: func.func @conv
// UPSTREAM-NOT: linalg.matmul
// UPSTREAM: return
func.func @conv(%x: tensor<2x5x5x1xf32>, %w: tensor<3x3x1x4xf32>, %b: tensor<4xf32>) -> tensor<32x4xf32> {
  %e = tensor.empty() : tensor<2x4x4x3x3x1xf32>
  %p6 = linalg.generic {indexing_maps = [#id6], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} outs(%e : tensor<2x4x4x3x3x1xf32>) {
  ^bb0(%out: f32):
    %i0 = linalg.index 0 : index
    %i1 = linalg.index 1 : index
    %i2 = linalg.index 2 : index
    %i3 = linalg.index 3 : index
    %i4 = linalg.index 4 : index
    %i5 = linalg.index 5 : index
    %h = arith.addi %i1, %i3 : index
    %ww = arith.addi %i2, %i4 : index
    %c1 = arith.constant 1 : index
    %hh = arith.subi %h, %c1 : index
    %v = tensor.extract %x[%i0, %h, %ww, %i5] : tensor<2x5x5x1xf32>
    linalg.yield %v : f32
  } -> tensor<2x4x4x3x3x1xf32>
  %p = tensor.collapse_shape %p6 [[0, 1, 2], [3, 4, 5]] : tensor<2x4x4x3x3x1xf32> into tensor<32x9xf32>
  %w2 = tensor.collapse_shape %w [[0, 1, 2], [3]] : tensor<3x3x1x4xf32> into tensor<9x4xf32>
  %zero = arith.constant 0.0 : f32
  %e2 = tensor.empty() : tensor<32x4xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%e2 : tensor<32x4xf32>) -> tensor<32x4xf32>
  %mm = linalg.matmul ins(%p, %w2 : tensor<32x9xf32>, tensor<9x4xf32>) outs(%acc : tensor<32x4xf32>) -> tensor<32x4xf32>
  %e3 = tensor.empty() : tensor<32x4xf32>
  %biased = linalg.generic {indexing_maps = [#id2, #row, #id2], iterator_types = ["parallel", "parallel"]} ins(%mm, %b : tensor<32x4xf32>, tensor<4xf32>) outs(%e3 : tensor<32x4xf32>) {
  ^bb0(%m: f32, %bb: f32, %out: f32):
    %s = arith.addf %m, %bb : f32
    linalg.yield %s : f32
  } -> tensor<32x4xf32>
  %e4 = tensor.empty() : tensor<32x4xf32>
  %relu = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%biased : tensor<32x4xf32>) outs(%e4 : tensor<32x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  } -> tensor<32x4xf32>
  return %relu : tensor<32x4xf32>
}
