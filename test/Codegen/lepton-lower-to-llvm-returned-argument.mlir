// RUN: lepton-opt %s --lepton-lower-to-llvm | FileCheck %s
// RUN: leptonc %s -c -o %t.o
// Regression: a function returning a tensor argument unchanged makes buffer deallocation insert
// bufferization.clone, which the pipeline must lower (to alloc + copy) before LLVM.

// CHECK-LABEL: llvm.func @identity
// CHECK-NOT: bufferization.
// CHECK-NOT: unrealized_conversion_cast
// CHECK: llvm.return
func.func @identity(%a: tensor<4xf32>) -> tensor<4xf32> {
  return %a : tensor<4xf32>
}
