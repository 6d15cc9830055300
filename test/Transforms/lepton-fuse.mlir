// RUN: lepton-opt %s -split-input-file --lepton-fuse | FileCheck %s
// RUN: lepton-opt %s -split-input-file --lepton-fuse="skip=activations,optimizer" | FileCheck %s --check-prefix=SKIP
// RUN: not lepton-opt %s -split-input-file --lepton-fuse="skip=loops" 2>&1 | FileCheck %s --check-prefix=BADSKIP
// BADSKIP: lepton-fuse: unknown rewrite 'loops' to skip; the rewrites are activations, batchnorm and optimizer
// lepton-fuse: activation gradients read the activation's output, then activations fold into the dense layer
// (or convolution, a dense layer over patches) that feeds them; a train step's optimizer updates become one.
// Mutations seen failing: the one-use check dropped (@shared_preactivation folds), the alpha > 0 check of the
// gradient rewrite dropped (@leaky_negative_slope's grad reads y), the fuse = "off" check dropped (@off), the
// block-coverage check dropped (@sgd_not_fused fuses), the readers-before check dropped (@sgd_read_after fuses).

// The backward pass of dense + relu: relu_grad reads y, after which the pre-activation has one reader and the
// relu folds into the dense op (bias included: it is the matmul's accumulator).
// With the activation rewrites skipped (and the optimizer's), the relu stays.
// SKIP-LABEL: func.func @dense_relu_backward(
// SKIP:         lepton.relu %
// SKIP-LABEL: func.func @adam_blocks(
// SKIP-COUNT-3: lepton.adam_update
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

// -----

