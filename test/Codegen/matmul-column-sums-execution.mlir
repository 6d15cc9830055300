// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=16" \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=16 matmul-rows=8 matmul-k-block=32" \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=8" \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=4 matmul-rows=1 matmul-k-block=10" \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=16" --mlir-print-ir-after=lepton-matmul-to-vector --mlir-disable-threading 2>&1 \
// RUN:   | FileCheck %s --check-prefix=KERNEL
//
// A layer's weight gradient dW = xᵀ·dy and bias gradient db = Σ_k dy[k, :] as the trainer computes them
// (both slices of one flat gradient vector, each after a fill of zeros; dy a buffer of the step's own):
// lepton-matmul-to-vector adds every row of dy into one more accumulator row of the kernel's remainder
// tile, so no reduction pass is left. dW and db must be bit-identical to scalar loops (an FMA chain per
// dW element, an addition chain per db element, k ascending) for K in {0, 1, 7, 300, 1000} (K = 0 leaves
// db zeros: the gradient vector starts filled with 7.0) — 23 rows of dW = a remainder of 9 rows beside
// 14-row blocks, 7 beside 8-row blocks, 5 beside 6 (AVX2), none beside 1-row blocks (a tile of the sums
// alone), with k blocks of 512, 32 and 10.
// With dW's rows dynamic (a thread's chunk) the sums run in a tile of their own, with the same bits.
// Mutations seen failing: the sums tile of dynamic row counts left out (db stays zero); the sums always
// starting from db (its fill ignored: 7.0 + Σ), db's fill erased instead of kept for K = 0 (db stays 7.0),
// every k block starting the sums from zero (K = 1000, 300 at k blocks of 512, 32, 10).
// CHECK-NOT: mismatch
// CHECK: mismatches 0
// KERNEL-LABEL: func.func @gradients(
// KERNEL-NOT:     linalg.generic
// KERNEL:         arith.addf %{{.*}}, %{{.*}} : vector<16xf32>
// KERNEL-LABEL: func.func @gradients_dynamic_rows(
// KERNEL-NOT:     linalg.generic
// KERNEL:         arith.addf %{{.*}}, %{{.*}} : vector<16xf32>
// KERNEL-LABEL: func.func @fill(

#map_at = affine_map<(i, j, k) -> (k, i)>
#map_b = affine_map<(i, j, k) -> (k, j)>
#map_c = affine_map<(i, j, k) -> (i, j)>

// %g: dW (23×40) at [0, 920), db at [920, 960).
func.func @gradients(%x: memref<?x23xf32>, %dy_in: memref<?x40xf32>, %g: memref<960xf32>) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %k = memref.dim %dy_in, %c0 : memref<?x40xf32>
  %dy = memref.alloc(%k) : memref<?x40xf32>
  memref.copy %dy_in, %dy : memref<?x40xf32> to memref<?x40xf32>
  %dw_flat = memref.subview %g[0] [920] [1] : memref<960xf32> to memref<920xf32, strided<[1]>>
  %dw = memref.expand_shape %dw_flat [[0, 1]] output_shape [23, 40] : memref<920xf32, strided<[1]>> into memref<23x40xf32>
  linalg.fill ins(%zero : f32) outs(%dw : memref<23x40xf32>)
  linalg.matmul indexing_maps = [#map_at, #map_b, #map_c]
    ins(%x, %dy : memref<?x23xf32>, memref<?x40xf32>) outs(%dw : memref<23x40xf32>)
  %db = memref.subview %g[920] [40] [1] : memref<960xf32> to memref<40xf32, strided<[1], offset: 920>>
  linalg.fill ins(%zero : f32) outs(%db : memref<40xf32, strided<[1], offset: 920>>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>],
                  iterator_types = ["reduction", "parallel"]}
      ins(%dy : memref<?x40xf32>) outs(%db : memref<40xf32, strided<[1], offset: 920>>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %acc, %in : f32
    linalg.yield %s : f32
  }
  return
}

