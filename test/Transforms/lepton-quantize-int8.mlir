// RUN: lepton-opt %s -split-input-file --lepton-quantize-int8 | FileCheck %s
// lepton-quantize-int8: each dense layer of a function marked lepton.quantize_int8 becomes quantized weights, a
// quantized input (zero point 0 after a ReLU, 128 otherwise; scale = range / 255 or / 127, from the function's
// last argument) and an int8 dense layer that keeps the bias and the fused activation.
// Mutations seen failing: every input given zero point 128 (the second layer's is 0), the ranges read in reverse
// order (index 1 for the first layer), pooling and patches not looked through (@pooled's second layer at 128),
// the padding check of the patches rewrite dropped (@padded_signed's patches cut from its quantized image).

// CHECK-LABEL: func.func @mlp(
// CHECK-SAME:    %[[X:[^:]*]]: tensor<?x4xf32>, %[[W1:[^:]*]]: tensor<4x8xf32>, %[[B1:[^:]*]]: tensor<8xf32>, %[[W2:[^:]*]]: tensor<8x3xf32>, %[[R:[^:]*]]: tensor<2xf32>
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT:    %[[R0:.*]] = tensor.extract %[[R]][%[[C0]]]
// CHECK-NEXT:    %[[L127:.*]] = arith.constant 1.270000e+02 : f32
// CHECK-NEXT:    %[[S0RAW:.*]] = arith.divf %[[R0]], %[[L127]]
// CHECK:         %[[S0:.*]] = arith.select %{{.*}}, %[[S0RAW]], %{{.*}} : f32
// CHECK-NEXT:    %[[Q1:[^,]*]], %[[WS1:[^,]*]], %[[SUM1:[^ ]*]] = lepton.quantize_weights %[[W1]] : tensor<4x8xf32> -> tensor<1x64xi8>, tensor<8xf32>, tensor<8xi32>
// CHECK-NEXT:    %[[XQ:.*]] = lepton.quantize %[[X]], %[[S0]] {zero_point = 128 : i32} : tensor<?x4xf32> -> tensor<?x4xi8>
// CHECK-NEXT:    %[[H:.*]] = lepton.dense_int8 %[[XQ]], %[[Q1]], %[[S0]], %[[WS1]], %[[SUM1]], %[[B1]] {activation = "relu", zero_point = 128 : i32}
// CHECK:         %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT:    %[[R1:.*]] = tensor.extract %[[R]][%[[C1]]]
// CHECK-NEXT:    %[[L255:.*]] = arith.constant 2.550000e+02 : f32
// CHECK:         lepton.quantize %[[H]], %{{[0-9a-z_]+}} : tensor<?x8xf32> -> tensor<?x8xi8>
// CHECK-NEXT:    %[[Y:.*]] = lepton.dense_int8 %{{[0-9a-z_#]+}}, %{{[0-9a-z_#]+}}, %{{[0-9a-z_]+}}, %{{[0-9a-z_#]+}}, %{{[0-9a-z_#]+}} : (tensor<?x8xi8>, tensor<2x64xi8>, f32, tensor<3xf32>, tensor<3xi32>) -> tensor<?x3xf32>
// CHECK-NEXT:    return %[[Y]]
func.func @mlp(%x: tensor<?x4xf32>, %w1: tensor<4x8xf32>, %b1: tensor<8xf32>, %w2: tensor<8x3xf32>, %ranges: tensor<2xf32>)
    -> tensor<?x3xf32> attributes {lepton.quantize_int8} {
  %h = lepton.dense %x, %w1, %b1 {activation = "relu"} : (tensor<?x4xf32>, tensor<4x8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %y = lepton.dense %h, %w2 : (tensor<?x8xf32>, tensor<8x3xf32>) -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}

// Unmarked functions keep their fp32 layers.
// CHECK-LABEL: func.func @fp32(
// CHECK-NEXT:    lepton.dense
func.func @fp32(%x: tensor<?x4xf32>, %w: tensor<4x8xf32>) -> tensor<?x8xf32> {
  %y = lepton.dense %x, %w : (tensor<?x4xf32>, tensor<4x8xf32>) -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

// Weights as run-time buffers: after the ranges, each layer's s8 weight (packed: 4x8 is 1x64), scales and column
// sums replace the per-call lepton.quantize_weights.
// Mutation seen failing: the pass ignoring the weight arguments (quantize_weights emitted anyway).
// CHECK-LABEL: func.func @buffers(
// CHECK-SAME:    %[[X:[^:]*]]: tensor<?x4xf32>, %[[W:[^:]*]]: tensor<4x8xf32>, %[[R:[^:]*]]: tensor<1xf32>, %[[Q:[^:]*]]: tensor<1x64xi8>, %[[S:[^:]*]]: tensor<8xf32>, %[[SUMS:[^:]*]]: tensor<8xi32>
// CHECK-NOT:     lepton.quantize_weights
// CHECK:         %[[XQ:.*]] = lepton.quantize %[[X]]
// CHECK-NEXT:    lepton.dense_int8 %[[XQ]], %[[Q]], %{{[0-9a-z_]+}}, %[[S]], %[[SUMS]] {zero_point = 128 : i32} :
func.func @buffers(%x: tensor<?x4xf32>, %w: tensor<4x8xf32>, %ranges: tensor<1xf32>, %q: tensor<1x64xi8>,
                   %s: tensor<8xf32>, %sums: tensor<8xi32>) -> tensor<?x8xf32> attributes {lepton.quantize_int8} {
  %y = lepton.dense %x, %w : (tensor<?x4xf32>, tensor<4x8xf32>) -> tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

// Calibration: the returned ranges are raised, layer by layer, to the largest |x| entering each dense layer
// (NaN ignored); the layers stay fp32.
// Mutations seen failing: the ranges returned unchanged; maximumf (NaN-propagating) instead of maxnumf.
// CHECK-LABEL: func.func @calibrate(
// CHECK-SAME:    %[[X:[^:]*]]: tensor<?x4xf32>, %[[W1:[^:]*]]: tensor<4x8xf32>, %[[W2:[^:]*]]: tensor<8x3xf32>, %[[R:[^:]*]]: tensor<2xf32>
// CHECK:         %[[H:.*]] = lepton.dense %[[X]], %[[W1]]
// CHECK:         %[[Y:.*]] = lepton.dense %[[H]], %[[W2]]
// CHECK:         %[[M0:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]} ins(%[[X]] : tensor<?x4xf32>)
// CHECK:           math.absf
// CHECK-NEXT:      arith.maxnumf
// CHECK:         %[[V0:.*]] = tensor.extract %[[M0]][]
// CHECK:         %[[OLD0:.*]] = tensor.extract %[[R]][%[[I0:[a-z0-9_]+]]]
// CHECK-NEXT:    %[[NEW0:.*]] = arith.maxnumf %[[OLD0]], %[[V0]]
// CHECK-NEXT:    %[[R1:.*]] = tensor.insert %[[NEW0]] into %[[R]][%[[I0]]]
// CHECK:         linalg.generic {{.*}} ins(%[[H]] : tensor<?x8xf32>)
// CHECK:         %[[R2:.*]] = tensor.insert %{{.*}} into %[[R1]]
// CHECK-NEXT:    return %[[Y]], %[[R2]]
func.func @calibrate(%x: tensor<?x4xf32>, %w1: tensor<4x8xf32>, %w2: tensor<8x3xf32>, %ranges: tensor<2xf32>)
    -> (tensor<?x3xf32>, tensor<2xf32>) attributes {lepton.calibrate_int8} {
  %h = lepton.dense %x, %w1 {activation = "relu"} : (tensor<?x4xf32>, tensor<4x8xf32>) -> tensor<?x8xf32>
  %y = lepton.dense %h, %w2 : (tensor<?x8xf32>, tensor<8x3xf32>) -> tensor<?x3xf32>
  return %y, %ranges : tensor<?x3xf32>, tensor<2xf32>
}

// -----

// A convolution's ReLU output, pooled and cut into patches for the next convolution, is still ≥ 0: zero point 0.
// It is max-pooled after quantizing (on u8; the quantization is monotonic: the same bytes), so that the layer
// before can store u8. Mutation seen failing: the pool kept in f32 (the quantize after it).
// CHECK-LABEL: func.func @pooled(
// CHECK:         lepton.quantize %{{.*}} {zero_point = 128 : i32} : tensor<4x4xf32> -> tensor<4x4xi8>
// CHECK:         %[[Q:.*]] = lepton.quantize %{{[^ ]+}}, %{{[^ ]+}} : tensor<1x8xf32> -> tensor<1x8xi8>
// CHECK-NEXT:    %[[P:.*]] = lepton.maxpool2d %[[Q]] {{.*}} : (tensor<1x8xi8>) -> tensor<1x8xi8>
// CHECK-NEXT:    lepton.dense_int8 %[[P]], {{.*}} : (tensor<1x8xi8>,
// CHECK-NOT:     lepton.maxpool2d
func.func @pooled(%x: tensor<4x4xf32>, %w1: tensor<4x2xf32>, %w2: tensor<8x3xf32>, %ranges: tensor<2xf32>) -> tensor<1x3xf32>
    attributes {lepton.quantize_int8} {
  %h = lepton.dense %x, %w1 {activation = "relu"} : (tensor<4x4xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
  %i = lepton.reshape %h : (tensor<4x2xf32>) -> tensor<1x8xf32>
  %p = lepton.maxpool2d %i {image = array<i64: 2, 2, 2>, window = array<i64: 1, 1, 1, 1, 0, 0, 2, 2>} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %y = lepton.dense %p, %w2 : (tensor<1x8xf32>, tensor<8x3xf32>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}

// -----

// A convolution's patches are cut from the quantized image (quantizing is elementwise; the image is 9 times
// smaller than its 3x3 patches here), as im2col on i8, when padding stands for 0.0: zero point 0, or no padding.
// A padded signed (zero point 128) input keeps its f32 patches, quantized after.
// CHECK-LABEL: func.func @patches(
// CHECK-SAME:    %[[X:[^:]*]]: tensor<1x16xf32>
// CHECK:         %[[Q:.*]] = lepton.quantize %[[X]], %{{.*}} {zero_point = 128 : i32} : tensor<1x16xf32> -> tensor<1x16xi8>
// CHECK-NEXT:    %[[P:.*]] = lepton.im2col %[[Q]] {{.*}} : (tensor<1x16xi8>) -> tensor<4x9xi8>
// CHECK-NEXT:    lepton.dense_int8 %[[P]],
// CHECK-NOT:     lepton.im2col
// CHECK-LABEL: func.func @padded_signed(
// CHECK:         %[[P:.*]] = lepton.im2col %arg0 {{.*}} : (tensor<1x16xf32>) -> tensor<16x9xf32>
// CHECK:         lepton.quantize %[[P]], %{{.*}} {zero_point = 128 : i32} : tensor<16x9xf32> -> tensor<16x9xi8>
func.func @patches(%x: tensor<1x16xf32>, %w: tensor<9x2xf32>, %ranges: tensor<1xf32>) -> tensor<4x2xf32>
    attributes {lepton.quantize_int8} {
  %p = lepton.im2col %x {image = array<i64: 4, 4, 1>, window = array<i64: 3, 3, 1, 1, 0, 0, 2, 2>} : (tensor<1x16xf32>) -> tensor<4x9xf32>
  %y = lepton.dense %p, %w : (tensor<4x9xf32>, tensor<9x2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}
func.func @padded_signed(%x: tensor<1x16xf32>, %w: tensor<9x2xf32>, %ranges: tensor<1xf32>) -> tensor<16x2xf32>
    attributes {lepton.quantize_int8} {
  %p = lepton.im2col %x {image = array<i64: 4, 4, 1>, window = array<i64: 3, 3, 1, 1, 1, 1, 4, 4>} : (tensor<1x16xf32>) -> tensor<16x9xf32>
  %y = lepton.dense %p, %w : (tensor<16x9xf32>, tensor<9x2xf32>) -> tensor<16x2xf32>
  return %y : tensor<16x2xf32>
}
