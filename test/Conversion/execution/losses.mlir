// RUN: lepton-opt %s %lower-to-llvm | %run | FileCheck %s
// Losses, regularisers and their VJPs. The batch has 3 rows of which the last is padding:
// weights = [1/2, 1/2, 0], so every loss is the mean over the 2 real rows and the padding row
// (filled with large values) contributes nothing. Expected values: PyTorch 1.13 on the 2 real
// rows (F.cross_entropy, F.mse_loss, F.huber_loss(delta=0.5),
// F.binary_cross_entropy_with_logits, all reduction='mean'; λ·|w|.sum(), λ·(w**2).sum()) and
// autograd with grad_output = 2.

func.func private @printMemrefF32(tensor<*xf32>)

func.func @print(%t: tensor<?x?xf32>) {
  %u = tensor.cast %t : tensor<?x?xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @print_scalar(%t: tensor<f32>) {
  %u = tensor.cast %t : tensor<f32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @main() {
  %zs = arith.constant dense<[[2.0, -1.0, 0.5], [0.1, 0.2, 3.0], [90.0, -80.0, 70.0]]> : tensor<3x3xf32>
  %ts = arith.constant dense<[[1.0, 0.0, 0.5], [0.25, -1.0, 2.0], [-50.0, 60.0, 1.0]]> : tensor<3x3xf32>
  %ls = arith.constant dense<[0, 2, 1]> : tensor<3xi32>
  %ws = arith.constant dense<[0.5, 0.5, 0.0]> : tensor<3xf32>
  %z = tensor.cast %zs : tensor<3x3xf32> to tensor<?x3xf32>
  %t = tensor.cast %ts : tensor<3x3xf32> to tensor<?x3xf32>
  %labels = tensor.cast %ls : tensor<3xi32> to tensor<?xi32>
  %w = tensor.cast %ws : tensor<3xf32> to tensor<?xf32>
  %two = arith.constant dense<2.0> : tensor<f32>

  %ce = lepton.softmax_cross_entropy %z, %labels, %w : tensor<?x3xf32>, tensor<?xi32>, tensor<?xf32>
  // CHECK: [0.175456]
  call @print_scalar(%ce) : (tensor<f32>) -> ()
  %dce = lepton.softmax_cross_entropy_grad %z, %labels, %w, %two : tensor<?x3xf32>, tensor<?xi32>, tensor<?xf32>
  %dce_p = tensor.cast %dce : tensor<?x3xf32> to tensor<?x?xf32>
  // CHECK: [-0.214403,   0.0391126,   0.17529]
  // CHECK-NEXT: [0.0493113,   0.0544974,   -0.103809]
  // CHECK-NEXT: [0,   -0,   0]
  call @print(%dce_p) : (tensor<?x?xf32>) -> ()

  %mse = lepton.mse %z, %t, %w : tensor<?x3xf32>, tensor<?xf32>
  // CHECK: [0.74375]
  call @print_scalar(%mse) : (tensor<f32>) -> ()
  %dmse = lepton.mse_grad %z, %t, %w, %two : tensor<?x3xf32>, tensor<?xf32>
  %dmse_p = tensor.cast %dmse : tensor<?x3xf32> to tensor<?x?xf32>
  // CHECK: [0.666667,   -0.666667,   0]
  // CHECK-NEXT: [-0.1,   0.8,   0.666667]
  // CHECK-NEXT: [0,   -0,   0]
  call @print(%dmse_p) : (tensor<?x?xf32>) -> ()

  %hub = lepton.huber %z, %t, %w {delta = 0.5 : f32} : tensor<?x3xf32>, tensor<?xf32>
  // CHECK: [0.268542]
  call @print_scalar(%hub) : (tensor<f32>) -> ()
  %dhub = lepton.huber_grad %z, %t, %w, %two {delta = 0.5 : f32} : tensor<?x3xf32>, tensor<?xf32>
  %dhub_p = tensor.cast %dhub : tensor<?x3xf32> to tensor<?x?xf32>
  // CHECK: [0.166667,   -0.166667,   0]
  // CHECK-NEXT: [-0.05,   0.166667,   0.166667]
  // CHECK-NEXT: [0,   -0,   0]
  call @print(%dhub_p) : (tensor<?x?xf32>) -> ()

  // Binary targets in [0, 1] for BCE.
  %bs = arith.constant dense<[[1.0, 0.0, 0.25], [0.0, 1.0, 1.0], [1.0, 0.0, 1.0]]> : tensor<3x3xf32>
  %bt = tensor.cast %bs : tensor<3x3xf32> to tensor<?x3xf32>
  %bce = lepton.binary_cross_entropy %z, %bt, %w : tensor<?x3xf32>, tensor<?xf32>
  // CHECK: [0.446732]
  call @print_scalar(%bce) : (tensor<f32>) -> ()
  %dbce = lepton.binary_cross_entropy_grad %z, %bt, %w, %two : tensor<?x3xf32>, tensor<?xf32>
  %dbce_p = tensor.cast %dbce : tensor<?x3xf32> to tensor<?x?xf32>
  // CHECK: [-0.0397343,   0.0896471,   0.124153]
  // CHECK-NEXT: [0.174993,   -0.150055,   -0.0158086]
  // CHECK-NEXT: [0,   0,   0]
  call @print(%dbce_p) : (tensor<?x?xf32>) -> ()

  // Regularisers on a 2x2 weight with a zero entry (sign(0) = 0 in the L1 gradient).
  %pw = arith.constant dense<[[0.5, -2.0], [0.0, 1.5]]> : tensor<2x2xf32>
  %l1 = lepton.l1 %pw {lambda = 0.1 : f32} : tensor<2x2xf32>
  // CHECK: [0.4]
  call @print_scalar(%l1) : (tensor<f32>) -> ()
  %dl1 = lepton.l1_grad %pw, %two {lambda = 0.1 : f32} : tensor<2x2xf32>
  %dl1_p = tensor.cast %dl1 : tensor<2x2xf32> to tensor<?x?xf32>
  // CHECK: [0.2,   -0.2]
  // CHECK-NEXT: [0,   0.2]
  call @print(%dl1_p) : (tensor<?x?xf32>) -> ()
  %l2 = lepton.l2 %pw {lambda = 0.1 : f32} : tensor<2x2xf32>
  // CHECK: [0.65]
  call @print_scalar(%l2) : (tensor<f32>) -> ()
  %dl2 = lepton.l2_grad %pw, %two {lambda = 0.1 : f32} : tensor<2x2xf32>
  %dl2_p = tensor.cast %dl2 : tensor<2x2xf32> to tensor<?x?xf32>
  // CHECK: [0.2,   -0.8]
  // CHECK-NEXT: [0,   0.6]
  call @print(%dl2_p) : (tensor<?x?xf32>) -> ()
  return
}
