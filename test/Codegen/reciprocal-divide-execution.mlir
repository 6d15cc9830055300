// REQUIRES: avx512f
// RUN: lepton-opt %s --lepton-lower-to-llvm="reciprocal-divide=avx512" \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: lepton-opt %s --lepton-lower-to-llvm="reciprocal-divide=avx2" \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: lepton-opt %s --lepton-lower-to-llvm="reciprocal-divide=avx512" --mlir-print-ir-after=lepton-reciprocal-divide \
// RUN:   --mlir-disable-threading 2>&1 | FileCheck %s --check-prefix=REWRITTEN
//
// lepton-reciprocal-divide's quotients against IEEE division (the scalar arith.divf, unmarked), bit for bit,
// on 16 lanes (vrcp14ps, one Newton step) and 8 (vrcpps, two); each RUN rewrites one width, the other divides
// in hardware. main runs with FTZ/DAZ set (lepton-denormals), as every trainer does.
// - Every divisor significand, d = 1 + i·2^-23 for all 2^23 values of i, over five numerators (1, 1.5,
//   1.2345678, -0.7, 3.3e-5): no difference except where d's significand is all ones, and there at most one
//   per numerator (a power of two: 1.0 rounds the other way).
// - The operands an optimizer update can give (the marking lowering's promise): numerators ±0, ±1, ±1.5,
//   ±12345.678, 1e-20, NaN over divisors 1e-8, 1, 1.5, 3e37, +inf, NaN, and ±inf over +inf: all equal (a
//   NaN for a NaN).
// Mutations seen failing: the Newton step dropped (128,411 sweep mismatches), the residual taken as
// m − q0·d (-0 / d gave +0: specials), +inf not clamped (x / inf gave NaN: specials).
// CHECK: sweep16 mismatches 0
// CHECK-NEXT: sweep16 all-ones {{[0-5]$}}
// CHECK-NEXT: sweep8 mismatches 0
// CHECK-NEXT: sweep8 all-ones {{[0-5]$}}
// CHECK-NEXT: specials16 mismatches 0
// CHECK-NEXT: specials8 mismatches 0
// REWRITTEN-LABEL: func.func @divide16(
// REWRITTEN:         llvm.call_intrinsic "llvm.x86.avx512.rcp14.ps.512"
// REWRITTEN-NOT:     arith.divf
// REWRITTEN-LABEL: func.func @divide8(
// REWRITTEN:         arith.divf {{.*}} : vector<8xf32>

memref.global "private" constant @sweep_numerators : memref<5xf32> = dense<[1.0, 1.5, 1.2345678, -0.7, 3.3e-5]>
memref.global "private" constant @special_numerators : memref<10xf32> =
    dense<[0.0, -0.0, 1.0, -1.0, 1.5, -1.5, 12345.678, -12345.678, 1.0e-20, 0x7FC00000]>
memref.global "private" constant @special_divisors : memref<6xf32> = dense<[1.0e-8, 1.0, 1.5, 3.0e37, 0x7F800000, 0x7FC00000]>

func.func @divide16(%m: memref<?xf32>, %d: memref<?xf32>, %q: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %n = memref.dim %m, %c0 : memref<?xf32>
  scf.for %i = %c0 to %n step %c16 {
    %a = vector.load %m[%i] : memref<?xf32>, vector<16xf32>
    %b = vector.load %d[%i] : memref<?xf32>, vector<16xf32>
    %c = arith.divf %a, %b {lepton.reciprocal_divide} : vector<16xf32>
    vector.store %c, %q[%i] : memref<?xf32>, vector<16xf32>
  }
  return
}

func.func @divide8(%m: memref<?xf32>, %d: memref<?xf32>, %q: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %n = memref.dim %m, %c0 : memref<?xf32>
  scf.for %i = %c0 to %n step %c8 {
    %a = vector.load %m[%i] : memref<?xf32>, vector<8xf32>
    %b = vector.load %d[%i] : memref<?xf32>, vector<8xf32>
    %c = arith.divf %a, %b {lepton.reciprocal_divide} : vector<8xf32>
    vector.store %c, %q[%i] : memref<?xf32>, vector<8xf32>
  }
  return
}

// Counts the quotients whose bits differ from IEEE division's (two NaNs are equal): (others, all-ones divisors).
func.func @count(%m: memref<?xf32>, %d: memref<?xf32>, %q: memref<?xf32>) -> (index, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %significand = arith.constant 8388607 : i32
  %true = arith.constant true
  %n = memref.dim %m, %c0 : memref<?xf32>
  %r:2 = scf.for %i = %c0 to %n step %c1 iter_args(%other = %c0, %ones = %c0) -> (index, index) {
    %a = memref.load %m[%i] : memref<?xf32>
    %b = memref.load %d[%i] : memref<?xf32>
    %got = memref.load %q[%i] : memref<?xf32>
    %want = arith.divf %a, %b : f32
    %got_bits = arith.bitcast %got : f32 to i32
    %want_bits = arith.bitcast %want : f32 to i32
    %differ = arith.cmpi ne, %got_bits, %want_bits : i32
    %got_nan = arith.cmpf uno, %got, %got : f32
    %want_nan = arith.cmpf uno, %want, %want : f32
    %both_nan = arith.andi %got_nan, %want_nan : i1
    %not_both = arith.xori %both_nan, %true : i1
    %bad = arith.andi %differ, %not_both : i1
    %b_bits = arith.bitcast %b : f32 to i32
    %low = arith.andi %b_bits, %significand : i32
    %all_ones = arith.cmpi eq, %low, %significand : i32
    %next:2 = scf.if %bad -> (index, index) {
      %o = arith.addi %other, %c1 : index
      %w = arith.addi %ones, %c1 : index
      %pick_o = arith.select %all_ones, %other, %o : index
      %pick_w = arith.select %all_ones, %w, %ones : index
      scf.yield %pick_o, %pick_w : index, index
    } else {
      scf.yield %other, %ones : index, index
    }
    scf.yield %next#0, %next#1 : index, index
  }
  return %r#0, %r#1 : index, index
}

