// softmax_cross_entropy, mse, huber, binary_cross_entropy, l1, l2: leptonc's f32 values and lepton.grad vs the f64 Eigen reference.
// RUN: leptonc %s -c -o %t.o
// RUN: %clangxx -O1 -std=c++17 -I%eigen_include -I%S/reference %S/Inputs/losses_harness.cpp %t.o -o %t.exe
// RUN: %t.exe | FileCheck %s
//
// 19 rows of which the last 4 are padding (weight 0, random finite data); real rows carry random
// weights of order 1 so that ignoring the weights, or averaging by 1/B, is caught. Gradients are
// taken w.r.t. the prediction, and also w.r.t. the target and the weights, which the ops define
// as data (stop-gradient): those must come back zero. Huber (δ = 0.5) sees both branches, every
// |pred − target| at least 1e-2 from δ; l1 inputs stay 1e-2 from 0; λ is of order 1 so that the
// regularisers' gradients are not under the absolute tolerance.

// CHECK: torch softmax_cross_entropy.loss {{.*}} ok{{$}}
// CHECK-NEXT: torch softmax_cross_entropy.dz {{.*}} ok{{$}}
// CHECK-NEXT: torch mse.loss {{.*}} ok{{$}}
// CHECK-NEXT: torch mse.dpred {{.*}} ok{{$}}
// CHECK-NEXT: torch huber.loss {{.*}} ok{{$}}
// CHECK-NEXT: torch huber.dpred {{.*}} ok{{$}}
// CHECK-NEXT: torch binary_cross_entropy.loss {{.*}} ok{{$}}
// CHECK-NEXT: torch binary_cross_entropy.dpred {{.*}} ok{{$}}
// CHECK-NEXT: torch l1.loss {{.*}} ok{{$}}
// CHECK-NEXT: torch l1.dx {{.*}} ok{{$}}
// CHECK-NEXT: torch l2.loss {{.*}} ok{{$}}
// CHECK-NEXT: torch l2.dx {{.*}} ok{{$}}
// CHECK-NEXT: fd softmax_cross_entropy.dz {{.*}} ok{{$}}
// CHECK-NEXT: softmax_cross_entropy.loss {{.*}} ok{{$}}
// CHECK-NEXT: softmax_cross_entropy.grad_loss {{.*}} ok{{$}}
// CHECK-NEXT: softmax_cross_entropy.dz {{.*}} ok{{$}}
// CHECK-NEXT: fd mse.dpred {{.*}} ok{{$}}
// CHECK-NEXT: mse.loss {{.*}} ok{{$}}
// CHECK-NEXT: mse.grad_loss {{.*}} ok{{$}}
// CHECK-NEXT: mse.dpred {{.*}} ok{{$}}
// CHECK-NEXT: mse.dtarget {{.*}} ok{{$}}
// CHECK-NEXT: mse.dweights {{.*}} ok{{$}}
// CHECK-NEXT: fd huber.dpred {{.*}} ok{{$}}
// CHECK-NEXT: huber.loss {{.*}} ok{{$}}
// CHECK-NEXT: huber.grad_loss {{.*}} ok{{$}}
// CHECK-NEXT: huber.dpred {{.*}} ok{{$}}
// CHECK-NEXT: huber.dtarget {{.*}} ok{{$}}
// CHECK-NEXT: huber.dweights {{.*}} ok{{$}}
// CHECK-NEXT: fd binary_cross_entropy.dpred {{.*}} ok{{$}}
// CHECK-NEXT: binary_cross_entropy.loss {{.*}} ok{{$}}
// CHECK-NEXT: binary_cross_entropy.grad_loss {{.*}} ok{{$}}
// CHECK-NEXT: binary_cross_entropy.dpred {{.*}} ok{{$}}
// CHECK-NEXT: binary_cross_entropy.dtarget {{.*}} ok{{$}}
// CHECK-NEXT: binary_cross_entropy.dweights {{.*}} ok{{$}}
// CHECK-NEXT: fd l1_matrix.dx {{.*}} ok{{$}}
// CHECK-NEXT: l1_matrix.loss {{.*}} ok{{$}}
// CHECK-NEXT: l1_matrix.grad_loss {{.*}} ok{{$}}
// CHECK-NEXT: l1_matrix.dx {{.*}} ok{{$}}
// CHECK-NEXT: fd l1_vector.dx {{.*}} ok{{$}}
// CHECK-NEXT: l1_vector.loss {{.*}} ok{{$}}
// CHECK-NEXT: l1_vector.grad_loss {{.*}} ok{{$}}
// CHECK-NEXT: l1_vector.dx {{.*}} ok{{$}}
// CHECK-NEXT: fd l2_matrix.dx {{.*}} ok{{$}}
// CHECK-NEXT: l2_matrix.loss {{.*}} ok{{$}}
// CHECK-NEXT: l2_matrix.grad_loss {{.*}} ok{{$}}
// CHECK-NEXT: l2_matrix.dx {{.*}} ok{{$}}
// CHECK-NEXT: fd l2_vector.dx {{.*}} ok{{$}}
// CHECK-NEXT: l2_vector.loss {{.*}} ok{{$}}
// CHECK-NEXT: l2_vector.grad_loss {{.*}} ok{{$}}
// CHECK-NEXT: l2_vector.dx {{.*}} ok{{$}}
// CHECK-NEXT: all {{[0-9]+}} checks passed

