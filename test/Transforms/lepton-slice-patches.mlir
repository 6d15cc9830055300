// RUN: lepton-opt %s -split-input-file --lepton-slice-patches=slice-bytes=2400 | FileCheck %s
// lepton-slice-patches: a convolution's patch matrix (here 8 images of 6×6×2, 3×3 windows: 16 rows of 18
// floats, 1,152 bytes, per image) larger than twice the budget is made and used per slice of images: the
// most images that divide the batch and fit 2,400 bytes (2). The forward dense layer writes its rows slice by
// slice, the weight gradient adds slice after slice onto zeros (im2col again per slice) and so does the bias
// gradient of the same dy, in the same loop, and col2im of dy·Wᵀ runs per slice. The forward and col2im
// loops write disjoint slices, the gradient loop sums (marked so for lepton-parallelize). Matrices within twice the budget, patches read by anything else, dynamic batches and
// patch gradients read twice are left whole.

// CHECK-LABEL: func.func @convolution(
// CHECK-SAME:    %[[X:[^:]*]]: tensor<8x72xf32>, %[[W:[^:]*]]: tensor<18x4xf32>, %[[B:[^:]*]]: tensor<4xf32>, %[[DY:[^:]*]]: tensor<128x4xf32>
// CHECK-NOT:     lepton.im2col %[[X]]
// CHECK:         %[[YE:.*]] = tensor.empty() : tensor<128x4xf32>
// CHECK:         %[[Y:.*]] = scf.for %[[I:.*]] = %{{[^ ]+}} to %[[C8:[^ ]+]] step %[[C2:[^ ]+]] iter_args(%[[YA:.*]] = %[[YE]]) -> (tensor<128x4xf32>) {
// CHECK-NEXT:      %[[C16:.*]] = arith.constant 16 : index
// CHECK-NEXT:      %[[R:.*]] = arith.muli %[[I]], %[[C16]] : index
// CHECK-NEXT:      %[[XS:.*]] = tensor.extract_slice %[[X]][%[[I]], 0] [2, 72] [1, 1] : tensor<8x72xf32> to tensor<2x72xf32>
// CHECK-NEXT:      %[[PS:.*]] = lepton.im2col %[[XS]] {{.*}} : (tensor<2x72xf32>) -> tensor<32x18xf32>
// CHECK-NEXT:      %[[YS:.*]] = lepton.dense %[[PS]], %[[W]], %[[B]] {activation = "relu"} : (tensor<32x18xf32>, tensor<18x4xf32>, tensor<4xf32>) -> tensor<32x4xf32>
// CHECK-NEXT:      %[[YN:.*]] = tensor.insert_slice %[[YS]] into %[[YA]][%[[R]], 0] [32, 4] [1, 1] : tensor<32x4xf32> into tensor<128x4xf32>
// CHECK-NEXT:      scf.yield %[[YN]]
// CHECK-NEXT:    } {lepton.independent_slices}
// CHECK:         %[[ZERO:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<18x4xf32>)
// CHECK:         %[[ZEROB:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<4xf32>)
// CHECK:         %[[DW:.*]]:2 = scf.for %[[J:.*]] = %{{[^ ]+}} to %{{[^ ]+}} step %{{[^ ]+}} iter_args(%[[DWA:.*]] = %[[ZERO]], %[[DBA:.*]] = %[[ZEROB]]) -> (tensor<18x4xf32>, tensor<4xf32>) {
// CHECK-NEXT:      %[[XS2:.*]] = tensor.extract_slice %[[X]][%[[J]], 0] [2, 72] [1, 1]
// CHECK-NEXT:      %[[PS2:.*]] = lepton.im2col %[[XS2]] {{.*}} : (tensor<2x72xf32>) -> tensor<32x18xf32>
// CHECK:           %[[R2:.*]] = arith.muli %[[J]], %{{.*}} : index
// CHECK-NEXT:      %[[DYS:.*]] = tensor.extract_slice %[[DY]][%[[R2]], 0] [32, 4] [1, 1] : tensor<128x4xf32> to tensor<32x4xf32>
// CHECK-NEXT:      %[[DWN:.*]] = lepton.matmul %[[PS2]], %[[DYS]] acc %[[DWA]] {transpose_a = true} : (tensor<32x18xf32>, tensor<32x4xf32>, tensor<18x4xf32>) -> tensor<18x4xf32>
// CHECK-NEXT:      %[[DBN:.*]] = lepton.reduce_batch %[[DYS]] acc %[[DBA]] : (tensor<32x4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:      scf.yield %[[DWN]], %[[DBN]]
// CHECK-NEXT:    } {lepton.summed_slices}
// CHECK:         %[[DXE:.*]] = tensor.empty() : tensor<8x72xf32>
// CHECK:         %[[DX:.*]] = scf.for %[[K:.*]] = %{{[^ ]+}} to %{{[^ ]+}} step %{{[^ ]+}} iter_args(%[[DXA:.*]] = %[[DXE]]) -> (tensor<8x72xf32>) {
// CHECK:           %[[R3:.*]] = arith.muli %[[K]], %{{.*}} : index
// CHECK-NEXT:      %[[DYS3:.*]] = tensor.extract_slice %[[DY]][%[[R3]], 0] [32, 4] [1, 1]
// CHECK-NEXT:      %[[DPS:.*]] = lepton.matmul %[[DYS3]], %[[W]] {transpose_b = true} : (tensor<32x4xf32>, tensor<18x4xf32>) -> tensor<32x18xf32>
// CHECK-NEXT:      %[[DXS:.*]] = lepton.col2im %[[DPS]] {{.*}} : (tensor<32x18xf32>) -> tensor<2x72xf32>
// CHECK-NEXT:      %[[DXN:.*]] = tensor.insert_slice %[[DXS]] into %[[DXA]][%[[K]], 0] [2, 72] [1, 1] : tensor<2x72xf32> into tensor<8x72xf32>
// CHECK-NEXT:      scf.yield %[[DXN]]
// CHECK-NEXT:    } {lepton.independent_slices}
// CHECK:         return %[[Y]], %[[DW]]#0, %[[DW]]#1, %[[DX]]
func.func @convolution(%x: tensor<8x72xf32>, %w: tensor<18x4xf32>, %b: tensor<4xf32>, %dy: tensor<128x4xf32>)
    -> (tensor<128x4xf32>, tensor<18x4xf32>, tensor<4xf32>, tensor<8x72xf32>) {
  %p = lepton.im2col %x {image = array<i64: 6, 6, 2>, window = array<i64: 3, 3, 1, 1, 0, 0, 4, 4>} : (tensor<8x72xf32>) -> tensor<128x18xf32>
  %y = lepton.dense %p, %w, %b {activation = "relu"} : (tensor<128x18xf32>, tensor<18x4xf32>, tensor<4xf32>) -> tensor<128x4xf32>
  %dw = lepton.matmul %p, %dy {transpose_a = true} : (tensor<128x18xf32>, tensor<128x4xf32>) -> tensor<18x4xf32>
  %db = lepton.reduce_batch %dy : (tensor<128x4xf32>) -> tensor<4xf32>
  %dp = lepton.matmul %dy, %w {transpose_b = true} : (tensor<128x4xf32>, tensor<18x4xf32>) -> tensor<128x18xf32>
  %dx = lepton.col2im %dp {image = array<i64: 6, 6, 2>, window = array<i64: 3, 3, 1, 1, 0, 0, 4, 4>} : (tensor<128x18xf32>) -> tensor<8x72xf32>
  return %y, %dw, %db, %dx : tensor<128x4xf32>, tensor<18x4xf32>, tensor<4xf32>, tensor<8x72xf32>
}

