// RUN: lepton-opt %s --lepton-expand-exp | FileCheck %s
//
// Every f32 math.exp becomes glibc's expf algorithm inline: in double precision, k and r by fused
// multiply-adds with 32/ln 2, 2^(k/32) from the module's 32-entry table plus k's exponent bits, the
// polynomial by fused multiply-adds, one rounding to f32, then the overflow, underflow and NaN selects. Other
// exponentials (f64, vectors) stay. expand-exp-execution.mlir checks the bits against libm.

// CHECK: memref.global "private" constant @__lepton_exp2f_table : memref<32xi64> = dense<[4607182418800017408, 4607140297302181236,
// CHECK-SAME: {alignment = 64 : i64}
// CHECK-NOT: memref.global

// CHECK-LABEL: func.func @softmax_term(
// CHECK-SAME:      %[[X:.*]]: f32
// CHECK-NOT:     math.exp
// CHECK-DAG:     %[[INV:.*]] = arith.constant 46.166241308446828 : f64
// CHECK-DAG:     %[[SHIFT:.*]] = arith.constant 0x4338000000000000 : f64
// CHECK-DAG:     %[[C0:.*]] = arith.constant 1.6938359250920212E-6 : f64
// CHECK-DAG:     %[[C1:.*]] = arith.constant 2.3459809789509004E-4 : f64
// CHECK-DAG:     %[[C2:.*]] = arith.constant 0.021660849396613134 : f64
// CHECK-DAG:     %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-DAG:     %[[MASK:.*]] = arith.constant 31 : i64
// CHECK-DAG:     %[[FORTYSEVEN:.*]] = arith.constant 47 : i64
// CHECK-DAG:     %[[OVERFLOW:.*]] = arith.constant 88.7228317 : f32
// CHECK-DAG:     %[[UNDERFLOW:.*]] = arith.constant -103.972076 : f32
// CHECK-DAG:     %[[INF:.*]] = arith.constant 0x7F800000 : f32
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[XD:.*]] = arith.extf %[[X]] : f32 to f64
// CHECK:         %[[K0:.*]] = math.fma %[[INV]], %[[XD]], %[[SHIFT]] : f64
// CHECK:         %[[KI:.*]] = arith.bitcast %[[K0]] : f64 to i64
// CHECK:         %[[KD:.*]] = arith.subf %[[K0]], %[[SHIFT]] : f64
// CHECK:         %[[NEG:.*]] = arith.negf %[[KD]] : f64
// CHECK:         %[[R:.*]] = math.fma %[[INV]], %[[XD]], %[[NEG]] : f64
// CHECK:         %[[SLOT:.*]] = arith.andi %[[KI]], %[[MASK]] : i64
// CHECK:         %[[INDEX:.*]] = arith.index_cast %[[SLOT]] : i64 to index
// CHECK:         %[[TABLE:.*]] = memref.get_global @__lepton_exp2f_table : memref<32xi64>
// CHECK:         %[[ENTRY:.*]] = memref.load %[[TABLE]][%[[INDEX]]]
// CHECK:         %[[HIGH:.*]] = arith.shli %[[KI]], %[[FORTYSEVEN]] : i64
// CHECK:         %[[SBITS:.*]] = arith.addi %[[ENTRY]], %[[HIGH]] : i64
// CHECK:         %[[S:.*]] = arith.bitcast %[[SBITS]] : i64 to f64
// CHECK:         %[[Z:.*]] = math.fma %[[R]], %[[C0]], %[[C1]] : f64
// CHECK:         %[[R2:.*]] = arith.mulf %[[R]], %[[R]] : f64
// CHECK:         %[[Y0:.*]] = math.fma %[[R]], %[[C2]], %[[ONE]] : f64
// CHECK:         %[[Y1:.*]] = math.fma %[[Z]], %[[R2]], %[[Y0]] : f64
// CHECK:         %[[Y:.*]] = arith.mulf %[[Y1]], %[[S]] : f64
// CHECK:         %[[F:.*]] = arith.truncf %[[Y]] : f64 to f32
// CHECK:         %[[OVER:.*]] = arith.cmpf ogt, %[[X]], %[[OVERFLOW]] : f32
// CHECK:         %[[A:.*]] = arith.select %[[OVER]], %[[INF]], %[[F]] : f32
// CHECK:         %[[UNDER:.*]] = arith.cmpf olt, %[[X]], %[[UNDERFLOW]] : f32
// CHECK:         %[[B:.*]] = arith.select %[[UNDER]], %[[ZERO]], %[[A]] : f32
// CHECK:         %[[NAN:.*]] = arith.cmpf uno, %[[X]], %[[X]] : f32
// CHECK:         %[[TWICE:.*]] = arith.addf %[[X]], %[[X]] : f32
// CHECK:         %[[RES:.*]] = arith.select %[[NAN]], %[[TWICE]], %[[B]] : f32
// CHECK:         return %[[RES]]
func.func @softmax_term(%x: f32) -> f32 {
  %y = math.exp %x : f32
  return %y : f32
}

// CHECK-LABEL: func.func @others_stay(
// CHECK:         math.exp %{{.*}} : f64
// CHECK:         math.exp %{{.*}} : vector<8xf32>
func.func @others_stay(%d: f64, %v: vector<8xf32>) -> (f64, vector<8xf32>) {
  %a = math.exp %d : f64
  %b = math.exp %v : vector<8xf32>
  return %a, %b : f64, vector<8xf32>
}
