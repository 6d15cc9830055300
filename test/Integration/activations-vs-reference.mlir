// relu, sigmoid, tanh, leaky_relu (alpha 0.2 and the default), softmax: leptonc's f32 forward and lepton.grad vs the f64 Eigen reference.
// RUN: leptonc %s -c -o %t.o
// RUN: %clangxx -O1 -std=c++17 -I%eigen_include -I%S/reference %S/Inputs/activations_harness.cpp %t.o -o %t.exe
// RUN: %t.exe | FileCheck %s
//
// Inputs are (19, 45) with a dynamic batch, in ±[0.01, 4): off the kink of relu and leaky_relu
// at 0. Gradients go through L = mse(f(x), target, s) with s chosen so dy is of order 1. The
// reference's VJPs are written from the derivatives (σ' = e^{-x}/(1+e^{-x})², tanh' = 1/cosh²,
// softmax through its explicit Jacobian), checked by central differences ("fd …") and against
// PyTorch's values ("torch …").

// CHECK: torch relu.dx {{.*}} ok{{$}}
// CHECK-NEXT: torch sigmoid.y {{.*}} ok{{$}}
// CHECK-NEXT: torch sigmoid.dx {{.*}} ok{{$}}
// CHECK-NEXT: torch tanh.y {{.*}} ok{{$}}
// CHECK-NEXT: torch tanh.dx {{.*}} ok{{$}}
// CHECK-NEXT: torch leaky_relu.y {{.*}} ok{{$}}
// CHECK-NEXT: torch leaky_relu.dx {{.*}} ok{{$}}
// CHECK-NEXT: torch softmax.y {{.*}} ok{{$}}
// CHECK-NEXT: torch softmax.dx {{.*}} ok{{$}}
// CHECK-NEXT: fd relu.dx {{.*}} ok{{$}}
// CHECK-NEXT: relu.y {{.*}} ok{{$}}
// CHECK-NEXT: relu.loss {{.*}} ok{{$}}
// CHECK-NEXT: relu.dx {{.*}} ok{{$}}
// CHECK-NEXT: fd sigmoid.dx {{.*}} ok{{$}}
// CHECK-NEXT: sigmoid.y {{.*}} ok{{$}}
// CHECK-NEXT: sigmoid.loss {{.*}} ok{{$}}
// CHECK-NEXT: sigmoid.dx {{.*}} ok{{$}}
// CHECK-NEXT: fd tanh.dx {{.*}} ok{{$}}
// CHECK-NEXT: tanh.y {{.*}} ok{{$}}
// CHECK-NEXT: tanh.loss {{.*}} ok{{$}}
// CHECK-NEXT: tanh.dx {{.*}} ok{{$}}
// CHECK-NEXT: fd leaky_relu.dx {{.*}} ok{{$}}
// CHECK-NEXT: leaky_relu.y {{.*}} ok{{$}}
// CHECK-NEXT: leaky_relu.loss {{.*}} ok{{$}}
// CHECK-NEXT: leaky_relu.dx {{.*}} ok{{$}}
// CHECK-NEXT: fd leaky_relu_default.dx {{.*}} ok{{$}}
// CHECK-NEXT: leaky_relu_default.y {{.*}} ok{{$}}
// CHECK-NEXT: leaky_relu_default.loss {{.*}} ok{{$}}
// CHECK-NEXT: leaky_relu_default.dx {{.*}} ok{{$}}
// CHECK-NEXT: fd softmax.dx {{.*}} ok{{$}}
// CHECK-NEXT: softmax.y {{.*}} ok{{$}}
// CHECK-NEXT: softmax.loss {{.*}} ok{{$}}
// CHECK-NEXT: softmax.dx {{.*}} ok{{$}}
// CHECK-NEXT: all {{[0-9]+}} checks passed

// ---- relu ----

func.func @relu_forward(%x: tensor<?x45xf32>) -> tensor<?x45xf32> attributes {llvm.emit_c_interface} {
  %y = lepton.relu %x : tensor<?x45xf32>
  return %y : tensor<?x45xf32>
}
func.func private @relu_loss(%x: tensor<?x45xf32>, %t: tensor<?x45xf32>, %s: tensor<?xf32>) -> tensor<f32> {
  %y = lepton.relu %x : tensor<?x45xf32>
  %l = lepton.mse %y, %t, %s : tensor<?x45xf32>, tensor<?xf32>
  return %l : tensor<f32>
}
func.func @relu_gradient(%x: tensor<?x45xf32>, %t: tensor<?x45xf32>, %s: tensor<?xf32>) -> (tensor<f32>, tensor<?x45xf32>)
    attributes {llvm.emit_c_interface} {
  %l, %dx = lepton.grad @relu_loss(%x, %t, %s) {wrt = array<i64: 0>}
      : (tensor<?x45xf32>, tensor<?x45xf32>, tensor<?xf32>) -> (tensor<f32>, tensor<?x45xf32>)
  return %l, %dx : tensor<f32>, tensor<?x45xf32>
}

// ---- sigmoid ----

func.func @sigmoid_forward(%x: tensor<?x45xf32>) -> tensor<?x45xf32> attributes {llvm.emit_c_interface} {
  %y = lepton.sigmoid %x : tensor<?x45xf32>
  return %y : tensor<?x45xf32>
}
func.func private @sigmoid_loss(%x: tensor<?x45xf32>, %t: tensor<?x45xf32>, %s: tensor<?xf32>) -> tensor<f32> {
  %y = lepton.sigmoid %x : tensor<?x45xf32>
  %l = lepton.mse %y, %t, %s : tensor<?x45xf32>, tensor<?xf32>
  return %l : tensor<f32>
}
func.func @sigmoid_gradient(%x: tensor<?x45xf32>, %t: tensor<?x45xf32>, %s: tensor<?xf32>) -> (tensor<f32>, tensor<?x45xf32>)
    attributes {llvm.emit_c_interface} {
  %l, %dx = lepton.grad @sigmoid_loss(%x, %t, %s) {wrt = array<i64: 0>}
      : (tensor<?x45xf32>, tensor<?x45xf32>, tensor<?xf32>) -> (tensor<f32>, tensor<?x45xf32>)
  return %l, %dx : tensor<f32>, tensor<?x45xf32>
}