// ---- softmax_cross_entropy ----

func.func @softmax_cross_entropy_forward(%z: tensor<?x10xf32>, %labels: tensor<?xi32>, %w: tensor<?xf32>) -> tensor<f32>
    attributes {llvm.emit_c_interface} {
  %l = lepton.softmax_cross_entropy %z, %labels, %w : tensor<?x10xf32>, tensor<?xi32>, tensor<?xf32>
  return %l : tensor<f32>
}
func.func private @softmax_cross_entropy_loss(%z: tensor<?x10xf32>, %labels: tensor<?xi32>, %w: tensor<?xf32>) -> tensor<f32> {
  %l = lepton.softmax_cross_entropy %z, %labels, %w : tensor<?x10xf32>, tensor<?xi32>, tensor<?xf32>
  return %l : tensor<f32>
}
func.func @softmax_cross_entropy_gradient(%z: tensor<?x10xf32>, %labels: tensor<?xi32>, %w: tensor<?xf32>)
    -> (tensor<f32>, tensor<?x10xf32>) attributes {llvm.emit_c_interface} {
  %l, %dz = lepton.grad @softmax_cross_entropy_loss(%z, %labels, %w) {wrt = array<i64: 0>}
      : (tensor<?x10xf32>, tensor<?xi32>, tensor<?xf32>) -> (tensor<f32>, tensor<?x10xf32>)
  return %l, %dz : tensor<f32>, tensor<?x10xf32>
}

// ---- mse ----

func.func @mse_forward(%p: tensor<?x21xf32>, %t: tensor<?x21xf32>, %w: tensor<?xf32>) -> tensor<f32>
    attributes {llvm.emit_c_interface} {
  %l = lepton.mse %p, %t, %w : tensor<?x21xf32>, tensor<?xf32>
  return %l : tensor<f32>
}
func.func private @mse_loss(%p: tensor<?x21xf32>, %t: tensor<?x21xf32>, %w: tensor<?xf32>) -> tensor<f32> {
  %l = lepton.mse %p, %t, %w : tensor<?x21xf32>, tensor<?xf32>
  return %l : tensor<f32>
}
// Also with respect to the target and the weights, which are data: their gradients are zero.
func.func @mse_gradient(%p: tensor<?x21xf32>, %t: tensor<?x21xf32>, %w: tensor<?xf32>)
    -> (tensor<f32>, tensor<?x21xf32>, tensor<?x21xf32>, tensor<?xf32>) attributes {llvm.emit_c_interface} {
  %l, %dp, %dt, %dw = lepton.grad @mse_loss(%p, %t, %w) {wrt = array<i64: 0, 1, 2>}
      : (tensor<?x21xf32>, tensor<?x21xf32>, tensor<?xf32>) -> (tensor<f32>, tensor<?x21xf32>, tensor<?x21xf32>, tensor<?xf32>)
  return %l, %dp, %dt, %dw : tensor<f32>, tensor<?x21xf32>, tensor<?x21xf32>, tensor<?xf32>
}

