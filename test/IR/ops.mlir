// RUN: lepton-opt %s | FileCheck %s
// RUN: lepton-opt %s | lepton-opt | FileCheck %s
// RUN: lepton-opt %s --mlir-print-op-generic | lepton-opt | FileCheck %s
// Round trip of every lepton op through the printer and the parser (custom and generic forms).

// CHECK-LABEL: func.func @dense_relu
// CHECK-SAME: (%[[X:.+]]: tensor<?x784xf32>, %[[W:.+]]: tensor<784x128xf32>, %[[B:.+]]: tensor<128xf32>)
func.func @dense_relu(%x: tensor<?x784xf32>, %w: tensor<784x128xf32>, %b: tensor<128xf32>) -> tensor<?x128xf32> {
  // CHECK: %[[Y:.+]] = lepton.dense %[[X]], %[[W]], %[[B]] : (tensor<?x784xf32>, tensor<784x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  %y = lepton.dense %x, %w, %b : (tensor<?x784xf32>, tensor<784x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  // CHECK: lepton.relu %[[Y]] : tensor<?x128xf32>
  %r = lepton.relu %y : tensor<?x128xf32>
  return %r : tensor<?x128xf32>
}

// CHECK-LABEL: func.func @dense_without_bias
func.func @dense_without_bias(%x: tensor<64x4xf32>, %w: tensor<4x2xf32>) -> tensor<64x2xf32> {
  // CHECK: lepton.dense %{{.+}}, %{{.+}} : (tensor<64x4xf32>, tensor<4x2xf32>) -> tensor<64x2xf32>
  %y = lepton.dense %x, %w : (tensor<64x4xf32>, tensor<4x2xf32>) -> tensor<64x2xf32>
  return %y : tensor<64x2xf32>
}

// CHECK-LABEL: func.func @layers
// CHECK-SAME: (%[[DY:.+]]: tensor<?x8xf32>, %[[W:.+]]: tensor<4x8xf32>, %[[X:.+]]: tensor<?x4xf32>, %[[KEY:.+]]: i64)
func.func @layers(%dy: tensor<?x8xf32>, %w: tensor<4x8xf32>, %x: tensor<?x4xf32>, %key: i64)
    -> (tensor<?x4xf32>, tensor<4x8xf32>, tensor<8xf32>, tensor<8x?xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>) {
  // CHECK: lepton.matmul %[[DY]], %[[W]] {transpose_b = true} : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x4xf32>
  %dx = lepton.matmul %dy, %w {transpose_b = true} : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x4xf32>
  // CHECK: %[[DW:.+]] = lepton.matmul %[[X]], %[[DY]] {transpose_a = true} : (tensor<?x4xf32>, tensor<?x8xf32>) -> tensor<4x8xf32>
  %dw = lepton.matmul %x, %dy {transpose_a = true} : (tensor<?x4xf32>, tensor<?x8xf32>) -> tensor<4x8xf32>
  // A default-valued flag is not printed.
  // CHECK: lepton.matmul %[[W]], %[[W]] {transpose_b = true} : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x4xf32>
  %ww = lepton.matmul %w, %w {transpose_a = false, transpose_b = true} : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x4xf32>
  // CHECK: lepton.matmul %[[W]], %[[X]] {transpose_a = true, transpose_b = true} : (tensor<4x8xf32>, tensor<?x4xf32>) -> tensor<8x?xf32>
  %tt = lepton.matmul %w, %x {transpose_a = true, transpose_b = true} : (tensor<4x8xf32>, tensor<?x4xf32>) -> tensor<8x?xf32>
  // CHECK: %[[DB:.+]] = lepton.reduce_batch %[[DY]] : (tensor<?x8xf32>) -> tensor<8xf32>
  %db = lepton.reduce_batch %dy : (tensor<?x8xf32>) -> tensor<8xf32>
  // CHECK: %[[DW2:.+]] = lepton.matmul %[[X]], %[[DY]] acc %[[DW]] {transpose_a = true} : (tensor<?x4xf32>, tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %dw2 = lepton.matmul %x, %dy acc %dw {transpose_a = true} : (tensor<?x4xf32>, tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  // CHECK: lepton.reduce_batch %[[DY]] acc %[[DB]] : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %db2 = lepton.reduce_batch %dy acc %db : (tensor<?x8xf32>, tensor<8xf32>) -> tensor<8xf32>
  // CHECK: %[[SUM:.+]] = lepton.add %[[X]], %[[X]] : tensor<?x4xf32>
  %sum = lepton.add %x, %x : tensor<?x4xf32>
  // CHECK: lepton.dropout %[[SUM]], %[[KEY]] {rate = 2.000000e-01 : f32} : tensor<?x4xf32>
  %drop = lepton.dropout %sum, %key {rate = 0.2 : f32} : tensor<?x4xf32>
  // CHECK: lepton.dropout_grad %[[X]], %[[KEY]] {rate = 2.000000e-01 : f32} : tensor<?x4xf32>
  %ddrop = lepton.dropout_grad %x, %key {rate = 0.2 : f32} : tensor<?x4xf32>
  return %dx, %dw, %db, %tt, %sum, %drop, %ddrop
      : tensor<?x4xf32>, tensor<4x8xf32>, tensor<8xf32>, tensor<8x?xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>
}

