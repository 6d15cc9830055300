// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=16 matmul-k-block=32" \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=8 matmul-k-block=32" \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=16 matmul-k-block=32" --mlir-print-ir-after=lepton-matmul-to-vector --mlir-disable-threading 2>&1 \
// RUN:   | FileCheck %s --check-prefix=KERNEL
//
// The elementwise op after a contraction, applied by the kernel to its accumulators (lepton-contraction-epilogues
// marks it, lepton-matmul-to-vector applies it after the last k block): bit-identical to scalar math.fma loops
// followed by the same op, for M, K in {0, 1, 7, 33, 100}, N = 33, k blocks of 32 (several per product), 16 and 8
// lanes. Two shapes: C = bias; C += A·B; C = relu(C) in place (what a dense layer with a fused relu lowers to), and
// C = 0; C += A·B; OUT = leaky(C) into another buffer, C a local buffer dead afterwards, the slope an argument (a
// value from outside the body, broadcast). K = 0 still applies the op to the bias or zeros.
// (--mlir-disable-threading: the IR printed after a function pass comes function by function in the order the
// threads finish, which the LABELs would otherwise depend on.)
// Mutations seen failing: the epilogue skipped (the kernel stores acc: relu's negatives and all of OUT mismatch),
// applied after every k block (K > 32 mismatches), the K = 0 branch without the generic (K = 0 mismatches).
// CHECK-NOT: mismatch
// CHECK: mismatches 0
// KERNEL-LABEL: func.func @bias_relu(
// KERNEL:         arith.maximumf %{{.*}}, %{{.*}} : vector<16xf32>
// KERNEL-LABEL: func.func @zero_leaky(
// KERNEL:         vector.broadcast %arg4 : f32 to vector<16xf32>
// KERNEL:         arith.select %{{.*}}, %{{.*}}, %{{.*}} : vector<16xi1>, vector<16xf32>

#map_a = affine_map<(i, j, k) -> (i, k)>
#map_b = affine_map<(i, j, k) -> (k, j)>
#map_c = affine_map<(i, j, k) -> (i, j)>
#id = affine_map<(i, j) -> (i, j)>

memref.global "private" constant @sizes : memref<5xindex> = dense<[0, 1, 7, 33, 100]>

func.func @bias_relu(%a: memref<?x?xf32>, %b: memref<?x33xf32>, %c: memref<?x33xf32>, %bias: memref<33xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.broadcast ins(%bias : memref<33xf32>) outs(%c : memref<?x33xf32>) dimensions = [0]
  linalg.matmul indexing_maps = [#map_a, #map_b, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<?x33xf32>) outs(%c : memref<?x33xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<?x33xf32>) outs(%c : memref<?x33xf32>) {
  ^bb0(%x: f32, %unused: f32):
    %y = arith.maximumf %x, %zero : f32
    linalg.yield %y : f32
  }
  return
}

func.func @zero_leaky(%a: memref<?x?xf32>, %b: memref<?x33xf32>, %m: index, %out: memref<?x33xf32>, %slope: f32) {
  %zero = arith.constant 0.0 : f32
  %c = memref.alloc(%m) : memref<?x33xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<?x33xf32>)
  linalg.matmul indexing_maps = [#map_a, #map_b, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<?x33xf32>) outs(%c : memref<?x33xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<?x33xf32>) outs(%out : memref<?x33xf32>) {
  ^bb0(%x: f32, %unused: f32):
    %scaled = arith.mulf %x, %slope : f32
    %positive = arith.cmpf ogt, %x, %zero : f32
    %y = arith.select %positive, %x, %scaled : f32
    linalg.yield %y : f32
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

// 1 when some element differs from f(fma(a(i,k-1), b(k-1,j), … fma(a(i,0), b(0,j), init))): with %leaky,
// init = 0 and f = leaky relu of slope 0.2 into OUT; otherwise init = bias[j] and f = relu in place.
func.func @check(%m: index, %k: index, %leaky: i1) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c33 = arith.constant 33 : index
  %zero = arith.constant 0.0 : f32
  %seven = arith.constant 7.0 : f32
  %slope = arith.constant 0.2 : f32
  %s1 = arith.constant 0.25 : f32
  %s2 = arith.constant -0.375 : f32
  %a = memref.alloc(%m, %k) : memref<?x?xf32>
  %b = memref.alloc(%k, %c33) : memref<?x?xf32>
  %c = memref.alloc(%m) : memref<?x33xf32>
  %s3 = arith.constant -0.1875 : f32
  %bias2 = memref.alloc(%c1, %c33) : memref<?x?xf32>
  func.call @pattern(%bias2, %s3) : (memref<?x?xf32>, f32) -> ()
  %bias2s = memref.cast %bias2 : memref<?x?xf32> to memref<1x33xf32>
  %bias = memref.collapse_shape %bias2s [[0, 1]] : memref<1x33xf32> into memref<33xf32>
  func.call @pattern(%a, %s1) : (memref<?x?xf32>, f32) -> ()
  func.call @pattern(%b, %s2) : (memref<?x?xf32>, f32) -> ()
  linalg.fill ins(%seven : f32) outs(%c : memref<?x33xf32>)
  %bs = memref.cast %b : memref<?x?xf32> to memref<?x33xf32>
  scf.if %leaky {
    func.call @zero_leaky(%a, %bs, %m, %c, %slope) : (memref<?x?xf32>, memref<?x33xf32>, index, memref<?x33xf32>, f32) -> ()
  } else {
    func.call @bias_relu(%a, %bs, %c, %bias) : (memref<?x?xf32>, memref<?x33xf32>, memref<?x33xf32>, memref<33xf32>) -> ()
  }
  %bad = scf.for %i = %c0 to %m step %c1 iter_args(%acc = %c0) -> index {
    %row = scf.for %j = %c0 to %c33 step %c1 iter_args(%acc2 = %acc) -> index {
      %b0 = memref.load %bias[%j] : memref<33xf32>
      %init = arith.select %leaky, %zero, %b0 : f32
      %sum = scf.for %kk = %c0 to %k step %c1 iter_args(%s = %init) -> f32 {
        %x = memref.load %a[%i, %kk] : memref<?x?xf32>
        %y = memref.load %b[%kk, %j] : memref<?x?xf32>
        %f = math.fma %x, %y, %s : f32
        scf.yield %f : f32
      }
      %relu = arith.maximumf %sum, %zero : f32
      %scaled = arith.mulf %sum, %slope : f32
      %positive = arith.cmpf ogt, %sum, %zero : f32
      %leaked = arith.select %positive, %sum, %scaled : f32
      %want = arith.select %leaky, %leaked, %relu : f32
      %got = memref.load %c[%i, %j] : memref<?x33xf32>
      %same = arith.cmpf oeq, %got, %want : f32
      %one = arith.select %same, %c0, %c1 : index
      %next = arith.addi %acc2, %one : index
      scf.yield %next : index
    }
    scf.yield %row : index
  }
  %failed = arith.cmpi ne, %bad, %c0 : index
  scf.if %failed {
    vector.print str "mismatch m k leaky: "
    vector.print %m : index
    vector.print %k : index
    vector.print %leaky : i1
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
      %r = func.call @check(%m, %k, %false) : (index, index, i1) -> index
      %l = func.call @check(%m, %k, %true) : (index, index, i1) -> index
      %s = arith.addi %acc2, %r : index
      %s2 = arith.addi %s, %l : index
      scf.yield %s2 : index
    }
    scf.yield %inner : index
  }
  vector.print str "mismatches "
  vector.print %total : index
  return
}
