// RUN: lepton-opt %s --lepton-vectorize-small-copies | FileCheck %s
// Short copies with contiguous rows become one vector load and store per row; others stay memref.copy.

// A convolution's window row (3 pixels of 32 channels, 384 bytes) between strided views: three rows.
// CHECK-LABEL: func.func @window_row(
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[R0:.*]] = vector.load %arg0[%[[C0]], %[[C0]]] : memref<3x32xf32, strided<[32, 1], offset: ?>>, vector<32xf32>
// CHECK-NEXT:    vector.store %[[R0]], %arg1[%[[C0]], %[[C0]]] : memref<3x32xf32, strided<[32, 1], offset: ?>>, vector<32xf32>
// CHECK:         %[[C1:.*]] = arith.constant 1 : index
// CHECK-NEXT:    %[[R1:.*]] = vector.load %arg0[%[[C1]], %[[C0]]]
// CHECK-NEXT:    vector.store %[[R1]], %arg1[%[[C1]], %[[C0]]]
// CHECK:         %[[C2:.*]] = arith.constant 2 : index
// CHECK-NEXT:    %[[R2:.*]] = vector.load %arg0[%[[C2]], %[[C0]]]
// CHECK-NEXT:    vector.store %[[R2]], %arg1[%[[C2]], %[[C0]]]
// CHECK-NOT:     memref.copy
// CHECK:         return
func.func @window_row(%from: memref<3x32xf32, strided<[32, 1], offset: ?>>, %to: memref<3x32xf32, strided<[32, 1], offset: ?>>) {
  memref.copy %from, %to : memref<3x32xf32, strided<[32, 1], offset: ?>> to memref<3x32xf32, strided<[32, 1], offset: ?>>
  return
}

// Rows far apart (a row stride of 416) are still rows; rank 3 unrolls both outer indices.
// CHECK-LABEL: func.func @rank3(
// CHECK-COUNT-4: vector.load %arg0[{{.*}}] : memref<2x2x8xi8, strided<[832, 416, 1]>>, vector<8xi8>
// CHECK-NOT:     memref.copy
func.func @rank3(%from: memref<2x2x8xi8, strided<[832, 416, 1]>>, %to: memref<2x2x8xi8>) {
  memref.copy %from, %to : memref<2x2x8xi8, strided<[832, 416, 1]>> to memref<2x2x8xi8>
  return
}

// Left alone: more than 1 KiB, a dynamic shape, a strided innermost dimension.
// CHECK-LABEL: func.func @left_to_memcpy(
// CHECK-NOT:     vector.load
// CHECK-COUNT-3: memref.copy
func.func @left_to_memcpy(%big: memref<257xf32>, %big2: memref<257xf32>, %dyn: memref<?xf32>, %dyn2: memref<?xf32>,
                          %cols: memref<4xf32, strided<[2]>>, %cols2: memref<4xf32>) {
  memref.copy %big, %big2 : memref<257xf32> to memref<257xf32>
  memref.copy %dyn, %dyn2 : memref<?xf32> to memref<?xf32>
  memref.copy %cols, %cols2 : memref<4xf32, strided<[2]>> to memref<4xf32>
  return
}
