// RUN: lepton-opt %s -split-input-file -verify-diagnostics
// Verifier errors of the lepton ops.

func.func @dense_feature_mismatch(%x: tensor<?x10xf32>, %w: tensor<784x128xf32>) -> tensor<?x128xf32> {
  // expected-error @+1 {{'lepton.dense' op input features (10) do not match weight rows (784)}}
  %y = lepton.dense %x, %w : (tensor<?x10xf32>, tensor<784x128xf32>) -> tensor<?x128xf32>
  return %y : tensor<?x128xf32>
}

// -----

func.func @matmul_accumulator_mismatch(%a: tensor<8x4xf32>, %b: tensor<8x3xf32>, %c: tensor<4x2xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'lepton.matmul' op accumulator type 'tensor<4x2xf32>' differs from the result type 'tensor<4x3xf32>'}}
  %y = lepton.matmul %a, %b acc %c {transpose_a = true} : (tensor<8x4xf32>, tensor<8x3xf32>, tensor<4x2xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

func.func @reduce_batch_accumulator_mismatch(%dy: tensor<8x3xf32>, %c: tensor<4xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'lepton.reduce_batch' op accumulator type 'tensor<4xf32>' differs from the result type 'tensor<3xf32>'}}
  %y = lepton.reduce_batch %dy acc %c : (tensor<8x3xf32>, tensor<4xf32>) -> tensor<3xf32>
  return %y : tensor<3xf32>
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

// -----

// The window ops: 7x7x3 images unless a case says otherwise; window = [KH, KW, SH, SW, PT, PL, OH, OW].

func.func @window_image_not_positive(%x: tensor<?x0xf32>) -> tensor<?x0xf32> {
  // expected-error @+1 {{'lepton.maxpool2d' op window geometry: image dimensions must be positive}}
  %y = lepton.maxpool2d %x {image = array<i64: 7, 0, 3>, window = array<i64: 2, 2, 2, 2, 0, 0, 3, 3>} : (tensor<?x0xf32>) -> tensor<?x0xf32>
  return %y : tensor<?x0xf32>
}

// -----

func.func @window_image_wrong_length(%x: tensor<?x49xf32>) -> tensor<?x9xf32> {
  // expected-error @+1 {{'lepton.avgpool2d' op window geometry: image dimensions must be positive}}
  %y = lepton.avgpool2d %x {image = array<i64: 7, 7>, window = array<i64: 2, 2, 2, 2, 0, 0, 3, 3>} : (tensor<?x49xf32>) -> tensor<?x9xf32>
  return %y : tensor<?x9xf32>
}

// -----

func.func @window_stride_zero(%x: tensor<?x147xf32>) -> tensor<?x27xf32> {
  // expected-error @+1 {{'lepton.im2col' op window geometry: kernel, stride and output sizes must be positive}}
  %p = lepton.im2col %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 0, 2, 0, 0, 3, 3>} : (tensor<?x147xf32>) -> tensor<?x27xf32>
  return %p : tensor<?x27xf32>
}

// -----

func.func @window_wrong_length(%x: tensor<?x147xf32>) -> tensor<?x27xf32> {
  // expected-error @+1 {{'lepton.im2col' op window geometry: kernel, stride and output sizes must be positive}}
  %p = lepton.im2col %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 0, 0, 3>} : (tensor<?x147xf32>) -> tensor<?x27xf32>
  return %p : tensor<?x27xf32>
}

// -----

func.func @window_padding_as_large_as_kernel(%x: tensor<?x147xf32>) -> tensor<?x48xf32> {
  // expected-error @+1 {{'lepton.maxpool2d' op window geometry: padding must be in [0, kernel)}}
  %y = lepton.maxpool2d %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 3, 1, 4, 4>} : (tensor<?x147xf32>) -> tensor<?x48xf32>
  return %y : tensor<?x48xf32>
}

// -----

func.func @window_negative_padding(%x: tensor<?x147xf32>) -> tensor<?x48xf32> {
  // expected-error @+1 {{'lepton.avgpool2d' op window geometry: padding must be in [0, kernel)}}
  %y = lepton.avgpool2d %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, -1, 4, 4>} : (tensor<?x147xf32>) -> tensor<?x48xf32>
  return %y : tensor<?x48xf32>
}

// -----

