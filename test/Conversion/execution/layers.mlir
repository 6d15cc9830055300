// RUN: lepton-opt %s %lower-to-llvm | %run | FileCheck %s
// Layer ops with a dynamic batch: dense (with and without bias, and with a batch norm folded into it), matmul with every transpose
// combination, reduce_batch, add (2-D and 0-d) and dropout. Expected values: PyTorch 1.13
// (x @ w + b, a.T @ b, …) and, for dropout, a Python transcription of the documented
// SplitMix64 mask (key 42, rate 0.5: flat elements 0, 5 and 7 of 8 are kept).

func.func private @printMemrefF32(tensor<*xf32>)

func.func @print(%t: tensor<?x?xf32>) {
  %u = tensor.cast %t : tensor<?x?xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @main() {
  %xs = arith.constant dense<[[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]]> : tensor<2x3xf32>
  %ws = arith.constant dense<[[0.5, -1.0], [2.0, 0.25], [-0.5, 1.5]]> : tensor<3x2xf32>
  %bs = arith.constant dense<[0.1, -0.2]> : tensor<2xf32>
  %x = tensor.cast %xs : tensor<2x3xf32> to tensor<?x3xf32>

  // x·W + b = [[3.1, 3.8], [-0.4, 3.925]]
  %y = lepton.dense %x, %ws, %bs : (tensor<?x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %y_p = tensor.cast %y : tensor<?x2xf32> to tensor<?x?xf32>
  // CHECK: [3.1,   3.8]
  // CHECK-NEXT: [-0.4,   3.925]
  call @print(%y_p) : (tensor<?x?xf32>) -> ()
  %y0 = lepton.dense %x, %ws : (tensor<?x3xf32>, tensor<3x2xf32>) -> tensor<?x2xf32>
  %y0_p = tensor.cast %y0 : tensor<?x2xf32> to tensor<?x?xf32>
  // CHECK: [3,   4]
  // CHECK-NEXT: [-0.5,   4.125]
  call @print(%y0_p) : (tensor<?x?xf32>) -> ()

  // batchnorm_fold (γ = [3, 0.5], β = [1, -1], mean = [3, 4], var = [4, 0.25], ε = 0: s = [1.5, 1]) then dense
  // equals batch norm of x·W + b: [[(3.1-3)·1.5+1, (3.8-4)-1], [(-0.4-3)·1.5+1, (3.925-4)-1]].
  %gamma = arith.constant dense<[3.0, 0.5]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[3.0, 4.0]> : tensor<2xf32>
  %var = arith.constant dense<[4.0, 0.25]> : tensor<2xf32>
  %fw, %fb = lepton.batchnorm_fold %ws, %bs, %gamma, %beta, %mean, %var {epsilon = 0.0 : f32}
      : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
      -> (tensor<3x2xf32>, tensor<2xf32>)
  %yf = lepton.dense %x, %fw, %fb : (tensor<?x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %yf_p = tensor.cast %yf : tensor<?x2xf32> to tensor<?x?xf32>
  // CHECK: [1.15,   -1.2]
  // CHECK-NEXT: [-4.1,   -1.075]
  call @print(%yf_p) : (tensor<?x?xf32>) -> ()

  // dy·Wᵀ (2x2 · 2x3), xᵀ·dy (3x2 · 2x2), and both transposed: Wᵀ·xᵀ = (x·W)ᵀ.
  %dy = lepton.matmul %x, %ws : (tensor<?x3xf32>, tensor<3x2xf32>) -> tensor<?x2xf32>
  %dx = lepton.matmul %dy, %ws {transpose_b = true} : (tensor<?x2xf32>, tensor<3x2xf32>) -> tensor<?x3xf32>
  %dx_p = tensor.cast %dx : tensor<?x3xf32> to tensor<?x?xf32>
  // CHECK: [-2.5,   7,   4.5]
  // CHECK-NEXT: [-4.375,   0.03125,   6.4375]
  call @print(%dx_p) : (tensor<?x?xf32>) -> ()
  %dw = lepton.matmul %x, %dy {transpose_a = true} : (tensor<?x3xf32>, tensor<?x2xf32>) -> tensor<3x2xf32>
  %dw_p = tensor.cast %dw : tensor<3x2xf32> to tensor<?x?xf32>
  // CHECK: [3.5,   -0.125]
  // CHECK-NEXT: [5.75,   10.0625]
  // CHECK-NEXT: [8,   20.25]
  call @print(%dw_p) : (tensor<?x?xf32>) -> ()
  %tt = lepton.matmul %ws, %x {transpose_a = true, transpose_b = true} : (tensor<3x2xf32>, tensor<?x3xf32>) -> tensor<2x?xf32>
  %tt_p = tensor.cast %tt : tensor<2x?xf32> to tensor<?x?xf32>
  // CHECK: [3,   -0.5]
  // CHECK-NEXT: [4,   4.125]
  call @print(%tt_p) : (tensor<?x?xf32>) -> ()

  // Σ over the batch: [0, 2.5, 5]
  %db = lepton.reduce_batch %x : (tensor<?x3xf32>) -> tensor<3xf32>
  %db_u = tensor.cast %db : tensor<3xf32> to tensor<*xf32>
  // CHECK: [0,  2.5,  5]
  call @printMemrefF32(%db_u) : (tensor<*xf32>) -> ()

  %sum = lepton.add %x, %x : tensor<?x3xf32>
  %sum_p = tensor.cast %sum : tensor<?x3xf32> to tensor<?x?xf32>
  // CHECK: [2,   4,   6]
  // CHECK-NEXT: [-2,   1,   4]
  call @print(%sum_p) : (tensor<?x?xf32>) -> ()
  %a = arith.constant dense<1.5> : tensor<f32>
  %b = arith.constant dense<-0.25> : tensor<f32>
  %s = lepton.add %a, %b : tensor<f32>
  %s_u = tensor.cast %s : tensor<f32> to tensor<*xf32>
  // CHECK: [1.25]
  call @printMemrefF32(%s_u) : (tensor<*xf32>) -> ()

  // Dropout keeps x·2 or 0 with the mask of (key, index); its VJP applies the same mask.
  %ones = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]]> : tensor<2x4xf32>
  %o = tensor.cast %ones : tensor<2x4xf32> to tensor<?x?xf32>
  %key = arith.constant 42 : i64
  %d = lepton.dropout %o, %key {rate = 0.5 : f32} : tensor<?x?xf32>
  // CHECK: [2,   0,   0,   0]
  // CHECK-NEXT: [0,   12,   0,   16]
  call @print(%d) : (tensor<?x?xf32>) -> ()
  %dd = lepton.dropout_grad %o, %key {rate = 0.5 : f32} : tensor<?x?xf32>
  // CHECK: [2,   0,   0,   0]
  // CHECK-NEXT: [0,   12,   0,   16]
  call @print(%dd) : (tensor<?x?xf32>) -> ()
  // Rate 0 is the identity.
  %d0 = lepton.dropout %o, %key {rate = 0.0 : f32} : tensor<?x?xf32>
  // CHECK: [1,   2,   3,   4]
  // CHECK-NEXT: [5,   6,   7,   8]
  call @print(%d0) : (tensor<?x?xf32>) -> ()
  return
}
