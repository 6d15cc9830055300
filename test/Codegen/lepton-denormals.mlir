// lepton-denormals: every public function saves the caller's MXCSR, sets FTZ (bit 15) and DAZ (bit 6)
// (32832 = 0x8040), and before each of its returns restores the saved value with the exception flags the call
// raised (bits 0-5, 63) added; `main` only sets them; private functions, the program's own `__lepton_`
// functions and declarations are left alone; a module marked "keep" is untouched.
// Mutations seen failing: no restore before the second return (only the first block's), the private function
// instrumented too, the __lepton_ function instrumented, the bits 0x8000 only (FTZ without DAZ), "keep"
// ignored, the raised flags not kept.
// Invalid attribute values: lepton-denormals-invalid.mlir.
// RUN: lepton-opt %s --split-input-file --lepton-denormals | FileCheck %s

// CHECK-LABEL: func.func @exported(
// CHECK:         %[[SLOT:.*]] = llvm.alloca %{{.*}} x i32
// CHECK-NEXT:    llvm.call_intrinsic "llvm.x86.sse.stmxcsr"(%[[SLOT]])
// CHECK-NEXT:    %[[SAVED:.*]] = llvm.load %[[SLOT]] : !llvm.ptr -> i32
// CHECK-NEXT:    %[[BITS:.*]] = arith.constant 32832 : i32
// CHECK-NEXT:    %[[FLUSH:.*]] = arith.ori %[[SAVED]], %[[BITS]]
// CHECK-NEXT:    llvm.store %[[FLUSH]], %[[SLOT]]
// CHECK-NEXT:    llvm.call_intrinsic "llvm.x86.sse.ldmxcsr"(%[[SLOT]])
// CHECK-NEXT:    %[[FLAGS:.*]] = arith.constant 63 : i32
// CHECK:       ^bb1:
// CHECK-NEXT:    llvm.call_intrinsic "llvm.x86.sse.stmxcsr"(%[[SLOT]])
// CHECK-NEXT:    %[[NOW:.*]] = llvm.load %[[SLOT]] : !llvm.ptr -> i32
// CHECK-NEXT:    %[[RAISED:.*]] = arith.andi %[[NOW]], %[[FLAGS]]
// CHECK-NEXT:    %[[BACK:.*]] = arith.ori %[[SAVED]], %[[RAISED]]
// CHECK-NEXT:    llvm.store %[[BACK]], %[[SLOT]]
// CHECK-NEXT:    llvm.call_intrinsic "llvm.x86.sse.ldmxcsr"(%[[SLOT]])
// CHECK-NEXT:    return %arg0
// CHECK:       ^bb2:
// CHECK-NEXT:    llvm.call_intrinsic "llvm.x86.sse.stmxcsr"(%[[SLOT]])
// CHECK-NEXT:    %[[NOW2:.*]] = llvm.load %[[SLOT]] : !llvm.ptr -> i32
// CHECK-NEXT:    %[[RAISED2:.*]] = arith.andi %[[NOW2]], %[[FLAGS]]
// CHECK-NEXT:    %[[BACK2:.*]] = arith.ori %[[SAVED]], %[[RAISED2]]
// CHECK-NEXT:    llvm.store %[[BACK2]], %[[SLOT]]
// CHECK-NEXT:    llvm.call_intrinsic "llvm.x86.sse.ldmxcsr"(%[[SLOT]])
// CHECK-NEXT:    return %cst
// CHECK-LABEL: func.func private @internal(
// CHECK-NEXT:    return %arg0
// CHECK-LABEL: func.func @__lepton_p_step(
// CHECK-NEXT:    return %arg0
// CHECK:       func.func private @declared(f32) -> f32
// CHECK-LABEL: func.func @main(
// CHECK:         llvm.call_intrinsic "llvm.x86.sse.stmxcsr"
// CHECK:         llvm.call_intrinsic "llvm.x86.sse.ldmxcsr"
// CHECK-NOT:     llvm.call_intrinsic
// CHECK:         return
module {
  func.func @exported(%a: f32) -> f32 {
    %c = arith.constant 0.0 : f32
    %p = arith.cmpf ogt, %a, %c : f32
    cf.cond_br %p, ^pos, ^neg
  ^pos:
    return %a : f32
  ^neg:
    return %c : f32
  }
  func.func private @internal(%a: f32) -> f32 {
    return %a : f32
  }
  func.func @__lepton_p_step(%a: f32) -> f32 {
    return %a : f32
  }
  func.func private @declared(f32) -> f32
  func.func @main() -> i32 {
    %z = arith.constant 0 : i32
    return %z : i32
  }
}

// -----

// `denormals: keep` in the target.
// CHECK-LABEL: module attributes {lepton.denormals = "keep"}
// CHECK-NEXT:    func.func @kept(
// CHECK-NEXT:      return
module attributes {lepton.denormals = "keep"} {
  func.func @kept(%a: f32) -> f32 {
    return %a : f32
  }
}