// -----

// Five images (5,760 bytes): 5 has no divisor but 1 below itself, so a slice is one image.
// CHECK-LABEL: func.func @one_image_per_slice(
// CHECK:         %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT:    scf.for %{{[^ ]+}} = %{{[^ ]+}} to %{{[^ ]+}} step %[[C1]] iter_args
// CHECK:           lepton.im2col %{{.*}} : (tensor<1x72xf32>) -> tensor<16x18xf32>
func.func @one_image_per_slice(%x: tensor<5x72xf32>, %w: tensor<18x4xf32>) -> tensor<80x4xf32> {
  %p = lepton.im2col %x {image = array<i64: 6, 6, 2>, window = array<i64: 3, 3, 1, 1, 0, 0, 4, 4>} : (tensor<5x72xf32>) -> tensor<80x18xf32>
  %y = lepton.dense %p, %w : (tensor<80x18xf32>, tensor<18x4xf32>) -> tensor<80x4xf32>
  return %y : tensor<80x4xf32>
}

// -----

// Four images: 4,608 bytes, within twice the budget.
// CHECK-LABEL: func.func @small(
// CHECK-NOT:     scf.for
// CHECK:         lepton.im2col %{{.*}} : (tensor<4x72xf32>) -> tensor<64x18xf32>
func.func @small(%x: tensor<4x72xf32>, %w: tensor<18x4xf32>) -> tensor<64x4xf32> {
  %p = lepton.im2col %x {image = array<i64: 6, 6, 2>, window = array<i64: 3, 3, 1, 1, 0, 0, 4, 4>} : (tensor<4x72xf32>) -> tensor<64x18xf32>
  %y = lepton.dense %p, %w : (tensor<64x18xf32>, tensor<18x4xf32>) -> tensor<64x4xf32>
  return %y : tensor<64x4xf32>
}

