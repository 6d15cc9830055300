// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=16 threads=true" \
// RUN:   | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_c_runner_utils,%libomp | FileCheck %s
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=8 threads=true" \
// RUN:   | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_c_runner_utils,%libomp | FileCheck %s
//
// A first convolution's thin weight gradient dW = xᵀ·dy (9 × 32) and its bias gradient db = Σ_k dy[k, :], as
// the trainer computes them (slices of one flat gradient vector, each after a fill of zeros), run through
// lepton-parallelize's 12 parts along k: dW and db must be bit-identical to scalar chains per part (an FMA
// chain per dW element, an addition chain per db element, k ascending over the part's ⌈K/12⌉ rows, the last
// part shorter or empty) added into the zero-filled gradient in part order — with 1 thread (the parts an
// scf.for) and with 2 (an OpenMP loop), for K = 1000, 4099 and 43264 (the seed CNN's 64 × 676 rows).
// Mutations seen failing: each part's rows starting at 0, each part running on to the end of dy (parts
// overlapping), the serial branch's parts cut in 6 instead of 12.
// The parts' column sums fold into their kernels (no pass of its own over dy):
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=16 threads=true" \
// RUN:   --mlir-print-ir-after=lepton-matmul-to-vector --mlir-disable-threading 2>&1 | FileCheck %s --check-prefix=KERNEL
// CHECK-NOT: mismatch
// CHECK: mismatches 0
// KERNEL-LABEL: func.func @gradients_43264(
// KERNEL-NOT:     iterator_types = ["reduction", "parallel"]
// KERNEL:         vector.fma
// KERNEL-NOT:     iterator_types = ["reduction", "parallel"]
// KERNEL-LABEL: func.func @fill(

#map_at = affine_map<(i, j, k) -> (k, i)>
#map_b = affine_map<(i, j, k) -> (k, j)>
#map_c = affine_map<(i, j, k) -> (i, j)>

memref.global "private" @threads : memref<i32> = dense<1>

// The runtime's thread count (lepton/runtime.h), here whatever @main stored last.
func.func @lepton_thread_count() -> i32 {
  %t = memref.get_global @threads : memref<i32>
  %n = memref.load %t[] : memref<i32>
  return %n : i32
}

// %g: dW (9×32) at [0, 288), db at [288, 320); K static (lepton-parallelize counts a dynamic K as 64
// rows, too little work to split).
func.func @gradients_1000(%x: memref<1000x9xf32>, %dy_in: memref<1000x32xf32>, %g: memref<320xf32>) {
  %zero = arith.constant 0.0 : f32
  %dy = memref.alloc() : memref<1000x32xf32>
  memref.copy %dy_in, %dy : memref<1000x32xf32> to memref<1000x32xf32>
  %dw_flat = memref.subview %g[0] [288] [1] : memref<320xf32> to memref<288xf32, strided<[1]>>
  %dw = memref.expand_shape %dw_flat [[0, 1]] output_shape [9, 32] : memref<288xf32, strided<[1]>> into memref<9x32xf32>
  linalg.fill ins(%zero : f32) outs(%dw : memref<9x32xf32>)
  linalg.matmul indexing_maps = [#map_at, #map_b, #map_c]
    ins(%x, %dy : memref<1000x9xf32>, memref<1000x32xf32>) outs(%dw : memref<9x32xf32>)
  %db = memref.subview %g[288] [32] [1] : memref<320xf32> to memref<32xf32, strided<[1], offset: 288>>
  linalg.fill ins(%zero : f32) outs(%db : memref<32xf32, strided<[1], offset: 288>>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>],
                  iterator_types = ["reduction", "parallel"]}
      ins(%dy : memref<1000x32xf32>) outs(%db : memref<32xf32, strided<[1], offset: 288>>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %acc, %in : f32
    linalg.yield %s : f32
  }
  return
}

