// RUN: lepton-opt %s --lepton-slice-patches=slice-bytes=16384 --convert-lepton-to-linalg \
// RUN:   --lepton-lower-to-llvm="vector-width=16" \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: lepton-opt %s --lepton-slice-patches=slice-bytes=16384 --convert-lepton-to-linalg \
// RUN:   --lepton-lower-to-llvm="vector-width=8 matmul-k-block=64" \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: lepton-opt %s --lepton-slice-patches=slice-bytes=16384 | FileCheck %s --check-prefix=SLICED
//
// A convolution layer's forward (im2col, dense with bias and ReLU), weight gradient and input gradient
// (col2im of dy·Wᵀ) computed per slice of images by lepton-slice-patches (12 images of 9×9×6, 3×3 windows:
// 49 rows of 54 floats, 10,584 bytes, per image; one image per slice; a slice's patches copied a window row
// of 18 floats at a time) must be bit for bit those computed over
// the whole batch (@whole: the same ops, but its patches and patch gradient are returned too, so nothing
// there is sliced). The weight and bias gradients are the sums that go on from slice to slice (k blocks of 512, or 64
// in the second run, across slice boundaries). 20 filters: vectors end in masked lanes.
// Mutations seen failing: every slice's weight gradient started from zeros instead of the running sum; the
// slices' output rows offset by images instead of patch rows (insert at the sample index).
// CHECK-NOT: mismatch
// CHECK: mismatches 0
// SLICED-LABEL: func.func @sliced(
// SLICED-COUNT-3: scf.for
// SLICED-LABEL: func.func @whole(
// SLICED-NOT:     scf.for
// SLICED-LABEL: func.func @pattern(

#image = array<i64: 9, 9, 6>
#window = array<i64: 3, 3, 1, 1, 0, 0, 7, 7>