// ---- tanh ----

func.func @tanh_forward(%x: tensor<?x45xf32>) -> tensor<?x45xf32> attributes {llvm.emit_c_interface} {
  %y = lepton.tanh %x : tensor<?x45xf32>
  return %y : tensor<?x45xf32>
}
func.func private @tanh_loss(%x: tensor<?x45xf32>, %t: tensor<?x45xf32>, %s: tensor<?xf32>) -> tensor<f32> {
  %y = lepton.tanh %x : tensor<?x45xf32>
  %l = lepton.mse %y, %t, %s : tensor<?x45xf32>, tensor<?xf32>
  return %l : tensor<f32>
}
func.func @tanh_gradient(%x: tensor<?x45xf32>, %t: tensor<?x45xf32>, %s: tensor<?xf32>) -> (tensor<f32>, tensor<?x45xf32>)
    attributes {llvm.emit_c_interface} {
  %l, %dx = lepton.grad @tanh_loss(%x, %t, %s) {wrt = array<i64: 0>}
      : (tensor<?x45xf32>, tensor<?x45xf32>, tensor<?xf32>) -> (tensor<f32>, tensor<?x45xf32>)
  return %l, %dx : tensor<f32>, tensor<?x45xf32>
}

// ---- leaky_relu ----

func.func @leaky_relu_forward(%x: tensor<?x45xf32>) -> tensor<?x45xf32> attributes {llvm.emit_c_interface} {
  %y = lepton.leaky_relu %x {alpha = 2.000000e-01 : f32} : tensor<?x45xf32>
  return %y : tensor<?x45xf32>
}
func.func private @leaky_relu_loss(%x: tensor<?x45xf32>, %t: tensor<?x45xf32>, %s: tensor<?xf32>) -> tensor<f32> {
  %y = lepton.leaky_relu %x {alpha = 2.000000e-01 : f32} : tensor<?x45xf32>
  %l = lepton.mse %y, %t, %s : tensor<?x45xf32>, tensor<?xf32>
  return %l : tensor<f32>
}
func.func @leaky_relu_gradient(%x: tensor<?x45xf32>, %t: tensor<?x45xf32>, %s: tensor<?xf32>) -> (tensor<f32>, tensor<?x45xf32>)
    attributes {llvm.emit_c_interface} {
  %l, %dx = lepton.grad @leaky_relu_loss(%x, %t, %s) {wrt = array<i64: 0>}
      : (tensor<?x45xf32>, tensor<?x45xf32>, tensor<?xf32>) -> (tensor<f32>, tensor<?x45xf32>)
  return %l, %dx : tensor<f32>, tensor<?x45xf32>
}

// ---- leaky_relu_default ----

func.func @leaky_relu_default_forward(%x: tensor<?x45xf32>) -> tensor<?x45xf32> attributes {llvm.emit_c_interface} {
  %y = lepton.leaky_relu %x : tensor<?x45xf32>
  return %y : tensor<?x45xf32>
}
func.func private @leaky_relu_default_loss(%x: tensor<?x45xf32>, %t: tensor<?x45xf32>, %s: tensor<?xf32>) -> tensor<f32> {
  %y = lepton.leaky_relu %x : tensor<?x45xf32>
  %l = lepton.mse %y, %t, %s : tensor<?x45xf32>, tensor<?xf32>
  return %l : tensor<f32>
}
func.func @leaky_relu_default_gradient(%x: tensor<?x45xf32>, %t: tensor<?x45xf32>, %s: tensor<?xf32>) -> (tensor<f32>, tensor<?x45xf32>)
    attributes {llvm.emit_c_interface} {
  %l, %dx = lepton.grad @leaky_relu_default_loss(%x, %t, %s) {wrt = array<i64: 0>}
      : (tensor<?x45xf32>, tensor<?x45xf32>, tensor<?xf32>) -> (tensor<f32>, tensor<?x45xf32>)
  return %l, %dx : tensor<f32>, tensor<?x45xf32>
}

// ---- softmax ----

func.func @softmax_forward(%x: tensor<?x45xf32>) -> tensor<?x45xf32> attributes {llvm.emit_c_interface} {
  %y = lepton.softmax %x : tensor<?x45xf32>
  return %y : tensor<?x45xf32>
}
func.func private @softmax_loss(%x: tensor<?x45xf32>, %t: tensor<?x45xf32>, %s: tensor<?xf32>) -> tensor<f32> {
  %y = lepton.softmax %x : tensor<?x45xf32>
  %l = lepton.mse %y, %t, %s : tensor<?x45xf32>, tensor<?xf32>
  return %l : tensor<f32>
}
func.func @softmax_gradient(%x: tensor<?x45xf32>, %t: tensor<?x45xf32>, %s: tensor<?xf32>) -> (tensor<f32>, tensor<?x45xf32>)
    attributes {llvm.emit_c_interface} {
  %l, %dx = lepton.grad @softmax_loss(%x, %t, %s) {wrt = array<i64: 0>}
      : (tensor<?x45xf32>, tensor<?x45xf32>, tensor<?xf32>) -> (tensor<f32>, tensor<?x45xf32>)
  return %l, %dx : tensor<f32>, tensor<?x45xf32>
}
