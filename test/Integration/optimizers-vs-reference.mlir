// sgd (plain, momentum, nesterov, weight decay), adam, adam with weight decay, adamw, rmsprop (plain, momentum + weight decay): four compiled steps vs the f64 Eigen reference.
// RUN: leptonc %s -c -o %t.o
// RUN: %clangxx -O1 -std=c++17 -I%eigen_include -I%S/reference %S/Inputs/optimizers_harness.cpp %t.o -o %t.exe
// RUN: %t.exe | FileCheck %s
//
// Each compiled step takes the previous compiled step's f32 outputs; the reference runs the same
// four steps in f64 from the same start, and the parameter and every state tensor are compared
// at the end. Parameters start in ±0.1 and the learning rates move them by tenths, so the
// comparison measures the updates. Updates are not derivatives, so instead of finite differences
// the reference is checked against torch.optim's numbers ("torch …" lines, from
// test/Conversion/execution/optimizers.mlir).

// CHECK: torch sgd.param {{.*}} ok{{$}}
// CHECK-NEXT: torch sgd_momentum_wd.param {{.*}} ok{{$}}
// CHECK-NEXT: torch sgd_momentum_wd.velocity {{.*}} ok{{$}}
// CHECK-NEXT: torch sgd_nesterov.param {{.*}} ok{{$}}
// CHECK-NEXT: torch sgd_nesterov.velocity {{.*}} ok{{$}}
// CHECK-NEXT: torch adam.param {{.*}} ok{{$}}
// CHECK-NEXT: torch adam.m {{.*}} ok{{$}}
// CHECK-NEXT: torch adam.v {{.*}} ok{{$}}
// CHECK-NEXT: torch adam_wd.param {{.*}} ok{{$}}
// CHECK-NEXT: torch adamw.param {{.*}} ok{{$}}
// CHECK-NEXT: torch rmsprop.param {{.*}} ok{{$}}
// CHECK-NEXT: torch rmsprop.square_avg {{.*}} ok{{$}}
// CHECK-NEXT: torch rmsprop_momentum_wd.param {{.*}} ok{{$}}
// CHECK-NEXT: torch rmsprop_momentum_wd.square_avg {{.*}} ok{{$}}
// CHECK-NEXT: torch rmsprop_momentum_wd.buffer {{.*}} ok{{$}}
// CHECK-NEXT: sgd.param {{.*}} ok{{$}}
// CHECK-NEXT: sgd_momentum_wd.param {{.*}} ok{{$}}
// CHECK-NEXT: sgd_momentum_wd.velocity {{.*}} ok{{$}}
// CHECK-NEXT: sgd_nesterov.param {{.*}} ok{{$}}
// CHECK-NEXT: sgd_nesterov.velocity {{.*}} ok{{$}}
// CHECK-NEXT: sgd_nesterov_wd.param {{.*}} ok{{$}}
// CHECK-NEXT: sgd_nesterov_wd.velocity {{.*}} ok{{$}}
// CHECK-NEXT: adam.param {{.*}} ok{{$}}
// CHECK-NEXT: adam.m {{.*}} ok{{$}}
// CHECK-NEXT: adam.v {{.*}} ok{{$}}
// CHECK-NEXT: adam_wd.param {{.*}} ok{{$}}
// CHECK-NEXT: adam_wd.m {{.*}} ok{{$}}
// CHECK-NEXT: adam_wd.v {{.*}} ok{{$}}
// CHECK-NEXT: adamw.param {{.*}} ok{{$}}
// CHECK-NEXT: adamw.m {{.*}} ok{{$}}
// CHECK-NEXT: adamw.v {{.*}} ok{{$}}
// CHECK-NEXT: rmsprop.param {{.*}} ok{{$}}
// CHECK-NEXT: rmsprop.square_avg {{.*}} ok{{$}}
// CHECK-NEXT: rmsprop_momentum_wd.param {{.*}} ok{{$}}
// CHECK-NEXT: rmsprop_momentum_wd.square_avg {{.*}} ok{{$}}
// CHECK-NEXT: rmsprop_momentum_wd.buffer {{.*}} ok{{$}}
// CHECK-NEXT: all {{[0-9]+}} checks passed

// One step per call; tensors are (13, 45): 585 elements, a whole number of 16-lane vectors plus a tail.

// Plain SGD leaves the velocity as it is; only the parameter is returned (see the report: a
// function that returns an argument unchanged does not compile yet).
func.func @sgd_plain(%p: tensor<13x45xf32>, %g: tensor<13x45xf32>, %v: tensor<13x45xf32>, %lr: f32) -> tensor<13x45xf32> attributes {llvm.emit_c_interface} {
  %p1, %v1 = lepton.sgd_update %p, %g, %v, %lr : tensor<13x45xf32>
  return %p1 : tensor<13x45xf32>
}

