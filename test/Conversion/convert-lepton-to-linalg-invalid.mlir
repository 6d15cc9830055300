// RUN: lepton-opt %s -split-input-file --convert-lepton-to-linalg -verify-diagnostics
// convert-lepton-to-linalg refuses IR that still asks for a gradient.

func.func @loss(%w: tensor<3xf32>) -> tensor<f32> {
  %r = lepton.l2 %w {lambda = 1.0 : f32} : tensor<3xf32>
  return %r : tensor<f32>
}

func.func @step(%w: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'lepton.grad' op must be expanded by --lepton-autodiff before lowering to linalg}}
  %v, %g = lepton.grad @loss(%w) {wrt = array<i64: 0>} : (tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>)
  return %g : tensor<3xf32>
}
