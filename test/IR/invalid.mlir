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

// -----

func.func @softmax_scalar(%x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'lepton.softmax' op operand #0 must be non-0-d ranked tensor}}
  %y = lepton.softmax %x : tensor<f32>
  return %y : tensor<f32>
}

// -----

func.func @matmul_contraction(%a: tensor<?x8xf32>, %b: tensor<4x8xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{'lepton.matmul' op contraction dimensions differ: 8 (lhs) vs 4 (rhs)}}
  %c = lepton.matmul %a, %b : (tensor<?x8xf32>, tensor<4x8xf32>) -> tensor<?x8xf32>
  return %c : tensor<?x8xf32>
}

// -----

func.func @matmul_result(%a: tensor<?x4xf32>, %b: tensor<?x8xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'lepton.matmul' op result shape 'tensor<4x4xf32>' does not match 4x8}}
  %c = lepton.matmul %a, %b {transpose_a = true} : (tensor<?x4xf32>, tensor<?x8xf32>) -> tensor<4x4xf32>
  return %c : tensor<4x4xf32>
}

// -----

func.func @reduce_batch_size(%x: tensor<?x8xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'lepton.reduce_batch' op result size (4) does not match input features (8)}}
  %y = lepton.reduce_batch %x : (tensor<?x8xf32>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

func.func @dropout_rate(%x: tensor<?x8xf32>, %key: i64) -> tensor<?x8xf32> {
  // expected-error @+1 {{'lepton.dropout' op rate must be in [0, 1), got 1.000000e+00}}
  %y = lepton.dropout %x, %key {rate = 1.0 : f32} : tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

func.func @dropout_grad_rate(%x: tensor<?x8xf32>, %key: i64) -> tensor<?x8xf32> {
  // expected-error @+1 {{'lepton.dropout_grad' op rate must be in [0, 1), got -1.000000e-01}}
  %y = lepton.dropout_grad %x, %key {rate = -0.1 : f32} : tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

func.func @ce_labels(%z: tensor<4x10xf32>, %l: tensor<5xi32>, %w: tensor<4xf32>) -> tensor<f32> {
  // expected-error @+1 {{'lepton.softmax_cross_entropy' op labels size (5) does not match the batch size (4)}}
  %loss = lepton.softmax_cross_entropy %z, %l, %w : tensor<4x10xf32>, tensor<5xi32>, tensor<4xf32>
  return %loss : tensor<f32>
}

// -----

func.func @ce_label_type(%z: tensor<?x10xf32>, %l: tensor<?xi64>, %w: tensor<?xf32>) -> tensor<f32> {
  // expected-error @+1 {{'lepton.softmax_cross_entropy' op operand #1 must be 1D tensor of 32-bit signless integer values}}
  %loss = lepton.softmax_cross_entropy %z, %l, %w : tensor<?x10xf32>, tensor<?xi64>, tensor<?xf32>
  return %loss : tensor<f32>
}

// -----

func.func @ce_grad_weights(%z: tensor<4x10xf32>, %l: tensor<?xi32>, %w: tensor<3xf32>, %d: tensor<f32>) -> tensor<4x10xf32> {
  // expected-error @+1 {{'lepton.softmax_cross_entropy_grad' op weights size (3) does not match the batch size (4)}}
  %g = lepton.softmax_cross_entropy_grad %z, %l, %w, %d : tensor<4x10xf32>, tensor<?xi32>, tensor<3xf32>
  return %g : tensor<4x10xf32>
}

// -----

func.func @mse_dynamic_features(%p: tensor<?x?xf32>, %w: tensor<?xf32>) -> tensor<f32> {
  // expected-error @+1 {{'lepton.mse' op feature dimension must be static, got 'tensor<?x?xf32>'}}
  %loss = lepton.mse %p, %p, %w : tensor<?x?xf32>, tensor<?xf32>
  return %loss : tensor<f32>
}

// -----

func.func @mse_grad_weights(%p: tensor<2x3xf32>, %w: tensor<5xf32>, %d: tensor<f32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'lepton.mse_grad' op weights size (5) does not match the batch size (2)}}
  %g = lepton.mse_grad %p, %p, %w, %d : tensor<2x3xf32>, tensor<5xf32>
  return %g : tensor<2x3xf32>
}

// -----

func.func @huber_delta(%p: tensor<?x3xf32>, %w: tensor<?xf32>) -> tensor<f32> {
  // expected-error @+1 {{'lepton.huber' op delta must be positive, got 0.000000e+00}}
  %loss = lepton.huber %p, %p, %w {delta = 0.0 : f32} : tensor<?x3xf32>, tensor<?xf32>
  return %loss : tensor<f32>
}

// -----

func.func @huber_grad_weights(%p: tensor<2x3xf32>, %w: tensor<5xf32>, %d: tensor<f32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'lepton.huber_grad' op weights size (5) does not match the batch size (2)}}
  %g = lepton.huber_grad %p, %p, %w, %d : tensor<2x3xf32>, tensor<5xf32>
  return %g : tensor<2x3xf32>
}