func.func @gradients_4099(%x: memref<4099x9xf32>, %dy_in: memref<4099x32xf32>, %g: memref<320xf32>) {
  %zero = arith.constant 0.0 : f32
  %dy = memref.alloc() : memref<4099x32xf32>
  memref.copy %dy_in, %dy : memref<4099x32xf32> to memref<4099x32xf32>
  %dw_flat = memref.subview %g[0] [288] [1] : memref<320xf32> to memref<288xf32, strided<[1]>>
  %dw = memref.expand_shape %dw_flat [[0, 1]] output_shape [9, 32] : memref<288xf32, strided<[1]>> into memref<9x32xf32>
  linalg.fill ins(%zero : f32) outs(%dw : memref<9x32xf32>)
  linalg.matmul indexing_maps = [#map_at, #map_b, #map_c]
    ins(%x, %dy : memref<4099x9xf32>, memref<4099x32xf32>) outs(%dw : memref<9x32xf32>)
  %db = memref.subview %g[288] [32] [1] : memref<320xf32> to memref<32xf32, strided<[1], offset: 288>>
  linalg.fill ins(%zero : f32) outs(%db : memref<32xf32, strided<[1], offset: 288>>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>],
                  iterator_types = ["reduction", "parallel"]}
      ins(%dy : memref<4099x32xf32>) outs(%db : memref<32xf32, strided<[1], offset: 288>>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %acc, %in : f32
    linalg.yield %s : f32
  }
  return
}

