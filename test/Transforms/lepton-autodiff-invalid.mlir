// RUN: lepton-opt %s -split-input-file --lepton-autodiff -verify-diagnostics
// lepton-autodiff errors: control flow, ops without a VJP, callees without a body.

func.func @branchy(%w: tensor<3xf32>, %c: i1) -> tensor<f32> {
  // expected-error @+1 {{cannot differentiate 'scf.if': control flow is not supported in a differentiated function}}
  %r = scf.if %c -> tensor<f32> {
    %a = lepton.l2 %w {lambda = 1.0 : f32} : tensor<3xf32>
    scf.yield %a : tensor<f32>
  } else {
    %b = lepton.l1 %w {lambda = 1.0 : f32} : tensor<3xf32>
    scf.yield %b : tensor<f32>
  }
  return %r : tensor<f32>
}

func.func @caller(%w: tensor<3xf32>, %c: i1) -> tensor<3xf32> {
  // expected-note @+1 {{differentiated here}}
  %v, %g = lepton.grad @branchy(%w, %c) {wrt = array<i64: 0>} : (tensor<3xf32>, i1) -> (tensor<f32>, tensor<3xf32>)
  return %g : tensor<3xf32>
}

// -----

// expected-error @+1 {{cannot differentiate 'blocks': it has control flow (2 blocks)}}
func.func @blocks(%w: tensor<3xf32>) -> tensor<f32> {
  cf.br ^next
^next:
  %a = lepton.l2 %w {lambda = 1.0 : f32} : tensor<3xf32>
  return %a : tensor<f32>
}

func.func @caller(%w: tensor<3xf32>) -> tensor<3xf32> {
  // expected-note @+1 {{differentiated here}}
  %v, %g = lepton.grad @blocks(%w) {wrt = array<i64: 0>} : (tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>)
  return %g : tensor<3xf32>
}

// -----

func.func @opaque(%w: tensor<3xf32>) -> tensor<f32> {
  // expected-error @+1 {{cannot differentiate 'math.exp': it does not implement DifferentiableOpInterface}}
  %e = math.exp %w : tensor<3xf32>
  %a = lepton.l2 %e {lambda = 1.0 : f32} : tensor<3xf32>
  return %a : tensor<f32>
}

func.func @caller(%w: tensor<3xf32>) -> tensor<3xf32> {
  // expected-note @+1 {{differentiated here}}
  %v, %g = lepton.grad @opaque(%w) {wrt = array<i64: 0>} : (tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>)
  return %g : tensor<3xf32>
}

// -----

func.func private @external(%w: tensor<3xf32>) -> tensor<f32>

func.func @caller(%w: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'lepton.grad' op cannot differentiate 'external': it is a declaration without a body}}
  %v, %g = lepton.grad @external(%w) {wrt = array<i64: 0>} : (tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>)
  return %g : tensor<3xf32>
}

// -----

func.func @self(%w: tensor<3xf32>) -> tensor<f32> {
  // expected-error @+1 {{'lepton.grad' op differentiates a function that (indirectly) contains itself}}
  %v, %g = lepton.grad @self(%w) {wrt = array<i64: 0>} : (tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>)
  return %v : tensor<f32>
}
