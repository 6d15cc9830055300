// RUN: lepton-opt %s %lower-to-llvm | %run | FileCheck %s
// Activations and their VJPs on x = [[1, -2, 3], [0.5, 0.25, -1]] with dy = [[1, 2, 3], [-1, 0.5, 2]].
// Expected values: PyTorch 1.13 (torch.relu, torch.sigmoid, torch.tanh,
// F.leaky_relu(negative_slope=0.1), torch.softmax(dim=-1) and autograd with grad_outputs=dy).

func.func private @printMemrefF32(tensor<*xf32>)

func.func @print(%t: tensor<?x3xf32>) {
  %u = tensor.cast %t : tensor<?x3xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @main() {
  %xs = arith.constant dense<[[1.0, -2.0, 3.0], [0.5, 0.25, -1.0]]> : tensor<2x3xf32>
  %dys = arith.constant dense<[[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]]> : tensor<2x3xf32>
  %x = tensor.cast %xs : tensor<2x3xf32> to tensor<?x3xf32>
  %dy = tensor.cast %dys : tensor<2x3xf32> to tensor<?x3xf32>

  %relu = lepton.relu %x : tensor<?x3xf32>
  // CHECK: [1,   0,   3]
  // CHECK-NEXT: [0.5,   0.25,   0]
  call @print(%relu) : (tensor<?x3xf32>) -> ()
  %drelu = lepton.relu_grad %x, %dy : tensor<?x3xf32>
  // CHECK: [1,   0,   3]
  // CHECK-NEXT: [-1,   0.5,   0]
  call @print(%drelu) : (tensor<?x3xf32>) -> ()

  %sig = lepton.sigmoid %x : tensor<?x3xf32>
  // CHECK: [0.731059,   0.119203,   0.952574]
  // CHECK-NEXT: [0.622459,   0.562177,   0.268941]
  call @print(%sig) : (tensor<?x3xf32>) -> ()
  %dsig = lepton.sigmoid_grad %sig, %dy : tensor<?x3xf32>
  // CHECK: [0.196612,   0.209987,   0.13553]
  // CHECK-NEXT: [-0.235004,   0.123067,   0.393224]
  call @print(%dsig) : (tensor<?x3xf32>) -> ()

  %tanh = lepton.tanh %x : tensor<?x3xf32>
  // CHECK: [0.761594,   -0.964028,   0.995055]
  // CHECK-NEXT: [0.462117,   0.244919,   -0.761594]
  call @print(%tanh) : (tensor<?x3xf32>) -> ()
  %dtanh = lepton.tanh_grad %tanh, %dy : tensor<?x3xf32>
  // CHECK: [0.419974,   0.141302,   0.029598]
  // CHECK-NEXT: [-0.786448,   0.470007,   0.839949]
  call @print(%dtanh) : (tensor<?x3xf32>) -> ()

  %leaky = lepton.leaky_relu %x {alpha = 0.1 : f32} : tensor<?x3xf32>
  // CHECK: [1,   -0.2,   3]
  // CHECK-NEXT: [0.5,   0.25,   -0.1]
  call @print(%leaky) : (tensor<?x3xf32>) -> ()
  %dleaky = lepton.leaky_relu_grad %x, %dy {alpha = 0.1 : f32} : tensor<?x3xf32>
  // CHECK: [1,   0.2,   3]
  // CHECK-NEXT: [-1,   0.5,   0.2]
  call @print(%dleaky) : (tensor<?x3xf32>) -> ()
  // Default slope 0.01.
  %leaky_default = lepton.leaky_relu %x : tensor<?x3xf32>
  // CHECK: [1,   -0.02,   3]
  // CHECK-NEXT: [0.5,   0.25,   -0.01]
  call @print(%leaky_default) : (tensor<?x3xf32>) -> ()

  %sm = lepton.softmax %x : tensor<?x3xf32>
  // CHECK: [0.1185,   0.00589975,   0.875601]
  // CHECK-NEXT: [0.499518,   0.389025,   0.111457]
  call @print(%sm) : (tensor<?x3xf32>) -> ()
  %dsm = lepton.softmax_grad %sm, %dy : tensor<?x3xf32>
  // CHECK: [-0.208216,   -0.00446671,   0.212683]
  // CHECK-NEXT: [-0.458512,   0.226448,   0.232065]
  call @print(%dsm) : (tensor<?x3xf32>) -> ()
  return
}
