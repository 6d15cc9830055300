// RUN: lepton-opt %s -split-input-file -verify-diagnostics
// The fused form lepton-fuse produces, refused when malformed: an activation the kernels do not know, a slope
// without leaky_relu, a leaky_relu whose slope does not keep the sign (its VJP reads the output).

func.func @unknown(%x: tensor<2x4xf32>, %w: tensor<4x8xf32>) -> tensor<2x8xf32> {
  // expected-error @+1 {{activation must be relu, sigmoid, tanh or leaky_relu, not 'softmax'}}
  %y = lepton.dense %x, %w {activation = "softmax"} : (tensor<2x4xf32>, tensor<4x8xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

func.func @alpha_without_leaky(%x: tensor<2x4xf32>, %w: tensor<4x8xf32>) -> tensor<2x8xf32> {
  // expected-error @+1 {{alpha is the slope of a fused leaky_relu; this layer has none}}
  %y = lepton.dense %x, %w {activation = "relu", alpha = 0.1 : f32} : (tensor<2x4xf32>, tensor<4x8xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

func.func @leaky_zero_slope(%x: tensor<2x4xf32>, %w: tensor<4x8xf32>) -> tensor<2x8xf32> {
  // expected-error @+1 {{a fused leaky_relu needs alpha > 0}}
  %y = lepton.dense %x, %w {activation = "leaky_relu", alpha = 0.0 : f32} : (tensor<2x4xf32>, tensor<4x8xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}

// -----

func.func @leaky_without_slope(%x: tensor<2x4xf32>, %w: tensor<4x8xf32>) -> tensor<2x8xf32> {
  // expected-error @+1 {{a fused leaky_relu needs alpha > 0}}
  %y = lepton.dense %x, %w {activation = "leaky_relu"} : (tensor<2x4xf32>, tensor<4x8xf32>) -> tensor<2x8xf32>
  return %y : tensor<2x8xf32>
}
