// RUN: lepton-opt %s --convert-lepton-to-linalg | FileCheck %s
// Regression: softmax over a rank-1 tensor reduces to a 0-d row (the map (d0) -> ()), which once
// was a null map and crashed the conversion.

// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[$ROW:.+]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func.func @softmax_vector
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]]], iterator_types = ["reduction"]}
// CHECK-NOT: lepton.
func.func @softmax_vector(%x: tensor<7xf32>) -> tensor<7xf32> {
  %y = lepton.softmax %x : tensor<7xf32>
  return %y : tensor<7xf32>
}

// CHECK-LABEL: func.func @softmax_grad_vector
// CHECK-NOT: lepton.
func.func @softmax_grad_vector(%y: tensor<7xf32>, %dy: tensor<7xf32>) -> tensor<7xf32> {
  %dx = lepton.softmax_grad %y, %dy : tensor<7xf32>
  return %dx : tensor<7xf32>
}
