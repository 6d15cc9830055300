// Whole-model gradients: lepton.grad of two small MLP losses (with regularisers and padding rows) vs the f64 Eigen reference, which is checked by finite differences.
// RUN: leptonc %s -c -o %t.o
// RUN: %clangxx -O1 -std=c++17 -I%eigen_include -I%S/reference %S/Inputs/mlp_harness.cpp %t.o -o %t.exe
// RUN: %t.exe | FileCheck %s
//
// classifier: 13 → dense 37 + relu → dense 19 + tanh → dense 5 → softmax cross-entropy, plus
//   l2(λ = 0.05) on each weight; gradients w.r.t. the input and all six parameters.
// tagger: 13 → dense 29 + leaky_relu(0.1) → dropout(0.25, run-time key) → dense 3 without bias
//   → binary cross-entropy, plus l1(λ = 0.01) on the first weight; gradients w.r.t. the parameters.
// Both batches have 19 rows, the last 4 padding rows with weight 0 and random data. First-layer
// pre-activations and l1's weights are kept 1e-2 away from their kinks. The reference's reverse
// sweep is written by hand from the reference ops and checked entry by entry against central
// differences of the whole reference loss ("fd …").

// CHECK: fd classifier.dx {{.*}} ok{{$}}
// CHECK-NEXT: fd classifier.dw1 {{.*}} ok{{$}}
// CHECK-NEXT: fd classifier.db1 {{.*}} ok{{$}}
// CHECK-NEXT: fd classifier.dw2 {{.*}} ok{{$}}
// CHECK-NEXT: fd classifier.db2 {{.*}} ok{{$}}
// CHECK-NEXT: fd classifier.dw3 {{.*}} ok{{$}}
// CHECK-NEXT: fd classifier.db3 {{.*}} ok{{$}}
// CHECK-NEXT: classifier.loss {{.*}} ok{{$}}
// CHECK-NEXT: classifier.dx {{.*}} ok{{$}}
// CHECK-NEXT: classifier.dw1 {{.*}} ok{{$}}
// CHECK-NEXT: classifier.db1 {{.*}} ok{{$}}
// CHECK-NEXT: classifier.dw2 {{.*}} ok{{$}}
// CHECK-NEXT: classifier.db2 {{.*}} ok{{$}}
// CHECK-NEXT: classifier.dw3 {{.*}} ok{{$}}
// CHECK-NEXT: classifier.db3 {{.*}} ok{{$}}
// CHECK-NEXT: fd tagger.dw1 {{.*}} ok{{$}}
// CHECK-NEXT: fd tagger.db1 {{.*}} ok{{$}}
// CHECK-NEXT: fd tagger.dw2 {{.*}} ok{{$}}
// CHECK-NEXT: tagger.loss {{.*}} ok{{$}}
// CHECK-NEXT: tagger.dw1 {{.*}} ok{{$}}
// CHECK-NEXT: tagger.db1 {{.*}} ok{{$}}
// CHECK-NEXT: tagger.dw2 {{.*}} ok{{$}}
// CHECK-NEXT: all {{[0-9]+}} checks passed

// ---- model A: 13 → 37 relu → 19 tanh → 5, softmax cross-entropy + l2 on every weight ----

func.func private @classifier_loss(%x: tensor<?x13xf32>, %labels: tensor<?xi32>, %weights: tensor<?xf32>,
                                   %w1: tensor<13x37xf32>, %b1: tensor<37xf32>,
                                   %w2: tensor<37x19xf32>, %b2: tensor<19xf32>,
                                   %w3: tensor<19x5xf32>, %b3: tensor<5xf32>) -> tensor<f32> {
  %h1 = lepton.dense %x, %w1, %b1 : (tensor<?x13xf32>, tensor<13x37xf32>, tensor<37xf32>) -> tensor<?x37xf32>
  %a1 = lepton.relu %h1 : tensor<?x37xf32>
  %h2 = lepton.dense %a1, %w2, %b2 : (tensor<?x37xf32>, tensor<37x19xf32>, tensor<19xf32>) -> tensor<?x19xf32>
  %a2 = lepton.tanh %h2 : tensor<?x19xf32>
  %z = lepton.dense %a2, %w3, %b3 : (tensor<?x19xf32>, tensor<19x5xf32>, tensor<5xf32>) -> tensor<?x5xf32>
  %ce = lepton.softmax_cross_entropy %z, %labels, %weights : tensor<?x5xf32>, tensor<?xi32>, tensor<?xf32>
  %r1 = lepton.l2 %w1 {lambda = 5.000000e-02 : f32} : tensor<13x37xf32>
  %r2 = lepton.l2 %w2 {lambda = 5.000000e-02 : f32} : tensor<37x19xf32>
  %r3 = lepton.l2 %w3 {lambda = 5.000000e-02 : f32} : tensor<19x5xf32>
  %s1 = lepton.add %ce, %r1 : tensor<f32>
  %s2 = lepton.add %s1, %r2 : tensor<f32>
  %loss = lepton.add %s2, %r3 : tensor<f32>
  return %loss : tensor<f32>
}

