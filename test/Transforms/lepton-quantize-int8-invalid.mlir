// RUN: lepton-opt %s -split-input-file --lepton-quantize-int8 -verify-diagnostics
// lepton-quantize-int8 errors (a marked function without one activation range per dense layer, weight buffers of
// the wrong shape, a calibration function that does not return its ranges) and the int8 ops'
// verifiers.

// expected-error @+1 {{lepton-quantize-int8: a function marked lepton.quantize_int8 takes the activation ranges of its 2 dense layer(s) as its last argument, a tensor<2xf32> (or before each layer's packed s8 weight, f32 scales and i32 column sums)}}
func.func @one_range(%x: tensor<?x4xf32>, %w1: tensor<4x8xf32>, %w2: tensor<8x3xf32>, %ranges: tensor<1xf32>)
    -> tensor<?x3xf32> attributes {lepton.quantize_int8} {
  %h = lepton.dense %x, %w1 : (tensor<?x4xf32>, tensor<4x8xf32>) -> tensor<?x8xf32>
  %y = lepton.dense %h, %w2 : (tensor<?x8xf32>, tensor<8x3xf32>) -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}

// -----

// Weight buffers of the wrong shape (row-major, not packed): not the buffer form, and the last argument is no range
// vector.
// expected-error @+1 {{takes the activation ranges of its 1 dense layer(s)}}
func.func @weight_shape(%x: tensor<?x4xf32>, %w: tensor<4x8xf32>, %ranges: tensor<1xf32>, %q: tensor<4x8xi8>,
                        %s: tensor<8xf32>, %sums: tensor<8xi32>) -> tensor<?x8xf32> attributes {lepton.quantize_int8} {
  %y = lepton.dense %x, %w : (tensor<?x4xf32>, tensor<4x8xf32>) -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

// expected-error @+1 {{lepton-quantize-int8: a function marked lepton.calibrate_int8 takes the activation ranges of its 1 dense layer(s) as its last argument, a tensor<1xf32>, and returns that argument as its last result}}
func.func @calibrate_no_return(%x: tensor<?x4xf32>, %w: tensor<4x8xf32>, %ranges: tensor<1xf32>)
    -> tensor<?x8xf32> attributes {lepton.calibrate_int8} {
  %y = lepton.dense %x, %w : (tensor<?x4xf32>, tensor<4x8xf32>) -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

func.func @zero_point(%x: tensor<?x4xf32>, %s: f32) -> tensor<?x4xi8> {
  // expected-error @+1 {{zero_point must be 0 or 128, not 7}}
  %q = lepton.quantize %x, %s {zero_point = 7 : i32} : tensor<?x4xf32> -> tensor<?x4xi8>
  return %q : tensor<?x4xi8>
}

// -----

func.func @packed(%w: tensor<4x8xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{quantized weight must be packed as tensor<1x64xi8> (ir/Int8Layout.h)}}
  %q, %s, %n = lepton.quantize_weights %w : tensor<4x8xf32> -> tensor<4x8xi8>, tensor<3xf32>, tensor<8xi32>
  return %s : tensor<3xf32>
}

// -----

func.func @scales(%w: tensor<4x8xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{scale needs one value per weight column (8)}}
  %q, %s, %n = lepton.quantize_weights %w : tensor<4x8xf32> -> tensor<1x64xi8>, tensor<3xf32>, tensor<8xi32>
  return %s : tensor<3xf32>
}

// -----

func.func @sums(%w: tensor<4x8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{sums needs one value per weight column (8)}}
  %q, %s, %n = lepton.quantize_weights %w : tensor<4x8xf32> -> tensor<1x64xi8>, tensor<8xf32>, tensor<4xi32>
  return %s : tensor<8xf32>
}

// -----

func.func @dense_shapes(%x: tensor<?x5xi8>, %w: tensor<1x64xi8>, %sx: f32, %sw: tensor<8xf32>, %n: tensor<8xi32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{weight must be packed for 5 input features and 8 columns: tensor<2x64xi8> (ir/Int8Layout.h)}}
  %y = lepton.dense_int8 %x, %w, %sx, %sw, %n : (tensor<?x5xi8>, tensor<1x64xi8>, f32, tensor<8xf32>, tensor<8xi32>) -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}