// -----

// The patches are also returned: the whole matrix is needed, nothing is sliced.
// CHECK-LABEL: func.func @patches_returned(
// CHECK-NOT:     scf.for
// CHECK:         lepton.im2col %{{.*}} : (tensor<8x72xf32>) -> tensor<128x18xf32>
func.func @patches_returned(%x: tensor<8x72xf32>, %w: tensor<18x4xf32>) -> (tensor<128x4xf32>, tensor<128x18xf32>) {
  %p = lepton.im2col %x {image = array<i64: 6, 6, 2>, window = array<i64: 3, 3, 1, 1, 0, 0, 4, 4>} : (tensor<8x72xf32>) -> tensor<128x18xf32>
  %y = lepton.dense %p, %w : (tensor<128x18xf32>, tensor<18x4xf32>) -> tensor<128x4xf32>
  return %y, %p : tensor<128x4xf32>, tensor<128x18xf32>
}

// -----

// A dynamic batch is left whole.
// CHECK-LABEL: func.func @dynamic_batch(
// CHECK-NOT:     scf.for
// CHECK:         lepton.im2col %{{.*}} : (tensor<?x72xf32>) -> tensor<?x18xf32>
func.func @dynamic_batch(%x: tensor<?x72xf32>, %w: tensor<18x4xf32>) -> tensor<?x4xf32> {
  %p = lepton.im2col %x {image = array<i64: 6, 6, 2>, window = array<i64: 3, 3, 1, 1, 0, 0, 4, 4>} : (tensor<?x72xf32>) -> tensor<?x18xf32>
  %y = lepton.dense %p, %w : (tensor<?x18xf32>, tensor<18x4xf32>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

// The patch gradient is read by col2im and returned: left whole.
// CHECK-LABEL: func.func @patch_gradient_read_twice(
// CHECK-NOT:     scf.for
// CHECK:         lepton.col2im %{{.*}} : (tensor<128x18xf32>) -> tensor<8x72xf32>
func.func @patch_gradient_read_twice(%dy: tensor<128x4xf32>, %w: tensor<18x4xf32>) -> (tensor<8x72xf32>, tensor<128x18xf32>) {
  %dp = lepton.matmul %dy, %w {transpose_b = true} : (tensor<128x4xf32>, tensor<18x4xf32>) -> tensor<128x18xf32>
  %dx = lepton.col2im %dp {image = array<i64: 6, 6, 2>, window = array<i64: 3, 3, 1, 1, 0, 0, 4, 4>} : (tensor<128x18xf32>) -> tensor<8x72xf32>
  return %dx, %dp : tensor<8x72xf32>, tensor<128x18xf32>
}