// -----

func.func @bce_weights(%z: tensor<2x1xf32>, %w: tensor<3xf32>) -> tensor<f32> {
  // expected-error @+1 {{'lepton.binary_cross_entropy' op weights size (3) does not match the batch size (2)}}
  %loss = lepton.binary_cross_entropy %z, %z, %w : tensor<2x1xf32>, tensor<3xf32>
  return %loss : tensor<f32>
}

// -----

func.func @bce_grad_features(%z: tensor<2x?xf32>, %w: tensor<2xf32>, %d: tensor<f32>) -> tensor<2x?xf32> {
  // expected-error @+1 {{'lepton.binary_cross_entropy_grad' op feature dimension must be static}}
  %g = lepton.binary_cross_entropy_grad %z, %z, %w, %d : tensor<2x?xf32>, tensor<2xf32>
  return %g : tensor<2x?xf32>
}

// -----

func.func @l1_lambda(%w: tensor<4x3xf32>) -> tensor<f32> {
  // expected-error @+1 {{'lepton.l1' op lambda must be finite and non-negative, got -1.000000e+00}}
  %r = lepton.l1 %w {lambda = -1.0 : f32} : tensor<4x3xf32>
  return %r : tensor<f32>
}

// -----

func.func @l1_grad_lambda(%w: tensor<4x3xf32>, %d: tensor<f32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'lepton.l1_grad' op lambda must be finite and non-negative}}
  %g = lepton.l1_grad %w, %d {lambda = -1.0 : f32} : tensor<4x3xf32>
  return %g : tensor<4x3xf32>
}

// -----

func.func @l2_lambda(%w: tensor<4x3xf32>) -> tensor<f32> {
  // expected-error @+1 {{'lepton.l2' op lambda must be finite and non-negative}}
  %r = lepton.l2 %w {lambda = 0x7F800000 : f32} : tensor<4x3xf32>
  return %r : tensor<f32>
}

// -----

func.func @l2_grad_lambda(%w: tensor<4x3xf32>, %d: tensor<f32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'lepton.l2_grad' op lambda must be finite and non-negative}}
  %g = lepton.l2_grad %w, %d {lambda = -2.0 : f32} : tensor<4x3xf32>
  return %g : tensor<4x3xf32>
}

// -----

func.func @l2_missing_lambda(%w: tensor<4x3xf32>) -> tensor<f32> {
  // expected-error @+1 {{'lepton.l2' op requires attribute 'lambda'}}
  %r = lepton.l2 %w : tensor<4x3xf32>
  return %r : tensor<f32>
}

// -----

func.func @sgd_nesterov(%p: tensor<4xf32>, %lr: f32) -> tensor<4xf32> {
  // expected-error @+1 {{'lepton.sgd_update' op nesterov momentum requires momentum > 0}}
  %p1, %v1 = lepton.sgd_update %p, %p, %p, %lr {nesterov = true} : tensor<4xf32>
  return %p1 : tensor<4xf32>
}

// -----

func.func @sgd_momentum(%p: tensor<4xf32>, %lr: f32) -> tensor<4xf32> {
  // expected-error @+1 {{'lepton.sgd_update' op momentum must be non-negative, got -5.000000e-01}}
  %p1, %v1 = lepton.sgd_update %p, %p, %p, %lr {momentum = -0.5} : tensor<4xf32>
  return %p1 : tensor<4xf32>
}