func.func @classifier_gradient(%x: tensor<?x13xf32>, %labels: tensor<?xi32>, %weights: tensor<?xf32>,
                               %w1: tensor<13x37xf32>, %b1: tensor<37xf32>,
                               %w2: tensor<37x19xf32>, %b2: tensor<19xf32>,
                               %w3: tensor<19x5xf32>, %b3: tensor<5xf32>)
    -> (tensor<f32>, tensor<?x13xf32>, tensor<13x37xf32>, tensor<37xf32>, tensor<37x19xf32>, tensor<19xf32>,
        tensor<19x5xf32>, tensor<5xf32>) attributes {llvm.emit_c_interface} {
  %l, %dx, %dw1, %db1, %dw2, %db2, %dw3, %db3 = lepton.grad @classifier_loss(%x, %labels, %weights, %w1, %b1, %w2, %b2, %w3, %b3)
      {wrt = array<i64: 0, 3, 4, 5, 6, 7, 8>}
      : (tensor<?x13xf32>, tensor<?xi32>, tensor<?xf32>, tensor<13x37xf32>, tensor<37xf32>, tensor<37x19xf32>,
         tensor<19xf32>, tensor<19x5xf32>, tensor<5xf32>)
        -> (tensor<f32>, tensor<?x13xf32>, tensor<13x37xf32>, tensor<37xf32>, tensor<37x19xf32>, tensor<19xf32>,
            tensor<19x5xf32>, tensor<5xf32>)
  return %l, %dx, %dw1, %db1, %dw2, %db2, %dw3, %db3 : tensor<f32>, tensor<?x13xf32>, tensor<13x37xf32>, tensor<37xf32>,
      tensor<37x19xf32>, tensor<19xf32>, tensor<19x5xf32>, tensor<5xf32>
}

// ---- model B: 13 → 29 leaky_relu → dropout → 3 (no bias), binary cross-entropy + l1 on the first weight ----

func.func private @tagger_loss(%x: tensor<?x13xf32>, %target: tensor<?x3xf32>, %weights: tensor<?xf32>, %key: i64,
                               %w1: tensor<13x29xf32>, %b1: tensor<29xf32>, %w2: tensor<29x3xf32>) -> tensor<f32> {
  %h = lepton.dense %x, %w1, %b1 : (tensor<?x13xf32>, tensor<13x29xf32>, tensor<29xf32>) -> tensor<?x29xf32>
  %a = lepton.leaky_relu %h {alpha = 1.000000e-01 : f32} : tensor<?x29xf32>
  %d = lepton.dropout %a, %key {rate = 2.500000e-01 : f32} : tensor<?x29xf32>
  %z = lepton.dense %d, %w2 : (tensor<?x29xf32>, tensor<29x3xf32>) -> tensor<?x3xf32>
  %bce = lepton.binary_cross_entropy %z, %target, %weights : tensor<?x3xf32>, tensor<?xf32>
  %r = lepton.l1 %w1 {lambda = 1.000000e-02 : f32} : tensor<13x29xf32>
  %loss = lepton.add %bce, %r : tensor<f32>
  return %loss : tensor<f32>
}

func.func @tagger_gradient(%x: tensor<?x13xf32>, %target: tensor<?x3xf32>, %weights: tensor<?xf32>, %key: i64,
                           %w1: tensor<13x29xf32>, %b1: tensor<29xf32>, %w2: tensor<29x3xf32>)
    -> (tensor<f32>, tensor<13x29xf32>, tensor<29xf32>, tensor<29x3xf32>) attributes {llvm.emit_c_interface} {
  %l, %dw1, %db1, %dw2 = lepton.grad @tagger_loss(%x, %target, %weights, %key, %w1, %b1, %w2) {wrt = array<i64: 4, 5, 6>}
      : (tensor<?x13xf32>, tensor<?x3xf32>, tensor<?xf32>, i64, tensor<13x29xf32>, tensor<29xf32>, tensor<29x3xf32>)
        -> (tensor<f32>, tensor<13x29xf32>, tensor<29xf32>, tensor<29x3xf32>)
  return %l, %dw1, %db1, %dw2 : tensor<f32>, tensor<13x29xf32>, tensor<29xf32>, tensor<29x3xf32>
}