// CHECK-LABEL: func.func @scalar_add
func.func @scalar_add(%a: tensor<f32>, %b: tensor<f32>) -> tensor<f32> {
  // CHECK: lepton.add %{{.+}}, %{{.+}} : tensor<f32>
  %s = lepton.add %a, %b : tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func @activations
// CHECK-SAME: (%[[X:.+]]: tensor<?x16xf32>, %[[DY:.+]]: tensor<?x16xf32>)
func.func @activations(%x: tensor<?x16xf32>, %dy: tensor<?x16xf32>) -> tensor<?x16xf32> {
  // CHECK: %[[S:.+]] = lepton.sigmoid %[[X]] : tensor<?x16xf32>
  %s = lepton.sigmoid %x : tensor<?x16xf32>
  // CHECK: %[[T:.+]] = lepton.tanh %[[X]] : tensor<?x16xf32>
  %t = lepton.tanh %x : tensor<?x16xf32>
  // CHECK: lepton.leaky_relu %[[X]] : tensor<?x16xf32>
  %l0 = lepton.leaky_relu %x : tensor<?x16xf32>
  // CHECK: lepton.leaky_relu %[[X]] {alpha = 2.000000e-01 : f32} : tensor<?x16xf32>
  %l = lepton.leaky_relu %x {alpha = 0.2 : f32} : tensor<?x16xf32>
  // CHECK: %[[P:.+]] = lepton.softmax %[[X]] : tensor<?x16xf32>
  %p = lepton.softmax %x : tensor<?x16xf32>
  // CHECK: lepton.relu_grad %[[X]], %[[DY]] : tensor<?x16xf32>
  %g0 = lepton.relu_grad %x, %dy : tensor<?x16xf32>
  // CHECK: lepton.sigmoid_grad %[[S]], %[[DY]] : tensor<?x16xf32>
  %g1 = lepton.sigmoid_grad %s, %dy : tensor<?x16xf32>
  // CHECK: lepton.tanh_grad %[[T]], %[[DY]] : tensor<?x16xf32>
  %g2 = lepton.tanh_grad %t, %dy : tensor<?x16xf32>
  // CHECK: lepton.leaky_relu_grad %[[X]], %[[DY]] {alpha = 2.000000e-01 : f32} : tensor<?x16xf32>
  %g3 = lepton.leaky_relu_grad %x, %dy {alpha = 0.2 : f32} : tensor<?x16xf32>
  // CHECK: lepton.softmax_grad %[[P]], %[[DY]] : tensor<?x16xf32>
  %g4 = lepton.softmax_grad %p, %dy : tensor<?x16xf32>
  return %g4 : tensor<?x16xf32>
}

// CHECK-LABEL: func.func @losses
// CHECK-SAME: (%[[Z:.+]]: tensor<?x10xf32>, %[[L:.+]]: tensor<?xi32>, %[[W:.+]]: tensor<?xf32>, %[[T:.+]]: tensor<?x10xf32>, %[[D:.+]]: tensor<f32>)
func.func @losses(%z: tensor<?x10xf32>, %labels: tensor<?xi32>, %w: tensor<?xf32>, %t: tensor<?x10xf32>, %d: tensor<f32>) -> tensor<f32> {
  // CHECK: lepton.softmax_cross_entropy %[[Z]], %[[L]], %[[W]] : tensor<?x10xf32>, tensor<?xi32>, tensor<?xf32>
  %ce = lepton.softmax_cross_entropy %z, %labels, %w : tensor<?x10xf32>, tensor<?xi32>, tensor<?xf32>
  // CHECK: lepton.softmax_cross_entropy_grad %[[Z]], %[[L]], %[[W]], %[[D]] : tensor<?x10xf32>, tensor<?xi32>, tensor<?xf32>
  %dce = lepton.softmax_cross_entropy_grad %z, %labels, %w, %d : tensor<?x10xf32>, tensor<?xi32>, tensor<?xf32>
  // CHECK: lepton.mse %[[Z]], %[[T]], %[[W]] : tensor<?x10xf32>, tensor<?xf32>
  %mse = lepton.mse %z, %t, %w : tensor<?x10xf32>, tensor<?xf32>
  // CHECK: lepton.mse_grad %[[Z]], %[[T]], %[[W]], %[[D]] : tensor<?x10xf32>, tensor<?xf32>
  %dmse = lepton.mse_grad %z, %t, %w, %d : tensor<?x10xf32>, tensor<?xf32>
  // CHECK: lepton.huber %[[Z]], %[[T]], %[[W]] : tensor<?x10xf32>, tensor<?xf32>
  %h = lepton.huber %z, %t, %w {delta = 1.0 : f32} : tensor<?x10xf32>, tensor<?xf32>
  // CHECK: lepton.huber_grad %[[Z]], %[[T]], %[[W]], %[[D]] {delta = 5.000000e-01 : f32} : tensor<?x10xf32>, tensor<?xf32>
  %dh = lepton.huber_grad %z, %t, %w, %d {delta = 0.5 : f32} : tensor<?x10xf32>, tensor<?xf32>
  // CHECK: lepton.binary_cross_entropy %[[Z]], %[[T]], %[[W]] : tensor<?x10xf32>, tensor<?xf32>
  %bce = lepton.binary_cross_entropy %z, %t, %w : tensor<?x10xf32>, tensor<?xf32>
  // CHECK: lepton.binary_cross_entropy_grad %[[Z]], %[[T]], %[[W]], %[[D]] : tensor<?x10xf32>, tensor<?xf32>
  %dbce = lepton.binary_cross_entropy_grad %z, %t, %w, %d : tensor<?x10xf32>, tensor<?xf32>
  return %ce : tensor<f32>
}

// CHECK-LABEL: func.func @regularisers
// CHECK-SAME: (%[[W:.+]]: tensor<784x128xf32>, %[[D:.+]]: tensor<f32>)
func.func @regularisers(%w: tensor<784x128xf32>, %d: tensor<f32>) -> (tensor<f32>, tensor<784x128xf32>) {
  // CHECK: lepton.l1 %[[W]] {lambda = 9.99999974E-5 : f32} : tensor<784x128xf32>
  %r1 = lepton.l1 %w {lambda = 1.0e-4 : f32} : tensor<784x128xf32>
  // CHECK: lepton.l1_grad %[[W]], %[[D]] {lambda = 9.99999974E-5 : f32} : tensor<784x128xf32>
  %g1 = lepton.l1_grad %w, %d {lambda = 1.0e-4 : f32} : tensor<784x128xf32>
  // CHECK: lepton.l2 %[[W]] {lambda = 5.000000e-01 : f32} : tensor<784x128xf32>
  %r2 = lepton.l2 %w {lambda = 0.5 : f32} : tensor<784x128xf32>
  // CHECK: lepton.l2_grad %[[W]], %[[D]] {lambda = 5.000000e-01 : f32} : tensor<784x128xf32>
  %g2 = lepton.l2_grad %w, %d {lambda = 0.5 : f32} : tensor<784x128xf32>
  %r = lepton.add %r1, %r2 : tensor<f32>
  %g = lepton.add %g1, %g2 : tensor<784x128xf32>
  return %r, %g : tensor<f32>, tensor<784x128xf32>
}

// CHECK-LABEL: func.func @optimizers
// CHECK-SAME: (%[[P:.+]]: tensor<4x8xf32>, %[[G:.+]]: tensor<4x8xf32>, %[[S1:.+]]: tensor<4x8xf32>, %[[S2:.+]]: tensor<4x8xf32>, %[[LR:.+]]: f32, %[[STEP:.+]]: i64)
func.func @optimizers(%p: tensor<4x8xf32>, %g: tensor<4x8xf32>, %s1: tensor<4x8xf32>, %s2: tensor<4x8xf32>, %lr: f32, %step: i64) -> tensor<4x8xf32> {
  // CHECK: lepton.sgd_update %[[P]], %[[G]], %[[S1]], %[[LR]] : tensor<4x8xf32>
  %p0, %v0 = lepton.sgd_update %p, %g, %s1, %lr : tensor<4x8xf32>
  // CHECK: lepton.sgd_update %[[P]], %[[G]], %[[S1]], %[[LR]] {momentum = 9.000000e-01 : f64, nesterov = true, weight_decay = 1.000000e-04 : f64} : tensor<4x8xf32>
  %p1, %v1 = lepton.sgd_update %p, %g, %s1, %lr {momentum = 0.9, nesterov = true, weight_decay = 1.0e-4} : tensor<4x8xf32>
  // CHECK: lepton.adam_update %[[P]], %[[G]], %[[S1]], %[[S2]], %[[LR]], %[[STEP]] : tensor<4x8xf32>
  %p2, %m2, %w2 = lepton.adam_update %p, %g, %s1, %s2, %lr, %step : tensor<4x8xf32>
  // CHECK: lepton.adam_update %[[P]], %[[G]], %[[S1]], %[[S2]], %[[LR]], %[[STEP]] {beta2 = 0.94999999999999996 : f64, decoupled = true, weight_decay = 1.000000e-02 : f64} : tensor<4x8xf32>
  %p3, %m3, %w3 = lepton.adam_update %p, %g, %s1, %s2, %lr, %step {beta2 = 0.95, decoupled = true, weight_decay = 0.01} : tensor<4x8xf32>
  // CHECK: lepton.rmsprop_update %[[P]], %[[G]], %[[S1]], %[[LR]] : tensor<4x8xf32>
  %p4, %q4 = lepton.rmsprop_update %p, %g, %s1, %lr : tensor<4x8xf32>
  // CHECK: lepton.rmsprop_update %[[P]], %[[G]], %[[S1]], %[[LR]] momentum_buffer(%[[S2]] : tensor<4x8xf32>) {alpha = 9.000000e-01 : f64, momentum = 5.000000e-01 : f64} : tensor<4x8xf32>
  %p5, %q5, %b5 = lepton.rmsprop_update %p, %g, %s1, %lr momentum_buffer(%s2 : tensor<4x8xf32>) {alpha = 0.9, momentum = 0.5} : tensor<4x8xf32>
  return %p5 : tensor<4x8xf32>
}

func.func private @loss(%x: tensor<?x4xf32>, %labels: tensor<?xi32>, %w: tensor<4x3xf32>) -> tensor<f32>

// CHECK-LABEL: func.func @grad
// CHECK-SAME: (%[[X:.+]]: tensor<?x4xf32>, %[[L:.+]]: tensor<?xi32>, %[[W:.+]]: tensor<4x3xf32>)
func.func @grad(%x: tensor<?x4xf32>, %labels: tensor<?xi32>, %w: tensor<4x3xf32>) -> tensor<4x3xf32> {
  // CHECK: %{{.+}}, %[[DW:.+]] = lepton.grad @loss(%[[X]], %[[L]], %[[W]]) {wrt = array<i64: 2>} : (tensor<?x4xf32>, tensor<?xi32>, tensor<4x3xf32>) -> (tensor<f32>, tensor<4x3xf32>)
  %value, %dw = lepton.grad @loss(%x, %labels, %w) {wrt = array<i64: 2>}
      : (tensor<?x4xf32>, tensor<?xi32>, tensor<4x3xf32>) -> (tensor<f32>, tensor<4x3xf32>)
  return %dw : tensor<4x3xf32>
}

// The window ops on 7x7x3 images, 3x3 windows, stride 2, top and left padding 1, 4x4 outputs.
// CHECK-LABEL: func.func @windows
// CHECK-SAME: (%[[X:.+]]: tensor<?x147xf32>, %[[P:.+]]: tensor<?x27xf32>, %[[DY:.+]]: tensor<?x48xf32>, %[[Z:.+]]: tensor<48x5xf32>)
func.func @windows(%x: tensor<?x147xf32>, %p: tensor<?x27xf32>, %dy: tensor<?x48xf32>, %z: tensor<48x5xf32>)
    -> (tensor<?x27xf32>, tensor<?x147xf32>, tensor<?x48xf32>, tensor<?x147xf32>, tensor<?x48xf32>, tensor<?x147xf32>, tensor<3x80xf32>) {
  // CHECK: %[[PA:.+]] = lepton.im2col %[[X]] {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x147xf32>) -> tensor<?x27xf32>
  %patches = lepton.im2col %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x147xf32>) -> tensor<?x27xf32>
  // CHECK: %[[IM:.+]] = lepton.col2im %[[P]] {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x27xf32>) -> tensor<?x147xf32>
  %images = lepton.col2im %p {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x27xf32>) -> tensor<?x147xf32>
  // CHECK: %[[MX:.+]] = lepton.maxpool2d %[[X]] {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x147xf32>) -> tensor<?x48xf32>
  %max = lepton.maxpool2d %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x147xf32>) -> tensor<?x48xf32>
  // CHECK: %[[DMX:.+]] = lepton.maxpool2d_grad %[[X]], %[[DY]] {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x147xf32>, tensor<?x48xf32>) -> tensor<?x147xf32>
  %dmax = lepton.maxpool2d_grad %x, %dy {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x147xf32>, tensor<?x48xf32>) -> tensor<?x147xf32>
  // CHECK: %[[AV:.+]] = lepton.avgpool2d %[[X]] {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x147xf32>) -> tensor<?x48xf32>
  %avg = lepton.avgpool2d %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x147xf32>) -> tensor<?x48xf32>
  // CHECK: %[[DAV:.+]] = lepton.avgpool2d_grad %[[DY]] {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x48xf32>) -> tensor<?x147xf32>
  %davg = lepton.avgpool2d_grad %dy {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x48xf32>) -> tensor<?x147xf32>
  // CHECK: %[[Y:.+]] = lepton.reshape %[[Z]] : (tensor<48x5xf32>) -> tensor<3x80xf32>
  %y = lepton.reshape %z : (tensor<48x5xf32>) -> tensor<3x80xf32>
  // CHECK: return %[[PA]], %[[IM]], %[[MX]], %[[DMX]], %[[AV]], %[[DAV]], %[[Y]] :
  return %patches, %images, %max, %dmax, %avg, %davg, %y
      : tensor<?x27xf32>, tensor<?x147xf32>, tensor<?x48xf32>, tensor<?x147xf32>, tensor<?x48xf32>, tensor<?x147xf32>, tensor<3x80xf32>
}

