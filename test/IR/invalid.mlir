// RUN: lepton-opt %s -split-input-file -verify-diagnostics
// Verifier errors of the lepton ops.

func.func @dense_feature_mismatch(%x: tensor<?x10xf32>, %w: tensor<784x128xf32>) -> tensor<?x128xf32> {
  // expected-error @+1 {{'lepton.dense' op input features (10) do not match weight rows (784)}}
  %y = lepton.dense %x, %w : (tensor<?x10xf32>, tensor<784x128xf32>) -> tensor<?x128xf32>
  return %y : tensor<?x128xf32>
}

// -----

func.func @dense_bias_mismatch(%x: tensor<?x4xf32>, %w: tensor<4x8xf32>, %b: tensor<7xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{'lepton.dense' op bias size (7) does not match weight columns (8)}}
  %y = lepton.dense %x, %w, %b : (tensor<?x4xf32>, tensor<4x8xf32>, tensor<7xf32>) -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

func.func @dense_result_mismatch(%x: tensor<?x4xf32>, %w: tensor<4x8xf32>) -> tensor<?x9xf32> {
  // expected-error @+1 {{'lepton.dense' op result features (9) do not match weight columns (8)}}
  %y = lepton.dense %x, %w : (tensor<?x4xf32>, tensor<4x8xf32>) -> tensor<?x9xf32>
  return %y : tensor<?x9xf32>
}

// -----

func.func @dense_batch_mismatch(%x: tensor<3x4xf32>, %w: tensor<4x8xf32>) -> tensor<5x8xf32> {
  // expected-error @+1 {{'lepton.dense' op result batch dimension does not match the input's}}
  %y = lepton.dense %x, %w : (tensor<3x4xf32>, tensor<4x8xf32>) -> tensor<5x8xf32>
  return %y : tensor<5x8xf32>
}

// -----

func.func @dense_dynamic_weight(%x: tensor<?x4xf32>, %w: tensor<?x8xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{'lepton.dense' op weight must have a static shape}}
  %y = lepton.dense %x, %w : (tensor<?x4xf32>, tensor<?x8xf32>) -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

// expected-note @+1 {{prior use here}}
func.func @relu_type_mismatch(%x: tensor<4xf32>) -> tensor<5xf32> {
  // expected-error @+1 {{use of value '%x' expects different type than prior uses}}
  %y = lepton.relu %x : tensor<5xf32>
  return %y : tensor<5xf32>
}
