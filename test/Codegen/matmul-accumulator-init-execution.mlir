// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=16 matmul-k-block=32" \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=8 threads=true" \
// RUN:   | FileCheck %s --check-prefix=FOLDED
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=16 matmul-k-block=32" --mlir-print-ir-after=lepton-matmul-to-vector --mlir-disable-threading 2>&1 \
// RUN:   | FileCheck %s --check-prefix=KERNEL
//
// C = 0; C += A·B (a linalg.fill of +0.0 before the matmul, as every gradient product starts) and
// C = bias; C += A·B (a linalg.broadcast of a bias row, as every dense layer and convolution starts): the
// kernel folds the fill or broadcast — its first k block starts from zero vectors or the bias row instead of
// loading C, later blocks reload what the previous one stored — and the result is bit-identical to scalar
// math.fma loops from 0 or bias[j] over M, K in {0, 1, 7, 33, 100} (K = 0 still initialises C, which starts
// filled with 7.0), N = 33, A plain and transposed, with k blocks of 32 (several per product).
// Mutations seen failing: every k block starting from zeros (cmpi eq → uge: K > 32 mismatches), the fill
// erased instead of kept for K = 0 (C stays 7.0), the bias row read at column 0 for every vector.
// CHECK-NOT: mismatch
// CHECK: mismatches 0
// KERNEL-LABEL: func.func @zero_ab(
// KERNEL:         arith.cmpi eq, %{{.*}}, %{{.*}} : index
// KERNEL-NEXT:    %{{.*}} = scf.if %{{.*}} -> (vector<16xf32>
// KERNEL:           linalg.fill
// KERNEL-NEXT:    }
// KERNEL-LABEL: func.func @bias_ab(
// KERNEL:         arith.cmpi eq, %{{.*}}, %{{.*}} : index
// KERNEL-NEXT:    %{{.*}} = scf.if %{{.*}} -> (vector<16xf32>
// KERNEL:           vector.load %arg3[%{{.*}}] : memref<33xf32>, vector<16xf32>
// KERNEL:           linalg.broadcast
// KERNEL-NEXT:    }
// FOLDED-NOT: linalg.fill
// FOLDED-NOT: linalg.broadcast

#map_a = affine_map<(i, j, k) -> (i, k)>
#map_at = affine_map<(i, j, k) -> (k, i)>
#map_b = affine_map<(i, j, k) -> (k, j)>
#map_c = affine_map<(i, j, k) -> (i, j)>

memref.global "private" constant @sizes : memref<5xindex> = dense<[0, 1, 7, 33, 100]>

func.func @zero_ab(%a: memref<?x?xf32>, %b: memref<?x33xf32>, %c: memref<?x33xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<?x33xf32>)
  linalg.matmul indexing_maps = [#map_a, #map_b, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<?x33xf32>) outs(%c : memref<?x33xf32>)
  return
}

func.func @zero_atb(%a: memref<?x?xf32>, %b: memref<?x33xf32>, %c: memref<?x33xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<?x33xf32>)
  linalg.matmul indexing_maps = [#map_at, #map_b, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<?x33xf32>) outs(%c : memref<?x33xf32>)
  return
}

