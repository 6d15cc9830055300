// RUN: lepton-opt %s %lower-to-llvm | %run | FileCheck %s
// Two steps of every optimizer update on p = [0.5, -1, 2, 0] with gradients g1, then g2, and
// zero-initialised state. Expected values: torch.optim (PyTorch 1.13) — SGD, SGD(momentum=0.9,
// weight_decay=0.01), SGD(momentum=0.9, nesterov=True), Adam(lr=0.1), Adam(lr=0.1,
// weight_decay=0.1), AdamW(lr=0.1, weight_decay=0.1), RMSprop(lr=0.01),
// RMSprop(lr=0.01, momentum=0.9, weight_decay=0.05) — after the second step; printed as the
// parameter, then each state tensor.

func.func private @printMemrefF32(tensor<*xf32>)

func.func @print(%t: tensor<4xf32>) {
  %u = tensor.cast %t : tensor<4xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @main() {
  %p = arith.constant dense<[0.5, -1.0, 2.0, 0.0]> : tensor<4xf32>
  %g1 = arith.constant dense<[0.1, -0.2, 0.3, 1.0]> : tensor<4xf32>
  %g2 = arith.constant dense<[-0.4, 0.5, 0.6, -1.0]> : tensor<4xf32>
  %zero = arith.constant dense<0.0> : tensor<4xf32>
  %lr = arith.constant 0.1 : f32
  %lr_small = arith.constant 0.01 : f32
  %t1 = arith.constant 1 : i64
  %t2 = arith.constant 2 : i64

  // SGD: p - lr·g1 - lr·g2; the velocity is passed through.
  %s1, %sv1 = lepton.sgd_update %p, %g1, %zero, %lr : tensor<4xf32>
  %s2, %sv2 = lepton.sgd_update %s1, %g2, %sv1, %lr : tensor<4xf32>
  // CHECK: [0.53,  -1.03,  1.91,  0]
  call @print(%s2) : (tensor<4xf32>) -> ()

  %m1, %mv1 = lepton.sgd_update %p, %g1, %zero, %lr {momentum = 0.9, weight_decay = 0.01} : tensor<4xf32>
  %m2, %mv2 = lepton.sgd_update %m1, %g2, %mv1, %lr {momentum = 0.9, weight_decay = 0.01} : tensor<4xf32>
  // CHECK: [0.51956,  -1.00912,  1.87723,  -0.0899]
  call @print(%m2) : (tensor<4xf32>) -> ()
  // CHECK: [-0.300605,  0.30121,  0.90768,  -0.101]
  call @print(%mv2) : (tensor<4xf32>) -> ()

  %n1, %nv1 = lepton.sgd_update %p, %g1, %zero, %lr {momentum = 0.9, nesterov = true} : tensor<4xf32>
  %n2, %nv2 = lepton.sgd_update %n1, %g2, %nv1, %lr {momentum = 0.9, nesterov = true} : tensor<4xf32>
  // CHECK: [0.5489,  -1.0408,  1.8047,  -0.081]
  call @print(%n2) : (tensor<4xf32>) -> ()
  // CHECK: [-0.31,  0.32,  0.87,  -0.1]
  call @print(%nv2) : (tensor<4xf32>) -> ()

  %a1, %am1, %av1 = lepton.adam_update %p, %g1, %zero, %zero, %lr, %t1 : tensor<4xf32>
  %a2, %am2, %av2 = lepton.adam_update %a1, %g2, %am1, %av1, %lr, %t2 : tensor<4xf32>
  // CHECK: [0.45595,  -0.944221,  1.80348,  -0.0947368]
  call @print(%a2) : (tensor<4xf32>) -> ()
  // CHECK: [-0.031,  0.032,  0.087,  -0.01]
  call @print(%am2) : (tensor<4xf32>) -> ()
  // CHECK: [0.00016999,  0.00028996,  0.00044991,  0.001999]
  call @print(%av2) : (tensor<4xf32>) -> ()

  %c1, %cm1, %cv1 = lepton.adam_update %p, %g1, %zero, %zero, %lr, %t1 {weight_decay = 0.1} : tensor<4xf32>
  %c2, %cm2, %cv2 = lepton.adam_update %c1, %g2, %cm1, %cv1, %lr, %t2 {weight_decay = 0.1} : tensor<4xf32>
  // CHECK: [0.442934,  -0.92051,  1.80129,  -0.0942394]
  call @print(%c2) : (tensor<4xf32>) -> ()

  %w1, %wm1, %wv1 = lepton.adam_update %p, %g1, %zero, %zero, %lr, %t1 {weight_decay = 0.1, decoupled = true} : tensor<4xf32>
  %w2, %wm2, %wv2 = lepton.adam_update %w1, %g2, %wm1, %wv1, %lr, %t2 {weight_decay = 0.1, decoupled = true} : tensor<4xf32>
  // CHECK: [0.447,  -0.925322,  1.76468,  -0.0937368]
  call @print(%w2) : (tensor<4xf32>) -> ()

  %r1, %rs1 = lepton.rmsprop_update %p, %g1, %zero, %lr_small : tensor<4xf32>
  %r2, %rs2 = lepton.rmsprop_update %r1, %g2, %rs1, %lr_small : tensor<4xf32>
  // CHECK: [0.497043,  -0.992912,  1.81047,  -0.0291119]
  call @print(%r2) : (tensor<4xf32>) -> ()
  // CHECK: [0.001699,  0.002896,  0.004491,  0.0199]
  call @print(%rs2) : (tensor<4xf32>) -> ()

  %q1, %qs1, %qb1 = lepton.rmsprop_update %p, %g1, %zero, %lr_small momentum_buffer(%zero : tensor<4xf32>) {momentum = 0.9, weight_decay = 0.05} : tensor<4xf32>
  %q2, %qs2, %qb2 = lepton.rmsprop_update %q1, %g2, %qs1, %lr_small momentum_buffer(%qb1 : tensor<4xf32>) {momentum = 0.9, weight_decay = 0.05} : tensor<4xf32>
  // CHECK: [0.405039,  -0.897744,  1.72322,  -0.118936]
  call @print(%q2) : (tensor<4xf32>) -> ()
  // CHECK: [0.00159869,  0.002689,  0.00641425,  0.0200002]
  call @print(%qs2) : (tensor<4xf32>) -> ()
  // CHECK: [-0.503904,  -0.225627,  17.6778,  1.89362]
  call @print(%qb2) : (tensor<4xf32>) -> ()
  return
}
