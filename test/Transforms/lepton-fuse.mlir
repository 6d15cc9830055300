// RUN: lepton-opt %s -split-input-file --lepton-fuse | FileCheck %s
// lepton-fuse: activation gradients read the activation's output, then activations fold into the dense layer
// (or convolution, a dense layer over patches) that feeds them.
// Mutations seen failing: the one-use check dropped (@shared_preactivation folds), the alpha > 0 check of the
// gradient rewrite dropped (@leaky_negative_slope's grad reads y), the fuse = "off" check dropped (@off).

// The backward pass of dense + relu: relu_grad reads y, after which the pre-activation has one reader and the
// relu folds into the dense op (bias included: it is the matmul's accumulator).
// CHECK-LABEL: func.func @dense_relu_backward(
// CHECK-SAME:    %[[X:[^:]*]]: tensor<?x4xf32>, %[[W:[^:]*]]: tensor<4x8xf32>, %[[B:[^:]*]]: tensor<8xf32>, %[[DY:[^:]*]]: tensor<?x8xf32>
// CHECK-NEXT:    %[[Y:.*]] = lepton.dense %[[X]], %[[W]], %[[B]] {activation = "relu"}
// CHECK-NEXT:    %[[DZ:.*]] = lepton.relu_grad %[[Y]], %[[DY]]
// CHECK-NEXT:    return %[[Y]], %[[DZ]]
func.func @dense_relu_backward(%x: tensor<?x4xf32>, %w: tensor<4x8xf32>, %b: tensor<8xf32>, %dy: tensor<?x8xf32>)
    -> (tensor<?x8xf32>, tensor<?x8xf32>) {
  %z = lepton.dense %x, %w, %b : (tensor<?x4xf32>, tensor<4x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %y = lepton.relu %z : tensor<?x8xf32>
  %dz = lepton.relu_grad %z, %dy : tensor<?x8xf32>
  return %y, %dz : tensor<?x8xf32>, tensor<?x8xf32>
}

// -----

// Sigmoid and tanh gradients already read y: the activation folds as soon as z has no other reader.
// CHECK-LABEL: func.func @dense_sigmoid_tanh(
// CHECK:         %[[H:.*]] = lepton.dense %arg0, %arg1 {activation = "sigmoid"}
// CHECK-NEXT:    %[[O:.*]] = lepton.dense %[[H]], %arg2 {activation = "tanh"}
// CHECK-NEXT:    lepton.sigmoid_grad %[[H]]
// CHECK-NOT:     lepton.sigmoid
// CHECK-NOT:     lepton.tanh
func.func @dense_sigmoid_tanh(%x: tensor<2x4xf32>, %w: tensor<4x8xf32>, %v: tensor<8x3xf32>, %dh: tensor<2x8xf32>)
    -> (tensor<2x3xf32>, tensor<2x8xf32>) {
  %z = lepton.dense %x, %w : (tensor<2x4xf32>, tensor<4x8xf32>) -> tensor<2x8xf32>
  %h = lepton.sigmoid %z : tensor<2x8xf32>
  %u = lepton.dense %h, %v : (tensor<2x8xf32>, tensor<8x3xf32>) -> tensor<2x3xf32>
  %o = lepton.tanh %u : tensor<2x3xf32>
  %dz = lepton.sigmoid_grad %h, %dh : tensor<2x8xf32>
  return %o, %dz : tensor<2x3xf32>, tensor<2x8xf32>
}

// -----

// Leaky ReLU with alpha > 0: y > 0 exactly where z > 0, so both rewrites apply and keep alpha.
// CHECK-LABEL: func.func @leaky_positive_slope(
// CHECK:         %[[Y:.*]] = lepton.dense %arg0, %arg1 {activation = "leaky_relu", alpha = 2.000000e-01 : f32}
// CHECK-NEXT:    lepton.leaky_relu_grad %[[Y]], %arg2 {alpha = 2.000000e-01 : f32}
func.func @leaky_positive_slope(%x: tensor<2x4xf32>, %w: tensor<4x8xf32>, %dy: tensor<2x8xf32>)
    -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %z = lepton.dense %x, %w : (tensor<2x4xf32>, tensor<4x8xf32>) -> tensor<2x8xf32>
  %y = lepton.leaky_relu %z {alpha = 0.2 : f32} : tensor<2x8xf32>
  %dz = lepton.leaky_relu_grad %z, %dy {alpha = 0.2 : f32} : tensor<2x8xf32>
  return %y, %dz : tensor<2x8xf32>, tensor<2x8xf32>
}