// Hyperparameters: the same numbers as the harness's SgdOptions/AdamOptions/RmspropOptions.
func.func @sgd_momentum_wd(%p: tensor<13x45xf32>, %g: tensor<13x45xf32>, %v: tensor<13x45xf32>, %lr: f32) -> (tensor<13x45xf32>, tensor<13x45xf32>) attributes {llvm.emit_c_interface} {
  %p1, %v1 = lepton.sgd_update %p, %g, %v, %lr {momentum = 9.000000e-01 : f64, weight_decay = 1.000000e-02 : f64} : tensor<13x45xf32>
  return %p1, %v1 : tensor<13x45xf32>, tensor<13x45xf32>
}

func.func @sgd_nesterov(%p: tensor<13x45xf32>, %g: tensor<13x45xf32>, %v: tensor<13x45xf32>, %lr: f32) -> (tensor<13x45xf32>, tensor<13x45xf32>) attributes {llvm.emit_c_interface} {
  %p1, %v1 = lepton.sgd_update %p, %g, %v, %lr {momentum = 9.000000e-01 : f64, nesterov = true} : tensor<13x45xf32>
  return %p1, %v1 : tensor<13x45xf32>, tensor<13x45xf32>
}

func.func @sgd_nesterov_wd(%p: tensor<13x45xf32>, %g: tensor<13x45xf32>, %v: tensor<13x45xf32>, %lr: f32) -> (tensor<13x45xf32>, tensor<13x45xf32>) attributes {llvm.emit_c_interface} {
  %p1, %v1 = lepton.sgd_update %p, %g, %v, %lr {momentum = 8.000000e-01 : f64, nesterov = true, weight_decay = 5.000000e-02 : f64} : tensor<13x45xf32>
  return %p1, %v1 : tensor<13x45xf32>, tensor<13x45xf32>
}

func.func @adam(%p: tensor<13x45xf32>, %g: tensor<13x45xf32>, %m: tensor<13x45xf32>, %v: tensor<13x45xf32>, %lr: f32, %step: i64) -> (tensor<13x45xf32>, tensor<13x45xf32>, tensor<13x45xf32>)
    attributes {llvm.emit_c_interface} {
  %p1, %m1, %v1 = lepton.adam_update %p, %g, %m, %v, %lr, %step : tensor<13x45xf32>
  return %p1, %m1, %v1 : tensor<13x45xf32>, tensor<13x45xf32>, tensor<13x45xf32>
}

func.func @adam_wd(%p: tensor<13x45xf32>, %g: tensor<13x45xf32>, %m: tensor<13x45xf32>, %v: tensor<13x45xf32>, %lr: f32, %step: i64) -> (tensor<13x45xf32>, tensor<13x45xf32>, tensor<13x45xf32>)
    attributes {llvm.emit_c_interface} {
  %p1, %m1, %v1 = lepton.adam_update %p, %g, %m, %v, %lr, %step {beta1 = 8.000000e-01 : f64, beta2 = 9.900000e-01 : f64, eps = 1.000000e-06 : f64, weight_decay = 1.000000e-01 : f64} : tensor<13x45xf32>
  return %p1, %m1, %v1 : tensor<13x45xf32>, tensor<13x45xf32>, tensor<13x45xf32>
}

func.func @adamw(%p: tensor<13x45xf32>, %g: tensor<13x45xf32>, %m: tensor<13x45xf32>, %v: tensor<13x45xf32>, %lr: f32, %step: i64) -> (tensor<13x45xf32>, tensor<13x45xf32>, tensor<13x45xf32>)
    attributes {llvm.emit_c_interface} {
  %p1, %m1, %v1 = lepton.adam_update %p, %g, %m, %v, %lr, %step {weight_decay = 1.000000e-01 : f64, decoupled = true} : tensor<13x45xf32>
  return %p1, %m1, %v1 : tensor<13x45xf32>, tensor<13x45xf32>, tensor<13x45xf32>
}

func.func @rmsprop_plain(%p: tensor<13x45xf32>, %g: tensor<13x45xf32>, %sq: tensor<13x45xf32>, %lr: f32) -> (tensor<13x45xf32>, tensor<13x45xf32>) attributes {llvm.emit_c_interface} {
  %p1, %sq1 = lepton.rmsprop_update %p, %g, %sq, %lr : tensor<13x45xf32>
  return %p1, %sq1 : tensor<13x45xf32>, tensor<13x45xf32>
}

func.func @rmsprop_momentum_wd(%p: tensor<13x45xf32>, %g: tensor<13x45xf32>, %sq: tensor<13x45xf32>, %b: tensor<13x45xf32>, %lr: f32) -> (tensor<13x45xf32>, tensor<13x45xf32>, tensor<13x45xf32>)
    attributes {llvm.emit_c_interface} {
  %p1, %sq1, %b1 = lepton.rmsprop_update %p, %g, %sq, %lr momentum_buffer(%b : tensor<13x45xf32>)
      {alpha = 9.000000e-01 : f64, eps = 1.000000e-06 : f64, momentum = 9.000000e-01 : f64, weight_decay = 5.000000e-02 : f64} : tensor<13x45xf32>
  return %p1, %sq1, %b1 : tensor<13x45xf32>, tensor<13x45xf32>, tensor<13x45xf32>
}
