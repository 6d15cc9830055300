// RUN: lepton-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(lepton-matmul-to-vector{vector-width=16 rows=4}))" | FileCheck %s

// A 64×784 · 784×128 matmul: k in blocks of 256 (the last one ends at 784), then two-vector column panels,
// then 4-row blocks; k innermost with the C tile carried in registers, loaded before and stored after each k block.
// Mutations seen failing: the k block's end not clamped to 784 (no minui), the row loop outside the panel loop.
// CHECK-LABEL: func.func @dense_forward
// CHECK-SAME: (%[[A:.+]]: memref<64x784xf32>, %[[B:.+]]: memref<784x128xf32>, %[[C:.+]]: memref<64x128xf32>)
// CHECK-NOT: linalg.matmul
// CHECK: %[[NK:.+]] = memref.dim %[[A]], %{{.+}} : memref<64x784xf32>
// CHECK: %[[C256:.+]] = arith.constant 256 : index
// CHECK: scf.for %[[KB:.+]] = %{{.+}} to %[[NK]] step %[[C256]] {
// CHECK: %[[BLOCK:.+]] = arith.constant 256 : index
// CHECK: %[[KNEXT:.+]] = arith.addi %[[KB]], %[[BLOCK]]
// CHECK: %[[KEND:.+]] = arith.minui %[[KNEXT]], %[[NK]]
// CHECK: scf.for %[[J:.+]] = %{{.+}} to %{{.+}} step %{{.+}} {
// CHECK: scf.for %[[I:.+]] = %{{.+}} to %{{.+}} step %[[C4:.+]] {
// CHECK-COUNT-8: vector.load %[[C]]
// CHECK: %[[ACC:.+]]:8 = scf.for %[[K:.+]] = %[[KB]] to %[[KEND]] {{.+}} iter_args({{.+}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
// CHECK: vector.load %[[B]][%[[K]], %[[J]]] : memref<784x128xf32>, vector<16xf32>
// CHECK: memref.load %[[A]][%[[I]], %[[K]]] : memref<64x784xf32>
// CHECK: vector.broadcast %{{.+}} : f32 to vector<16xf32>
// CHECK-COUNT-8: vector.fma
// CHECK: scf.yield
// CHECK-COUNT-8: vector.store %{{.+}}, %[[C]]
// The one-row kernel for rows left over after the 4-row blocks, in the same panel.
// CHECK: scf.for
// CHECK: scf.for
// CHECK-COUNT-2: vector.fma
func.func @dense_forward(%a: memref<64x784xf32>, %b: memref<784x128xf32>, %c: memref<64x128xf32>) {
  linalg.matmul ins(%a, %b : memref<64x784xf32>, memref<784x128xf32>) outs(%c : memref<64x128xf32>)
  return
}

// -----

// Ten columns fill no vector: a single masked tile, constant masks of 10 lanes.
// CHECK-LABEL: func.func @logits
// CHECK: %[[MASK:.+]] = vector.constant_mask [10] : vector<16xi1>
// CHECK: vector.maskedload %{{.+}}, %[[MASK]]
// CHECK: vector.fma
// CHECK: vector.maskedstore %{{.+}}, %[[MASK]]
func.func @logits(%a: memref<?x64xf32>, %b: memref<64x10xf32>, %c: memref<?x10xf32>) {
  linalg.matmul ins(%a, %b : memref<?x64xf32>, memref<64x10xf32>) outs(%c : memref<?x10xf32>)
  return
}

// -----

// B stored transposed (dx = dy · Wᵀ) is first copied row-major, then freed.
// CHECK-LABEL: func.func @input_gradient
// CHECK: %[[T:.+]] = memref.alloc() {alignment = 64 : i64} : memref<128x784xf32>
// CHECK: linalg.transpose ins(%{{.+}} : memref<784x128xf32>) outs(%[[T]] : memref<128x784xf32>) permutation = [1, 0]
// CHECK: vector.load %[[T]]
// CHECK: memref.dealloc %[[T]]
#map_a = affine_map<(i, j, k) -> (i, k)>
#map_bt = affine_map<(i, j, k) -> (j, k)>
#map_c = affine_map<(i, j, k) -> (i, j)>
func.func @input_gradient(%dy: memref<64x128xf32>, %w: memref<784x128xf32>, %dx: memref<64x784xf32>) {
  linalg.matmul indexing_maps = [#map_a, #map_bt, #map_c]
    ins(%dy, %w : memref<64x128xf32>, memref<784x128xf32>) outs(%dx : memref<64x784xf32>)
  return
}

// -----

// Matmuls on tensors are left for bufferization first.
// CHECK-LABEL: func.func @on_tensors
// CHECK: linalg.matmul
func.func @on_tensors(%a: tensor<4x4xf32>, %b: tensor<4x4xf32>, %c: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %r = linalg.matmul ins(%a, %b : tensor<4x4xf32>, tensor<4x4xf32>) outs(%c : tensor<4x4xf32>) -> tensor<4x4xf32>
  return %r : tensor<4x4xf32>
}
