// batchnorm in training mode (batch statistics over the real rows of a padded batch; forward and lepton.grad) and in inference mode: leptonc's f32 code vs the f64 Eigen reference.
// RUN: leptonc %s -c -o %t.o
// RUN: %clangxx -O1 -std=c++17 -I%eigen_include -I%S/reference %S/Inputs/batchnorm_harness.cpp %t.o -o %t.exe
// RUN: %t.exe | FileCheck %s
//
// Rows are 2x3x4 images (6 positions × 4 channels, channel innermost), at a dynamic batch: 7 rows
// of which the last 2 are padding (row weight 0), then 3 rows all real. Each channel has its own
// offset and spread, so statistics pooled across channels, or over rows instead of positions,
// are far off; the padded rows hold values far from the real ones, so a padded row entering the
// statistics moves them visibly. The row weights of the real rows are unequal: only their sign
// may matter (a weighted mean would differ). ε = 0.05 is of the order of the smallest channel
// variance, so a dropped, misplaced or hard-coded ε shows.
// Gradients go through a scalar head, L = mse(y, target, s), whose per-row weights s are also
// the batchnorm's row weights (the trainer passes the loss's): dy is a dense cotangent of order 1
// on the real rows and 0 on the padded ones, where L is then truly constant in x, so "fd …"
// lines (the reference's own VJP against central differences of its forward) check that padded
// rows get dx = 0 and do not enter the statistics. "hand …" lines check the reference against
// values derived by hand. batchnorm_inference has no VJP (it is not differentiable in the IR and
// the train step differentiates the training op only), so only its forward is checked.
// Mutations seen failing (each on a copy of these files): in the reference, dμ's or dσ²'s sign
// flipped, dx computed on padded rows, variance over N − 1, a row-weighted mean, statistics
// pooled over all channels, channel-outermost inference; here, ε 0.05 → 0.055 everywhere or
// 1e-5 in bn_loss or in bn_inference_forward only, γ and β swapped in bn_loss; in the harness,
// the reference's forward given weight 1 on the padded rows.

// CHECK: {{^}}hand batchnorm.y {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}hand batchnorm.mean {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}hand batchnorm.var {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}hand batchnorm.channels.mean {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}hand batchnorm.channels.var {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}hand batchnorm_grad.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}hand batchnorm_grad.dgamma {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}hand batchnorm_grad.dbeta {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}hand batchnorm_inference.y {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}fd bn_padded.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}fd bn_padded.dgamma {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}fd bn_padded.dbeta {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}bn_padded.y {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}bn_padded.mean {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}bn_padded.var {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}bn_padded.loss {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}bn_padded.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}bn_padded.dgamma {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}bn_padded.dbeta {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}fd bn_full.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}fd bn_full.dgamma {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}fd bn_full.dbeta {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}bn_full.y {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}bn_full.mean {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}bn_full.var {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}bn_full.loss {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}bn_full.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}bn_full.dgamma {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}bn_full.dbeta {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}bn_inference.y {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}all 30 checks passed{{$}}

// ---- training mode: y, mean and variance with the batch's statistics ----

func.func @bn_forward(%x: tensor<?x24xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>, %w: tensor<?xf32>)
    -> (tensor<?x24xf32>, tensor<4xf32>, tensor<4xf32>) attributes {llvm.emit_c_interface} {
  %y, %m, %v = lepton.batchnorm %x, %g, %b, %w {channels = 4 : i64, epsilon = 5.0e-02 : f32}
      : (tensor<?x24xf32>, tensor<4xf32>, tensor<4xf32>, tensor<?xf32>) -> (tensor<?x24xf32>, tensor<4xf32>, tensor<4xf32>)
  return %y, %m, %v : tensor<?x24xf32>, tensor<4xf32>, tensor<4xf32>
}

// The statistics results are dropped: lepton.grad differentiates y only (its VJP is
// lepton.batchnorm_grad).
func.func private @bn_loss(%x: tensor<?x24xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>,
                           %t: tensor<?x24xf32>, %s: tensor<?xf32>) -> tensor<f32> {
  %y, %m, %v = lepton.batchnorm %x, %g, %b, %s {channels = 4 : i64, epsilon = 5.0e-02 : f32}
      : (tensor<?x24xf32>, tensor<4xf32>, tensor<4xf32>, tensor<?xf32>) -> (tensor<?x24xf32>, tensor<4xf32>, tensor<4xf32>)
  %l = lepton.mse %y, %t, %s : tensor<?x24xf32>, tensor<?xf32>
  return %l : tensor<f32>
}

func.func @bn_gradient(%x: tensor<?x24xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>,
                       %t: tensor<?x24xf32>, %s: tensor<?xf32>)
    -> (tensor<f32>, tensor<?x24xf32>, tensor<4xf32>, tensor<4xf32>) attributes {llvm.emit_c_interface} {
  %l, %dx, %dg, %db = lepton.grad @bn_loss(%x, %g, %b, %t, %s) {wrt = array<i64: 0, 1, 2>}
      : (tensor<?x24xf32>, tensor<4xf32>, tensor<4xf32>, tensor<?x24xf32>, tensor<?xf32>)
        -> (tensor<f32>, tensor<?x24xf32>, tensor<4xf32>, tensor<4xf32>)
  return %l, %dx, %dg, %db : tensor<f32>, tensor<?x24xf32>, tensor<4xf32>, tensor<4xf32>
}

// ---- inference mode: given (running) statistics ----

func.func @bn_inference_forward(%x: tensor<?x24xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>,
                                %m: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<?x24xf32>
    attributes {llvm.emit_c_interface} {
  %y = lepton.batchnorm_inference %x, %g, %b, %m, %v {channels = 4 : i64, epsilon = 5.0e-02 : f32}
      : (tensor<?x24xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x24xf32>
  return %y : tensor<?x24xf32>
}
