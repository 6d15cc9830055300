// RUN: lepton-opt %s | FileCheck %s
// RUN: lepton-opt %s | lepton-opt | FileCheck %s
// Round trip of the lepton ops through the printer and the parser.

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