// Inference batch norm after a convolution (a dense layer over 8 patches of 2 images, reshaped to images of 4
// positions × 3 channels): folded into the layer's weight and bias, then the ReLU folds into the layer through
// the reshape. The layer has 8 rows, its weight 4: the fold's pass over W is the cheaper one.
// CHECK-LABEL: func.func @conv_batchnorm_relu(
// CHECK-SAME:    %[[X:[^:]*]]: tensor<8x4xf32>, %[[W:[^:]*]]: tensor<4x3xf32>, %[[B:[^:]*]]: tensor<3xf32>, %[[G:[^:]*]]: tensor<3xf32>, %[[BETA:[^:]*]]: tensor<3xf32>, %[[M:[^:]*]]: tensor<3xf32>, %[[V:[^:]*]]: tensor<3xf32>
// CHECK-NEXT:    %[[FW:.*]], %[[FB:.*]] = lepton.batchnorm_fold %[[W]], %[[B]], %[[G]], %[[BETA]], %[[M]], %[[V]] {epsilon = 1.000000e-03 : f32}
// CHECK-NEXT:    %[[Y:.*]] = lepton.dense %[[X]], %[[FW]], %[[FB]] {activation = "relu"}
// CHECK-NEXT:    %[[R:.*]] = lepton.reshape %[[Y]] : (tensor<8x3xf32>) -> tensor<2x12xf32>
// CHECK-NEXT:    return %[[R]]
func.func @conv_batchnorm_relu(%x: tensor<8x4xf32>, %w: tensor<4x3xf32>, %b: tensor<3xf32>, %g: tensor<3xf32>,
                               %beta: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x12xf32> {
  %z = lepton.dense %x, %w, %b : (tensor<8x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<8x3xf32>
  %i = lepton.reshape %z : (tensor<8x3xf32>) -> tensor<2x12xf32>
  %n = lepton.batchnorm_inference %i, %g, %beta, %m, %v {channels = 3 : i64, epsilon = 1.0e-03 : f32}
      : (tensor<2x12xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x12xf32>
  %y = lepton.relu %n : tensor<2x12xf32>
  return %y : tensor<2x12xf32>
}

// -----

// A dense layer without bias folds with a zero bias; one with as many rows as its weight (or a dynamic batch)
// keeps its batch norm: the per-call pass over W would cost more than the one over the output.
// Mutation seen failing: the rows check dropped (@few_rows and @dynamic_rows fold).
// CHECK-LABEL: func.func @no_bias(
// CHECK:         %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK-NEXT:    lepton.batchnorm_fold %arg1, %[[Z]],
// CHECK-NOT:     batchnorm_inference
// CHECK-LABEL: func.func @few_rows(
// CHECK:         lepton.batchnorm_inference
// CHECK-LABEL: func.func @dynamic_rows(
// CHECK:         lepton.batchnorm_inference
func.func @no_bias(%x: tensor<8x4xf32>, %w: tensor<4x3xf32>, %g: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<8x3xf32> {
  %z = lepton.dense %x, %w : (tensor<8x4xf32>, tensor<4x3xf32>) -> tensor<8x3xf32>
  %n = lepton.batchnorm_inference %z, %g, %g, %v, %v {channels = 3 : i64, epsilon = 1.0e-03 : f32}
      : (tensor<8x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<8x3xf32>
  return %n : tensor<8x3xf32>
}
func.func @few_rows(%x: tensor<4x4xf32>, %w: tensor<4x3xf32>, %g: tensor<3xf32>) -> tensor<4x3xf32> {
  %z = lepton.dense %x, %w : (tensor<4x4xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  %n = lepton.batchnorm_inference %z, %g, %g, %g, %g {channels = 3 : i64, epsilon = 1.0e-03 : f32}
      : (tensor<4x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  return %n : tensor<4x3xf32>
}
func.func @dynamic_rows(%x: tensor<?x4xf32>, %w: tensor<4x3xf32>, %g: tensor<3xf32>) -> tensor<?x3xf32> {
  %z = lepton.dense %x, %w : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  %n = lepton.batchnorm_inference %z, %g, %g, %g, %g {channels = 3 : i64, epsilon = 1.0e-03 : f32}
      : (tensor<?x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return %n : tensor<?x3xf32>
}

// -----

// The optimizer: per-parameter Adam updates of state blocks (the front end's layout: W 4x8 at byte 0, b at
// 128, c at 192 after 32 bytes of alignment padding; m and v blocks laid out alike) become one update of the
// whole blocks, its gradient the three gradients flattened at their offsets with zeros in the padding.
// CHECK-LABEL: func.func @adam_blocks(
// CHECK-SAME:    %[[GW:[^:]*]]: tensor<4x8xf32>, %[[GB:[^:]*]]: tensor<8xf32>, %[[GC:[^:]*]]: tensor<3xf32>, %[[LR:[^:]*]]: f32, %[[T:[^:]*]]: i64
// CHECK:         %[[Y:.*]] = lepton.dense %arg5, %[[W:[^,]*]], %[[B:[^ ]*]] :
// CHECK-NOT:     lepton.adam_update
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<51xf32>
// CHECK-NEXT:    %[[GW1:.*]] = tensor.collapse_shape %[[GW]] {{\[\[}}0, 1]] : tensor<4x8xf32> into tensor<32xf32>
// CHECK-NEXT:    %[[S1:.*]] = tensor.insert_slice %[[GW1]] into %[[E]][0] [32] [1]
// CHECK-NEXT:    %[[S2:.*]] = tensor.insert_slice %[[GB]] into %[[S1]][32] [8] [1]
// CHECK-NEXT:    %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<8xf32>
// CHECK-NEXT:    %[[S3:.*]] = tensor.insert_slice %[[Z]] into %[[S2]][40] [8] [1]
// CHECK-NEXT:    %[[G:.*]] = tensor.insert_slice %[[GC]] into %[[S3]][48] [3] [1]
// CHECK:         %[[PV:.*]] = memref.view %{{.*}}[%{{.*}}][] : memref<204xi8> to memref<51xf32>
// CHECK-NEXT:    %[[P:.*]] = bufferization.to_tensor %[[PV]] restrict writable
// CHECK:         %[[MV:.*]] = memref.view %{{.*}}[%{{.*}}][] : memref<204xi8> to memref<51xf32>
// CHECK-NEXT:    %[[M:.*]] = bufferization.to_tensor %[[MV]] restrict writable
// CHECK:         %[[VV:.*]] = memref.view %{{.*}}[%{{.*}}][] : memref<204xi8> to memref<51xf32>
// CHECK-NEXT:    %[[V:.*]] = bufferization.to_tensor %[[VV]] restrict writable
// CHECK-NEXT:    %[[P1:[^,]*]], %[[M1:[^,]*]], %[[V1:[^ ]*]] = lepton.adam_update %[[P]], %[[G]], %[[M]], %[[V]], %[[LR]], %[[T]] {beta2 = 5.000000e-01 : f64} : tensor<51xf32>
// CHECK-NEXT:    bufferization.materialize_in_destination %[[P1]] in restrict writable %[[PV]]
// CHECK-NEXT:    bufferization.materialize_in_destination %[[M1]] in restrict writable %[[MV]]
// CHECK-NEXT:    bufferization.materialize_in_destination %[[V1]] in restrict writable %[[VV]]
// CHECK-NOT:     lepton.adam_update
// CHECK:         return %[[Y]]
memref.global "private" @params_block : memref<204xi8> = dense<0> {alignment = 64 : i64}
memref.global "private" @m_block : memref<204xi8> = dense<0> {alignment = 64 : i64}
memref.global "private" @v_block : memref<204xi8> = dense<0> {alignment = 64 : i64}
func.func @adam_blocks(%gw: tensor<4x8xf32>, %gb: tensor<8xf32>, %gc: tensor<3xf32>, %lr: f32, %t: i64,
                       %x: tensor<2x4xf32>) -> tensor<2x8xf32> {
  %c0 = arith.constant 0 : index
  %c128 = arith.constant 128 : index
  %c192 = arith.constant 192 : index
  %p = memref.get_global @params_block : memref<204xi8>
  %m = memref.get_global @m_block : memref<204xi8>
  %v = memref.get_global @v_block : memref<204xi8>
  %pw = memref.view %p[%c0][] : memref<204xi8> to memref<4x8xf32>
  %pb = memref.view %p[%c128][] : memref<204xi8> to memref<8xf32>
  %pc = memref.view %p[%c192][] : memref<204xi8> to memref<3xf32>
  %w = bufferization.to_tensor %pw restrict writable : memref<4x8xf32> to tensor<4x8xf32>
  %b = bufferization.to_tensor %pb restrict writable : memref<8xf32> to tensor<8xf32>
  %c = bufferization.to_tensor %pc restrict writable : memref<3xf32> to tensor<3xf32>
  %y = lepton.dense %x, %w, %b : (tensor<2x4xf32>, tensor<4x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  %mw = memref.view %m[%c0][] : memref<204xi8> to memref<4x8xf32>
  %vw = memref.view %v[%c0][] : memref<204xi8> to memref<4x8xf32>
  %tmw = bufferization.to_tensor %mw restrict writable : memref<4x8xf32> to tensor<4x8xf32>
  %tvw = bufferization.to_tensor %vw restrict writable : memref<4x8xf32> to tensor<4x8xf32>
  %w1, %mw1, %vw1 = lepton.adam_update %w, %gw, %tmw, %tvw, %lr, %t {beta2 = 0.5 : f64} : tensor<4x8xf32>
  bufferization.materialize_in_destination %w1 in restrict writable %pw : (tensor<4x8xf32>, memref<4x8xf32>) -> ()
  bufferization.materialize_in_destination %mw1 in restrict writable %mw : (tensor<4x8xf32>, memref<4x8xf32>) -> ()
  bufferization.materialize_in_destination %vw1 in restrict writable %vw : (tensor<4x8xf32>, memref<4x8xf32>) -> ()
  %mb = memref.view %m[%c128][] : memref<204xi8> to memref<8xf32>
  %vb = memref.view %v[%c128][] : memref<204xi8> to memref<8xf32>
  %tmb = bufferization.to_tensor %mb restrict writable : memref<8xf32> to tensor<8xf32>
  %tvb = bufferization.to_tensor %vb restrict writable : memref<8xf32> to tensor<8xf32>
  %b1, %mb1, %vb1 = lepton.adam_update %b, %gb, %tmb, %tvb, %lr, %t {beta2 = 0.5 : f64} : tensor<8xf32>
  bufferization.materialize_in_destination %b1 in restrict writable %pb : (tensor<8xf32>, memref<8xf32>) -> ()
  bufferization.materialize_in_destination %mb1 in restrict writable %mb : (tensor<8xf32>, memref<8xf32>) -> ()
  bufferization.materialize_in_destination %vb1 in restrict writable %vb : (tensor<8xf32>, memref<8xf32>) -> ()
  %mc = memref.view %m[%c192][] : memref<204xi8> to memref<3xf32>
  %vc = memref.view %v[%c192][] : memref<204xi8> to memref<3xf32>
  %tmc = bufferization.to_tensor %mc restrict writable : memref<3xf32> to tensor<3xf32>
  %tvc = bufferization.to_tensor %vc restrict writable : memref<3xf32> to tensor<3xf32>
  %c1, %mc1, %vc1 = lepton.adam_update %c, %gc, %tmc, %tvc, %lr, %t {beta2 = 0.5 : f64} : tensor<3xf32>
  bufferization.materialize_in_destination %c1 in restrict writable %pc : (tensor<3xf32>, memref<3xf32>) -> ()
  bufferization.materialize_in_destination %mc1 in restrict writable %mc : (tensor<3xf32>, memref<3xf32>) -> ()
  bufferization.materialize_in_destination %vc1 in restrict writable %vc : (tensor<3xf32>, memref<3xf32>) -> ()
  return %y : tensor<2x8xf32>
}

// -----

// Updates that leave part of their block alone (here the block has room for a third tensor), or whose parameter
// is read after the updates, or that differ in hyperparameters, keep their own ops.
// CHECK-LABEL: func.func @sgd_not_fused(
// CHECK-COUNT-2: lepton.sgd_update
// CHECK-LABEL: func.func @sgd_read_after(
// CHECK-COUNT-2: lepton.sgd_update
// CHECK-LABEL: func.func @sgd_mixed(
// CHECK-COUNT-2: lepton.sgd_update
memref.global "private" @p_block : memref<256xi8> = dense<0> {alignment = 64 : i64}
memref.global "private" @vel_block : memref<256xi8> = dense<0> {alignment = 64 : i64}
memref.global "private" @q_block : memref<160xi8> = dense<0> {alignment = 64 : i64}
memref.global "private" @qvel_block : memref<160xi8> = dense<0> {alignment = 64 : i64}
func.func @sgd_not_fused(%gw: tensor<4x8xf32>, %gb: tensor<8xf32>, %lr: f32) {
  %c0 = arith.constant 0 : index
  %c128 = arith.constant 128 : index
  %p = memref.get_global @p_block : memref<256xi8>
  %m = memref.get_global @vel_block : memref<256xi8>
  %pw = memref.view %p[%c0][] : memref<256xi8> to memref<4x8xf32>
  %pb = memref.view %p[%c128][] : memref<256xi8> to memref<8xf32>
  %mw = memref.view %m[%c0][] : memref<256xi8> to memref<4x8xf32>
  %mb = memref.view %m[%c128][] : memref<256xi8> to memref<8xf32>
  %w = bufferization.to_tensor %pw restrict writable : memref<4x8xf32> to tensor<4x8xf32>
  %b = bufferization.to_tensor %pb restrict writable : memref<8xf32> to tensor<8xf32>
  %tmw = bufferization.to_tensor %mw restrict writable : memref<4x8xf32> to tensor<4x8xf32>
  %tmb = bufferization.to_tensor %mb restrict writable : memref<8xf32> to tensor<8xf32>
  %w1, %mw1 = lepton.sgd_update %w, %gw, %tmw, %lr {momentum = 0.9 : f64} : tensor<4x8xf32>
  bufferization.materialize_in_destination %w1 in restrict writable %pw : (tensor<4x8xf32>, memref<4x8xf32>) -> ()
  bufferization.materialize_in_destination %mw1 in restrict writable %mw : (tensor<4x8xf32>, memref<4x8xf32>) -> ()
  %b1, %mb1 = lepton.sgd_update %b, %gb, %tmb, %lr {momentum = 0.9 : f64} : tensor<8xf32>
  bufferization.materialize_in_destination %b1 in restrict writable %pb : (tensor<8xf32>, memref<8xf32>) -> ()
  bufferization.materialize_in_destination %mb1 in restrict writable %mb : (tensor<8xf32>, memref<8xf32>) -> ()
  return
}
func.func @sgd_read_after(%gw: tensor<4x8xf32>, %gb: tensor<8xf32>, %lr: f32) -> tensor<8xf32> {
  %c0 = arith.constant 0 : index
  %c128 = arith.constant 128 : index
  %p = memref.get_global @q_block : memref<160xi8>
  %m = memref.get_global @qvel_block : memref<160xi8>
  %pw = memref.view %p[%c0][] : memref<160xi8> to memref<4x8xf32>
  %pb = memref.view %p[%c128][] : memref<160xi8> to memref<8xf32>
  %mw = memref.view %m[%c0][] : memref<160xi8> to memref<4x8xf32>
  %mb = memref.view %m[%c128][] : memref<160xi8> to memref<8xf32>
  %w = bufferization.to_tensor %pw restrict writable : memref<4x8xf32> to tensor<4x8xf32>
  %b = bufferization.to_tensor %pb restrict writable : memref<8xf32> to tensor<8xf32>
  %tmw = bufferization.to_tensor %mw restrict writable : memref<4x8xf32> to tensor<4x8xf32>
  %tmb = bufferization.to_tensor %mb restrict writable : memref<8xf32> to tensor<8xf32>
  %w1, %mw1 = lepton.sgd_update %w, %gw, %tmw, %lr {momentum = 0.9 : f64} : tensor<4x8xf32>
  bufferization.materialize_in_destination %w1 in restrict writable %pw : (tensor<4x8xf32>, memref<4x8xf32>) -> ()
  bufferization.materialize_in_destination %mw1 in restrict writable %mw : (tensor<4x8xf32>, memref<4x8xf32>) -> ()
  %b1, %mb1 = lepton.sgd_update %b, %gb, %tmb, %lr {momentum = 0.9 : f64} : tensor<8xf32>
  bufferization.materialize_in_destination %b1 in restrict writable %pb : (tensor<8xf32>, memref<8xf32>) -> ()
  bufferization.materialize_in_destination %mb1 in restrict writable %mb : (tensor<8xf32>, memref<8xf32>) -> ()
  %after = lepton.relu %b : tensor<8xf32>
  return %after : tensor<8xf32>
}
func.func @sgd_mixed(%gw: tensor<4x8xf32>, %gb: tensor<8xf32>, %lr: f32) {
  %c0 = arith.constant 0 : index
  %c128 = arith.constant 128 : index
  %p = memref.get_global @q_block : memref<160xi8>
  %m = memref.get_global @qvel_block : memref<160xi8>
  %pw = memref.view %p[%c0][] : memref<160xi8> to memref<4x8xf32>
  %pb = memref.view %p[%c128][] : memref<160xi8> to memref<8xf32>
  %mw = memref.view %m[%c0][] : memref<160xi8> to memref<4x8xf32>
  %mb = memref.view %m[%c128][] : memref<160xi8> to memref<8xf32>
  %w = bufferization.to_tensor %pw restrict writable : memref<4x8xf32> to tensor<4x8xf32>
  %b = bufferization.to_tensor %pb restrict writable : memref<8xf32> to tensor<8xf32>
  %tmw = bufferization.to_tensor %mw restrict writable : memref<4x8xf32> to tensor<4x8xf32>
  %tmb = bufferization.to_tensor %mb restrict writable : memref<8xf32> to tensor<8xf32>
  %w1, %mw1 = lepton.sgd_update %w, %gw, %tmw, %lr {momentum = 0.9 : f64} : tensor<4x8xf32>
  bufferization.materialize_in_destination %w1 in restrict writable %pw : (tensor<4x8xf32>, memref<4x8xf32>) -> ()
  bufferization.materialize_in_destination %mw1 in restrict writable %mw : (tensor<4x8xf32>, memref<4x8xf32>) -> ()
  %b1, %mb1 = lepton.sgd_update %b, %gb, %tmb, %lr {momentum = 0.8 : f64} : tensor<8xf32>
  bufferization.materialize_in_destination %b1 in restrict writable %pb : (tensor<8xf32>, memref<8xf32>) -> ()
  bufferization.materialize_in_destination %mb1 in restrict writable %mb : (tensor<8xf32>, memref<8xf32>) -> ()
  return
}
