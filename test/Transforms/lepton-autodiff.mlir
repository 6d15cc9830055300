// RUN: lepton-opt %s -split-input-file --lepton-autodiff | FileCheck %s
// lepton-autodiff: each lepton.grad becomes the inlined forward ops and their reverse sweep.

// A two-layer MLP with cross-entropy: the classic backward pass, and no dx for the input.
func.func @mlp_loss(%x: tensor<?x4xf32>, %labels: tensor<?xi32>, %weights: tensor<?xf32>,
                    %w1: tensor<4x8xf32>, %b1: tensor<8xf32>, %w2: tensor<8x3xf32>, %b2: tensor<3xf32>) -> tensor<f32> {
  %h = lepton.dense %x, %w1, %b1 : (tensor<?x4xf32>, tensor<4x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %a = lepton.relu %h : tensor<?x8xf32>
  %z = lepton.dense %a, %w2, %b2 : (tensor<?x8xf32>, tensor<8x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %loss = lepton.softmax_cross_entropy %z, %labels, %weights : tensor<?x3xf32>, tensor<?xi32>, tensor<?xf32>
  return %loss : tensor<f32>
}

// The callee itself is left alone.
// CHECK-LABEL: func.func @mlp_loss
// CHECK: lepton.softmax_cross_entropy
// CHECK-NOT: _grad
// CHECK: return

// CHECK-LABEL: func.func @train_step
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x4xf32>, %[[L:[^:]+]]: tensor<?xi32>, %[[WT:[^:]+]]: tensor<?xf32>, %[[W1:[^:]+]]: tensor<4x8xf32>, %[[B1:[^:]+]]: tensor<8xf32>, %[[W2:[^:]+]]: tensor<8x3xf32>, %[[B2:[^:]+]]: tensor<3xf32>)
// CHECK-NOT: lepton.grad
// CHECK: %[[H:.+]] = lepton.dense %[[X]], %[[W1]], %[[B1]]
// CHECK: %[[A:.+]] = lepton.relu %[[H]]
// CHECK: %[[Z:.+]] = lepton.dense %[[A]], %[[W2]], %[[B2]]
// CHECK: %[[LOSS:.+]] = lepton.softmax_cross_entropy %[[Z]], %[[L]], %[[WT]]
// CHECK: %[[ONE:.+]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[DZ:.+]] = lepton.softmax_cross_entropy_grad %[[Z]], %[[L]], %[[WT]], %[[ONE]]
// CHECK: %[[DA:.+]] = lepton.matmul %[[DZ]], %[[W2]] {transpose_b = true} : (tensor<?x3xf32>, tensor<8x3xf32>) -> tensor<?x8xf32>
// CHECK: %[[DW2:.+]] = lepton.matmul %[[A]], %[[DZ]] {transpose_a = true} : (tensor<?x8xf32>, tensor<?x3xf32>) -> tensor<8x3xf32>
// CHECK: %[[DB2:.+]] = lepton.reduce_batch %[[DZ]] : (tensor<?x3xf32>) -> tensor<3xf32>
// CHECK: %[[DH:.+]] = lepton.relu_grad %[[H]], %[[DA]] : tensor<?x8xf32>
// The input is not differentiated: its dx = dh·W1ᵀ is never built (or is erased).
// CHECK-NOT: {transpose_b = true}
// CHECK: %[[DW1:.+]] = lepton.matmul %[[X]], %[[DH]] {transpose_a = true} : (tensor<?x4xf32>, tensor<?x8xf32>) -> tensor<4x8xf32>
// CHECK: %[[DB1:.+]] = lepton.reduce_batch %[[DH]] : (tensor<?x8xf32>) -> tensor<8xf32>
// CHECK: return %[[LOSS]], %[[DW1]], %[[DB1]], %[[DW2]], %[[DB2]]
func.func @train_step(%x: tensor<?x4xf32>, %labels: tensor<?xi32>, %weights: tensor<?xf32>,
                      %w1: tensor<4x8xf32>, %b1: tensor<8xf32>, %w2: tensor<8x3xf32>, %b2: tensor<3xf32>)
    -> (tensor<f32>, tensor<4x8xf32>, tensor<8xf32>, tensor<8x3xf32>, tensor<3xf32>) {
  %loss, %dw1, %db1, %dw2, %db2 = lepton.grad @mlp_loss(%x, %labels, %weights, %w1, %b1, %w2, %b2) {wrt = array<i64: 3, 4, 5, 6>}
      : (tensor<?x4xf32>, tensor<?xi32>, tensor<?xf32>, tensor<4x8xf32>, tensor<8xf32>, tensor<8x3xf32>, tensor<3xf32>)
        -> (tensor<f32>, tensor<4x8xf32>, tensor<8xf32>, tensor<8x3xf32>, tensor<3xf32>)
  return %loss, %dw1, %db1, %dw2, %db2 : tensor<f32>, tensor<4x8xf32>, tensor<8xf32>, tensor<8x3xf32>, tensor<3xf32>
}

// -----

// A weight used twice (layer and L2 penalty): its cotangents are summed with lepton.add.
func.func @regularised(%x: tensor<?x4xf32>, %t: tensor<?x2xf32>, %wt: tensor<?xf32>, %w: tensor<4x2xf32>) -> tensor<f32> {
  %y = lepton.dense %x, %w : (tensor<?x4xf32>, tensor<4x2xf32>) -> tensor<?x2xf32>
  %mse = lepton.mse %y, %t, %wt : tensor<?x2xf32>, tensor<?xf32>
  %pen = lepton.l2 %w {lambda = 0.5 : f32} : tensor<4x2xf32>
  %total = lepton.add %mse, %pen : tensor<f32>
  return %total : tensor<f32>
}

// CHECK-LABEL: func.func @regularised_grad
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x4xf32>, %[[T:[^:]+]]: tensor<?x2xf32>, %[[WT:[^:]+]]: tensor<?xf32>, %[[W:[^:]+]]: tensor<4x2xf32>)
// CHECK: %[[Y:.+]] = lepton.dense %[[X]], %[[W]]
// CHECK: %[[TOTAL:.+]] = lepton.add
// CHECK: %[[ONE:.+]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[DPEN:.+]] = lepton.l2_grad %[[W]], %[[ONE]] {lambda = 5.000000e-01 : f32}
// CHECK: %[[DY:.+]] = lepton.mse_grad %[[Y]], %[[T]], %[[WT]], %[[ONE]]
// CHECK: %[[DW:.+]] = lepton.matmul %[[X]], %[[DY]] {transpose_a = true}
// CHECK: %[[SUM:.+]] = lepton.add %[[DPEN]], %[[DW]] : tensor<4x2xf32>
// CHECK: return %[[TOTAL]], %[[SUM]]
func.func @regularised_grad(%x: tensor<?x4xf32>, %t: tensor<?x2xf32>, %wt: tensor<?xf32>, %w: tensor<4x2xf32>) -> (tensor<f32>, tensor<4x2xf32>) {
  %v, %dw = lepton.grad @regularised(%x, %t, %wt, %w) {wrt = array<i64: 3>}
      : (tensor<?x4xf32>, tensor<?x2xf32>, tensor<?xf32>, tensor<4x2xf32>) -> (tensor<f32>, tensor<4x2xf32>)
  return %v, %dw : tensor<f32>, tensor<4x2xf32>
}

