// RUN: lepton-opt %s --split-input-file --lepton-reciprocal-divide | FileCheck %s
// RUN: lepton-opt %s --split-input-file --lepton-reciprocal-divide="estimate=avx2" | FileCheck %s --check-prefix=AVX2
// RUN: not lepton-opt %s --split-input-file --lepton-reciprocal-divide="estimate=sse" 2>&1 | FileCheck %s --check-prefix=BAD
//
// A division marked lepton.reciprocal_divide (an optimizer update's m / (√v·c + ε), applied by a kernel's
// epilogue on vectors) becomes: the divisor with +inf clamped to the largest float, the reciprocal estimate
// (avx512: vrcp14ps with an all-lanes mask, one Newton step; avx2: vrcpps, two), the quotient, the residual
// q0·d − m in one fused multiply-add, and q0 − residual·y. Unmarked divisions, scalars and vectors of another
// width stay; so does everything in a module that skips the rewrite or keeps subnormals.
// reciprocal-divide-execution.mlir checks the values against IEEE division.
// Mutations seen failing: the Newton step dropped (CHECK's fma count), the residual as m − q0·d (its operands).

// CHECK-LABEL: func.func @update(
// CHECK-SAME:      %[[M:.+]]: vector<16xf32>, %[[D:.+]]: vector<16xf32>
// CHECK:         %[[LARGEST:.+]] = arith.constant dense<3.40282347E+38> : vector<16xf32>
// CHECK:         %[[INF:.+]] = arith.cmpf olt, %[[LARGEST]], %[[D]] : vector<16xf32>
// CHECK:         %[[DIV:.+]] = arith.select %[[INF]], %[[LARGEST]], %[[D]] : vector<16xi1>, vector<16xf32>
// CHECK:         %[[ZERO:.+]] = arith.constant dense<0.000000e+00> : vector<16xf32>
// CHECK:         %[[ALL:.+]] = llvm.mlir.constant(-1 : i16) : i16
// CHECK:         %[[Y0:.+]] = llvm.call_intrinsic "llvm.x86.avx512.rcp14.ps.512"(%[[DIV]], %[[ZERO]], %[[ALL]])
// CHECK:         %[[ND:.+]] = arith.negf %[[DIV]] : vector<16xf32>
// CHECK:         %[[ONE:.+]] = arith.constant dense<1.000000e+00> : vector<16xf32>
// CHECK:         %[[E:.+]] = vector.fma %[[ND]], %[[Y0]], %[[ONE]] : vector<16xf32>
// CHECK:         %[[Y1:.+]] = vector.fma %[[Y0]], %[[E]], %[[Y0]] : vector<16xf32>
// CHECK:         %[[Q0:.+]] = arith.mulf %[[M]], %[[Y1]] : vector<16xf32>
// CHECK:         %[[NM:.+]] = arith.negf %[[M]] : vector<16xf32>
// CHECK:         %[[R:.+]] = vector.fma %[[Q0]], %[[DIV]], %[[NM]] : vector<16xf32>
// CHECK:         %[[NR:.+]] = arith.negf %[[R]] : vector<16xf32>
// CHECK:         %[[Q:.+]] = vector.fma %[[NR]], %[[Y1]], %[[Q0]] : vector<16xf32>
// CHECK-NOT:     arith.divf
// CHECK:         return %[[Q]]
// AVX2-LABEL: func.func @update(
// AVX2:         arith.divf %{{.+}} {lepton.reciprocal_divide} : vector<16xf32>
func.func @update(%m: vector<16xf32>, %d: vector<16xf32>) -> vector<16xf32> {
  %q = arith.divf %m, %d {lepton.reciprocal_divide} : vector<16xf32>
  return %q : vector<16xf32>
}

// Unmarked, scalar or 8 lanes for avx512: left alone.
// CHECK-LABEL: func.func @left_alone(
// CHECK:         arith.divf %{{.+}} : vector<16xf32>
// CHECK:         arith.divf %{{.+}} {lepton.reciprocal_divide} : f32
// CHECK:         arith.divf %{{.+}} {lepton.reciprocal_divide} : vector<8xf32>
// CHECK-NOT:     llvm.call_intrinsic
// AVX2 takes 8 lanes: vrcpps, two Newton steps.
// AVX2-LABEL: func.func @left_alone(
// AVX2:         arith.divf %{{.+}} : vector<16xf32>
// AVX2:         arith.divf %{{.+}} {lepton.reciprocal_divide} : f32
// AVX2:         %[[Y0:.+]] = llvm.call_intrinsic "llvm.x86.avx.rcp.ps.256"(%{{.+}}) : (vector<8xf32>) -> vector<8xf32>
// AVX2:         %[[E1:.+]] = vector.fma %{{.+}}, %[[Y0]], %{{.+}} : vector<8xf32>
// AVX2:         %[[Y1:.+]] = vector.fma %[[Y0]], %[[E1]], %[[Y0]] : vector<8xf32>
// AVX2:         %[[E2:.+]] = vector.fma %{{.+}}, %[[Y1]], %{{.+}} : vector<8xf32>
// AVX2:         %[[Y2:.+]] = vector.fma %[[Y1]], %[[E2]], %[[Y1]] : vector<8xf32>
// AVX2:         arith.mulf %{{.+}}, %[[Y2]] : vector<8xf32>
// AVX2-NOT:     arith.divf
// AVX2:         return
func.func @left_alone(%m: vector<16xf32>, %d: vector<16xf32>, %s: f32, %t: f32, %m8: vector<8xf32>,
                      %d8: vector<8xf32>) -> (vector<16xf32>, f32, vector<8xf32>) {
  %q = arith.divf %m, %d : vector<16xf32>
  %r = arith.divf %s, %t {lepton.reciprocal_divide} : f32
  %q8 = arith.divf %m8, %d8 {lepton.reciprocal_divide} : vector<8xf32>
  return %q, %r, %q8 : vector<16xf32>, f32, vector<8xf32>
}

// -----

// --fuse-skip=reciprocal-divide: nothing changes.
// CHECK-LABEL: func.func @skipped(
// CHECK:         arith.divf %{{.+}} {lepton.reciprocal_divide} : vector<16xf32>
// CHECK-NOT:     llvm.call_intrinsic
module attributes {lepton.skip_reciprocal_divide} {
  func.func @skipped(%m: vector<16xf32>, %d: vector<16xf32>) -> vector<16xf32> {
    %q = arith.divf %m, %d {lepton.reciprocal_divide} : vector<16xf32>
    return %q : vector<16xf32>
  }
}

// -----

// `denormals: keep`: the estimate of a huge divisor would be subnormal, not 0; nothing changes.
// CHECK-LABEL: func.func @kept_subnormals(
// CHECK:         arith.divf %{{.+}} {lepton.reciprocal_divide} : vector<16xf32>
// CHECK-NOT:     llvm.call_intrinsic
module attributes {lepton.denormals = "keep"} {
  func.func @kept_subnormals(%m: vector<16xf32>, %d: vector<16xf32>) -> vector<16xf32> {
    %q = arith.divf %m, %d {lepton.reciprocal_divide} : vector<16xf32>
    return %q : vector<16xf32>
  }
}

// BAD: error: lepton-reciprocal-divide: unknown estimate 'sse' (avx512 or avx2)