// -----

// A negative slope makes y > 0 where z < 0: the gradient keeps reading z, so z keeps two readers and nothing
// folds.
// CHECK-LABEL: func.func @leaky_negative_slope(
// CHECK:         %[[Z:.*]] = lepton.dense %arg0, %arg1 :
// CHECK-NEXT:    lepton.leaky_relu %[[Z]] {alpha = -5.000000e-01 : f32}
// CHECK-NEXT:    lepton.leaky_relu_grad %[[Z]], %arg2
func.func @leaky_negative_slope(%x: tensor<2x4xf32>, %w: tensor<4x8xf32>, %dy: tensor<2x8xf32>)
    -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %z = lepton.dense %x, %w : (tensor<2x4xf32>, tensor<4x8xf32>) -> tensor<2x8xf32>
  %y = lepton.leaky_relu %z {alpha = -0.5 : f32} : tensor<2x8xf32>
  %dz = lepton.leaky_relu_grad %z, %dy {alpha = -0.5 : f32} : tensor<2x8xf32>
  return %y, %dz : tensor<2x8xf32>, tensor<2x8xf32>
}

// -----

// A pre-activation that is also returned (or read by anything else) stays a plain dense layer.
// CHECK-LABEL: func.func @shared_preactivation(
// CHECK:         %[[Z:.*]] = lepton.dense %arg0, %arg1 :
// CHECK-NEXT:    %[[Y:.*]] = lepton.relu %[[Z]]
// CHECK-NEXT:    return %[[Z]], %[[Y]]
func.func @shared_preactivation(%x: tensor<2x4xf32>, %w: tensor<4x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %z = lepton.dense %x, %w : (tensor<2x4xf32>, tensor<4x8xf32>) -> tensor<2x8xf32>
  %y = lepton.relu %z : tensor<2x8xf32>
  return %z, %y : tensor<2x8xf32>, tensor<2x8xf32>
}

// -----

// A dense layer that already has an activation takes no second one.
// CHECK-LABEL: func.func @already_fused(
// CHECK:         %[[Y:.*]] = lepton.dense %arg0, %arg1 {activation = "tanh"}
// CHECK-NEXT:    lepton.relu %[[Y]]
func.func @already_fused(%x: tensor<2x4xf32>, %w: tensor<4x8xf32>) -> tensor<2x8xf32> {
  %y = lepton.dense %x, %w {activation = "tanh"} : (tensor<2x4xf32>, tensor<4x8xf32>) -> tensor<2x8xf32>
  %r = lepton.relu %y : tensor<2x8xf32>
  return %r : tensor<2x8xf32>
}

// -----

// `fuse: off` in the target (and leptonc -O0) mark the module: nothing changes.
// CHECK-LABEL: module attributes {lepton.fuse = "off"}
// CHECK:         %[[Z:.*]] = lepton.dense %arg0, %arg1, %arg2 :
// CHECK-NEXT:    lepton.relu %[[Z]]
// CHECK-NEXT:    lepton.relu_grad %[[Z]], %arg3
module attributes {lepton.fuse = "off"} {
  func.func @off(%x: tensor<?x4xf32>, %w: tensor<4x8xf32>, %b: tensor<8xf32>, %dy: tensor<?x8xf32>)
      -> (tensor<?x8xf32>, tensor<?x8xf32>) {
    %z = lepton.dense %x, %w, %b : (tensor<?x4xf32>, tensor<4x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    %y = lepton.relu %z : tensor<?x8xf32>
    %dz = lepton.relu_grad %z, %dy : tensor<?x8xf32>
    return %y, %dz : tensor<?x8xf32>, tensor<?x8xf32>
  }
}