// -----

// A product with an accumulator (C + X·W): the accumulator's cotangent is the result's, unchanged.
func.func @accumulated(%x: tensor<8x4xf32>, %t: tensor<8x2xf32>, %wt: tensor<8xf32>, %w: tensor<4x2xf32>, %c: tensor<8x2xf32>) -> tensor<f32> {
  %y = lepton.matmul %x, %w acc %c : (tensor<8x4xf32>, tensor<4x2xf32>, tensor<8x2xf32>) -> tensor<8x2xf32>
  %mse = lepton.mse %y, %t, %wt : tensor<8x2xf32>, tensor<8xf32>
  return %mse : tensor<f32>
}

// CHECK-LABEL: func.func @accumulated_grad
// CHECK-SAME: (%[[X:[^:]+]]: tensor<8x4xf32>, %[[T:[^:]+]]: tensor<8x2xf32>, %[[WT:[^:]+]]: tensor<8xf32>, %[[W:[^:]+]]: tensor<4x2xf32>, %[[C:[^:]+]]: tensor<8x2xf32>)
// CHECK: %[[Y:.+]] = lepton.matmul %[[X]], %[[W]] acc %[[C]]
// CHECK: %[[DY:.+]] = lepton.mse_grad %[[Y]], %[[T]], %[[WT]], %{{.+}}
// CHECK: %[[DW:.+]] = lepton.matmul %[[X]], %[[DY]] {transpose_a = true}
// CHECK: return %{{.+}}, %[[DW]], %[[DY]]
func.func @accumulated_grad(%x: tensor<8x4xf32>, %t: tensor<8x2xf32>, %wt: tensor<8xf32>, %w: tensor<4x2xf32>, %c: tensor<8x2xf32>)
    -> (tensor<f32>, tensor<4x2xf32>, tensor<8x2xf32>) {
  %v, %dw, %dc = lepton.grad @accumulated(%x, %t, %wt, %w, %c) {wrt = array<i64: 3, 4>}
      : (tensor<8x4xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<4x2xf32>, tensor<8x2xf32>) -> (tensor<f32>, tensor<4x2xf32>, tensor<8x2xf32>)
  return %v, %dw, %dc : tensor<f32>, tensor<4x2xf32>, tensor<8x2xf32>
}