func.func @gradients_43264(%x: memref<43264x9xf32>, %dy_in: memref<43264x32xf32>, %g: memref<320xf32>) {
  %zero = arith.constant 0.0 : f32
  %dy = memref.alloc() : memref<43264x32xf32>
  memref.copy %dy_in, %dy : memref<43264x32xf32> to memref<43264x32xf32>
  %dw_flat = memref.subview %g[0] [288] [1] : memref<320xf32> to memref<288xf32, strided<[1]>>
  %dw = memref.expand_shape %dw_flat [[0, 1]] output_shape [9, 32] : memref<288xf32, strided<[1]>> into memref<9x32xf32>
  linalg.fill ins(%zero : f32) outs(%dw : memref<9x32xf32>)
  linalg.matmul indexing_maps = [#map_at, #map_b, #map_c]
    ins(%x, %dy : memref<43264x9xf32>, memref<43264x32xf32>) outs(%dw : memref<9x32xf32>)
  %db = memref.subview %g[288] [32] [1] : memref<320xf32> to memref<32xf32, strided<[1], offset: 288>>
  linalg.fill ins(%zero : f32) outs(%db : memref<32xf32, strided<[1], offset: 288>>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>],
                  iterator_types = ["reduction", "parallel"]}
      ins(%dy : memref<43264x32xf32>) outs(%db : memref<32xf32, strided<[1], offset: 288>>) {
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

// Element (i, j) of the reference: 12 parts of ⌈K/12⌉ rows, each an FMA chain (i < 9: x[k, i]·dy[k, j]) or an
// addition chain (i = 9: dy[k, j]) from zero, added in part order into zero.
func.func @reference(%x: memref<?x9xf32>, %dy: memref<?x32xf32>, %i: index, %j: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c9 = arith.constant 9 : index
  %c12 = arith.constant 12 : index
  %zero = arith.constant 0.0 : f32
  %k = memref.dim %dy, %c0 : memref<?x32xf32>
  %rows = arith.ceildivui %k, %c12 : index
  %bias = arith.cmpi eq, %i, %c9 : index
  %total = scf.for %p = %c0 to %c12 step %c1 iter_args(%sum = %zero) -> f32 {
    %start = arith.muli %p, %rows : index
    %first = arith.minui %start, %k : index
    %next = arith.addi %first, %rows : index
    %end = arith.minui %next, %k : index
    %part = scf.for %kk = %first to %end step %c1 iter_args(%acc = %zero) -> f32 {
      %b = memref.load %dy[%kk, %j] : memref<?x32xf32>
      %r = scf.if %bias -> f32 {
        %s = arith.addf %acc, %b : f32
        scf.yield %s : f32
      } else {
        %a = memref.load %x[%kk, %i] : memref<?x9xf32>
        %f = math.fma %a, %b, %acc : f32
        scf.yield %f : f32
      }
      scf.yield %r : f32
    }
    %s = arith.addf %sum, %part : f32
    scf.yield %s : f32
  }
  return %total : f32
}

// Runs @gradients for one K and thread count; counts the elements of dW and db that differ from @reference.
func.func @check(%k: index, %threads: i32) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c10 = arith.constant 10 : index
  %c32 = arith.constant 32 : index
  %seven = arith.constant 7.0 : f32
  %s1 = arith.constant 0.25 : f32
  %s2 = arith.constant -0.125 : f32
  %t = memref.get_global @threads : memref<i32>
  memref.store %threads, %t[] : memref<i32>
  %x = memref.alloc(%k) : memref<?x9xf32>
  %dy = memref.alloc(%k) : memref<?x32xf32>
  %xd = memref.cast %x : memref<?x9xf32> to memref<?x?xf32>
  %dyd = memref.cast %dy : memref<?x32xf32> to memref<?x?xf32>
  func.call @fill(%xd, %s1) : (memref<?x?xf32>, f32) -> ()
  func.call @fill(%dyd, %s2) : (memref<?x?xf32>, f32) -> ()
  %g = memref.alloc() : memref<320xf32>
  linalg.fill ins(%seven : f32) outs(%g : memref<320xf32>)
  scf.index_switch %k
  case 1000 {
    %xs = memref.cast %x : memref<?x9xf32> to memref<1000x9xf32>
    %dys = memref.cast %dy : memref<?x32xf32> to memref<1000x32xf32>
    func.call @gradients_1000(%xs, %dys, %g) : (memref<1000x9xf32>, memref<1000x32xf32>, memref<320xf32>) -> ()
    scf.yield
  }
  case 4099 {
    %xs = memref.cast %x : memref<?x9xf32> to memref<4099x9xf32>
    %dys = memref.cast %dy : memref<?x32xf32> to memref<4099x32xf32>
    func.call @gradients_4099(%xs, %dys, %g) : (memref<4099x9xf32>, memref<4099x32xf32>, memref<320xf32>) -> ()
    scf.yield
  }
  default {
    %xs = memref.cast %x : memref<?x9xf32> to memref<43264x9xf32>
    %dys = memref.cast %dy : memref<?x32xf32> to memref<43264x32xf32>
    func.call @gradients_43264(%xs, %dys, %g) : (memref<43264x9xf32>, memref<43264x32xf32>, memref<320xf32>) -> ()
    scf.yield
  }
  // Rows 0..8 of g are dW's, row 9 is db (g is 10 × 32).
  %bad = scf.for %i = %c0 to %c10 step %c1 iter_args(%n0 = %c0) -> index {
    %n1 = scf.for %j = %c0 to %c32 step %c1 iter_args(%n = %n0) -> index {
      %ref = func.call @reference(%x, %dy, %i, %j) : (memref<?x9xf32>, memref<?x32xf32>, index, index) -> f32
      %row = arith.muli %i, %c32 : index
      %at = arith.addi %row, %j : index
      %got = memref.load %g[%at] : memref<320xf32>
      %ne = arith.cmpf une, %got, %ref : f32
      %add = arith.select %ne, %c1, %c0 : index
      %n2 = arith.addi %n, %add : index
      scf.yield %n2 : index
    }
    scf.yield %n1 : index
  }
  %wrong = arith.cmpi ne, %bad, %c0 : index
  scf.if %wrong {
    vector.print str "mismatch k, threads, elements: "
    vector.print %k : index
    vector.print %threads : i32
    vector.print %bad : index
  }
  return %bad : index
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %ks = memref.alloca() : memref<3xindex>
  %k1000 = arith.constant 1000 : index
  %k4099 = arith.constant 4099 : index
  %k43264 = arith.constant 43264 : index
  %i2 = arith.constant 2 : index
  memref.store %k1000, %ks[%c0] : memref<3xindex>
  memref.store %k4099, %ks[%c1] : memref<3xindex>
  memref.store %k43264, %ks[%i2] : memref<3xindex>
  %one = arith.constant 1 : i32
  %two = arith.constant 2 : i32
  %total = scf.for %i = %c0 to %c3 step %c1 iter_args(%n = %c0) -> index {
    %k = memref.load %ks[%i] : memref<3xindex>
    %serial = func.call @check(%k, %one) : (index, i32) -> index
    %parallel = func.call @check(%k, %two) : (index, i32) -> index
    %s = arith.addi %n, %serial : index
    %s2 = arith.addi %s, %parallel : index
    scf.yield %s2 : index
  }
  vector.print str "mismatches "
  vector.print %total : index
  return
}