// A 4-D kernel as a matrix, and a 2x3 window without padding on a static batch.
// CHECK-LABEL: func.func @reshape_kernel
// CHECK-SAME: (%[[K:.+]]: tensor<2x3x2x4xf32>, %[[I:.+]]: tensor<3x84xf32>)
func.func @reshape_kernel(%k: tensor<2x3x2x4xf32>, %i: tensor<3x84xf32>) -> (tensor<12x4xf32>, tensor<75x12xf32>) {
  // CHECK: lepton.reshape %[[K]] : (tensor<2x3x2x4xf32>) -> tensor<12x4xf32>
  %w = lepton.reshape %k : (tensor<2x3x2x4xf32>) -> tensor<12x4xf32>
  // CHECK: lepton.im2col %[[I]] {image = array<i64: 6, 7, 2>, window = array<i64: 2, 3, 1, 1, 0, 0, 5, 5>} : (tensor<3x84xf32>) -> tensor<75x12xf32>
  %p = lepton.im2col %i {image = array<i64: 6, 7, 2>, window = array<i64: 2, 3, 1, 1, 0, 0, 5, 5>} : (tensor<3x84xf32>) -> tensor<75x12xf32>
  return %w, %p : tensor<12x4xf32>, tensor<75x12xf32>
}

// CHECK-LABEL: func.func @batchnorm
// CHECK: %[[Y:.+]], %[[M:.+]], %[[V:.+]] = lepton.batchnorm %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}} {channels = 2 : i64, epsilon = {{.+}} : f32}
// CHECK: lepton.batchnorm_grad %{{.+}}, %{{.+}}, %{{.+}}, %[[M]], %[[V]], %[[Y]] {channels = 2 : i64, epsilon = {{.+}} : f32}
// CHECK: lepton.batchnorm_inference %{{.+}}, %{{.+}}, %{{.+}}, %[[M]], %[[V]] {channels = 2 : i64, epsilon = {{.+}} : f32}
func.func @batchnorm(%x: tensor<4x6xf32>, %g: tensor<2xf32>, %b: tensor<2xf32>, %w: tensor<4xf32>)
    -> (tensor<4x6xf32>, tensor<2xf32>, tensor<2xf32>, tensor<4x6xf32>) {
  %y, %m, %v = lepton.batchnorm %x, %g, %b, %w {channels = 2 : i64, epsilon = 1.0e-05 : f32}
      : (tensor<4x6xf32>, tensor<2xf32>, tensor<2xf32>, tensor<4xf32>) -> (tensor<4x6xf32>, tensor<2xf32>, tensor<2xf32>)
  %dx, %dg, %db = lepton.batchnorm_grad %x, %g, %w, %m, %v, %y {channels = 2 : i64, epsilon = 1.0e-05 : f32}
      : (tensor<4x6xf32>, tensor<2xf32>, tensor<4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<4x6xf32>) -> (tensor<4x6xf32>, tensor<2xf32>, tensor<2xf32>)
  %z = lepton.batchnorm_inference %x, %g, %b, %m, %v {channels = 2 : i64, epsilon = 1.0e-05 : f32}
      : (tensor<4x6xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<4x6xf32>
  return %dx, %dg, %db, %z : tensor<4x6xf32>, tensor<2xf32>, tensor<2xf32>, tensor<4x6xf32>
}