// -----

// expected-note @+1 {{prior use here}}
func.func @sgd_state_type(%p: tensor<4xf32>, %v: tensor<5xf32>, %lr: f32) -> tensor<4xf32> {
  // expected-error @+1 {{use of value '%v' expects different type than prior uses}}
  %p1, %v1 = lepton.sgd_update %p, %p, %v, %lr : tensor<4xf32>
  return %p1 : tensor<4xf32>
}

// -----

func.func @adam_beta1(%p: tensor<4xf32>, %lr: f32, %t: i64) -> tensor<4xf32> {
  // expected-error @+1 {{'lepton.adam_update' op beta1 must be in [0, 1), got 1.000000e+00}}
  %p1, %m1, %v1 = lepton.adam_update %p, %p, %p, %p, %lr, %t {beta1 = 1.0} : tensor<4xf32>
  return %p1 : tensor<4xf32>
}

// -----

func.func @adam_eps(%p: tensor<4xf32>, %lr: f32, %t: i64) -> tensor<4xf32> {
  // expected-error @+1 {{'lepton.adam_update' op eps must be non-negative}}
  %p1, %m1, %v1 = lepton.adam_update %p, %p, %p, %p, %lr, %t {eps = -1.0} : tensor<4xf32>
  return %p1 : tensor<4xf32>
}

// -----

func.func @rmsprop_missing_buffer(%p: tensor<4xf32>, %lr: f32) -> tensor<4xf32> {
  // expected-error @+1 {{'lepton.rmsprop_update' op a momentum_buffer is needed exactly when momentum > 0}}
  %p1, %s1 = lepton.rmsprop_update %p, %p, %p, %lr {momentum = 0.9} : tensor<4xf32>
  return %p1 : tensor<4xf32>
}

// -----

func.func @rmsprop_buffer_type(%p: tensor<4xf32>, %b: tensor<5xf32>, %lr: f32) -> tensor<4xf32> {
  // expected-error @+1 {{'lepton.rmsprop_update' op momentum_buffer type 'tensor<5xf32>' differs from the parameter's 'tensor<4xf32>'}}
  %p1, %s1, %b1 = lepton.rmsprop_update %p, %p, %p, %lr momentum_buffer(%b : tensor<5xf32>) {momentum = 0.9} : tensor<4xf32>
  return %p1 : tensor<4xf32>
}

// -----

func.func @rmsprop_alpha(%p: tensor<4xf32>, %lr: f32) -> tensor<4xf32> {
  // expected-error @+1 {{'lepton.rmsprop_update' op alpha must be in [0, 1], got 2.000000e+00}}
  %p1, %s1 = lepton.rmsprop_update %p, %p, %p, %lr {alpha = 2.0} : tensor<4xf32>
  return %p1 : tensor<4xf32>
}

// -----

func.func private @loss(%x: tensor<?x4xf32>, %l: tensor<?xi32>, %w: tensor<4x3xf32>) -> tensor<f32>

func.func @grad_wrt_range(%x: tensor<?x4xf32>, %l: tensor<?xi32>, %w: tensor<4x3xf32>) {
  // expected-error @+1 {{'lepton.grad' op wrt index 3 is out of range for 3 arguments}}
  %v, %g = lepton.grad @loss(%x, %l, %w) {wrt = array<i64: 3>} : (tensor<?x4xf32>, tensor<?xi32>, tensor<4x3xf32>) -> (tensor<f32>, tensor<4x3xf32>)
  return
}

// -----

func.func private @loss(%x: tensor<?x4xf32>, %l: tensor<?xi32>, %w: tensor<4x3xf32>) -> tensor<f32>

func.func @grad_wrt_order(%x: tensor<?x4xf32>, %l: tensor<?xi32>, %w: tensor<4x3xf32>) {
  // expected-error @+1 {{'lepton.grad' op wrt indices must be strictly increasing}}
  %v, %g0, %g1 = lepton.grad @loss(%x, %l, %w) {wrt = array<i64: 2, 0>} : (tensor<?x4xf32>, tensor<?xi32>, tensor<4x3xf32>) -> (tensor<f32>, tensor<4x3xf32>, tensor<?x4xf32>)
  return
}