// ---- huber ----

func.func @huber_forward(%p: tensor<?x21xf32>, %t: tensor<?x21xf32>, %w: tensor<?xf32>) -> tensor<f32>
    attributes {llvm.emit_c_interface} {
  %l = lepton.huber %p, %t, %w {delta = 5.000000e-01 : f32} : tensor<?x21xf32>, tensor<?xf32>
  return %l : tensor<f32>
}
func.func private @huber_loss(%p: tensor<?x21xf32>, %t: tensor<?x21xf32>, %w: tensor<?xf32>) -> tensor<f32> {
  %l = lepton.huber %p, %t, %w {delta = 5.000000e-01 : f32} : tensor<?x21xf32>, tensor<?xf32>
  return %l : tensor<f32>
}
// Also with respect to the target and the weights, which are data: their gradients are zero.
func.func @huber_gradient(%p: tensor<?x21xf32>, %t: tensor<?x21xf32>, %w: tensor<?xf32>)
    -> (tensor<f32>, tensor<?x21xf32>, tensor<?x21xf32>, tensor<?xf32>) attributes {llvm.emit_c_interface} {
  %l, %dp, %dt, %dw = lepton.grad @huber_loss(%p, %t, %w) {wrt = array<i64: 0, 1, 2>}
      : (tensor<?x21xf32>, tensor<?x21xf32>, tensor<?xf32>) -> (tensor<f32>, tensor<?x21xf32>, tensor<?x21xf32>, tensor<?xf32>)
  return %l, %dp, %dt, %dw : tensor<f32>, tensor<?x21xf32>, tensor<?x21xf32>, tensor<?xf32>
}

// ---- binary_cross_entropy ----

func.func @binary_cross_entropy_forward(%p: tensor<?x21xf32>, %t: tensor<?x21xf32>, %w: tensor<?xf32>) -> tensor<f32>
    attributes {llvm.emit_c_interface} {
  %l = lepton.binary_cross_entropy %p, %t, %w : tensor<?x21xf32>, tensor<?xf32>
  return %l : tensor<f32>
}
func.func private @binary_cross_entropy_loss(%p: tensor<?x21xf32>, %t: tensor<?x21xf32>, %w: tensor<?xf32>) -> tensor<f32> {
  %l = lepton.binary_cross_entropy %p, %t, %w : tensor<?x21xf32>, tensor<?xf32>
  return %l : tensor<f32>
}
// Also with respect to the target and the weights, which are data: their gradients are zero.
func.func @binary_cross_entropy_gradient(%p: tensor<?x21xf32>, %t: tensor<?x21xf32>, %w: tensor<?xf32>)
    -> (tensor<f32>, tensor<?x21xf32>, tensor<?x21xf32>, tensor<?xf32>) attributes {llvm.emit_c_interface} {
  %l, %dp, %dt, %dw = lepton.grad @binary_cross_entropy_loss(%p, %t, %w) {wrt = array<i64: 0, 1, 2>}
      : (tensor<?x21xf32>, tensor<?x21xf32>, tensor<?xf32>) -> (tensor<f32>, tensor<?x21xf32>, tensor<?x21xf32>, tensor<?xf32>)
  return %l, %dp, %dt, %dw : tensor<f32>, tensor<?x21xf32>, tensor<?x21xf32>, tensor<?xf32>
}

// ---- l1_matrix ----

