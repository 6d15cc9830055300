// RUN: lepton-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(lepton-matmul-to-vector{vector-width=16 rows=4 k-block=256}))" | FileCheck %s

// A batch×784 · 784×128 matmul (batch dynamic, as in the trainer's functions). With at least pack-min-rows (16) rows: k in 4 even blocks of 196
// (784 = 4 × 196, not 3 × 256 + 16), each packed from B into panels of two vectors [panel][k][32]
// (k padded to 208), then 4-row blocks × panels, the C tile carried in registers across the k
// block; rows left over in tiles of 2 rows × 4 vectors and 1 row × 8 vectors. Fewer rows: the same
// nest reading B in place (no packing cost for batch-1 inference).
// Mutations seen failing: the k block not balanced (256), the k block's end not clamped (no minui),
// the packing threshold compared with ult, the leftover tiles only two vectors wide.
// CHECK-LABEL: func.func @dense_forward
// CHECK-SAME: (%[[A:.+]]: memref<?x784xf32>, %[[B:.+]]: memref<784x128xf32>, %[[C:.+]]: memref<?x128xf32>)
// CHECK-NOT: linalg.matmul
// CHECK: %[[M:.+]] = memref.dim %[[C]], %{{.+}} : memref<?x128xf32>
// CHECK: %[[NK:.+]] = memref.dim %[[A]], %{{.+}} : memref<?x784xf32>
// CHECK: %[[MANY:.+]] = arith.cmpi uge, %[[M]], %{{.+}} : index
// CHECK: scf.if %[[MANY]] {
// CHECK: %[[P:.+]] = memref.alloc() {alignment = 64 : i64} : memref<4x208x32xf32>
// CHECK: %[[C196:.+]] = arith.constant 196 : index
// CHECK: scf.for %[[KB:.+]] = %{{.+}} to %[[NK]] step %[[C196]] {
// CHECK: %[[KNEXT:.+]] = arith.addi %[[KB]], %{{.+}}
// CHECK: %[[KEND:.+]] = arith.minui %[[KNEXT]], %[[NK]]
// CHECK: scf.for %[[KP:.+]] = %[[KB]] to %[[KEND]]
// CHECK: vector.load %[[B]][%[[KP]], %{{.+}}] : memref<784x128xf32>, vector<16xf32>
// CHECK: vector.store %{{.+}}, %[[P]]
// CHECK: scf.for %[[I:.+]] = %{{.+}} to %{{.+}} step %{{.+}} {
// CHECK: scf.for %[[J:.+]] = %{{.+}} to %{{.+}} step %{{.+}} {
// CHECK-COUNT-8: vector.load %[[C]]
// CHECK: scf.for %[[K:.+]] = %[[KB]] to %[[KEND]] {{.+}} iter_args({{.+}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
// CHECK: vector.load %[[P]]
// CHECK: vector.load %[[P]]
// CHECK: memref.load %[[A]][%{{.+}}, %[[K]]] : memref<?x784xf32>
// CHECK: vector.broadcast %{{.+}} : f32 to vector<16xf32>
// CHECK-COUNT-8: vector.fma
// CHECK: scf.yield
// CHECK-COUNT-8: vector.store %{{.+}}, %[[C]]
// Two leftover rows: 2 × 4 vectors; one leftover row: 1 × 8 vectors.
// CHECK: scf.if
// CHECK: scf.for {{.+}} iter_args({{.+}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
// CHECK-COUNT-4: vector.load %[[P]]
// CHECK-COUNT-8: vector.fma
// CHECK: scf.if
// CHECK: scf.for {{.+}} iter_args({{.+}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
// CHECK-COUNT-8: vector.load %[[P]]
// CHECK: memref.dealloc %[[P]]
// CHECK: } else {
// CHECK-NOT: memref.alloc
// CHECK: scf.for %[[KB2:.+]] = %{{.+}} to %[[NK]] step %{{.+}} {
// CHECK: scf.for %[[K2:.+]] = %[[KB2]] to %{{.+}} iter_args
// CHECK: vector.load %[[B]][%[[K2]], %{{.+}}] : memref<784x128xf32>, vector<16xf32>
// CHECK: return
func.func @dense_forward(%a: memref<?x784xf32>, %b: memref<784x128xf32>, %c: memref<?x128xf32>) {
  linalg.matmul ins(%a, %b : memref<?x784xf32>, memref<784x128xf32>) outs(%c : memref<?x128xf32>)
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

// B stored transposed (dx = dy · Wᵀ) is packed straight from its [col, k] layout, always (no copy
// of W into a transposed buffer): 16 columns × 16 k loaded along k (masked at the k block's end),
// transposed in registers by 4 rounds of 16 shuffles, stored as 16 rows of the panel.
// Mutation seen failing: no mask on the k tail (a plain vector.load of W).
// CHECK-LABEL: func.func @input_gradient
// CHECK-SAME: (%[[DY:.+]]: memref<64x128xf32>, %[[W:.+]]: memref<784x128xf32>, %[[DX:.+]]: memref<64x784xf32>)
// CHECK-NOT: linalg.transpose
// CHECK-NOT: scf.if
// CHECK: %[[P:.+]] = memref.alloc() {alignment = 64 : i64} : memref<25x128x32xf32>
// CHECK: scf.for %[[COL:.+]] = %{{.+}} to %{{.+}} step %{{.+}} {
// CHECK: scf.for %[[KK:.+]] = %{{.+}} to %{{.+}} step %{{.+}} {
// CHECK: %[[MASK:.+]] = vector.create_mask %{{.+}} : vector<16xi1>
// CHECK-COUNT-16: vector.maskedload %[[W]][%{{.+}}, %{{.+}}], %[[MASK]]
// CHECK-COUNT-64: vector.shuffle
// CHECK-COUNT-16: vector.store %{{.+}}, %[[P]]
// CHECK: vector.load %[[P]]
// CHECK-NOT: memref.alloc(
// CHECK: memref.dealloc %[[P]]
#map_a = affine_map<(i, j, k) -> (i, k)>
#map_bt = affine_map<(i, j, k) -> (j, k)>
#map_c = affine_map<(i, j, k) -> (i, j)>
func.func @input_gradient(%dy: memref<64x128xf32>, %w: memref<784x128xf32>, %dx: memref<64x784xf32>) {
  linalg.matmul indexing_maps = [#map_a, #map_bt, #map_c]
    ins(%dy, %w : memref<64x128xf32>, memref<784x128xf32>) outs(%dx : memref<64x784xf32>)
  return
}

// -----

// A row stride of 1024 floats (4 KiB) would put a row block's A rows in one L1 set: each row block
// packs its A rows [k][row] into stack scratch of its own (transposed in registers; rows 4–15 of
// the 16-row group are zeros), released when the block ends. The tile broadcasts from it.
// Mutations seen failing: the packing scratch outside the stack save/restore.
// CHECK-LABEL: func.func @square
// CHECK-SAME: (%[[A:.+]]: memref<?x1024xf32>, %{{.+}}: memref<1024x64xf32>, %{{.+}}: memref<?x64xf32>)
// CHECK: %[[SAVED:.+]] = llvm.intr.stacksave : !llvm.ptr
// CHECK-NEXT: %[[PA:.+]] = memref.alloca() {alignment = 64 : i64} : memref<256x16xf32>
// CHECK-COUNT-4: vector.maskedload %[[A]]
// CHECK-COUNT-64: vector.shuffle
// CHECK-COUNT-16: vector.store %{{.+}}, %[[PA]]
// CHECK: memref.load %[[PA]]
// CHECK: llvm.intr.stackrestore %[[SAVED]]
func.func @square(%a: memref<?x1024xf32>, %b: memref<1024x64xf32>, %c: memref<?x64xf32>) {
  linalg.matmul ins(%a, %b : memref<?x1024xf32>, memref<1024x64xf32>) outs(%c : memref<?x64xf32>)
  return
}

// -----

// Exported inference (lepton.stack_scratch) allocates nothing on the heap: B read in place, no
// packing switch; a transposed B packed into a stack buffer.
// Mutations seen failing: the stack_scratch attribute ignored.
// CHECK-LABEL: func.func @predict
// CHECK-NOT: memref.alloc
// CHECK-NOT: arith.cmpi uge
// CHECK: vector.fma
// CHECK-LABEL: func.func @predict_transposed
// CHECK: memref.alloca() {alignment = 64 : i64} : memref<25x128x32xf32>
// CHECK-NOT: memref.alloc(
// CHECK-NOT: memref.dealloc
// CHECK: return
#map_a = affine_map<(i, j, k) -> (i, k)>
#map_bt = affine_map<(i, j, k) -> (j, k)>
#map_c = affine_map<(i, j, k) -> (i, j)>
func.func @predict(%x: memref<8x784xf32>, %w: memref<784x128xf32>, %y: memref<8x128xf32>) attributes {lepton.stack_scratch} {
  linalg.matmul ins(%x, %w : memref<8x784xf32>, memref<784x128xf32>) outs(%y : memref<8x128xf32>)
  return
}
func.func @predict_transposed(%x: memref<8x128xf32>, %w: memref<784x128xf32>, %y: memref<8x784xf32>) attributes {lepton.stack_scratch} {
  linalg.matmul indexing_maps = [#map_a, #map_bt, #map_c]
    ins(%x, %w : memref<8x128xf32>, memref<784x128xf32>) outs(%y : memref<8x784xf32>)
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

// -----

// A weight gradient (A stored transposed, [k, row]) with a static row count, 7 = one 4-row block
// + 3: the block packs A's rows [k][row] into stack scratch (a tile's k values then sit on one line)
// and the 3 leftover rows are one tile of 3 rows × 2 vectors, not a 2-row and a 1-row tile.
// Mutations seen failing: the remainder as power-of-two tiles; a transposed A read in place.
// CHECK-LABEL: func.func @weight_gradient_static_rows
// CHECK-SAME: (%[[X:.+]]: memref<?x7xf32>, %{{.+}}: memref<?x32xf32>, %[[DW:.+]]: memref<7x32xf32>)
// CHECK: %[[SAVED:.+]] = llvm.intr.stacksave : !llvm.ptr
// CHECK-NEXT: %[[PA:.+]] = memref.alloca() {alignment = 64 : i64} : memref<{{[0-9]+}}x16xf32>
// CHECK: vector.maskedload %[[X]]
// CHECK: vector.store %{{.+}}, %[[PA]]
// CHECK: memref.load %[[PA]]
// CHECK: llvm.intr.stackrestore %[[SAVED]]
// CHECK-NOT: scf.if
// CHECK: scf.for {{.+}} iter_args({{.+}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
// CHECK-COUNT-3: memref.load %[[X]]
// CHECK-NOT: memref.load
// CHECK: scf.yield {{.+}} : vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
// CHECK-NOT: scf.for
// CHECK: } else {
#map_at = affine_map<(i, j, k) -> (k, i)>
#map_b = affine_map<(i, j, k) -> (k, j)>
#map_c = affine_map<(i, j, k) -> (i, j)>
func.func @weight_gradient_static_rows(%x: memref<?x7xf32>, %dy: memref<?x32xf32>, %dw: memref<7x32xf32>) {
  linalg.matmul indexing_maps = [#map_at, #map_b, #map_c]
    ins(%x, %dy : memref<?x7xf32>, memref<?x32xf32>) outs(%dw : memref<7x32xf32>)
  return
}

// -----

// A dense layer's weight gradient over a static batch of 64: a k block of 64 (at most 128) reads
// A's lines in place, from L1 across the panels; packing them would only add the copy (the
// Fashion-MNIST MLP's first layer ran 2–3 % of its trainer faster without it).
// Mutations seen failing: every transposed A packed.
// CHECK-LABEL: func.func @weight_gradient_short_k
// CHECK-SAME: (%[[X:.+]]: memref<64x20xf32>, %{{.+}}: memref<64x32xf32>, %[[DW:.+]]: memref<20x32xf32>)
// CHECK-NOT: llvm.intr.stacksave
// CHECK-NOT: memref.alloca() {alignment = 64 : i64} : memref<64x16xf32>
// CHECK: scf.for {{.+}} iter_args({{.+}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
// CHECK-COUNT-4: memref.load %[[X]]
// CHECK: scf.yield
#map_at2 = affine_map<(i, j, k) -> (k, i)>
#map_b2 = affine_map<(i, j, k) -> (k, j)>
#map_c2 = affine_map<(i, j, k) -> (i, j)>
func.func @weight_gradient_short_k(%x: memref<64x20xf32>, %dy: memref<64x32xf32>, %dw: memref<20x32xf32>) {
  linalg.matmul indexing_maps = [#map_at2, #map_b2, #map_c2]
    ins(%x, %dy : memref<64x20xf32>, memref<64x32xf32>) outs(%dw : memref<20x32xf32>)
  return
}

// -----

// A bias gradient beside its weight gradient, as lepton-parallelize leaves them: the contraction in the
// else branch of the thread-count if, db's subview, fill and column sums after it. The sums move into
// the kernel's remainder tile (3 rows of dW + 1 of sums = 4 rows × 2 vectors, each B vector added
// into the sums row, which starts from the fill's value in the first k block) and db's fill into
// the K = 0 branch after the kernel; the then branch (the threaded form) ends with
// its own fill and reduction.
// Mutations seen failing: no copy of the fill and the sums in the then branch.
// CHECK-LABEL: func.func @bias_gradient_split
// CHECK: scf.if %{{.+}} {
// CHECK: linalg.fill {{.+}} outs(%[[DW:.+]] :
// CHECK-NEXT: linalg.fill ins(%{{.+}} : f32) outs(%[[DB:.+]] : memref<32xf32, strided<[1], offset: 224>>)
// CHECK-NEXT: linalg.generic {{.+}} ins(%[[DY:.+]] : memref<?x32xf32>) outs(%[[DB]] :
// CHECK: } else {
// CHECK-NOT: linalg.generic
// CHECK: scf.if %{{.+}} -> (vector<16xf32>, vector<16xf32>) {
// CHECK: scf.for {{.+}} iter_args({{.+}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
// CHECK-COUNT-3: memref.load %{{.+}} : memref<?x7xf32>
// CHECK: arith.addf %{{.+}}, %{{.+}} : vector<16xf32>
// CHECK-NEXT: arith.addf %{{.+}}, %{{.+}} : vector<16xf32>
// CHECK: vector.store %{{.+}}, %[[DB]]
// CHECK: linalg.fill ins(%{{.+}} : f32) outs(%[[DB]] :
// CHECK-NOT: linalg.generic
// CHECK: return
#map_at = affine_map<(i, j, k) -> (k, i)>
#map_b = affine_map<(i, j, k) -> (k, j)>
#map_c = affine_map<(i, j, k) -> (i, j)>
func.func @bias_gradient_split(%x: memref<?x7xf32>, %k: index, %g: memref<256xf32>, %threads: i1) {
  %zero = arith.constant 0.0 : f32
  %dy = memref.alloc(%k) : memref<?x32xf32>
  %dw_flat = memref.subview %g[0] [224] [1] : memref<256xf32> to memref<224xf32, strided<[1]>>
  %dw = memref.expand_shape %dw_flat [[0, 1]] output_shape [7, 32] : memref<224xf32, strided<[1]>> into memref<7x32xf32>
  scf.if %threads {
    linalg.fill ins(%zero : f32) outs(%dw : memref<7x32xf32>)
  } else {
    linalg.matmul indexing_maps = [#map_at, #map_b, #map_c]
      ins(%x, %dy : memref<?x7xf32>, memref<?x32xf32>) outs(%dw : memref<7x32xf32>)
  }
  %db = memref.subview %g[224] [32] [1] : memref<256xf32> to memref<32xf32, strided<[1], offset: 224>>
  linalg.fill ins(%zero : f32) outs(%db : memref<32xf32, strided<[1], offset: 224>>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>],
                  iterator_types = ["reduction", "parallel"]}
      ins(%dy : memref<?x32xf32>) outs(%db : memref<32xf32, strided<[1], offset: 224>>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %acc, %in : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A column chunk of a thin weight gradient, as lepton-parallelize makes them: dW's and db's columns at a
// dynamic offset, each inside a static slice of the flat gradient vector ([0, 288) and [288, 320)), so
// still provably disjoint: the chunk's sums fold into its kernel.
// Mutations seen failing: disjointness judged on the views' own (dynamic) ranges only.
// CHECK-LABEL: func.func @bias_gradient_column_chunk
// CHECK-NOT: linalg.generic
// CHECK: vector.store %{{.+}}, %[[DBC:.+]][%{{.+}}] : memref<16xf32, strided<[1], offset: ?>>
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @bias_gradient_column_chunk(%x: memref<?x9xf32>, %rows: index, %g: memref<320xf32>, %first: index) {
  %zero = arith.constant 0.0 : f32
  %dy = memref.alloc(%rows) : memref<?x32xf32>
  %dw_flat = memref.subview %g[0] [288] [1] : memref<320xf32> to memref<288xf32, strided<[1]>>
  %dw = memref.expand_shape %dw_flat [[0, 1]] output_shape [9, 32] : memref<288xf32, strided<[1]>> into memref<9x32xf32>
  %db = memref.subview %g[288] [32] [1] : memref<320xf32> to memref<32xf32, strided<[1], offset: 288>>
  %dwc = memref.subview %dw[0, %first] [9, 16] [1, 1] : memref<9x32xf32> to memref<9x16xf32, strided<[32, 1], offset: ?>>
  %dyc = memref.subview %dy[0, %first] [%rows, 16] [1, 1] : memref<?x32xf32> to memref<?x16xf32, strided<[32, 1], offset: ?>>
  %dbc = memref.subview %db[%first] [16] [1] : memref<32xf32, strided<[1], offset: 288>> to memref<16xf32, strided<[1], offset: ?>>
  linalg.fill ins(%zero : f32) outs(%dwc : memref<9x16xf32, strided<[32, 1], offset: ?>>)
  linalg.matmul indexing_maps = [affine_map<(i, j, k) -> (k, i)>, affine_map<(i, j, k) -> (k, j)>, affine_map<(i, j, k) -> (i, j)>]
    ins(%x, %dyc : memref<?x9xf32>, memref<?x16xf32, strided<[32, 1], offset: ?>>) outs(%dwc : memref<9x16xf32, strided<[32, 1], offset: ?>>)
  linalg.fill ins(%zero : f32) outs(%dbc : memref<16xf32, strided<[1], offset: ?>>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>],
                  iterator_types = ["reduction", "parallel"]}
      ins(%dyc : memref<?x16xf32, strided<[32, 1], offset: ?>>) outs(%dbc : memref<16xf32, strided<[1], offset: ?>>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %acc, %in : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Not folded: dy written between the contraction and the column sums (they must read the new
// values), and a db that overlaps dW's slice of the gradient vector.
// Mutations seen failing: ops between not checked for memory effects; the overlap check dropped.
// CHECK-LABEL: func.func @bias_gradient_kept
// CHECK: memref.store
// CHECK: linalg.generic
// CHECK-LABEL: func.func @bias_gradient_overlapping
// CHECK: linalg.generic
#map_at = affine_map<(i, j, k) -> (k, i)>
#map_b = affine_map<(i, j, k) -> (k, j)>
#map_c = affine_map<(i, j, k) -> (i, j)>
func.func @bias_gradient_kept(%x: memref<?x7xf32>, %k: index, %g: memref<256xf32>) {
  %zero = arith.constant 0.0 : f32
  %dy = memref.alloc(%k) : memref<?x32xf32>
  %dw_flat = memref.subview %g[0] [224] [1] : memref<256xf32> to memref<224xf32, strided<[1]>>
  %dw = memref.expand_shape %dw_flat [[0, 1]] output_shape [7, 32] : memref<224xf32, strided<[1]>> into memref<7x32xf32>
  linalg.matmul indexing_maps = [#map_at, #map_b, #map_c]
    ins(%x, %dy : memref<?x7xf32>, memref<?x32xf32>) outs(%dw : memref<7x32xf32>)
  %c0 = arith.constant 0 : index
  memref.store %zero, %dy[%c0, %c0] : memref<?x32xf32>
  %db = memref.subview %g[224] [32] [1] : memref<256xf32> to memref<32xf32, strided<[1], offset: 224>>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>],
                  iterator_types = ["reduction", "parallel"]}
      ins(%dy : memref<?x32xf32>) outs(%db : memref<32xf32, strided<[1], offset: 224>>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %acc, %in : f32
    linalg.yield %s : f32
  }
  return
}
func.func @bias_gradient_overlapping(%x: memref<?x7xf32>, %k: index, %g: memref<256xf32>) {
  %dy = memref.alloc(%k) : memref<?x32xf32>
  %dw_flat = memref.subview %g[0] [224] [1] : memref<256xf32> to memref<224xf32, strided<[1]>>
  %dw = memref.expand_shape %dw_flat [[0, 1]] output_shape [7, 32] : memref<224xf32, strided<[1]>> into memref<7x32xf32>
  linalg.matmul indexing_maps = [#map_at, #map_b, #map_c]
    ins(%x, %dy : memref<?x7xf32>, memref<?x32xf32>) outs(%dw : memref<7x32xf32>)
  %db = memref.subview %g[200] [32] [1] : memref<256xf32> to memref<32xf32, strided<[1], offset: 200>>
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>],
                  iterator_types = ["reduction", "parallel"]}
      ins(%dy : memref<?x32xf32>) outs(%db : memref<32xf32, strided<[1], offset: 200>>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %acc, %in : f32
    linalg.yield %s : f32
  }
  return
}