// The same with dW seen as ?×40 (a thread's chunk of rows): the sums get a tile of their own.
func.func @gradients_dynamic_rows(%x: memref<?x23xf32>, %dy_in: memref<?x40xf32>, %g: memref<960xf32>, %rows: index) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %k = memref.dim %dy_in, %c0 : memref<?x40xf32>
  %dy = memref.alloc(%k) : memref<?x40xf32>
  memref.copy %dy_in, %dy : memref<?x40xf32> to memref<?x40xf32>
  %dw_flat = memref.subview %g[0] [920] [1] : memref<960xf32> to memref<920xf32, strided<[1]>>
  %dw = memref.expand_shape %dw_flat [[0, 1]] output_shape [23, 40] : memref<920xf32, strided<[1]>> into memref<23x40xf32>
  %dwd = memref.subview %dw[0, 0] [%rows, 40] [1, 1] : memref<23x40xf32> to memref<?x40xf32, strided<[40, 1]>>
  %xd = memref.subview %x[0, 0] [%k, %rows] [1, 1] : memref<?x23xf32> to memref<?x?xf32, strided<[23, 1]>>
  linalg.fill ins(%zero : f32) outs(%dwd : memref<?x40xf32, strided<[40, 1]>>)
  linalg.matmul indexing_maps = [#map_at, #map_b, #map_c]
    ins(%xd, %dy : memref<?x?xf32, strided<[23, 1]>>, memref<?x40xf32>) outs(%dwd : memref<?x40xf32, strided<[40, 1]>>)
  %db = memref.subview %g[920] [40] [1] : memref<960xf32> to memref<40xf32, strided<[1], offset: 920>>
  linalg.fill ins(%zero : f32) outs(%db : memref<40xf32, strided<[1], offset: 920>>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>],
                  iterator_types = ["reduction", "parallel"]}
      ins(%dy : memref<?x40xf32>) outs(%db : memref<40xf32, strided<[1], offset: 920>>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %acc, %in : f32
    linalg.yield %s : f32
  }
  return
}

// m[r][c] = ((7r + 3c) mod 11) / 10 - 0.5 + seed: values whose sums round differently in another order.
func.func @fill(%m: memref<?x?xf32>, %seed: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = memref.dim %m, %c0 : memref<?x?xf32>
  %cols = memref.dim %m, %c1 : memref<?x?xf32>
  %c7 = arith.constant 7 : index
  %c3 = arith.constant 3 : index
  %c11 = arith.constant 11 : index
  %tenth = arith.constant 0.1 : f32
  %half = arith.constant 0.5 : f32
  scf.for %r = %c0 to %rows step %c1 {
    scf.for %c = %c0 to %cols step %c1 {
      %a = arith.muli %r, %c7 : index
      %b = arith.muli %c, %c3 : index
      %s = arith.addi %a, %b : index
      %q = arith.remui %s, %c11 : index
      %qi = arith.index_cast %q : index to i64
      %qf = arith.sitofp %qi : i64 to f32
      %v0 = arith.mulf %qf, %tenth : f32
      %v1 = arith.subf %v0, %half : f32
      %v = arith.addf %v1, %seed : f32
      memref.store %v, %m[%r, %c] : memref<?x?xf32>
    }
  }
  return
}

