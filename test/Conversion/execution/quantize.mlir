// RUN: lepton-opt %s --lepton-quantize-int8 %lower-to-llvm | %run > %t.out
// RUN: FileCheck %s < %t.out
// RUN: %python %S/Inputs/compare_blocks.py --max-relative-error 0.02 FP32 INT8 < %t.out
// The same through leptonc's lowering (the int8 product on lepton-int8-matmul-to-vector's kernel, portable path):
// the same INT8 numbers, to the last digit (integer sums are exact, the epilogue is the same f32 arithmetic).
// RUN: lepton-opt %s --lepton-quantize-int8 --convert-lepton-to-linalg --lepton-lower-to-llvm="int8-dot=generic" \
// RUN:   | %run > %t.kernel.out
// RUN: sed -n '/^INT8/,$p' %t.out | grep -v base@ > %t.int8
// RUN: sed -n '/^INT8/,$p' %t.kernel.out | grep -v base@ > %t.kernel.int8
// RUN: diff %t.int8 %t.kernel.int8
// The int8 ops' numbers: quantize_weights (symmetric per column: scale = max|W| / 127, round half to even),
// quantize (x / scale + 128, clamped to [0, 255]), and a two-layer MLP (relu fused) rewritten by
// lepton-quantize-int8 against the same MLP in f32: within 2 % of the largest output.
// Mutations seen failing: the zero point's column-sum correction dropped (INT8 far from FP32), weights rounded
// toward zero (q = -31 instead of -32), the clamp at 255 dropped (x = 3 wraps to a small byte), the packed layout's
// lane within a quad taken as c / 4 instead of c % 4 (the bytes above differ).

func.func private @printMemrefF32(tensor<*xf32>)
func.func private @printMemrefI32(tensor<*xi32>)

func.func @widen(%q: tensor<?x?xi8>) -> tensor<?x?xi32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = tensor.dim %q, %c0 : tensor<?x?xi8>
  %c = tensor.dim %q, %c1 : tensor<?x?xi8>
  %e = tensor.empty(%r, %c) : tensor<?x?xi32>
  %w = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]} ins(%q : tensor<?x?xi8>) outs(%e : tensor<?x?xi32>) {
  ^bb0(%a: i8, %b: i32):
    %v = arith.extsi %a : i8 to i32
    linalg.yield %v : i32
  } -> tensor<?x?xi32>
  return %w : tensor<?x?xi32>
}

