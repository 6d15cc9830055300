// RUN: lepton-opt %s --lepton-erase-self-copies | FileCheck %s
// lepton-erase-self-copies: a copy from a buffer's region onto that same region (reached through reshapes and
// a unit-stride subview at a static offset) is erased; a copy between different offsets or buffers stays.
// Mutation seen failing: the offset comparison dropped (@shifted's copy erased).
// CHECK-LABEL: func.func @same_region(
// CHECK-NOT:     memref.copy
// CHECK-LABEL: func.func @shifted(
// CHECK:         memref.copy
// CHECK-LABEL: func.func @other_buffer(
// CHECK:         memref.copy
func.func @same_region(%flat: memref<40xf32>) {
  %s = memref.subview %flat[8] [32] [1] : memref<40xf32> to memref<32xf32, strided<[1], offset: 8>>
  %m = memref.expand_shape %s [[0, 1]] output_shape [4, 8] : memref<32xf32, strided<[1], offset: 8>> into memref<4x8xf32, strided<[8, 1], offset: 8>>
  %c = memref.collapse_shape %m [[0, 1]] : memref<4x8xf32, strided<[8, 1], offset: 8>> into memref<32xf32, strided<[1], offset: 8>>
  %t = memref.subview %flat[8] [32] [1] : memref<40xf32> to memref<32xf32, strided<[1], offset: 8>>
  memref.copy %c, %t : memref<32xf32, strided<[1], offset: 8>> to memref<32xf32, strided<[1], offset: 8>>
  return
}
func.func @shifted(%flat: memref<40xf32>) {
  %s = memref.subview %flat[0] [32] [1] : memref<40xf32> to memref<32xf32, strided<[1]>>
  %t = memref.subview %flat[8] [32] [1] : memref<40xf32> to memref<32xf32, strided<[1], offset: 8>>
  memref.copy %s, %t : memref<32xf32, strided<[1]>> to memref<32xf32, strided<[1], offset: 8>>
  return
}
func.func @other_buffer(%flat: memref<40xf32>, %other: memref<40xf32>) {
  memref.copy %flat, %other : memref<40xf32> to memref<40xf32>
  return
}