// -----

// Every activation's VJP, a gradient w.r.t. the input, and a dynamic cotangent type.
func.func @chain(%x: tensor<?x3xf32>, %t: tensor<?x3xf32>, %wt: tensor<?xf32>, %key: i64) -> tensor<f32> {
  %a = lepton.sigmoid %x : tensor<?x3xf32>
  %b = lepton.tanh %a : tensor<?x3xf32>
  %c = lepton.leaky_relu %b {alpha = 0.1 : f32} : tensor<?x3xf32>
  %d = lepton.dropout %c, %key {rate = 0.25 : f32} : tensor<?x3xf32>
  %e = lepton.softmax %d : tensor<?x3xf32>
  %loss = lepton.huber %e, %t, %wt {delta = 2.0 : f32} : tensor<?x3xf32>, tensor<?xf32>
  return %loss : tensor<f32>
}

// CHECK-LABEL: func.func @chain_grad
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x3xf32>, %[[T:[^:]+]]: tensor<?x3xf32>, %[[WT:[^:]+]]: tensor<?xf32>, %[[KEY:[^:]+]]: i64)
// CHECK: %[[A:.+]] = lepton.sigmoid %[[X]]
// CHECK: %[[B:.+]] = lepton.tanh %[[A]]
// CHECK: %[[C:.+]] = lepton.leaky_relu %[[B]]
// CHECK: %[[D:.+]] = lepton.dropout %[[C]], %[[KEY]]
// CHECK: %[[E:.+]] = lepton.softmax %[[D]]
// CHECK: %[[ONE:.+]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[DE:.+]] = lepton.huber_grad %[[E]], %[[T]], %[[WT]], %[[ONE]] {delta = 2.000000e+00 : f32}
// CHECK: %[[DD:.+]] = lepton.softmax_grad %[[E]], %[[DE]]
// CHECK: %[[DC:.+]] = lepton.dropout_grad %[[DD]], %[[KEY]] {rate = 2.500000e-01 : f32}
// CHECK: %[[DB:.+]] = lepton.leaky_relu_grad %[[B]], %[[DC]] {alpha = 1.000000e-01 : f32}
// CHECK: %[[DA:.+]] = lepton.tanh_grad %[[B]], %[[DB]]
// CHECK: %[[DX:.+]] = lepton.sigmoid_grad %[[A]], %[[DA]]
// CHECK: return %{{.+}}, %[[DX]]
func.func @chain_grad(%x: tensor<?x3xf32>, %t: tensor<?x3xf32>, %wt: tensor<?xf32>, %key: i64) -> (tensor<f32>, tensor<?x3xf32>) {
  %v, %dx = lepton.grad @chain(%x, %t, %wt, %key) {wrt = array<i64: 0>}
      : (tensor<?x3xf32>, tensor<?x3xf32>, tensor<?xf32>, i64) -> (tensor<f32>, tensor<?x3xf32>)
  return %v, %dx : tensor<f32>, tensor<?x3xf32>
}

// -----

// An argument the loss does not depend on gets a zero gradient (static: a constant; dynamic
// batch: a splat sized by tensor.dim). Constants on the path need no VJP; dead forward ops go.
func.func @partial(%x: tensor<?x2xf32>, %t: tensor<?x1xf32>, %wt: tensor<?xf32>, %w: tensor<2x1xf32>, %unused: tensor<5xf32>) -> tensor<f32> {
  %scale = arith.constant dense<2.0> : tensor<2x1xf32>
  %w2 = lepton.add %w, %scale : tensor<2x1xf32>
  %dead = lepton.sigmoid %unused : tensor<5xf32>
  %y = lepton.dense %x, %w2 : (tensor<?x2xf32>, tensor<2x1xf32>) -> tensor<?x1xf32>
  %loss = lepton.binary_cross_entropy %y, %t, %wt : tensor<?x1xf32>, tensor<?xf32>
  return %loss : tensor<f32>
}