// -----

func.func private @loss(%x: tensor<?x4xf32>, %l: tensor<?xi32>, %w: tensor<4x3xf32>) -> tensor<f32>

func.func @grad_wrt_labels(%x: tensor<?x4xf32>, %l: tensor<?xi32>, %w: tensor<4x3xf32>) {
  // expected-error @+1 {{'lepton.grad' op argument 1 cannot be differentiated: its type 'tensor<?xi32>' is not a ranked f32 tensor}}
  %v, %g = lepton.grad @loss(%x, %l, %w) {wrt = array<i64: 1>} : (tensor<?x4xf32>, tensor<?xi32>, tensor<4x3xf32>) -> (tensor<f32>, tensor<?xi32>)
  return
}

// -----

func.func private @loss(%x: tensor<?x4xf32>, %l: tensor<?xi32>, %w: tensor<4x3xf32>) -> tensor<f32>

func.func @grad_count(%x: tensor<?x4xf32>, %l: tensor<?xi32>, %w: tensor<4x3xf32>) {
  // expected-error @+1 {{'lepton.grad' op expects 1 gradient results (one per wrt index), got 0}}
  %v = lepton.grad @loss(%x, %l, %w) {wrt = array<i64: 2>} : (tensor<?x4xf32>, tensor<?xi32>, tensor<4x3xf32>) -> (tensor<f32>)
  return
}

// -----

func.func private @loss(%x: tensor<?x4xf32>, %l: tensor<?xi32>, %w: tensor<4x3xf32>) -> tensor<f32>

func.func @grad_type(%x: tensor<?x4xf32>, %l: tensor<?xi32>, %w: tensor<4x3xf32>) {
  // expected-error @+1 {{'lepton.grad' op gradient of argument 2 has type 'tensor<?x3xf32>', expected 'tensor<4x3xf32>'}}
  %v, %g = lepton.grad @loss(%x, %l, %w) {wrt = array<i64: 2>} : (tensor<?x4xf32>, tensor<?xi32>, tensor<4x3xf32>) -> (tensor<f32>, tensor<?x3xf32>)
  return
}

// -----

func.func @grad_unknown_callee(%w: tensor<4x3xf32>) {
  // expected-error @+1 {{'lepton.grad' op 'missing' does not reference a function}}
  %v, %g = lepton.grad @missing(%w) {wrt = array<i64: 0>} : (tensor<4x3xf32>) -> (tensor<f32>, tensor<4x3xf32>)
  return
}

// -----

func.func private @loss(%x: tensor<?x4xf32>, %w: tensor<4x3xf32>) -> tensor<f32>

func.func @grad_callee_args(%x: tensor<?x5xf32>, %w: tensor<4x3xf32>) {
  // expected-error @+1 {{'lepton.grad' op argument 0 has type 'tensor<?x5xf32>' but the callee expects 'tensor<?x4xf32>'}}
  %v, %g = lepton.grad @loss(%x, %w) {wrt = array<i64: 1>} : (tensor<?x5xf32>, tensor<4x3xf32>) -> (tensor<f32>, tensor<4x3xf32>)
  return
}

// -----

func.func private @loss(%w: tensor<4x3xf32>) -> tensor<4x3xf32>

func.func @grad_callee_result(%w: tensor<4x3xf32>) {
  // expected-error @+1 {{'lepton.grad' op callee must return a single tensor<f32>}}
  %v, %g = lepton.grad @loss(%w) {wrt = array<i64: 0>} : (tensor<4x3xf32>) -> (tensor<f32>, tensor<4x3xf32>)
  return
}

// -----

func.func private @loss(%w: tensor<4x3xf32>, %v: tensor<4x3xf32>) -> tensor<f32>

func.func @grad_callee_arity(%w: tensor<4x3xf32>) {
  // expected-error @+1 {{'lepton.grad' op callee takes 2 arguments, got 1}}
  %v, %g = lepton.grad @loss(%w) {wrt = array<i64: 0>} : (tensor<4x3xf32>) -> (tensor<f32>, tensor<4x3xf32>)
  return
}