func.func @l1_matrix_forward(%x: tensor<13x21xf32>) -> tensor<f32> attributes {llvm.emit_c_interface} {
  %l = lepton.l1 %x {lambda = 7.500000e-01 : f32} : tensor<13x21xf32>
  return %l : tensor<f32>
}
func.func private @l1_matrix_loss(%x: tensor<13x21xf32>) -> tensor<f32> {
  %l = lepton.l1 %x {lambda = 7.500000e-01 : f32} : tensor<13x21xf32>
  return %l : tensor<f32>
}
func.func @l1_matrix_gradient(%x: tensor<13x21xf32>) -> (tensor<f32>, tensor<13x21xf32>) attributes {llvm.emit_c_interface} {
  %l, %dx = lepton.grad @l1_matrix_loss(%x) {wrt = array<i64: 0>} : (tensor<13x21xf32>) -> (tensor<f32>, tensor<13x21xf32>)
  return %l, %dx : tensor<f32>, tensor<13x21xf32>
}

// ---- l1_vector ----

func.func @l1_vector_forward(%x: tensor<45xf32>) -> tensor<f32> attributes {llvm.emit_c_interface} {
  %l = lepton.l1 %x {lambda = 7.500000e-01 : f32} : tensor<45xf32>
  return %l : tensor<f32>
}
func.func private @l1_vector_loss(%x: tensor<45xf32>) -> tensor<f32> {
  %l = lepton.l1 %x {lambda = 7.500000e-01 : f32} : tensor<45xf32>
  return %l : tensor<f32>
}
func.func @l1_vector_gradient(%x: tensor<45xf32>) -> (tensor<f32>, tensor<45xf32>) attributes {llvm.emit_c_interface} {
  %l, %dx = lepton.grad @l1_vector_loss(%x) {wrt = array<i64: 0>} : (tensor<45xf32>) -> (tensor<f32>, tensor<45xf32>)
  return %l, %dx : tensor<f32>, tensor<45xf32>
}

// ---- l2_matrix ----

func.func @l2_matrix_forward(%x: tensor<13x21xf32>) -> tensor<f32> attributes {llvm.emit_c_interface} {
  %l = lepton.l2 %x {lambda = 1.250000e+00 : f32} : tensor<13x21xf32>
  return %l : tensor<f32>
}
func.func private @l2_matrix_loss(%x: tensor<13x21xf32>) -> tensor<f32> {
  %l = lepton.l2 %x {lambda = 1.250000e+00 : f32} : tensor<13x21xf32>
  return %l : tensor<f32>
}
func.func @l2_matrix_gradient(%x: tensor<13x21xf32>) -> (tensor<f32>, tensor<13x21xf32>) attributes {llvm.emit_c_interface} {
  %l, %dx = lepton.grad @l2_matrix_loss(%x) {wrt = array<i64: 0>} : (tensor<13x21xf32>) -> (tensor<f32>, tensor<13x21xf32>)
  return %l, %dx : tensor<f32>, tensor<13x21xf32>
}

// ---- l2_vector ----

func.func @l2_vector_forward(%x: tensor<45xf32>) -> tensor<f32> attributes {llvm.emit_c_interface} {
  %l = lepton.l2 %x {lambda = 1.250000e+00 : f32} : tensor<45xf32>
  return %l : tensor<f32>
}
func.func private @l2_vector_loss(%x: tensor<45xf32>) -> tensor<f32> {
  %l = lepton.l2 %x {lambda = 1.250000e+00 : f32} : tensor<45xf32>
  return %l : tensor<f32>
}
func.func @l2_vector_gradient(%x: tensor<45xf32>) -> (tensor<f32>, tensor<45xf32>) attributes {llvm.emit_c_interface} {
  %l, %dx = lepton.grad @l2_vector_loss(%x) {wrt = array<i64: 0>} : (tensor<45xf32>) -> (tensor<f32>, tensor<45xf32>)
  return %l, %dx : tensor<f32>, tensor<45xf32>
}
