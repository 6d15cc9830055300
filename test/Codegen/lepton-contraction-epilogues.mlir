// RUN: lepton-opt %s -split-input-file --lepton-contraction-epilogues | FileCheck %s
// RUN: lepton-opt %s -split-input-file --lepton-contraction-epilogues --lepton-parallelize=min-work=1 \
// RUN:   | FileCheck %s --check-prefix=SPLIT
// lepton-contraction-epilogues marks the elementwise op right after a contraction that the kernel can apply to
// its accumulators; lepton-parallelize moves a marked op with its contraction into every row chunk.
// Mutations seen failing: the dead-C check dropped (@c_read_later marked), the output/input overlap check
// dropped (@out_is_input marked), the move of the output's allocation dropped (@separate_output: alloc after
// the matmul), the generic not cloned into each chunk (SPLIT), a loop's next iteration not checked
// (@slice_loop_reads_c_next_iteration marked), the view between the two not moved above the matmul.

#a = affine_map<(i, j, k) -> (i, k)>
#b = affine_map<(i, j, k) -> (k, j)>
#c = affine_map<(i, j, k) -> (i, j)>
#id = affine_map<(i, j) -> (i, j)>

// In place, as lepton.dense {activation} lowers: marked; later readers of C read f(C), as before.
// CHECK-LABEL: func.func @in_place(
// CHECK:         linalg.matmul
// CHECK-NEXT:    linalg.generic {{.*}} ins(%arg2 : memref<64x32xf32>) outs(%arg2 : memref<64x32xf32>) attrs = {lepton.contraction_epilogue}
// SPLIT-LABEL: func.func @in_place(
// SPLIT:         scf.parallel
// SPLIT:           %[[CV:.*]] = memref.subview %arg2
// SPLIT:           linalg.broadcast ins(%arg3 : memref<32xf32>) outs(%[[CV]]
// SPLIT-NEXT:      linalg.matmul {{.*}} outs(%[[CV]]
// SPLIT-NEXT:      linalg.generic {{.*}} ins(%[[CV]] {{.*}} outs(%[[CV]] {{.*}} {lepton.contraction_epilogue}
// SPLIT:         } else {
// SPLIT-NEXT:      linalg.broadcast
// SPLIT-NEXT:      linalg.matmul
// SPLIT-NEXT:      linalg.generic {{.*}} {lepton.contraction_epilogue}
func.func @in_place(%x: memref<64x128xf32>, %w: memref<128x32xf32>, %y: memref<64x32xf32>, %bias: memref<32xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.broadcast ins(%bias : memref<32xf32>) outs(%y : memref<64x32xf32>) dimensions = [0]
  linalg.matmul indexing_maps = [#a, #b, #c] ins(%x, %w : memref<64x128xf32>, memref<128x32xf32>) outs(%y : memref<64x32xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%y : memref<64x32xf32>) outs(%y : memref<64x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// -----

#a = affine_map<(i, j, k) -> (i, k)>
#b = affine_map<(i, j, k) -> (k, j)>
#c = affine_map<(i, j, k) -> (i, j)>
#id = affine_map<(i, j) -> (i, j)>

// Into another buffer, allocated between the two (one-shot bufferization's order): the allocation moves before
// the matmul; C is a local buffer whose next use overwrites it (a later product's zero fill).
// CHECK-LABEL: func.func @separate_output(
// CHECK:         %[[C:.*]] = memref.alloc() : memref<64x32xf32>
// CHECK-NEXT:    linalg.fill {{.*}} outs(%[[C]]
// CHECK-NEXT:    %[[OUT:.*]] = memref.alloc() : memref<64x32xf32>
// CHECK-NEXT:    linalg.matmul {{.*}} outs(%[[C]]
// CHECK-NEXT:    linalg.generic {{.*}} ins(%[[C]] {{.*}} outs(%[[OUT]] {{.*}} {lepton.contraction_epilogue}
func.func @separate_output(%x: memref<64x128xf32>, %w: memref<128x32xf32>, %v: memref<32x32xf32>) -> memref<64x32xf32> {
  %zero = arith.constant 0.0 : f32
  %c = memref.alloc() : memref<64x32xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<64x32xf32>)
  linalg.matmul indexing_maps = [#a, #b, #c] ins(%x, %w : memref<64x128xf32>, memref<128x32xf32>) outs(%c : memref<64x32xf32>)
  %out = memref.alloc() : memref<64x32xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<64x32xf32>) outs(%out : memref<64x32xf32>) {
  ^bb0(%in: f32, %o: f32):
    %t = math.tanh %in : f32
    linalg.yield %t : f32
  }
  linalg.fill ins(%zero : f32) outs(%c : memref<64x32xf32>)
  linalg.matmul indexing_maps = [#a, #b, #c] ins(%out, %v : memref<64x32xf32>, memref<32x32xf32>) outs(%c : memref<64x32xf32>)
  return %out : memref<64x32xf32>
}

// -----

#a = affine_map<(i, j, k) -> (i, k)>
#b = affine_map<(i, j, k) -> (k, j)>
#c = affine_map<(i, j, k) -> (i, j)>
#id = affine_map<(i, j) -> (i, j)>

// C read again after the op (the kernel would leave partial sums in it): not marked.
// CHECK-LABEL: func.func @c_read_later(
// CHECK-NOT:     lepton.contraction_epilogue
func.func @c_read_later(%x: memref<64x128xf32>, %w: memref<128x32xf32>, %out: memref<64x32xf32>, %sum: memref<64x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %c = memref.alloc() : memref<64x32xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<64x32xf32>)
  linalg.matmul indexing_maps = [#a, #b, #c] ins(%x, %w : memref<64x128xf32>, memref<128x32xf32>) outs(%c : memref<64x32xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<64x32xf32>) outs(%out : memref<64x32xf32>) {
  ^bb0(%in: f32, %o: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  linalg.copy ins(%c : memref<64x32xf32>) outs(%sum : memref<64x32xf32>)
  return
}

// -----

#a = affine_map<(i, j, k) -> (i, k)>
#b = affine_map<(i, j, k) -> (k, j)>
#c = affine_map<(i, j, k) -> (i, j)>
#id = affine_map<(i, j) -> (i, j)>

// C is the caller's buffer (it may read it): not marked. Nor an output that is an input of the product, a
// body that reads its output element, or a transposed map.
// CHECK-LABEL: func.func @c_is_argument(
// CHECK-NOT:     lepton.contraction_epilogue
func.func @c_is_argument(%x: memref<64x128xf32>, %w: memref<128x32xf32>, %c: memref<64x32xf32>, %out: memref<64x32xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<64x32xf32>)
  linalg.matmul indexing_maps = [#a, #b, #c] ins(%x, %w : memref<64x128xf32>, memref<128x32xf32>) outs(%c : memref<64x32xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<64x32xf32>) outs(%out : memref<64x32xf32>) {
  ^bb0(%in: f32, %o: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// CHECK-LABEL: func.func @out_is_input(
// CHECK-NOT:     lepton.contraction_epilogue
func.func @out_is_input(%x: memref<32x32xf32>, %w: memref<32x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %c = memref.alloc() : memref<32x32xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<32x32xf32>)
  linalg.matmul indexing_maps = [#a, #b, #c] ins(%x, %w : memref<32x32xf32>, memref<32x32xf32>) outs(%c : memref<32x32xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<32x32xf32>) outs(%x : memref<32x32xf32>) {
  ^bb0(%in: f32, %o: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// CHECK-LABEL: func.func @reads_output(
// CHECK-NOT:     lepton.contraction_epilogue
func.func @reads_output(%x: memref<64x128xf32>, %w: memref<128x32xf32>, %y: memref<64x32xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%y : memref<64x32xf32>)
  linalg.matmul indexing_maps = [#a, #b, #c] ins(%x, %w : memref<64x128xf32>, memref<128x32xf32>) outs(%y : memref<64x32xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%y : memref<64x32xf32>) outs(%y : memref<64x32xf32>) {
  ^bb0(%in: f32, %o: f32):
    %r = arith.addf %in, %o : f32
    linalg.yield %r : f32
  }
  return
}

// CHECK-LABEL: func.func @transposed(
// CHECK-NOT:     lepton.contraction_epilogue
func.func @transposed(%x: memref<32x32xf32>, %w: memref<32x32xf32>, %out: memref<32x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %c = memref.alloc() : memref<32x32xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<32x32xf32>)
  linalg.matmul indexing_maps = [#a, #b, #c] ins(%x, %w : memref<32x32xf32>, memref<32x32xf32>) outs(%c : memref<32x32xf32>)
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (j, i)>, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<32x32xf32>) outs(%out : memref<32x32xf32>) {
  ^bb0(%in: f32, %o: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// -----

#a = affine_map<(i, j, k) -> (i, k)>
#b = affine_map<(i, j, k) -> (k, j)>
#c = affine_map<(i, j, k) -> (i, j)>
#id = affine_map<(i, j) -> (i, j)>

// A batch-slice loop of lepton-slice-patches: C is scratch allocated before the loop, every iteration
// starts it with the bias, and the activation writes the slice's rows of the result (a strided view, made
// between the two: it moves above the matmul with its index arithmetic). Marked.
// CHECK-LABEL: func.func @slice_loop(
// CHECK:         scf.for %[[I:[^ ]*]] =
// CHECK:           linalg.broadcast
// CHECK-NEXT:      %[[ROW:.*]] = arith.muli %[[I]]
// CHECK-NEXT:      %[[OUT:.*]] = memref.subview %{{.*}}[%[[ROW]], 0] [16, 32] [1, 1]
// CHECK-NEXT:      linalg.matmul
// CHECK-NEXT:      linalg.generic {{.*}} outs(%[[OUT]] : memref<16x32xf32, strided<[32, 1], offset: ?>>) attrs = {lepton.contraction_epilogue}
func.func @slice_loop(%x: memref<64x128xf32>, %w: memref<128x32xf32>, %bias: memref<32xf32>, %y: memref<64x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  %c = memref.alloc() : memref<16x32xf32>
  scf.for %i = %c0 to %c64 step %c16 {
    %rows = memref.subview %x[%i, 0] [16, 128] [1, 1] : memref<64x128xf32> to memref<16x128xf32, strided<[128, 1], offset: ?>>
    linalg.broadcast ins(%bias : memref<32xf32>) outs(%c : memref<16x32xf32>) dimensions = [0]
    linalg.matmul indexing_maps = [#a, #b, #c] ins(%rows, %w : memref<16x128xf32, strided<[128, 1], offset: ?>>, memref<128x32xf32>) outs(%c : memref<16x32xf32>)
    %row = arith.muli %i, %c16 : index
    %out = memref.subview %y[%row, 0] [16, 32] [1, 1] : memref<64x32xf32> to memref<16x32xf32, strided<[32, 1], offset: ?>>
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
        ins(%c : memref<16x32xf32>) outs(%out : memref<16x32xf32, strided<[32, 1], offset: ?>>) {
    ^bb0(%in: f32, %o: f32):
      %r = arith.maximumf %in, %zero : f32
      linalg.yield %r : f32
    }
  }
  memref.dealloc %c : memref<16x32xf32>
  return
}

// -----

#a = affine_map<(i, j, k) -> (i, k)>
#b = affine_map<(i, j, k) -> (k, j)>
#c = affine_map<(i, j, k) -> (i, j)>
#id = affine_map<(i, j) -> (i, j)>

// The next iteration reads C before its bias overwrites it (the kernel would have left partial sums there):
// not marked. Nor when C is read after the loop.
// CHECK-LABEL: func.func @slice_loop_reads_c_next_iteration(
// CHECK-NOT:     lepton.contraction_epilogue
// CHECK-LABEL: func.func @slice_loop_reads_c_after(
// CHECK-NOT:     lepton.contraction_epilogue
func.func @slice_loop_reads_c_next_iteration(%x: memref<64x128xf32>, %w: memref<128x32xf32>, %bias: memref<32xf32>,
                                             %y: memref<64x32xf32>, %last: memref<16x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  %c = memref.alloc() : memref<16x32xf32>
  scf.for %i = %c0 to %c64 step %c16 {
    linalg.copy ins(%c : memref<16x32xf32>) outs(%last : memref<16x32xf32>)
    %rows = memref.subview %x[%i, 0] [16, 128] [1, 1] : memref<64x128xf32> to memref<16x128xf32, strided<[128, 1], offset: ?>>
    linalg.broadcast ins(%bias : memref<32xf32>) outs(%c : memref<16x32xf32>) dimensions = [0]
    linalg.matmul indexing_maps = [#a, #b, #c] ins(%rows, %w : memref<16x128xf32, strided<[128, 1], offset: ?>>, memref<128x32xf32>) outs(%c : memref<16x32xf32>)
    %out = memref.subview %y[%i, 0] [16, 32] [1, 1] : memref<64x32xf32> to memref<16x32xf32, strided<[32, 1], offset: ?>>
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
        ins(%c : memref<16x32xf32>) outs(%out : memref<16x32xf32, strided<[32, 1], offset: ?>>) {
    ^bb0(%in: f32, %o: f32):
      %r = arith.maximumf %in, %zero : f32
      linalg.yield %r : f32
    }
  }
  memref.dealloc %c : memref<16x32xf32>
  return
}
func.func @slice_loop_reads_c_after(%x: memref<64x128xf32>, %w: memref<128x32xf32>, %bias: memref<32xf32>,
                                    %y: memref<64x32xf32>, %last: memref<16x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  %c = memref.alloc() : memref<16x32xf32>
  scf.for %i = %c0 to %c64 step %c16 {
    %rows = memref.subview %x[%i, 0] [16, 128] [1, 1] : memref<64x128xf32> to memref<16x128xf32, strided<[128, 1], offset: ?>>
    linalg.broadcast ins(%bias : memref<32xf32>) outs(%c : memref<16x32xf32>) dimensions = [0]
    linalg.matmul indexing_maps = [#a, #b, #c] ins(%rows, %w : memref<16x128xf32, strided<[128, 1], offset: ?>>, memref<128x32xf32>) outs(%c : memref<16x32xf32>)
    %out = memref.subview %y[%i, 0] [16, 32] [1, 1] : memref<64x32xf32> to memref<16x32xf32, strided<[32, 1], offset: ?>>
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
        ins(%c : memref<16x32xf32>) outs(%out : memref<16x32xf32, strided<[32, 1], offset: ?>>) {
    ^bb0(%in: f32, %o: f32):
      %r = arith.maximumf %in, %zero : f32
      linalg.yield %r : f32
    }
  }
  linalg.copy ins(%c : memref<16x32xf32>) outs(%last : memref<16x32xf32>)
  memref.dealloc %c : memref<16x32xf32>
  return
}

// -----

#a = affine_map<(i, j, k) -> (i, k)>
#b = affine_map<(i, j, k) -> (k, j)>
#c = affine_map<(i, j, k) -> (i, j)>
#id = affine_map<(i, j) -> (i, j)>

// `fuse: off` (and leptonc -O0): nothing is marked.
// CHECK-LABEL: module attributes {lepton.fuse = "off"}
// CHECK-NOT:     lepton.contraction_epilogue
module attributes {lepton.fuse = "off"} {
  func.func @off(%x: memref<64x128xf32>, %w: memref<128x32xf32>, %y: memref<64x32xf32>) {
    %zero = arith.constant 0.0 : f32
    linalg.fill ins(%zero : f32) outs(%y : memref<64x32xf32>)
    linalg.matmul indexing_maps = [#a, #b, #c] ins(%x, %w : memref<64x128xf32>, memref<128x32xf32>) outs(%y : memref<64x32xf32>)
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
        ins(%y : memref<64x32xf32>) outs(%y : memref<64x32xf32>) {
    ^bb0(%in: f32, %o: f32):
      %r = arith.maximumf %in, %zero : f32
      linalg.yield %r : f32
    }
    return
  }
}
