// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=16 matmul-rows=8" \
// RUN:   | mlir-runner -e main -entry-point-result=void \
// RUN:       -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=8 matmul-rows=3" \
// RUN:   | mlir-runner -e main -entry-point-result=void \
// RUN:       -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=4 matmul-rows=1" \
// RUN:   | mlir-runner -e main -entry-point-result=void \
// RUN:       -shared-libs=%mlir_c_runner_utils | FileCheck %s
//
// The vector kernels of lepton-matmul-to-vector against plain scalar loops: plain, A stored
// transposed, B stored transposed; 13 rows (row-block tail) × 37 k × 50 columns (vector tails).
// Each line prints 1 when the largest |kernel − loops| difference is below 1e-5 (FMA rounding).

#map_a = affine_map<(i, j, k) -> (i, k)>
#map_at = affine_map<(i, j, k) -> (k, i)>
#map_b = affine_map<(i, j, k) -> (k, j)>
#map_bt = affine_map<(i, j, k) -> (j, k)>
#map_c = affine_map<(i, j, k) -> (i, j)>

// Fills m[r][c] = ((r * 7 + c * 3) mod 11) / 10 - 0.5 + seed.
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

// Reference: c[i][j] = sum_k a(i,k) b(k,j) with a, b read through flags (1 = stored transposed).
func.func @reference(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>, %at: i1, %bt: i1) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %m = memref.dim %c, %c0 : memref<?x?xf32>
  %n = memref.dim %c, %c1 : memref<?x?xf32>
  %k = arith.constant 37 : index
  scf.for %i = %c0 to %m step %c1 {
    scf.for %j = %c0 to %n step %c1 {
      %sum = scf.for %p = %c0 to %k step %c1 iter_args(%acc = %zero) -> f32 {
        %x = scf.if %at -> f32 {
          %v = memref.load %a[%p, %i] : memref<?x?xf32>
          scf.yield %v : f32
        } else {
          %v = memref.load %a[%i, %p] : memref<?x?xf32>
          scf.yield %v : f32
        }
        %y = scf.if %bt -> f32 {
          %v = memref.load %b[%j, %p] : memref<?x?xf32>
          scf.yield %v : f32
        } else {
          %v = memref.load %b[%p, %j] : memref<?x?xf32>
          scf.yield %v : f32
        }
        %xy = arith.mulf %x, %y : f32
        %next = arith.addf %acc, %xy : f32
        scf.yield %next : f32
      }
      memref.store %sum, %c[%i, %j] : memref<?x?xf32>
    }
  }
  return
}

func.func @max_diff(%x: memref<?x?xf32>, %y: memref<?x?xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %m = memref.dim %x, %c0 : memref<?x?xf32>
  %n = memref.dim %x, %c1 : memref<?x?xf32>
  %r = scf.for %i = %c0 to %m step %c1 iter_args(%acc = %zero) -> f32 {
    %r2 = scf.for %j = %c0 to %n step %c1 iter_args(%acc2 = %acc) -> f32 {
      %a = memref.load %x[%i, %j] : memref<?x?xf32>
      %b = memref.load %y[%i, %j] : memref<?x?xf32>
      %d = arith.subf %a, %b : f32
      %ad = math.absf %d : f32
      %mx = arith.maximumf %acc2, %ad : f32
      scf.yield %mx : f32
    }
    scf.yield %r2 : f32
  }
  return %r : f32
}

func.func @main() {
  %c13 = arith.constant 13 : index
  %c37 = arith.constant 37 : index
  %c50 = arith.constant 50 : index
  %zero = arith.constant 0.0 : f32
  %s1 = arith.constant 0.25 : f32
  %s2 = arith.constant -0.125 : f32
  %true = arith.constant true
  %tol = arith.constant 1.0e-5 : f32
  %false = arith.constant false

  %a = memref.alloc(%c13, %c37) : memref<?x?xf32>
  %at = memref.alloc(%c37, %c13) : memref<?x?xf32>
  %b = memref.alloc(%c37, %c50) : memref<?x?xf32>
  %bt = memref.alloc(%c50, %c37) : memref<?x?xf32>
  func.call @fill(%a, %s1) : (memref<?x?xf32>, f32) -> ()
  func.call @fill(%at, %s1) : (memref<?x?xf32>, f32) -> ()
  func.call @fill(%b, %s2) : (memref<?x?xf32>, f32) -> ()
  func.call @fill(%bt, %s2) : (memref<?x?xf32>, f32) -> ()
  %ref = memref.alloc(%c13, %c50) : memref<?x?xf32>
  %out = memref.alloc(%c13, %c50) : memref<?x?xf32>
  %b50 = memref.cast %b : memref<?x?xf32> to memref<37x50xf32>
  %bt50 = memref.cast %bt : memref<?x?xf32> to memref<50x37xf32>
  %out50 = memref.cast %out : memref<?x?xf32> to memref<?x50xf32>

  // CHECK: 1
  func.call @reference(%a, %b, %ref, %false, %false) : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>, i1, i1) -> ()
  linalg.fill ins(%zero : f32) outs(%out : memref<?x?xf32>)
  linalg.matmul ins(%a, %b50 : memref<?x?xf32>, memref<37x50xf32>) outs(%out50 : memref<?x50xf32>)
  %d1 = func.call @max_diff(%out, %ref) : (memref<?x?xf32>, memref<?x?xf32>) -> f32
  %ok1 = arith.cmpf olt, %d1, %tol : f32
  vector.print %ok1 : i1

  // CHECK-NEXT: 1
  func.call @reference(%at, %b, %ref, %true, %false) : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>, i1, i1) -> ()
  linalg.fill ins(%zero : f32) outs(%out : memref<?x?xf32>)
  linalg.matmul indexing_maps = [#map_at, #map_b, #map_c]
    ins(%at, %b50 : memref<?x?xf32>, memref<37x50xf32>) outs(%out50 : memref<?x50xf32>)
  %d2 = func.call @max_diff(%out, %ref) : (memref<?x?xf32>, memref<?x?xf32>) -> f32
  %ok2 = arith.cmpf olt, %d2, %tol : f32
  vector.print %ok2 : i1

  // CHECK-NEXT: 1
  func.call @reference(%a, %bt, %ref, %false, %true) : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>, i1, i1) -> ()
  linalg.fill ins(%zero : f32) outs(%out : memref<?x?xf32>)
  linalg.matmul indexing_maps = [#map_a, #map_bt, #map_c]
    ins(%a, %bt50 : memref<?x?xf32>, memref<50x37xf32>) outs(%out50 : memref<?x50xf32>)
  %d3 = func.call @max_diff(%out, %ref) : (memref<?x?xf32>, memref<?x?xf32>) -> f32
  %ok3 = arith.cmpf olt, %d3, %tol : f32
  vector.print %ok3 : i1

  return
}