func.func @sliced(%x: tensor<12x486xf32>, %w: tensor<54x20xf32>, %b: tensor<20xf32>, %dy: tensor<588x20xf32>)
    -> (tensor<588x20xf32>, tensor<54x20xf32>, tensor<20xf32>, tensor<12x486xf32>) {
  %p = lepton.im2col %x {image = #image, window = #window} : (tensor<12x486xf32>) -> tensor<588x54xf32>
  %y = lepton.dense %p, %w, %b {activation = "relu"} : (tensor<588x54xf32>, tensor<54x20xf32>, tensor<20xf32>) -> tensor<588x20xf32>
  %dw = lepton.matmul %p, %dy {transpose_a = true} : (tensor<588x54xf32>, tensor<588x20xf32>) -> tensor<54x20xf32>
  %db = lepton.reduce_batch %dy : (tensor<588x20xf32>) -> tensor<20xf32>
  %dp = lepton.matmul %dy, %w {transpose_b = true} : (tensor<588x20xf32>, tensor<54x20xf32>) -> tensor<588x54xf32>
  %dx = lepton.col2im %dp {image = #image, window = #window} : (tensor<588x54xf32>) -> tensor<12x486xf32>
  return %y, %dw, %db, %dx : tensor<588x20xf32>, tensor<54x20xf32>, tensor<20xf32>, tensor<12x486xf32>
}

func.func @whole(%x: tensor<12x486xf32>, %w: tensor<54x20xf32>, %b: tensor<20xf32>, %dy: tensor<588x20xf32>)
    -> (tensor<588x20xf32>, tensor<54x20xf32>, tensor<20xf32>, tensor<12x486xf32>, tensor<588x54xf32>, tensor<588x54xf32>) {
  %p = lepton.im2col %x {image = #image, window = #window} : (tensor<12x486xf32>) -> tensor<588x54xf32>
  %y = lepton.dense %p, %w, %b {activation = "relu"} : (tensor<588x54xf32>, tensor<54x20xf32>, tensor<20xf32>) -> tensor<588x20xf32>
  %dw = lepton.matmul %p, %dy {transpose_a = true} : (tensor<588x54xf32>, tensor<588x20xf32>) -> tensor<54x20xf32>
  %db = lepton.reduce_batch %dy : (tensor<588x20xf32>) -> tensor<20xf32>
  %dp = lepton.matmul %dy, %w {transpose_b = true} : (tensor<588x20xf32>, tensor<54x20xf32>) -> tensor<588x54xf32>
  %dx = lepton.col2im %dp {image = #image, window = #window} : (tensor<588x54xf32>) -> tensor<12x486xf32>
  return %y, %dw, %db, %dx, %p, %dp : tensor<588x20xf32>, tensor<54x20xf32>, tensor<20xf32>, tensor<12x486xf32>, tensor<588x54xf32>, tensor<588x54xf32>
}

// m[r][c] = ((7r + 3c) mod 11) / 10 - 0.5 + seed: values whose sums round differently in another order.
func.func @pattern(%init: tensor<?x?xf32>, %seed: f32) -> tensor<?x?xf32> {
  %tenth = arith.constant 0.1 : f32
  %half = arith.constant 0.5 : f32
  %c7 = arith.constant 7 : index
  %c3 = arith.constant 3 : index
  %c11 = arith.constant 11 : index
  %m = linalg.generic {indexing_maps = [affine_map<(r, c) -> (r, c)>], iterator_types = ["parallel", "parallel"]}
      outs(%init : tensor<?x?xf32>) {
  ^bb0(%out: f32):
    %r = linalg.index 0 : index
    %c = linalg.index 1 : index
    %a = arith.muli %r, %c7 : index
    %bb = arith.muli %c, %c3 : index
    %s = arith.addi %a, %bb : index
    %q = arith.remui %s, %c11 : index
    %qi = arith.index_cast %q : index to i64
    %qf = arith.sitofp %qi : i64 to f32
    %v0 = arith.mulf %qf, %tenth : f32
    %v1 = arith.subf %v0, %half : f32
    %v = arith.addf %v1, %seed : f32
    linalg.yield %v : f32
  } -> tensor<?x?xf32>
  return %m : tensor<?x?xf32>
}

// Elements of two equally shaped matrices whose bits differ.
func.func @mismatches(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = tensor.dim %a, %c0 : tensor<?x?xf32>
  %cols = tensor.dim %a, %c1 : tensor<?x?xf32>
  %n = scf.for %i = %c0 to %rows step %c1 iter_args(%n0 = %c0) -> index {
    %n1 = scf.for %j = %c0 to %cols step %c1 iter_args(%n2 = %n0) -> index {
      %x = tensor.extract %a[%i, %j] : tensor<?x?xf32>
      %y = tensor.extract %b[%i, %j] : tensor<?x?xf32>
      %xi = arith.bitcast %x : f32 to i32
      %yi = arith.bitcast %y : f32 to i32
      %ne = arith.cmpi ne, %xi, %yi : i32
      %add = arith.select %ne, %c1, %c0 : index
      %n3 = arith.addi %n2, %add : index
      scf.yield %n3 : index
    }
    scf.yield %n1 : index
  }
  return %n : index
}

func.func @matrix(%rows: index, %cols: index, %seed: f32) -> tensor<?x?xf32> {
  %e = tensor.empty(%rows, %cols) : tensor<?x?xf32>
  %m = func.call @pattern(%e, %seed) : (tensor<?x?xf32>, f32) -> tensor<?x?xf32>
  return %m : tensor<?x?xf32>
}

func.func @main() {
  %c1 = arith.constant 1 : index
  %c12 = arith.constant 12 : index
  %c20 = arith.constant 20 : index
  %c54 = arith.constant 54 : index
  %c486 = arith.constant 486 : index
  %c588 = arith.constant 588 : index
  %s1 = arith.constant 0.25 : f32
  %s2 = arith.constant -0.125 : f32
  %s3 = arith.constant 0.0625 : f32
  %s4 = arith.constant 0.375 : f32
  %xd = func.call @matrix(%c12, %c486, %s1) : (index, index, f32) -> tensor<?x?xf32>
  %wd = func.call @matrix(%c54, %c20, %s2) : (index, index, f32) -> tensor<?x?xf32>
  %bd = func.call @matrix(%c1, %c20, %s3) : (index, index, f32) -> tensor<?x?xf32>
  %dyd = func.call @matrix(%c588, %c20, %s4) : (index, index, f32) -> tensor<?x?xf32>
  %x = tensor.cast %xd : tensor<?x?xf32> to tensor<12x486xf32>
  %w = tensor.cast %wd : tensor<?x?xf32> to tensor<54x20xf32>
  %b2 = tensor.cast %bd : tensor<?x?xf32> to tensor<1x20xf32>
  %b = tensor.collapse_shape %b2 [[0, 1]] : tensor<1x20xf32> into tensor<20xf32>
  %dy = tensor.cast %dyd : tensor<?x?xf32> to tensor<588x20xf32>
  %y1, %dw1, %db1, %dx1 = func.call @sliced(%x, %w, %b, %dy)
      : (tensor<12x486xf32>, tensor<54x20xf32>, tensor<20xf32>, tensor<588x20xf32>)
      -> (tensor<588x20xf32>, tensor<54x20xf32>, tensor<20xf32>, tensor<12x486xf32>)
  %y2, %dw2, %db2, %dx2, %p, %dp = func.call @whole(%x, %w, %b, %dy)
      : (tensor<12x486xf32>, tensor<54x20xf32>, tensor<20xf32>, tensor<588x20xf32>)
      -> (tensor<588x20xf32>, tensor<54x20xf32>, tensor<20xf32>, tensor<12x486xf32>, tensor<588x54xf32>, tensor<588x54xf32>)
  %db1m = tensor.expand_shape %db1 [[0, 1]] output_shape [1, 20] : tensor<20xf32> into tensor<1x20xf32>
  %db2m = tensor.expand_shape %db2 [[0, 1]] output_shape [1, 20] : tensor<20xf32> into tensor<1x20xf32>
  %db1d = tensor.cast %db1m : tensor<1x20xf32> to tensor<?x?xf32>
  %db2d = tensor.cast %db2m : tensor<1x20xf32> to tensor<?x?xf32>
  %nb = func.call @mismatches(%db1d, %db2d) : (tensor<?x?xf32>, tensor<?x?xf32>) -> index
  %y1d = tensor.cast %y1 : tensor<588x20xf32> to tensor<?x?xf32>
  %y2d = tensor.cast %y2 : tensor<588x20xf32> to tensor<?x?xf32>
  %dw1d = tensor.cast %dw1 : tensor<54x20xf32> to tensor<?x?xf32>
  %dw2d = tensor.cast %dw2 : tensor<54x20xf32> to tensor<?x?xf32>
  %dx1d = tensor.cast %dx1 : tensor<12x486xf32> to tensor<?x?xf32>
  %dx2d = tensor.cast %dx2 : tensor<12x486xf32> to tensor<?x?xf32>
  %ny = func.call @mismatches(%y1d, %y2d) : (tensor<?x?xf32>, tensor<?x?xf32>) -> index
  %nw = func.call @mismatches(%dw1d, %dw2d) : (tensor<?x?xf32>, tensor<?x?xf32>) -> index
  %nx = func.call @mismatches(%dx1d, %dx2d) : (tensor<?x?xf32>, tensor<?x?xf32>) -> index
  %n1 = arith.addi %ny, %nw : index
  %n2 = arith.addi %n1, %nb : index
  %n = arith.addi %n2, %nx : index
  vector.print str "mismatches "
  vector.print %n : index
  return
}
