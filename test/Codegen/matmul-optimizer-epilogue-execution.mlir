// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=16 matmul-k-block=32" \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=8 matmul-k-block=32" \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=16 matmul-k-block=32" --mlir-print-ir-after=lepton-matmul-to-vector --mlir-disable-threading 2>&1 \
// RUN:   | FileCheck %s --check-prefix=KERNEL
//
// A weight's optimizer update applied by its gradient's kernel (lepton-optimizer-epilogues splits it off the
// fused update, lepton-matmul-to-vector applies it to each tile): the same bits as the gradient computed by
// scalar math.fma loops and the update applied after it, for K in {0, 1, 7, 33, 100} (k blocks of 32, several
// per product), a 7×33 weight (a partial row block and masked tails), 16 and 8 lanes. The update reads the
// weight and its momentum (two global blocks, the weight's elements first, then 5 more parameters whose
// gradient is 1), uses a square root, a division and a step size passed in (a value from outside its body),
// and writes both. K = 0 updates with a zero gradient.
// Mutations seen failing: the outputs' vectors not loaded (zeros instead), the update applied after every k
// block (K > 32 mismatches), the K = 0 branch without it (K = 0 mismatches).
// CHECK-NOT: mismatch
// CHECK: mismatches 0
// KERNEL-LABEL: func.func @step(
// KERNEL:         vector.load %{{.+}} : memref<7x33xf32>, vector<16xf32>
// KERNEL:         math.sqrt %{{.+}} : vector<16xf32>
// KERNEL:         arith.divf %{{.+}} : vector<16xf32>
// KERNEL:         vector.maskedstore

#map_at = affine_map<(i, j, k) -> (k, i)>
#map_b = affine_map<(i, j, k) -> (k, j)>
#map_c = affine_map<(i, j, k) -> (i, j)>
#id1 = affine_map<(d) -> (d)>

memref.global "private" constant @sizes : memref<5xindex> = dense<[0, 1, 7, 33, 100]>
memref.global "private" @weights : memref<944xi8> = dense<0> {alignment = 64 : i64}
memref.global "private" @momenta : memref<944xi8> = dense<0> {alignment = 64 : i64}

// 236 parameters: a 7×33 weight, then 5 more; their gradients in one flat vector, then one update of all.
func.func @step(%a: memref<?x7xf32>, %b: memref<?x33xf32>, %lr: f32) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %beta = arith.constant 0.9 : f32
  %rest = arith.constant 0.1 : f32
  %tiny = arith.constant 0.001 : f32
  %g = memref.alloc() {alignment = 64 : i64} : memref<236xf32>
  %gw = memref.subview %g[0] [231] [1] : memref<236xf32> to memref<231xf32, strided<[1]>>
  %c = memref.expand_shape %gw [[0, 1]] output_shape [7, 33] : memref<231xf32, strided<[1]>> into memref<7x33xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<7x33xf32>)
  linalg.matmul indexing_maps = [#map_at, #map_b, #map_c]
    ins(%a, %b : memref<?x7xf32>, memref<?x33xf32>) outs(%c : memref<7x33xf32>)
  %ge = memref.subview %g[231] [5] [1] : memref<236xf32> to memref<5xf32, strided<[1], offset: 231>>
  linalg.fill ins(%one : f32) outs(%ge : memref<5xf32, strided<[1], offset: 231>>)
  %wb = memref.get_global @weights : memref<944xi8>
  %w = memref.view %wb[%c0][] : memref<944xi8> to memref<236xf32>
  %mb = memref.get_global @momenta : memref<944xi8>
  %m = memref.view %mb[%c0][] : memref<944xi8> to memref<236xf32>
  linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%g : memref<236xf32>) outs(%w, %m : memref<236xf32>, memref<236xf32>) {
  ^bb0(%gi: f32, %wi: f32, %mi: f32):
    %kept = arith.mulf %mi, %beta : f32
    %new = arith.mulf %gi, %rest : f32
    %mn = arith.addf %kept, %new : f32
    %sq = arith.mulf %mn, %mn : f32
    %den2 = arith.addf %sq, %tiny : f32
    %den = math.sqrt %den2 : f32
    %q = arith.divf %mn, %den : f32
    %d = arith.mulf %lr, %q : f32
    %wn = arith.subf %wi, %d : f32
    linalg.yield %wn, %mn : f32, f32
  }
  return
}

// x[r][c] = ((7r + 3c) mod 11) / 10 - 0.5 + seed
func.func @pattern(%m: memref<?x?xf32>, %seed: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %tenth = arith.constant 0.1 : f32
  %half = arith.constant 0.5 : f32
  %rows = memref.dim %m, %c0 : memref<?x?xf32>
  %cols = memref.dim %m, %c1 : memref<?x?xf32>
  scf.for %r = %c0 to %rows step %c1 {
    scf.for %c = %c0 to %cols step %c1 {
      %s = affine.apply affine_map<(r, c) -> ((r * 7 + c * 3) mod 11)>(%r, %c)
      %qi = arith.index_cast %s : index to i64
      %qf = arith.sitofp %qi : i64 to f32
      %v0 = arith.mulf %qf, %tenth : f32
      %v1 = arith.subf %v0, %half : f32
      %v = arith.addf %v1, %seed : f32
      memref.store %v, %m[%r, %c] : memref<?x?xf32>
    }
  }
  return
}

