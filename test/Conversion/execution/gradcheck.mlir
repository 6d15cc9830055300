// RUN: lepton-opt %s %lower-to-llvm | %run | FileCheck %s
// Gradient check of a 2-3-2 MLP (dense, relu, dense, softmax cross-entropy) through
// lepton-autodiff and the lowering: the gradients are compared (1) with PyTorch 1.13's
// autograd on the same numbers and (2) with central finite differences, (L(θ+ε) − L(θ−ε)) / 2ε
// with ε = 1e-2, computed by this test on the same compiled loss; every pre-activation is at
// least 0.12 away from the ReLU kink. A 1 is printed for each parameter whose largest
// |autodiff − finite difference| is below 2e-3.
// Mutation run: the tolerance in @close set to 0 prints [0] four times, and the test fails.

func.func private @printMemrefF32(tensor<*xf32>)

func.func @loss(%x: tensor<?x2xf32>, %labels: tensor<?xi32>, %weights: tensor<?xf32>,
                %w1: tensor<2x3xf32>, %b1: tensor<3xf32>, %w2: tensor<3x2xf32>, %b2: tensor<2xf32>) -> tensor<f32> {
  %h = lepton.dense %x, %w1, %b1 : (tensor<?x2xf32>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %a = lepton.relu %h : tensor<?x3xf32>
  %z = lepton.dense %a, %w2, %b2 : (tensor<?x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %l = lepton.softmax_cross_entropy %z, %labels, %weights : tensor<?x2xf32>, tensor<?xi32>, tensor<?xf32>
  return %l : tensor<f32>
}

/// The loss as an f32 scalar.
func.func @eval(%x: tensor<?x2xf32>, %labels: tensor<?xi32>, %weights: tensor<?xf32>,
                %w1: tensor<2x3xf32>, %b1: tensor<3xf32>, %w2: tensor<3x2xf32>, %b2: tensor<2xf32>) -> f32 {
  %l = func.call @loss(%x, %labels, %weights, %w1, %b1, %w2, %b2)
      : (tensor<?x2xf32>, tensor<?xi32>, tensor<?xf32>, tensor<2x3xf32>, tensor<3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<f32>
  %v = tensor.extract %l[] : tensor<f32>
  return %v : f32
}

/// (L(w + ε e_ij) − L(w − ε e_ij)) / 2ε for one entry of a matrix parameter, selected by `which`
/// (0: w1, 1: w2), with the other parameters fixed.
func.func @fd_matrix(%which: index, %i: index, %j: index, %x: tensor<?x2xf32>, %labels: tensor<?xi32>,
                     %weights: tensor<?xf32>, %w1: tensor<2x3xf32>, %b1: tensor<3xf32>,
                     %w2: tensor<3x2xf32>, %b2: tensor<2xf32>) -> f32 {
  %eps = arith.constant 1.0e-2 : f32
  %c0 = arith.constant 0 : index
  %is_w1 = arith.cmpi eq, %which, %c0 : index
  %r:2 = scf.if %is_w1 -> (f32, f32) {
    %v = tensor.extract %w1[%i, %j] : tensor<2x3xf32>
    %vp = arith.addf %v, %eps : f32
    %vm = arith.subf %v, %eps : f32
    %wp = tensor.insert %vp into %w1[%i, %j] : tensor<2x3xf32>
    %wm = tensor.insert %vm into %w1[%i, %j] : tensor<2x3xf32>
    %lp = func.call @eval(%x, %labels, %weights, %wp, %b1, %w2, %b2) : (tensor<?x2xf32>, tensor<?xi32>, tensor<?xf32>, tensor<2x3xf32>, tensor<3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> f32
    %lm = func.call @eval(%x, %labels, %weights, %wm, %b1, %w2, %b2) : (tensor<?x2xf32>, tensor<?xi32>, tensor<?xf32>, tensor<2x3xf32>, tensor<3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> f32
    scf.yield %lp, %lm : f32, f32
  } else {
    %v = tensor.extract %w2[%i, %j] : tensor<3x2xf32>
    %vp = arith.addf %v, %eps : f32
    %vm = arith.subf %v, %eps : f32
    %wp = tensor.insert %vp into %w2[%i, %j] : tensor<3x2xf32>
    %wm = tensor.insert %vm into %w2[%i, %j] : tensor<3x2xf32>
    %lp = func.call @eval(%x, %labels, %weights, %w1, %b1, %wp, %b2) : (tensor<?x2xf32>, tensor<?xi32>, tensor<?xf32>, tensor<2x3xf32>, tensor<3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> f32
    %lm = func.call @eval(%x, %labels, %weights, %w1, %b1, %wm, %b2) : (tensor<?x2xf32>, tensor<?xi32>, tensor<?xf32>, tensor<2x3xf32>, tensor<3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> f32
    scf.yield %lp, %lm : f32, f32
  }
  %diff = arith.subf %r#0, %r#1 : f32
  %two_eps = arith.constant 2.0e-2 : f32
  %fd = arith.divf %diff, %two_eps : f32
  return %fd : f32
}

/// The same for one entry of a bias (0: b1, 1: b2).
func.func @fd_vector(%which: index, %i: index, %x: tensor<?x2xf32>, %labels: tensor<?xi32>,
                     %weights: tensor<?xf32>, %w1: tensor<2x3xf32>, %b1: tensor<3xf32>,
                     %w2: tensor<3x2xf32>, %b2: tensor<2xf32>) -> f32 {
  %eps = arith.constant 1.0e-2 : f32
  %c0 = arith.constant 0 : index
  %is_b1 = arith.cmpi eq, %which, %c0 : index
  %r:2 = scf.if %is_b1 -> (f32, f32) {
    %v = tensor.extract %b1[%i] : tensor<3xf32>
    %vp = arith.addf %v, %eps : f32
    %vm = arith.subf %v, %eps : f32
    %bp = tensor.insert %vp into %b1[%i] : tensor<3xf32>
    %bm = tensor.insert %vm into %b1[%i] : tensor<3xf32>
    %lp = func.call @eval(%x, %labels, %weights, %w1, %bp, %w2, %b2) : (tensor<?x2xf32>, tensor<?xi32>, tensor<?xf32>, tensor<2x3xf32>, tensor<3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> f32
    %lm = func.call @eval(%x, %labels, %weights, %w1, %bm, %w2, %b2) : (tensor<?x2xf32>, tensor<?xi32>, tensor<?xf32>, tensor<2x3xf32>, tensor<3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> f32
    scf.yield %lp, %lm : f32, f32
  } else {
    %v = tensor.extract %b2[%i] : tensor<2xf32>
    %vp = arith.addf %v, %eps : f32
    %vm = arith.subf %v, %eps : f32
    %bp = tensor.insert %vp into %b2[%i] : tensor<2xf32>
    %bm = tensor.insert %vm into %b2[%i] : tensor<2xf32>
    %lp = func.call @eval(%x, %labels, %weights, %w1, %b1, %w2, %bp) : (tensor<?x2xf32>, tensor<?xi32>, tensor<?xf32>, tensor<2x3xf32>, tensor<3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> f32
    %lm = func.call @eval(%x, %labels, %weights, %w1, %b1, %w2, %bm) : (tensor<?x2xf32>, tensor<?xi32>, tensor<?xf32>, tensor<2x3xf32>, tensor<3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> f32
    scf.yield %lp, %lm : f32, f32
  }
  %diff = arith.subf %r#0, %r#1 : f32
  %two_eps = arith.constant 2.0e-2 : f32
  %fd = arith.divf %diff, %two_eps : f32
  return %fd : f32
}

/// max |a − b| below 2e-3, as 1.0 or 0.0.
func.func @close(%maxdiff: f32) -> tensor<1xf32> {
  %tol = arith.constant 2.0e-3 : f32
  %ok = arith.cmpf olt, %maxdiff, %tol : f32
  %one = arith.constant 1.0 : f32
  %zero = arith.constant 0.0 : f32
  %flag = arith.select %ok, %one, %zero : f32
  %t = tensor.from_elements %flag : tensor<1xf32>
  return %t : tensor<1xf32>
}

func.func @print(%t: tensor<?x?xf32>) {
  %u = tensor.cast %t : tensor<?x?xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @print_vector(%t: tensor<?xf32>) {
  %u = tensor.cast %t : tensor<?xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}

func.func @main() {
  %xs = arith.constant dense<[[1.0, -0.5], [0.3, 0.8], [-1.2, 0.4]]> : tensor<3x2xf32>
  %ls = arith.constant dense<[1, 0, 1]> : tensor<3xi32>
  %third = arith.constant 0.333333343 : f32
  %ws = tensor.splat %third : tensor<3xf32>
  %w1 = arith.constant dense<[[0.6, -0.4, 0.9], [0.5, 0.7, -0.3]]> : tensor<2x3xf32>
  %b1 = arith.constant dense<[0.1, 0.2, -0.15]> : tensor<3xf32>
  %w2 = arith.constant dense<[[0.3, -0.8], [-0.5, 0.4], [0.9, 0.2]]> : tensor<3x2xf32>
  %b2 = arith.constant dense<[0.05, -0.05]> : tensor<2xf32>
  %x = tensor.cast %xs : tensor<3x2xf32> to tensor<?x2xf32>
  %labels = tensor.cast %ls : tensor<3xi32> to tensor<?xi32>
  %weights = tensor.cast %ws : tensor<3xf32> to tensor<?xf32>

  %l, %g1, %gb1, %g2, %gb2 = lepton.grad @loss(%x, %labels, %weights, %w1, %b1, %w2, %b2) {wrt = array<i64: 3, 4, 5, 6>}
      : (tensor<?x2xf32>, tensor<?xi32>, tensor<?xf32>, tensor<2x3xf32>, tensor<3xf32>, tensor<3x2xf32>, tensor<2xf32>)
        -> (tensor<f32>, tensor<2x3xf32>, tensor<3xf32>, tensor<3x2xf32>, tensor<2xf32>)

  // PyTorch: loss 0.8104395; dW1 [[0.2358464, 0.1533177, 0.1803532], [-0.2685482, 0.0656465, -0.0901766]],
  // db1 [0.1248596, 0.0343913, 0.1803532], dW2 [[0.0179270, -0.0179270], [0.0094403, -0.0094403],
  // [0.2318827, -0.2318827]], db2 [0.2194349, -0.2194349].
  %l_u = tensor.cast %l : tensor<f32> to tensor<*xf32>
  // Every printed line is checked in order, the data lines whole (anchored at both ends): a
  // bare "[1]" pattern also matched the header text "sizes = [1] strides = [1]".
  // CHECK:      Unranked Memref base@ = {{0x[0-9a-f]+}} rank = 0 offset = 0 sizes = [] strides = [] data = {{$}}
  // CHECK-NEXT: {{^\[}}0.810439]{{$}}
  call @printMemrefF32(%l_u) : (tensor<*xf32>) -> ()
  %g1_p = tensor.cast %g1 : tensor<2x3xf32> to tensor<?x?xf32>
// CHECK-NEXT: Unranked Memref base@ = {{0x[0-9a-f]+}} rank = 2 offset = 0 sizes = [2, 3] strides = [3, 1] data = {{$}}
  // CHECK-NEXT: {{^\[\[}}0.235846,   0.153318,   0.180353], {{$}}
  // CHECK-NEXT: {{^}} [-0.268548,   0.0656465,   -0.0901766]]{{$}}
  call @print(%g1_p) : (tensor<?x?xf32>) -> ()
  %gb1_p = tensor.cast %gb1 : tensor<3xf32> to tensor<?xf32>
// CHECK-NEXT: Unranked Memref base@ = {{0x[0-9a-f]+}} rank = 1 offset = 0 sizes = [3] strides = [1] data = {{$}}
  // CHECK-NEXT: {{^\[}}0.12486,  0.0343913,  0.180353]{{$}}
  call @print_vector(%gb1_p) : (tensor<?xf32>) -> ()
  %g2_p = tensor.cast %g2 : tensor<3x2xf32> to tensor<?x?xf32>
// CHECK-NEXT: Unranked Memref base@ = {{0x[0-9a-f]+}} rank = 2 offset = 0 sizes = [3, 2] strides = [2, 1] data = {{$}}
  // CHECK-NEXT: {{^\[\[}}0.017927,   -0.017927], {{$}}
  // CHECK-NEXT: {{^}} [0.00944033,   -0.00944032], {{$}}
  // CHECK-NEXT: {{^}} [0.231883,   -0.231883]]{{$}}
  call @print(%g2_p) : (tensor<?x?xf32>) -> ()
  %gb2_p = tensor.cast %gb2 : tensor<2xf32> to tensor<?xf32>
// CHECK-NEXT: Unranked Memref base@ = {{0x[0-9a-f]+}} rank = 1 offset = 0 sizes = [2] strides = [1] data = {{$}}
  // CHECK-NEXT: {{^\[}}0.219435,  -0.219435]{{$}}
  call @print_vector(%gb2_p) : (tensor<?xf32>) -> ()

  // Finite differences, entry by entry, keeping the largest deviation per parameter.
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %zero = arith.constant 0.0 : f32
  %d1 = scf.for %i = %c0 to %c2 step %c1 iter_args(%m0 = %zero) -> (f32) {
    %row = scf.for %j = %c0 to %c3 step %c1 iter_args(%m = %m0) -> (f32) {
      %fd = func.call @fd_matrix(%c0, %i, %j, %x, %labels, %weights, %w1, %b1, %w2, %b2) : (index, index, index, tensor<?x2xf32>, tensor<?xi32>, tensor<?xf32>, tensor<2x3xf32>, tensor<3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> f32
      %g = tensor.extract %g1[%i, %j] : tensor<2x3xf32>
      %diff = arith.subf %fd, %g : f32
      %ad = math.absf %diff : f32
      %nm = arith.maximumf %m, %ad : f32
      scf.yield %nm : f32
    }
    scf.yield %row : f32
  }
  %d2 = scf.for %i = %c0 to %c3 step %c1 iter_args(%m0 = %zero) -> (f32) {
    %row = scf.for %j = %c0 to %c2 step %c1 iter_args(%m = %m0) -> (f32) {
      %fd = func.call @fd_matrix(%c1, %i, %j, %x, %labels, %weights, %w1, %b1, %w2, %b2) : (index, index, index, tensor<?x2xf32>, tensor<?xi32>, tensor<?xf32>, tensor<2x3xf32>, tensor<3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> f32
      %g = tensor.extract %g2[%i, %j] : tensor<3x2xf32>
      %diff = arith.subf %fd, %g : f32
      %ad = math.absf %diff : f32
      %nm = arith.maximumf %m, %ad : f32
      scf.yield %nm : f32
    }
    scf.yield %row : f32
  }
  %e1 = scf.for %i = %c0 to %c3 step %c1 iter_args(%m = %zero) -> (f32) {
    %fd = func.call @fd_vector(%c0, %i, %x, %labels, %weights, %w1, %b1, %w2, %b2) : (index, index, tensor<?x2xf32>, tensor<?xi32>, tensor<?xf32>, tensor<2x3xf32>, tensor<3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> f32
    %g = tensor.extract %gb1[%i] : tensor<3xf32>
    %diff = arith.subf %fd, %g : f32
    %ad = math.absf %diff : f32
    %nm = arith.maximumf %m, %ad : f32
    scf.yield %nm : f32
  }
  %e2 = scf.for %i = %c0 to %c2 step %c1 iter_args(%m = %zero) -> (f32) {
    %fd = func.call @fd_vector(%c1, %i, %x, %labels, %weights, %w1, %b1, %w2, %b2) : (index, index, tensor<?x2xf32>, tensor<?xi32>, tensor<?xf32>, tensor<2x3xf32>, tensor<3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> f32
    %g = tensor.extract %gb2[%i] : tensor<2xf32>
    %diff = arith.subf %fd, %g : f32
    %ad = math.absf %diff : f32
    %nm = arith.maximumf %m, %ad : f32
    scf.yield %nm : f32
  }
  %ok1 = func.call @close(%d1) : (f32) -> tensor<1xf32>
  %ok1_p = tensor.cast %ok1 : tensor<1xf32> to tensor<?xf32>
// CHECK-NEXT: Unranked Memref base@ = {{0x[0-9a-f]+}} rank = 1 offset = 0 sizes = [1] strides = [1] data = {{$}}
  // CHECK-NEXT: {{^\[}}1]{{$}}
  call @print_vector(%ok1_p) : (tensor<?xf32>) -> ()
  %okb1 = func.call @close(%e1) : (f32) -> tensor<1xf32>
  %okb1_p = tensor.cast %okb1 : tensor<1xf32> to tensor<?xf32>
// CHECK-NEXT: Unranked Memref base@ = {{0x[0-9a-f]+}} rank = 1 offset = 0 sizes = [1] strides = [1] data = {{$}}
  // CHECK-NEXT: {{^\[}}1]{{$}}
  call @print_vector(%okb1_p) : (tensor<?xf32>) -> ()
  %ok2 = func.call @close(%d2) : (f32) -> tensor<1xf32>
  %ok2_p = tensor.cast %ok2 : tensor<1xf32> to tensor<?xf32>
// CHECK-NEXT: Unranked Memref base@ = {{0x[0-9a-f]+}} rank = 1 offset = 0 sizes = [1] strides = [1] data = {{$}}
  // CHECK-NEXT: {{^\[}}1]{{$}}
  call @print_vector(%ok2_p) : (tensor<?xf32>) -> ()
  %okb2 = func.call @close(%e2) : (f32) -> tensor<1xf32>
  %okb2_p = tensor.cast %okb2 : tensor<1xf32> to tensor<?xf32>
// CHECK-NEXT: Unranked Memref base@ = {{0x[0-9a-f]+}} rank = 1 offset = 0 sizes = [1] strides = [1] data = {{$}}
  // CHECK-NEXT: {{^\[}}1]{{$}}
  call @print_vector(%okb2_p) : (tensor<?xf32>) -> ()
  return
}
