// RUN: lepton-opt %s --lepton-gradients-in-place | FileCheck %s
// lepton-gradients-in-place: a gradient inserted into lepton-fuse's flat gradient vector is computed in it — its
// empty init becomes a reshaped slice of the flat tensor, which moves to the function's entry. A gradient with
// another reader, or inserted into something else than a chain rooted at a static tensor.empty, is left alone.
// Mutation seen failing: the one-use check on the gradient dropped (@read_elsewhere rewritten).
// CHECK-LABEL: func.func @two_gradients(
// CHECK-NEXT:    %[[FLAT:.*]] = tensor.empty() : tensor<40xf32>
// CHECK:         %[[S1:.*]] = tensor.extract_slice %[[FLAT]][0] [32] [1] : tensor<40xf32> to tensor<32xf32>
// CHECK-NEXT:    %[[E1:.*]] = tensor.expand_shape %[[S1]] {{\[\[}}0, 1]] output_shape [4, 8] : tensor<32xf32> into tensor<4x8xf32>
// CHECK-NEXT:    %[[F1:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E1]] : tensor<4x8xf32>)
// CHECK-NEXT:    %[[G1:.*]] = linalg.matmul ins(%arg0, %arg1 : tensor<4x2xf32>, tensor<2x8xf32>) outs(%[[F1]] : tensor<4x8xf32>)
// CHECK:         %[[S2:.*]] = tensor.extract_slice %[[FLAT]][32] [8] [1] : tensor<40xf32> to tensor<8xf32>
// CHECK-NEXT:    linalg.fill ins(%{{.*}} : f32) outs(%[[S2]] : tensor<8xf32>)
// CHECK-NOT:     tensor.empty
// CHECK:         tensor.insert_slice
// CHECK-LABEL: func.func @read_elsewhere(
// CHECK:         tensor.empty() : tensor<4x8xf32>
func.func @two_gradients(%a: tensor<4x2xf32>, %b: tensor<2x8xf32>, %c: tensor<8xf32>) -> tensor<40xf32> {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<4x8xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<4x8xf32>) -> tensor<4x8xf32>
  %g1 = linalg.matmul ins(%a, %b : tensor<4x2xf32>, tensor<2x8xf32>) outs(%f1 : tensor<4x8xf32>) -> tensor<4x8xf32>
  %e2 = tensor.empty() : tensor<8xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<8xf32>) -> tensor<8xf32>
  %g2 = linalg.add ins(%c, %c : tensor<8xf32>, tensor<8xf32>) outs(%f2 : tensor<8xf32>) -> tensor<8xf32>
  %flat = tensor.empty() : tensor<40xf32>
  %c1 = tensor.collapse_shape %g1 [[0, 1]] : tensor<4x8xf32> into tensor<32xf32>
  %i1 = tensor.insert_slice %c1 into %flat[0] [32] [1] : tensor<32xf32> into tensor<40xf32>
  %i2 = tensor.insert_slice %g2 into %i1[32] [8] [1] : tensor<8xf32> into tensor<40xf32>
  return %i2 : tensor<40xf32>
}
func.func @read_elsewhere(%a: tensor<4x2xf32>, %b: tensor<2x8xf32>) -> (tensor<32xf32>, tensor<4x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<4x8xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<4x8xf32>) -> tensor<4x8xf32>
  %g1 = linalg.matmul ins(%a, %b : tensor<4x2xf32>, tensor<2x8xf32>) outs(%f1 : tensor<4x8xf32>) -> tensor<4x8xf32>
  %flat = tensor.empty() : tensor<32xf32>
  %c1 = tensor.collapse_shape %g1 [[0, 1]] : tensor<4x8xf32> into tensor<32xf32>
  %i1 = tensor.insert_slice %c1 into %flat[0] [32] [1] : tensor<32xf32> into tensor<32xf32>
  return %i1, %g1 : tensor<32xf32>, tensor<4x8xf32>
}