func.func @bias_ab(%a: memref<?x?xf32>, %b: memref<?x33xf32>, %c: memref<?x33xf32>, %bias: memref<33xf32>) {
  linalg.broadcast ins(%bias : memref<33xf32>) outs(%c : memref<?x33xf32>) dimensions = [0]
  linalg.matmul indexing_maps = [#map_a, #map_b, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<?x33xf32>) outs(%c : memref<?x33xf32>)
  return
}

func.func @bias_atb(%a: memref<?x?xf32>, %b: memref<?x33xf32>, %c: memref<?x33xf32>, %bias: memref<33xf32>) {
  linalg.broadcast ins(%bias : memref<33xf32>) outs(%c : memref<?x33xf32>) dimensions = [0]
  linalg.matmul indexing_maps = [#map_at, #map_b, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<?x33xf32>) outs(%c : memref<?x33xf32>)
  return
}

// x[r][c] = ((7r + 3c) mod 11) / 10 - 0.5 + seed
func.func @pattern(%m: memref<?x?xf32>, %seed: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c7 = arith.constant 7 : index
  %c11 = arith.constant 11 : index
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

// 1 when some element of the kernel's C differs from fma(a(i,k-1), b(k-1,j), … fma(a(i,0), b(0,j), init)),
// init = 0 or, with %biased, bias[j] = ((3j mod 11) / 10 - 0.5) + 0.0625.
func.func @check(%m: index, %k: index, %at: i1, %biased: i1) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c33 = arith.constant 33 : index
  %zero = arith.constant 0.0 : f32
  %seven = arith.constant 7.0 : f32
  %s1 = arith.constant 0.25 : f32
  %s2 = arith.constant -0.125 : f32
  %ar = arith.select %at, %k, %m : index
  %ac = arith.select %at, %m, %k : index
  %a = memref.alloc(%ar, %ac) : memref<?x?xf32>
  %b = memref.alloc(%k, %c33) : memref<?x?xf32>
  %c = memref.alloc(%m) : memref<?x33xf32>
  %s3 = arith.constant 0.0625 : f32
  %bias2 = memref.alloc(%c1, %c33) : memref<?x?xf32>
  func.call @pattern(%bias2, %s3) : (memref<?x?xf32>, f32) -> ()
  %bias2s = memref.cast %bias2 : memref<?x?xf32> to memref<1x33xf32>
  %bias = memref.collapse_shape %bias2s [[0, 1]] : memref<1x33xf32> into memref<33xf32>
  func.call @pattern(%a, %s1) : (memref<?x?xf32>, f32) -> ()
  func.call @pattern(%b, %s2) : (memref<?x?xf32>, f32) -> ()
  linalg.fill ins(%seven : f32) outs(%c : memref<?x33xf32>)
  %bs = memref.cast %b : memref<?x?xf32> to memref<?x33xf32>
  scf.if %biased {
    scf.if %at {
      func.call @bias_atb(%a, %bs, %c, %bias) : (memref<?x?xf32>, memref<?x33xf32>, memref<?x33xf32>, memref<33xf32>) -> ()
    } else {
      func.call @bias_ab(%a, %bs, %c, %bias) : (memref<?x?xf32>, memref<?x33xf32>, memref<?x33xf32>, memref<33xf32>) -> ()
    }
  } else {
    scf.if %at {
      func.call @zero_atb(%a, %bs, %c) : (memref<?x?xf32>, memref<?x33xf32>, memref<?x33xf32>) -> ()
    } else {
      func.call @zero_ab(%a, %bs, %c) : (memref<?x?xf32>, memref<?x33xf32>, memref<?x33xf32>) -> ()
    }
  }
  %bad = scf.for %i = %c0 to %m step %c1 iter_args(%acc = %c0) -> index {
    %row = scf.for %j = %c0 to %c33 step %c1 iter_args(%acc2 = %acc) -> index {
      %b0 = memref.load %bias[%j] : memref<33xf32>
      %init = arith.select %biased, %b0, %zero : f32
      %sum = scf.for %kk = %c0 to %k step %c1 iter_args(%s = %init) -> f32 {
        %x = scf.if %at -> f32 {
          %v = memref.load %a[%kk, %i] : memref<?x?xf32>
          scf.yield %v : f32
        } else {
          %v = memref.load %a[%i, %kk] : memref<?x?xf32>
          scf.yield %v : f32
        }
        %y = memref.load %b[%kk, %j] : memref<?x?xf32>
        %f = math.fma %x, %y, %s : f32
        scf.yield %f : f32
      }
      %got = memref.load %c[%i, %j] : memref<?x33xf32>
      %same = arith.cmpf oeq, %got, %sum : f32
      %one = arith.select %same, %c0, %c1 : index
      %next = arith.addi %acc2, %one : index
      scf.yield %next : index
    }
    scf.yield %row : index
  }
  %failed = arith.cmpi ne, %bad, %c0 : index
  scf.if %failed {
    vector.print str "mismatch m k at biased: "
    vector.print %m : index
    vector.print %k : index
    vector.print %at : i1
    vector.print %biased : i1
  }
  %r = arith.select %failed, %c1, %c0 : index
  return %r : index
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %true = arith.constant true
  %false = arith.constant false
  %sizes = memref.get_global @sizes : memref<5xindex>
  %total = scf.for %x = %c0 to %c5 step %c1 iter_args(%acc = %c0) -> index {
    %m = memref.load %sizes[%x] : memref<5xindex>
    %inner = scf.for %y = %c0 to %c5 step %c1 iter_args(%acc2 = %acc) -> index {
      %k = memref.load %sizes[%y] : memref<5xindex>
      %p = func.call @check(%m, %k, %false, %false) : (index, index, i1, i1) -> index
      %t = func.call @check(%m, %k, %true, %false) : (index, index, i1, i1) -> index
      %pb = func.call @check(%m, %k, %false, %true) : (index, index, i1, i1) -> index
      %tb = func.call @check(%m, %k, %true, %true) : (index, index, i1, i1) -> index
      %s = arith.addi %acc2, %p : index
      %s2 = arith.addi %s, %t : index
      %s3 = arith.addi %s2, %pb : index
      %s4 = arith.addi %s3, %tb : index
      scf.yield %s4 : index
    }
    scf.yield %inner : index
  }
  vector.print str "mismatches "
  vector.print %total : index
  return
}
