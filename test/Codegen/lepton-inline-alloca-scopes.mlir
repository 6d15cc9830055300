// lepton-inline-alloca-scopes: a single-block memref.alloca_scope (convert-scf-to-openmp wraps every
// work-sharing loop body in one) is inlined where it stands, bracketed by stacksave/stackrestore when it holds
// an alloca, so per-iteration stack buffers are released per iteration; results flow out of the scope.
// Mutations seen failing: the pass returning before inlining (scopes left).
// RUN: lepton-opt %s --lepton-inline-alloca-scopes | FileCheck %s --implicit-check-not=alloca_scope

// CHECK-LABEL: func.func @with_alloca(
// CHECK:         scf.for
// CHECK-NEXT:      %[[SP:.*]] = llvm.intr.stacksave : !llvm.ptr
// CHECK-NEXT:      %[[BUF:.*]] = memref.alloca() : memref<64xf32>
// CHECK-NEXT:      memref.store %{{.*}}, %[[BUF]]
// CHECK-NEXT:      %[[V:.*]] = memref.load %[[BUF]]
// CHECK-NEXT:      llvm.intr.stackrestore %[[SP]] : !llvm.ptr
// CHECK-NEXT:      memref.store %[[V]], %arg0
func.func @with_alloca(%out: memref<8xf32>, %x: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.for %i = %c0 to %c8 step %c1 {
    %v = memref.alloca_scope -> (f32) {
      %buf = memref.alloca() : memref<64xf32>
      memref.store %x, %buf[%i] : memref<64xf32>
      %l = memref.load %buf[%i] : memref<64xf32>
      memref.alloca_scope.return %l : f32
    }
    memref.store %v, %out[%i] : memref<8xf32>
  }
  return
}

// CHECK-LABEL: func.func @without_alloca(
// CHECK-NOT:     llvm.intr.stacksave
// CHECK:         memref.store %arg1, %arg0
// CHECK-NEXT:    return
func.func @without_alloca(%out: memref<8xf32>, %x: f32) {
  %c0 = arith.constant 0 : index
  memref.alloca_scope {
    memref.store %x, %out[%c0] : memref<8xf32>
  }
  return
}