// 1 when a weight or momentum after @step differs from the scalar computation: each gradient element the fma
// chain over k ascending from 0 (1 for the last 5), then the update's operations in order.
func.func @check(%k: index) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c7 = arith.constant 7 : index
  %c33 = arith.constant 33 : index
  %c231 = arith.constant 231 : index
  %c236 = arith.constant 236 : index
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %beta = arith.constant 0.9 : f32
  %rest = arith.constant 0.1 : f32
  %tiny = arith.constant 0.001 : f32
  %lr = arith.constant 0.01 : f32
  %a = memref.alloc(%k, %c7) : memref<?x?xf32>
  %b = memref.alloc(%k, %c33) : memref<?x?xf32>
  func.call @pattern(%a, %one) : (memref<?x?xf32>, f32) -> ()
  %s2 = arith.constant -0.375 : f32
  func.call @pattern(%b, %s2) : (memref<?x?xf32>, f32) -> ()
  // Start values of both blocks, and copies for the reference.
  %wb = memref.get_global @weights : memref<944xi8>
  %w = memref.view %wb[%c0][] : memref<944xi8> to memref<236xf32>
  %mb = memref.get_global @momenta : memref<944xi8>
  %m = memref.view %mb[%c0][] : memref<944xi8> to memref<236xf32>
  %init = memref.alloc(%c1, %c236) : memref<?x?xf32>
  %s3 = arith.constant 0.125 : f32
  func.call @pattern(%init, %s3) : (memref<?x?xf32>, f32) -> ()
  scf.for %i = %c0 to %c236 step %c1 {
    %v = memref.load %init[%c0, %i] : memref<?x?xf32>
    %half = arith.mulf %v, %rest : f32
    memref.store %v, %w[%i] : memref<236xf32>
    memref.store %half, %m[%i] : memref<236xf32>
  }
  %as = memref.cast %a : memref<?x?xf32> to memref<?x7xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<?x33xf32>
  func.call @step(%as, %bs, %lr) : (memref<?x7xf32>, memref<?x33xf32>, f32) -> ()
  %bad = scf.for %i = %c0 to %c236 step %c1 iter_args(%acc = %c0) -> index {
    %inWeight = arith.cmpi ult, %i, %c231 : index
    %row = arith.divui %i, %c33 : index
    %col = arith.remui %i, %c33 : index
    %sum = scf.for %kk = %c0 to %k step %c1 iter_args(%s = %zero) -> f32 {
      %x = memref.load %a[%kk, %row] : memref<?x?xf32>
      %y = memref.load %b[%kk, %col] : memref<?x?xf32>
      %f = math.fma %x, %y, %s : f32
      scf.yield %f : f32
    }
    %gi = arith.select %inWeight, %sum, %one : f32
    %w0 = memref.load %init[%c0, %i] : memref<?x?xf32>
    %m0 = arith.mulf %w0, %rest : f32
    %kept = arith.mulf %m0, %beta : f32
    %new = arith.mulf %gi, %rest : f32
    %mn = arith.addf %kept, %new : f32
    %sq = arith.mulf %mn, %mn : f32
    %den2 = arith.addf %sq, %tiny : f32
    %den = math.sqrt %den2 : f32
    %q = arith.divf %mn, %den : f32
    %d = arith.mulf %lr, %q : f32
    %wn = arith.subf %w0, %d : f32
    %gotW = memref.load %w[%i] : memref<236xf32>
    %gotM = memref.load %m[%i] : memref<236xf32>
    %sameW = arith.cmpf oeq, %gotW, %wn : f32
    %sameM = arith.cmpf oeq, %gotM, %mn : f32
    %same = arith.andi %sameW, %sameM : i1
    %one_bad = arith.select %same, %c0, %c1 : index
    %next = arith.addi %acc, %one_bad : index
    scf.yield %next : index
  }
  %failed = arith.cmpi ne, %bad, %c0 : index
  scf.if %failed {
    vector.print str "mismatch k: "
    vector.print %k : index
  }
  %r = arith.select %failed, %c1, %c0 : index
  return %r : index
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %sizes = memref.get_global @sizes : memref<5xindex>
  %total = scf.for %x = %c0 to %c5 step %c1 iter_args(%acc = %c0) -> index {
    %k = memref.load %sizes[%x] : memref<5xindex>
    %r = func.call @check(%k) : (index) -> index
    %s = arith.addi %acc, %r : index
    scf.yield %s : index
  }
  vector.print str "mismatches "
  vector.print %total : index
  return
}