func.func @sweep(%width: index) -> (index, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %c16 = arith.constant 16 : index
  %n = arith.constant 8388608 : index
  %one_bits = arith.constant 1065353216 : i32
  %numerators = memref.get_global @sweep_numerators : memref<5xf32>
  %m = memref.alloc(%n) : memref<?xf32>
  %d = memref.alloc(%n) : memref<?xf32>
  %q = memref.alloc(%n) : memref<?xf32>
  scf.for %i = %c0 to %n step %c1 {
    %i32 = arith.index_cast %i : index to i32
    %bits = arith.addi %one_bits, %i32 : i32
    %x = arith.bitcast %bits : i32 to f32
    memref.store %x, %d[%i] : memref<?xf32>
  }
  %r:2 = scf.for %k = %c0 to %c5 step %c1 iter_args(%other = %c0, %ones = %c0) -> (index, index) {
    %v = memref.load %numerators[%k] : memref<5xf32>
    linalg.fill ins(%v : f32) outs(%m : memref<?xf32>)
    %wide = arith.cmpi eq, %width, %c16 : index
    scf.if %wide {
      func.call @divide16(%m, %d, %q) : (memref<?xf32>, memref<?xf32>, memref<?xf32>) -> ()
    } else {
      func.call @divide8(%m, %d, %q) : (memref<?xf32>, memref<?xf32>, memref<?xf32>) -> ()
    }
    %c:2 = func.call @count(%m, %d, %q) : (memref<?xf32>, memref<?xf32>, memref<?xf32>) -> (index, index)
    %o = arith.addi %other, %c#0 : index
    %w = arith.addi %ones, %c#1 : index
    scf.yield %o, %w : index, index
  }
  return %r#0, %r#1 : index, index
}

// The 10 × 6 pairs of specials, then ±inf over +inf, then 1 / 1 up to 64 (a whole number of vectors).
func.func @specials(%width: index) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c6 = arith.constant 6 : index
  %c10 = arith.constant 10 : index
  %c16 = arith.constant 16 : index
  %c60 = arith.constant 60 : index
  %c61 = arith.constant 61 : index
  %c64 = arith.constant 64 : index
  %one = arith.constant 1.0 : f32
  %inf = arith.constant 0x7F800000 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %numerators = memref.get_global @special_numerators : memref<10xf32>
  %divisors = memref.get_global @special_divisors : memref<6xf32>
  %m = memref.alloc(%c64) : memref<?xf32>
  %d = memref.alloc(%c64) : memref<?xf32>
  %q = memref.alloc(%c64) : memref<?xf32>
  linalg.fill ins(%one : f32) outs(%m : memref<?xf32>)
  linalg.fill ins(%one : f32) outs(%d : memref<?xf32>)
  scf.for %i = %c0 to %c10 step %c1 {
    scf.for %j = %c0 to %c6 step %c1 {
      %at = affine.apply affine_map<(i, j) -> (i * 6 + j)>(%i, %j)
      %a = memref.load %numerators[%i] : memref<10xf32>
      %b = memref.load %divisors[%j] : memref<6xf32>
      memref.store %a, %m[%at] : memref<?xf32>
      memref.store %b, %d[%at] : memref<?xf32>
    }
  }
  memref.store %inf, %m[%c60] : memref<?xf32>
  memref.store %inf, %d[%c60] : memref<?xf32>
  memref.store %ninf, %m[%c61] : memref<?xf32>
  memref.store %inf, %d[%c61] : memref<?xf32>
  %wide = arith.cmpi eq, %width, %c16 : index
  scf.if %wide {
    func.call @divide16(%m, %d, %q) : (memref<?xf32>, memref<?xf32>, memref<?xf32>) -> ()
  } else {
    func.call @divide8(%m, %d, %q) : (memref<?xf32>, memref<?xf32>, memref<?xf32>) -> ()
  }
  %c:2 = func.call @count(%m, %d, %q) : (memref<?xf32>, memref<?xf32>, memref<?xf32>) -> (index, index)
  %all = arith.addi %c#0, %c#1 : index
  return %all : index
}

func.func @main() {
  %c8 = arith.constant 8 : index
  %c16 = arith.constant 16 : index
  %s16:2 = func.call @sweep(%c16) : (index) -> (index, index)
  vector.print str "sweep16 mismatches "
  vector.print %s16#0 : index
  vector.print str "sweep16 all-ones "
  vector.print %s16#1 : index
  %s8:2 = func.call @sweep(%c8) : (index) -> (index, index)
  vector.print str "sweep8 mismatches "
  vector.print %s8#0 : index
  vector.print str "sweep8 all-ones "
  vector.print %s8#1 : index
  %p16 = func.call @specials(%c16) : (index) -> index
  vector.print str "specials16 mismatches "
  vector.print %p16 : index
  %p8 = func.call @specials(%c8) : (index) -> index
  vector.print str "specials8 mismatches "
  vector.print %p8 : index
  return
}