// CHECK-LABEL: func.func @partial_grad
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x2xf32>, %[[T:[^:]+]]: tensor<?x1xf32>, %[[WT:[^:]+]]: tensor<?xf32>, %[[W:[^:]+]]: tensor<2x1xf32>, %[[U:[^:]+]]: tensor<5xf32>)
// CHECK-NOT: lepton.sigmoid
// CHECK: %[[SCALE:.+]] = arith.constant dense<2.000000e+00> : tensor<2x1xf32>
// CHECK: %[[W2:.+]] = lepton.add %[[W]], %[[SCALE]]
// CHECK: %[[Y:.+]] = lepton.dense %[[X]], %[[W2]]
// CHECK: %[[DY:.+]] = lepton.binary_cross_entropy_grad %[[Y]], %[[T]], %[[WT]], %{{.+}}
// CHECK: %[[DX:.+]] = lepton.matmul %[[DY]], %[[W2]] {transpose_b = true}
// CHECK: %[[DW:.+]] = lepton.matmul %[[X]], %[[DY]] {transpose_a = true}
// The target is data (stop-gradient), so its gradient is zero too.
// CHECK: %[[C0:.+]] = arith.constant 0 : index
// CHECK: %[[N:.+]] = tensor.dim %[[T]], %[[C0]] : tensor<?x1xf32>
// CHECK: %[[Z:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[DT:.+]] = tensor.splat %[[Z]][%[[N]]] : tensor<?x1xf32>
// CHECK: %[[ZERO:.+]] = arith.constant dense<0.000000e+00> : tensor<5xf32>
// CHECK: return %{{.+}}, %[[DX]], %[[DT]], %[[DW]], %[[ZERO]]
func.func @partial_grad(%x: tensor<?x2xf32>, %t: tensor<?x1xf32>, %wt: tensor<?xf32>, %w: tensor<2x1xf32>, %unused: tensor<5xf32>)
    -> (tensor<f32>, tensor<?x2xf32>, tensor<?x1xf32>, tensor<2x1xf32>, tensor<5xf32>) {
  %v, %dx, %dt, %dw, %du = lepton.grad @partial(%x, %t, %wt, %w, %unused) {wrt = array<i64: 0, 1, 3, 4>}
      : (tensor<?x2xf32>, tensor<?x1xf32>, tensor<?xf32>, tensor<2x1xf32>, tensor<5xf32>)
        -> (tensor<f32>, tensor<?x2xf32>, tensor<?x1xf32>, tensor<2x1xf32>, tensor<5xf32>)
  return %v, %dx, %dt, %dw, %du : tensor<f32>, tensor<?x2xf32>, tensor<?x1xf32>, tensor<2x1xf32>, tensor<5xf32>
}

// -----

// One outer value bound to two arguments: each argument gets its own gradient. Also matmul's
// own VJP (both operands transposed) and L1.
func.func @bilinear(%a: tensor<3x2xf32>, %b: tensor<3x2xf32>) -> tensor<f32> {
  %p = lepton.matmul %a, %b {transpose_a = true, transpose_b = false} : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  %q = lepton.matmul %p, %a {transpose_a = true, transpose_b = true} : (tensor<2x2xf32>, tensor<3x2xf32>) -> tensor<2x3xf32>
  %r = lepton.l1 %q {lambda = 1.0 : f32} : tensor<2x3xf32>
  return %r : tensor<f32>
}

// CHECK-LABEL: func.func @bilinear_grad
// CHECK-SAME: (%[[M:[^:]+]]: tensor<3x2xf32>)
// CHECK: %[[P:.+]] = lepton.matmul %[[M]], %[[M]] {transpose_a = true}
// CHECK: %[[Q:.+]] = lepton.matmul %[[P]], %[[M]] {transpose_a = true, transpose_b = true}
// CHECK: %[[DQ:.+]] = lepton.l1_grad %[[Q]], %{{.+}} {lambda = 1.000000e+00 : f32}
// dP = (dQ·op(A)ᵀ)ᵀ = op(A)·dQᵀ with op(A) = Mᵀ;  dA₂ = dQᵀ·op(P) with op(P) = Pᵀ.
// CHECK: %[[DP:.+]] = lepton.matmul %[[M]], %[[DQ]] {transpose_a = true, transpose_b = true} : (tensor<3x2xf32>, tensor<2x3xf32>) -> tensor<2x2xf32>
// CHECK: %[[DA2:.+]] = lepton.matmul %[[DQ]], %[[P]] {transpose_a = true, transpose_b = true} : (tensor<2x3xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
// dA₁ = (dP·Bᵀ)ᵀ = B·dPᵀ;  dB = op(A)ᵀ·dP = A·dP.
// CHECK: %[[DA1:.+]] = lepton.matmul %[[M]], %[[DP]] {transpose_b = true} : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
// CHECK: %[[DB:.+]] = lepton.matmul %[[M]], %[[DP]] : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
// CHECK: %[[DA:.+]] = lepton.add %[[DA2]], %[[DA1]] : tensor<3x2xf32>
// CHECK: return %{{.+}}, %[[DA]], %[[DB]]
func.func @bilinear_grad(%m: tensor<3x2xf32>) -> (tensor<f32>, tensor<3x2xf32>, tensor<3x2xf32>) {
  %v, %da, %db = lepton.grad @bilinear(%m, %m) {wrt = array<i64: 0, 1>}
      : (tensor<3x2xf32>, tensor<3x2xf32>) -> (tensor<f32>, tensor<3x2xf32>, tensor<3x2xf32>)
  return %v, %da, %db : tensor<f32>, tensor<3x2xf32>, tensor<3x2xf32>
}