func.func @fp32(%x: tensor<?x6xf32>, %w1: tensor<6x5xf32>, %b1: tensor<5xf32>, %w2: tensor<5x3xf32>, %b2: tensor<3xf32>) -> tensor<?x3xf32> {
  %h = lepton.dense %x, %w1, %b1 {activation = "relu"} : (tensor<?x6xf32>, tensor<6x5xf32>, tensor<5xf32>) -> tensor<?x5xf32>
  %y = lepton.dense %h, %w2, %b2 : (tensor<?x5xf32>, tensor<5x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}

func.func @int8(%x: tensor<?x6xf32>, %w1: tensor<6x5xf32>, %b1: tensor<5xf32>, %w2: tensor<5x3xf32>, %b2: tensor<3xf32>,
                %ranges: tensor<2xf32>) -> tensor<?x3xf32> attributes {lepton.quantize_int8} {
  %h = lepton.dense %x, %w1, %b1 {activation = "relu"} : (tensor<?x6xf32>, tensor<6x5xf32>, tensor<5xf32>) -> tensor<?x5xf32>
  %y = lepton.dense %h, %w2, %b2 : (tensor<?x5xf32>, tensor<5x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}

func.func @main() {
  %w = arith.constant dense<[[1.0, -0.5], [0.25, 2.0], [-1.27, 0.0]]> : tensor<3x2xf32>
  %q, %s, %sums = lepton.quantize_weights %w : tensor<3x2xf32> -> tensor<1x64xi8>, tensor<2xf32>, tensor<2xi32>
  // Packed (ir/Int8Layout.h): column 0's k = 0..3 (the 4th a zero pad row), then column 1's, then zero columns
  // up to 16; the first 12 bytes and the last.
  %head = tensor.extract_slice %q[0, 0] [1, 12] [1, 1] : tensor<1x64xi8> to tensor<1x12xi8>
  %qd = tensor.cast %head : tensor<1x12xi8> to tensor<?x?xi8>
  %qw = func.call @widen(%qd) : (tensor<?x?xi8>) -> tensor<?x?xi32>
  %qu = tensor.cast %qw : tensor<?x?xi32> to tensor<*xi32>
  // CHECK: [100,   25,   -127,   0,   -32,   127,   0,   0,   0,   0,   0,   0]
  call @printMemrefI32(%qu) : (tensor<*xi32>) -> ()
  %su = tensor.cast %s : tensor<2xf32> to tensor<*xf32>
  // CHECK: [0.01,  0.015748]
  call @printMemrefF32(%su) : (tensor<*xf32>) -> ()
  // Column sums: 100 + 25 - 127 and -32 + 127 + 0.
  %sumsu = tensor.cast %sums : tensor<2xi32> to tensor<*xi32>
  // CHECK: [-2,  95]
  call @printMemrefI32(%sumsu) : (tensor<*xi32>) -> ()

  // Scale 2/127, zero point 128; 3.0 is past the range and clamps to 255, -3.0 to 0.
  %xs = arith.constant dense<[[0.5, -0.9, 0.26, 2.0], [3.0, 0.1, -0.3, -3.0]]> : tensor<2x4xf32>
  %scale = arith.constant 0.0157480314 : f32
  %xq = lepton.quantize %xs, %scale {zero_point = 128 : i32} : tensor<2x4xf32> -> tensor<2x4xi8>
  %xqd = tensor.cast %xq : tensor<2x4xi8> to tensor<?x?xi8>
  %xw = func.call @widen(%xqd) : (tensor<?x?xi8>) -> tensor<?x?xi32>
  // Bytes 160, 71, 145, 255 and 255, 134, 109, 0 (as signed i8: 160 - 256 = -96, …).
  // CHECK: [-96,   71,   -111,   -1]
  // CHECK-NEXT: [-1,   -122,   109,   0]
  %xu = tensor.cast %xw : tensor<?x?xi32> to tensor<*xi32>
  call @printMemrefI32(%xu) : (tensor<*xi32>) -> ()

  %x = arith.constant dense<[[0.5, -0.9, 0.26, 2.0, -1.5, 0.75], [1.2, 0.1, -0.3, -0.6, 0.9, -1.9],
                             [-0.2, 1.7, 0.4, 0.05, -1.1, 0.3]]> : tensor<3x6xf32>
  %w1 = arith.constant dense<[[0.3, -0.8, 0.5, 0.1, -0.2], [0.7, 0.2, -0.4, 0.9, 0.05], [-0.6, 0.35, 0.15, -0.25, 0.8],
                              [0.45, -0.1, 0.6, 0.3, -0.7], [0.2, 0.55, -0.9, 0.4, 0.1], [-0.35, 0.25, 0.3, -0.5, 0.65]]> : tensor<6x5xf32>
  %b1 = arith.constant dense<[0.1, -0.2, 0.05, 0.3, -0.1]> : tensor<5xf32>
  %w2 = arith.constant dense<[[0.6, -0.3, 0.2], [-0.4, 0.8, 0.1], [0.25, 0.15, -0.7], [0.5, -0.6, 0.35], [-0.2, 0.4, 0.9]]> : tensor<5x3xf32>
  %b2 = arith.constant dense<[0.05, -0.1, 0.2]> : tensor<3xf32>
  // Calibrated ranges, the largest value at each layer's input over these samples: max |x| = 2.0, and the
  // largest hidden ReLU output, 3.474 (row 0, column 2). A smaller range clamps it: 3.0 puts row 0 11 % off.
  %ranges = arith.constant dense<[2.0, 3.474]> : tensor<2xf32>
  %xd = tensor.cast %x : tensor<3x6xf32> to tensor<?x6xf32>
  %yf = func.call @fp32(%xd, %w1, %b1, %w2, %b2) : (tensor<?x6xf32>, tensor<6x5xf32>, tensor<5xf32>, tensor<5x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %yq = func.call @int8(%xd, %w1, %b1, %w2, %b2, %ranges) : (tensor<?x6xf32>, tensor<6x5xf32>, tensor<5xf32>, tensor<5x3xf32>, tensor<3xf32>, tensor<2xf32>) -> tensor<?x3xf32>
  vector.print str "FP32\n"
  %yfu = tensor.cast %yf : tensor<?x3xf32> to tensor<*xf32>
  call @printMemrefF32(%yfu) : (tensor<*xf32>) -> ()
  vector.print str "INT8\n"
  %yqu = tensor.cast %yq : tensor<?x3xf32> to tensor<*xf32>
  call @printMemrefF32(%yqu) : (tensor<*xf32>) -> ()
  return
}