// Runs @gradients for one K and counts the elements of dW and db that differ from the scalar chains.
func.func @check(%k: index, %dynamic: i1) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c23 = arith.constant 23 : index
  %c40 = arith.constant 40 : index
  %c920 = arith.constant 920 : index
  %c960 = arith.constant 960 : index
  %zero = arith.constant 0.0 : f32
  %seven = arith.constant 7.0 : f32
  %s1 = arith.constant 0.25 : f32
  %s2 = arith.constant -0.125 : f32
  %x = memref.alloc(%k) : memref<?x23xf32>
  %dy = memref.alloc(%k) : memref<?x40xf32>
  %xd = memref.cast %x : memref<?x23xf32> to memref<?x?xf32>
  %dyd = memref.cast %dy : memref<?x40xf32> to memref<?x?xf32>
  func.call @fill(%xd, %s1) : (memref<?x?xf32>, f32) -> ()
  func.call @fill(%dyd, %s2) : (memref<?x?xf32>, f32) -> ()
  %g = memref.alloc() : memref<960xf32>
  linalg.fill ins(%seven : f32) outs(%g : memref<960xf32>)
  scf.if %dynamic {
    func.call @gradients_dynamic_rows(%x, %dy, %g, %c23) : (memref<?x23xf32>, memref<?x40xf32>, memref<960xf32>, index) -> ()
  } else {
    func.call @gradients(%x, %dy, %g) : (memref<?x23xf32>, memref<?x40xf32>, memref<960xf32>) -> ()
  }
  %bad_w = scf.for %i = %c0 to %c23 step %c1 iter_args(%n0 = %c0) -> index {
    %n1 = scf.for %j = %c0 to %c40 step %c1 iter_args(%n = %n0) -> index {
      %ref = scf.for %kk = %c0 to %k step %c1 iter_args(%acc = %zero) -> f32 {
        %a = memref.load %x[%kk, %i] : memref<?x23xf32>
        %b = memref.load %dy[%kk, %j] : memref<?x40xf32>
        %f = math.fma %a, %b, %acc : f32
        scf.yield %f : f32
      }
      %row = arith.muli %i, %c40 : index
      %at = arith.addi %row, %j : index
      %got = memref.load %g[%at] : memref<960xf32>
      %ne = arith.cmpf une, %got, %ref : f32
      %add = arith.select %ne, %c1, %c0 : index
      %n2 = arith.addi %n, %add : index
      scf.yield %n2 : index
    }
    scf.yield %n1 : index
  }
  %bad = scf.for %j = %c0 to %c40 step %c1 iter_args(%n = %bad_w) -> index {
    %ref = scf.for %kk = %c0 to %k step %c1 iter_args(%acc = %zero) -> f32 {
      %b = memref.load %dy[%kk, %j] : memref<?x40xf32>
      %s = arith.addf %acc, %b : f32
      scf.yield %s : f32
    }
    %at = arith.addi %c920, %j : index
    %got = memref.load %g[%at] : memref<960xf32>
    %ne = arith.cmpf une, %got, %ref : f32
    %add = arith.select %ne, %c1, %c0 : index
    %n2 = arith.addi %n, %add : index
    scf.yield %n2 : index
  }
  %wrong = arith.cmpi ne, %bad, %c0 : index
  scf.if %wrong {
    vector.print str "mismatch k: "
    vector.print %k : index
    vector.print %bad : index
  }
  return %bad : index
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %ks = memref.alloca() : memref<5xindex>
  %k0 = arith.constant 0 : index
  %k1 = arith.constant 1 : index
  %k7 = arith.constant 7 : index
  %k300 = arith.constant 300 : index
  %k1000 = arith.constant 1000 : index
  %i2 = arith.constant 2 : index
  %i3 = arith.constant 3 : index
  %i4 = arith.constant 4 : index
  memref.store %k0, %ks[%c0] : memref<5xindex>
  memref.store %k1, %ks[%c1] : memref<5xindex>
  memref.store %k7, %ks[%i2] : memref<5xindex>
  memref.store %k300, %ks[%i3] : memref<5xindex>
  memref.store %k1000, %ks[%i4] : memref<5xindex>
  %static = arith.constant false
  %dynamic = arith.constant true
  %total = scf.for %i = %c0 to %c5 step %c1 iter_args(%t = %c0) -> index {
    %k = memref.load %ks[%i] : memref<5xindex>
    %bs = func.call @check(%k, %static) : (index, i1) -> index
    %bd = func.call @check(%k, %dynamic) : (index, i1) -> index
    %t1 = arith.addi %t, %bs : index
    %t2 = arith.addi %t1, %bd : index
    scf.yield %t2 : index
  }
  vector.print str "mismatches "
  vector.print %total : index
  return
}