// -----

// A callee that itself takes a gradient (off the differentiated path) is expanded first.
func.func @inner(%w: tensor<3xf32>) -> tensor<f32> {
  %r = lepton.l2 %w {lambda = 1.0 : f32} : tensor<3xf32>
  return %r : tensor<f32>
}

func.func @outer(%w: tensor<3xf32>, %u: tensor<3xf32>) -> tensor<f32> {
  %v, %g = lepton.grad @inner(%u) {wrt = array<i64: 0>} : (tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>)
  %r = lepton.l1 %w {lambda = 1.0 : f32} : tensor<3xf32>
  %s = lepton.add %r, %v : tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func @outer
// CHECK-NOT: lepton.grad
// CHECK-LABEL: func.func @outer_grad
// CHECK-NOT: lepton.grad
// CHECK: lepton.l1_grad
// CHECK: return
func.func @outer_grad(%w: tensor<3xf32>, %u: tensor<3xf32>) -> tensor<3xf32> {
  %v, %g = lepton.grad @outer(%w, %u) {wrt = array<i64: 0>} : (tensor<3xf32>, tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>)
  return %g : tensor<3xf32>
}

// -----

// A dense layer with a fused activation (lepton-fuse's form): the VJP takes the activation's gradient from the
// output y first (leaky_relu keeps its alpha), then the dense layer's products.
// Mutation seen failing: the activation's gradient skipped (dW built from dy).
func.func @fused_loss(%x: tensor<?x4xf32>, %t: tensor<?x8xf32>, %wt: tensor<?xf32>, %w: tensor<4x8xf32>, %b: tensor<8xf32>) -> tensor<f32> {
  %y = lepton.dense %x, %w, %b {activation = "leaky_relu", alpha = 0.25 : f32} : (tensor<?x4xf32>, tensor<4x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %loss = lepton.mse %y, %t, %wt : tensor<?x8xf32>, tensor<?xf32>
  return %loss : tensor<f32>
}

// CHECK-LABEL: func.func @fused_grad
// CHECK:         %[[Y:.+]] = lepton.dense %{{.*}} {activation = "leaky_relu", alpha = 2.500000e-01 : f32}
// CHECK:         %[[DY:.+]] = lepton.mse_grad
// CHECK:         %[[DZ:.+]] = lepton.leaky_relu_grad %[[Y]], %[[DY]] {alpha = 2.500000e-01 : f32}
// CHECK:         %[[DW:.+]] = lepton.matmul %arg0, %[[DZ]] {transpose_a = true}
// CHECK:         %[[DB:.+]] = lepton.reduce_batch %[[DZ]]
// CHECK:         return %{{.*}}, %[[DW]], %[[DB]]
func.func @fused_grad(%x: tensor<?x4xf32>, %t: tensor<?x8xf32>, %wt: tensor<?xf32>, %w: tensor<4x8xf32>, %b: tensor<8xf32>)
    -> (tensor<f32>, tensor<4x8xf32>, tensor<8xf32>) {
  %loss, %dw, %db = lepton.grad @fused_loss(%x, %t, %wt, %w, %b) {wrt = array<i64: 3, 4>}
      : (tensor<?x4xf32>, tensor<?x8xf32>, tensor<?xf32>, tensor<4x8xf32>, tensor<8xf32>) -> (tensor<f32>, tensor<4x8xf32>, tensor<8xf32>)
  return %loss, %dw, %db : tensor<f32>, tensor<4x8xf32>, tensor<8xf32>
}
