// RUN: lepton-opt %s --lepton-drop-staging-buffers | FileCheck %s
// lepton-drop-staging-buffers: a local staging buffer written and then copied whole into a slice of a local flat
// buffer is replaced by that slice (its reshapes rebuilt with the slice's layout) and the copy goes; it stays when
// the slice overlaps another subview in use, when the staging buffer is read after the copy, and when the flat
// buffer is read whole before it.
// Mutations seen failing: the overlap test dropped (@overlapping's copy erased); the after-the-copy check on the
// staging buffer's users dropped (@read_after's copy erased).
// CHECK-LABEL: func.func @staged(
// CHECK:         %[[FLAT:.*]] = memref.alloc() : memref<40xf32>
// CHECK:         %[[PART:.*]] = memref.subview %[[FLAT]][8] [32] [1] : memref<40xf32> to memref<32xf32, strided<[1], offset: 8>>
// CHECK:         %[[M:.*]] = memref.expand_shape %[[PART]] {{\[\[}}0, 1]] output_shape [4, 8] : memref<32xf32, strided<[1], offset: 8>> into memref<4x8xf32, strided<[8, 1], offset: 8>>
// CHECK:         linalg.fill ins(%{{[^ ]+}} : f32) outs(%[[M]] : memref<4x8xf32, strided<[8, 1], offset: 8>>)
// CHECK-NOT:     memref.copy
// CHECK-NOT:     memref.alloc
// CHECK:         return %[[FLAT]]
func.func @staged(%v: f32) -> memref<40xf32> {
  %flat = memref.alloc() : memref<40xf32>
  %staging = memref.alloc() : memref<32xf32>
  %m = memref.expand_shape %staging [[0, 1]] output_shape [4, 8] : memref<32xf32> into memref<4x8xf32>
  linalg.fill ins(%v : f32) outs(%m : memref<4x8xf32>)
  %c = memref.collapse_shape %m [[0, 1]] : memref<4x8xf32> into memref<32xf32>
  %t = memref.subview %flat[8] [32] [1] : memref<40xf32> to memref<32xf32, strided<[1], offset: 8>>
  memref.copy %c, %t : memref<32xf32> to memref<32xf32, strided<[1], offset: 8>>
  return %flat : memref<40xf32>
}
// CHECK-LABEL: func.func @overlapping(
// CHECK:         memref.copy
func.func @overlapping(%v: f32) -> memref<40xf32> {
  %flat = memref.alloc() : memref<40xf32>
  %other = memref.subview %flat[0] [16] [1] : memref<40xf32> to memref<16xf32, strided<[1]>>
  linalg.fill ins(%v : f32) outs(%other : memref<16xf32, strided<[1]>>)
  %staging = memref.alloc() : memref<32xf32>
  linalg.fill ins(%v : f32) outs(%staging : memref<32xf32>)
  %t = memref.subview %flat[8] [32] [1] : memref<40xf32> to memref<32xf32, strided<[1], offset: 8>>
  memref.copy %staging, %t : memref<32xf32> to memref<32xf32, strided<[1], offset: 8>>
  return %flat : memref<40xf32>
}
// CHECK-LABEL: func.func @read_after(
// CHECK:         memref.copy %{{[^ ]+}}, %{{[^ ]+}} : memref<32xf32> to memref<32xf32, strided<[1], offset: 8>>
// CHECK-NEXT:    memref.copy %{{[^ ]+}}, %{{[^ ]+}} : memref<32xf32> to memref<32xf32>
func.func @read_after(%v: f32, %out: memref<32xf32>) -> memref<40xf32> {
  %flat = memref.alloc() : memref<40xf32>
  %staging = memref.alloc() : memref<32xf32>
  linalg.fill ins(%v : f32) outs(%staging : memref<32xf32>)
  %t = memref.subview %flat[8] [32] [1] : memref<40xf32> to memref<32xf32, strided<[1], offset: 8>>
  memref.copy %staging, %t : memref<32xf32> to memref<32xf32, strided<[1], offset: 8>>
  memref.copy %staging, %out : memref<32xf32> to memref<32xf32>
  return %flat : memref<40xf32>
}
// CHECK-LABEL: func.func @flat_read_before(
// CHECK:         memref.copy
func.func @flat_read_before(%v: f32, %out: memref<40xf32>) -> memref<40xf32> {
  %flat = memref.alloc() : memref<40xf32>
  %staging = memref.alloc() : memref<32xf32>
  memref.copy %flat, %out : memref<40xf32> to memref<40xf32>
  linalg.fill ins(%v : f32) outs(%staging : memref<32xf32>)
  %t = memref.subview %flat[8] [32] [1] : memref<40xf32> to memref<32xf32, strided<[1], offset: 8>>
  memref.copy %staging, %t : memref<32xf32> to memref<32xf32, strided<[1], offset: 8>>
  return %flat : memref<40xf32>
}
