// lepton-denormals on AArch64 (arch=aarch64): FPCR's FZ bit (24; 16777216) set on entry and the caller's FPCR
// put back before each return (the exception flags are in FPSR, untouched); `main` only sets it. An
// architecture without a known flush mode (riscv64) is left as it is. The x86 form: lepton-denormals.mlir.
// Expectations seen failing when changed: FZ as bit 25, the restore writing the flushed value.
// RUN: lepton-opt %s --lepton-denormals=arch=aarch64 | FileCheck %s
// RUN: lepton-opt %s --lepton-denormals=arch=riscv64 | FileCheck %s --check-prefix=OTHER \
// RUN:   --implicit-check-not=call_intrinsic

// CHECK-LABEL: func.func @exported(
// CHECK-NEXT:    %[[SAVED:.*]] = llvm.call_intrinsic "llvm.aarch64.get.fpcr"() : () -> i64
// CHECK-NEXT:    %[[FZ:.*]] = arith.constant 16777216 : i64
// CHECK-NEXT:    %[[FLUSH:.*]] = arith.ori %[[SAVED]], %[[FZ]]
// CHECK-NEXT:    llvm.call_intrinsic "llvm.aarch64.set.fpcr"(%[[FLUSH]])
// CHECK-NEXT:    llvm.call_intrinsic "llvm.aarch64.set.fpcr"(%[[SAVED]])
// CHECK-NEXT:    return %arg0
// CHECK-LABEL: func.func @main(
// CHECK-NEXT:    %[[MSAVED:.*]] = llvm.call_intrinsic "llvm.aarch64.get.fpcr"
// CHECK-NEXT:    arith.constant 16777216
// CHECK-NEXT:    %[[MFLUSH:.*]] = arith.ori
// CHECK-NEXT:    llvm.call_intrinsic "llvm.aarch64.set.fpcr"(%[[MFLUSH]])
// CHECK-NEXT:    arith.constant 0 : i32
// CHECK-NEXT:    return
// OTHER: func.func @exported(
func.func @exported(%a: f32) -> f32 {
  return %a : f32
}
func.func @main() -> i32 {
  %z = arith.constant 0 : i32
  return %z : i32
}