// 3x3 windows at stride 2 without padding on 7 rows: 3 rows of windows fit; 6 would start the last at row 10.
func.func @window_output_too_large(%x: tensor<?x147xf32>) -> tensor<?x54xf32> {
  // expected-error @+1 {{'lepton.maxpool2d_grad' op window geometry: the output is larger than the windows that fit}}
  %dx = lepton.maxpool2d_grad %x, %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 0, 0, 6, 3>} : (tensor<?x147xf32>, tensor<?x147xf32>) -> tensor<?x54xf32>
  return %dx : tensor<?x54xf32>
}

// -----

func.func @im2col_input_columns(%x: tensor<?x146xf32>) -> tensor<?x27xf32> {
  // expected-error @+1 {{'lepton.im2col' op input has 146 columns, expected 147}}
  %p = lepton.im2col %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x146xf32>) -> tensor<?x27xf32>
  return %p : tensor<?x27xf32>
}

// -----

func.func @im2col_result_columns(%x: tensor<?x147xf32>) -> tensor<?x9xf32> {
  // expected-error @+1 {{'lepton.im2col' op result has 9 columns, expected 27}}
  %p = lepton.im2col %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x147xf32>) -> tensor<?x9xf32>
  return %p : tensor<?x9xf32>
}

// -----

func.func @im2col_result_rows(%x: tensor<3x147xf32>) -> tensor<47x27xf32> {
  // expected-error @+1 {{'lepton.im2col' op result has 47 rows, expected 48}}
  %p = lepton.im2col %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<3x147xf32>) -> tensor<47x27xf32>
  return %p : tensor<47x27xf32>
}

// -----

func.func @col2im_result_rows(%p: tensor<48x27xf32>) -> tensor<4x147xf32> {
  // expected-error @+1 {{'lepton.col2im' op result has 4 rows, expected 3}}
  %x = lepton.col2im %p {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<48x27xf32>) -> tensor<4x147xf32>
  return %x : tensor<4x147xf32>
}

// -----

func.func @col2im_rows_not_whole_images(%p: tensor<47x27xf32>) -> tensor<?x147xf32> {
  // expected-error @+1 {{'lepton.col2im' op input rows (47) are not a multiple of 16}}
  %x = lepton.col2im %p {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<47x27xf32>) -> tensor<?x147xf32>
  return %x : tensor<?x147xf32>
}

// -----

func.func @col2im_input_columns(%p: tensor<?x26xf32>) -> tensor<?x147xf32> {
  // expected-error @+1 {{'lepton.col2im' op input has 26 columns, expected 27}}
  %x = lepton.col2im %p {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x26xf32>) -> tensor<?x147xf32>
  return %x : tensor<?x147xf32>
}

// -----

func.func @maxpool_result_columns(%x: tensor<?x147xf32>) -> tensor<?x16xf32> {
  // expected-error @+1 {{'lepton.maxpool2d' op result has 16 columns, expected 48}}
  %y = lepton.maxpool2d %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x147xf32>) -> tensor<?x16xf32>
  return %y : tensor<?x16xf32>
}

// -----

func.func @maxpool_result_rows(%x: tensor<5x147xf32>) -> tensor<4x48xf32> {
  // expected-error @+1 {{'lepton.maxpool2d' op result has 4 rows, expected 5}}
  %y = lepton.maxpool2d %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<5x147xf32>) -> tensor<4x48xf32>
  return %y : tensor<4x48xf32>
}

// -----

func.func @maxpool_grad_dy_columns(%x: tensor<?x147xf32>, %dy: tensor<?x47xf32>) -> tensor<?x147xf32> {
  // expected-error @+1 {{'lepton.maxpool2d_grad' op input has 47 columns, expected 48}}
  %dx = lepton.maxpool2d_grad %x, %dy {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x147xf32>, tensor<?x47xf32>) -> tensor<?x147xf32>
  return %dx : tensor<?x147xf32>
}

// -----

func.func @maxpool_grad_dy_rows(%x: tensor<5x147xf32>, %dy: tensor<4x48xf32>) -> tensor<5x147xf32> {
  // expected-error @+1 {{'lepton.maxpool2d_grad' op result has 5 rows, expected 4}}
  %dx = lepton.maxpool2d_grad %x, %dy {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<5x147xf32>, tensor<4x48xf32>) -> tensor<5x147xf32>
  return %dx : tensor<5x147xf32>
}

// -----

func.func @maxpool_grad_result_columns(%x: tensor<?x147xf32>, %dy: tensor<?x48xf32>) -> tensor<?x48xf32> {
  // expected-error @+1 {{'lepton.maxpool2d_grad' op result has 48 columns, expected 147}}
  %dx = lepton.maxpool2d_grad %x, %dy {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x147xf32>, tensor<?x48xf32>) -> tensor<?x48xf32>
  return %dx : tensor<?x48xf32>
}

// -----

func.func @avgpool_input_columns(%x: tensor<?x148xf32>) -> tensor<?x48xf32> {
  // expected-error @+1 {{'lepton.avgpool2d' op input has 148 columns, expected 147}}
  %y = lepton.avgpool2d %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x148xf32>) -> tensor<?x48xf32>
  return %y : tensor<?x48xf32>
}

// -----

func.func @avgpool_grad_result_columns(%dy: tensor<?x48xf32>) -> tensor<?x146xf32> {
  // expected-error @+1 {{'lepton.avgpool2d_grad' op result has 146 columns, expected 147}}
  %dx = lepton.avgpool2d_grad %dy {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x48xf32>) -> tensor<?x146xf32>
  return %dx : tensor<?x146xf32>
}

// -----

func.func @reshape_element_count(%z: tensor<48x5xf32>) -> tensor<3x81xf32> {
  // expected-error @+1 {{'lepton.reshape' op changes the number of elements: 240 vs 243}}
  %y = lepton.reshape %z : (tensor<48x5xf32>) -> tensor<3x81xf32>
  return %y : tensor<3x81xf32>
}

// -----

func.func @reshape_dynamic(%z: tensor<?x5xf32>) -> tensor<3x80xf32> {
  // expected-error @+1 {{'lepton.reshape' op needs static shapes, got 'tensor<?x5xf32>' and 'tensor<3x80xf32>'}}
  %y = lepton.reshape %z : (tensor<?x5xf32>) -> tensor<3x80xf32>
  return %y : tensor<3x80xf32>
}

// -----

func.func @reshape_dynamic_result(%z: tensor<48x5xf32>) -> tensor<?x80xf32> {
  // expected-error @+1 {{'lepton.reshape' op needs static shapes, got 'tensor<48x5xf32>' and 'tensor<?x80xf32>'}}
  %y = lepton.reshape %z : (tensor<48x5xf32>) -> tensor<?x80xf32>
  return %y : tensor<?x80xf32>
}

// -----

func.func @batchnorm_fold_columns(%w: tensor<4x3xf32>, %b: tensor<3xf32>, %g: tensor<2xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{'lepton.batchnorm_fold' op per-column vectors must have the weight's 3 columns, got 2}}
  %fw, %fb = lepton.batchnorm_fold %w, %b, %g, %b, %b, %b {epsilon = 1.0e-05 : f32}
      : (tensor<4x3xf32>, tensor<3xf32>, tensor<2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<4x3xf32>, tensor<3xf32>)
  return %fw : tensor<4x3xf32>
}

// -----

func.func @batchnorm_fold_result(%w: tensor<4x3xf32>, %b: tensor<3xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'lepton.batchnorm_fold' op results must have the types of the weight and the bias}}
  %fw, %fb = lepton.batchnorm_fold %w, %b, %b, %b, %b, %b {epsilon = 1.0e-05 : f32}
      : (tensor<4x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<3x4xf32>, tensor<3xf32>)
  return %fw : tensor<3x4xf32>
}

// -----

func.func @im2col_element_type(%x: tensor<1x16xi8>) -> tensor<4x9xf32> {
  // expected-error @+1 {{'lepton.im2col' op result element type must be the input's}}
  %p = lepton.im2col %x {image = array<i64: 4, 4, 1>, window = array<i64: 3, 3, 1, 1, 0, 0, 2, 2>} : (tensor<1x16xi8>) -> tensor<4x9xf32>
  return %p : tensor<4x9xf32>
}

// -----

func.func @maxpool_element_type(%x: tensor<1x16xi8>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'lepton.maxpool2d' op result element type must be the input's}}
  %y = lepton.maxpool2d %x {image = array<i64: 4, 4, 1>, window = array<i64: 2, 2, 2, 2, 0, 0, 2, 2>} : (tensor<1x16xi8>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}
