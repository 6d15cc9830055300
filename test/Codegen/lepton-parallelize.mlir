// lepton-parallelize: a large non-contraction linalg op whose first dimension is parallel becomes loops whose
// outer one is scf.parallel (inner ones scf.for, in order); a large contraction becomes an scf.parallel over row
// chunks of itself; small ops, ops whose first dimension is a reduction and functions marked lepton.stack_scratch
// stay as they are.
// Mutations seen failing: the first-dimension reduction check removed (@reduction_first split), the zero fill
// not moved with its matmul (@zero_filled).
// RUN: lepton-opt %s --split-input-file --lepton-parallelize | FileCheck %s
// RUN: lepton-opt %s --split-input-file --lepton-parallelize=min-work=1000000000 | FileCheck %s --check-prefix=HIGH

#id = affine_map<(d0, d1) -> (d0, d1)>

// With one thread (lepton_thread_count() = 1) the op runs as it was, in the else branch.
// CHECK-LABEL: func.func @large_elementwise(
// CHECK:         %[[T32:.*]] = call @lepton_thread_count() : () -> i32
// CHECK:         %[[T:.*]] = arith.index_cast %[[T32]] : i32 to index
// CHECK:         %[[SEVERAL:.*]] = arith.cmpi ugt, %[[T]], %{{.*}}
// CHECK:         scf.if %[[SEVERAL]] {
// CHECK:         scf.parallel (%[[I:.*]]) = (%{{.*}}) to (%{{.*}}) step (%{{.*}}) {
// CHECK:           scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK:             %[[ROW:.*]] = affine.apply #{{.*}}(%[[I]])
// CHECK:             %[[COL:.*]] = affine.apply #{{.*}}(%[[J]])
// CHECK:             memref.load %arg0[%[[ROW]], %[[COL]]]
// CHECK:             arith.maximumf
// CHECK:             memref.store
// CHECK:         } else {
// CHECK-NEXT:      linalg.generic
// CHECK:       func.func private @lepton_thread_count() -> i32
// HIGH-LABEL: func.func @large_elementwise(
// HIGH-NOT:     scf.parallel
// HIGH:         linalg.generic
func.func @large_elementwise(%x: memref<512x1024xf32>, %y: memref<512x1024xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<512x1024xf32>) outs(%y : memref<512x1024xf32>) {
  ^bb0(%a: f32, %b: f32):
    %r = arith.maximumf %a, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>

// A dynamic first extent (a batch) counts as 64 rows: 64 x 8192 points reach the default threshold (2^18).
// CHECK-LABEL: func.func @dynamic_rows(
// CHECK:         scf.parallel
func.func @dynamic_rows(%x: memref<?x8192xf32>, %y: memref<?x8192xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<?x8192xf32>) outs(%y : memref<?x8192xf32>) {
  ^bb0(%a: f32, %b: f32):
    %r = arith.maximumf %a, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>

// CHECK-LABEL: func.func @small(
// CHECK-NOT:     scf.parallel
// CHECK:         linalg.generic
func.func @small(%x: memref<16x16xf32>, %y: memref<16x16xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<16x16xf32>) outs(%y : memref<16x16xf32>) {
  ^bb0(%a: f32, %b: f32):
    %r = arith.maximumf %a, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// A sum over the first dimension (a bias gradient over the batch) would split one output's sum.
// CHECK-LABEL: func.func @reduction_first(
// CHECK-NOT:     scf.parallel
// CHECK:         linalg.generic
func.func @reduction_first(%x: memref<1024x512xf32>, %y: memref<512xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>],
                  iterator_types = ["reduction", "parallel"]}
      ins(%x : memref<1024x512xf32>) outs(%y : memref<512xf32>) {
  ^bb0(%a: f32, %b: f32):
    %r = arith.addf %a, %b : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// A sum over the second dimension keeps its order inside each thread's rows.
// CHECK-LABEL: func.func @reduction_inner(
// CHECK:         scf.parallel
// CHECK:           scf.for
// CHECK:             arith.addf
func.func @reduction_inner(%x: memref<1024x512xf32>, %y: memref<1024xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<1024x512xf32>) outs(%y : memref<1024xf32>) {
  ^bb0(%a: f32, %b: f32):
    %r = arith.addf %a, %b : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// A matmul is cut by rows: chunks = min(threads, ceil(rows / 8), work / min-work), at least 1, each a
// whole number of 8-row granules; every chunk is the same matmul on subviews of A's and C's rows (B whole);
// a single chunk runs the matmul as it was.
// CHECK-LABEL: func.func @matmul(
// CHECK:         %[[T32:.*]] = call @lepton_thread_count() : () -> i32
// CHECK:         %[[T:.*]] = arith.index_cast %[[T32]] : i32 to index
// CHECK:         %[[C8:.*]] = arith.constant 8 : index
// CHECK:         %[[GRANULES:.*]] = arith.ceildivui %[[ROWS:.*]], %[[C8]]
// CHECK:         %[[C1:.*]] = arith.constant 1 : index
// CHECK:         %[[MIN:.*]] = arith.constant 262144 : index
// CHECK:         %[[BYWORK:.*]] = arith.divui %{{.*}}, %[[MIN]]
// CHECK:         %[[BYWORK1:.*]] = arith.maxui %[[BYWORK]], %[[C1]]
// CHECK:         %[[M1:.*]] = arith.minui %[[T]], %[[GRANULES]]
// CHECK:         %[[M2:.*]] = arith.minui %[[M1]], %[[BYWORK1]]
// CHECK:         %[[CHUNKS:.*]] = arith.maxui %[[M2]], %{{.*}}
// CHECK:         %[[PER:.*]] = arith.ceildivui %[[GRANULES]], %[[CHUNKS]]
// CHECK:         %[[CHUNKROWS:.*]] = arith.muli %[[PER]], %[[C8]]
// CHECK:         %[[N:.*]] = arith.ceildivui %[[ROWS]], %[[CHUNKROWS]]
// CHECK:         %[[SEVERAL:.*]] = arith.cmpi ugt, %[[N]], %{{.*}}
// CHECK:         scf.if %[[SEVERAL]] {
// CHECK:         scf.parallel (%[[I:.*]]) = (%{{.*}}) to (%[[N]]) step (%{{.*}}) {
// CHECK:           %[[FIRST:.*]] = arith.muli %[[I]], %[[CHUNKROWS]]
// CHECK:           %[[LEFT:.*]] = arith.subi %[[ROWS]], %[[FIRST]]
// CHECK:           %[[COUNT:.*]] = arith.minui %[[CHUNKROWS]], %[[LEFT]]
// CHECK-DAG:       %[[A:.*]] = memref.subview %arg0[%[[FIRST]], 0] [%[[COUNT]], 300] [1, 1]
// CHECK-DAG:       %[[C:.*]] = memref.subview %arg2[%[[FIRST]], 0] [%[[COUNT]], 200] [1, 1]
// CHECK:           linalg.matmul ins(%[[A]], %arg1 : {{.*}}) outs(%[[C]] : {{.*}})
// CHECK:           scf.reduce
// CHECK:         } else {
// CHECK-NEXT:      linalg.matmul ins(%arg0, %arg1 : {{.*}}) outs(%arg2 : {{.*}})
// CHECK-NEXT:    }
// CHECK:       func.func private @lepton_thread_count() -> i32
// HIGH-LABEL: func.func @matmul(
// HIGH-NOT:     scf.parallel
// HIGH:         linalg.matmul
func.func @matmul(%a: memref<?x300xf32>, %b: memref<300x200xf32>, %c: memref<?x200xf32>) {
  linalg.matmul ins(%a, %b : memref<?x300xf32>, memref<300x200xf32>) outs(%c : memref<?x200xf32>)
  return
}

// -----

// A transposed A (a weight gradient Xᵀ·dY) is cut along its columns, which are C's rows.
// CHECK-LABEL: func.func @transposed_a(
// CHECK:         scf.parallel
// CHECK-DAG:       %[[A:.*]] = memref.subview %arg0[0, %[[FIRST:.*]]] [64, %[[COUNT:.*]]] [1, 1]
// CHECK-DAG:       %[[C:.*]] = memref.subview %arg2[%[[FIRST]], 0] [%[[COUNT]], 128] [1, 1]
// CHECK:           linalg.generic {{.*}} ins(%[[A]], %arg1 : {{.*}}) outs(%[[C]] : {{.*}})
func.func @transposed_a(%x: memref<64x784xf32>, %dy: memref<64x128xf32>, %dw: memref<784x128xf32>) {
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (k, n)>,
                                   affine_map<(m, n, k) -> (m, n)>],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%x, %dy : memref<64x784xf32>, memref<64x128xf32>) outs(%dw : memref<784x128xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %c, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A thin weight gradient (9 rows: a 3×3×1 convolution's, over 43,264 rows of dy) with its bias gradient
// after it: both are summed in 12 parts along k, the rows of x and dy, whatever the thread count — the parts
// an scf.parallel with several threads, an scf.for with one, each computing its partial dW and db in buffers
// of its own (zero fills, the contraction on its rows and the sums on its rows of dy, which
// lepton-matmul-to-vector folds into one kernel) — then dW and db, after their fills, add the 12 parts in
// order. A row cut would have both chunks stream all of dy; a column cut had each thread read all of it too.
// Mutations seen failing: the serial branch's parts cut differently from the parallel ones (1 and 2 threads
// then differ: test/Trainer/threads.test), part p's db summed over dy's rows from 0 (wrong rows).
// CHECK-LABEL: func.func @thin_weight_gradient(
// CHECK:         %[[DW:.*]] = memref.expand_shape
// CHECK-NEXT:    linalg.fill ins(%{{.*}} : f32) outs(%[[DW]] : memref<9x32xf32>)
// CHECK-NEXT:    %[[DB:.*]] = memref.subview %arg2[288] [32] [1]
// CHECK:         %[[K:.*]] = memref.dim %[[DY:.*]], %{{.*}} : memref<43264x32xf32>
// CHECK-NEXT:    %[[TWELVE:.*]] = arith.constant 12 : index
// CHECK-NEXT:    %[[ROWS:.*]] = arith.ceildivui %[[K]], %[[TWELVE]] : index
// CHECK-NEXT:    %[[PW:.*]] = memref.alloc() : memref<12x9x32xf32>
// CHECK-NEXT:    %[[PB:.*]] = memref.alloc() : memref<12x32xf32>
// CHECK:         scf.if %{{.*}} {
// CHECK-NEXT:      scf.parallel (%[[P:.*]]) = (%{{.*}}) to (%[[TWELVE]]) step (%{{.*}}) {
// CHECK-NEXT:        %[[START:.*]] = arith.muli %[[P]], %[[ROWS]] : index
// CHECK-NEXT:        %[[FIRST:.*]] = arith.minui %[[START]], %[[K]] : index
// CHECK-NEXT:        %[[LEFT:.*]] = arith.subi %[[K]], %[[FIRST]] : index
// CHECK-NEXT:        %[[COUNT:.*]] = arith.minui %[[ROWS]], %[[LEFT]] : index
// CHECK-NEXT:        %[[PARTW:.*]] = memref.subview %[[PW]][%[[P]], 0, 0] [1, 9, 32] [1, 1, 1]
// CHECK-NEXT:        %[[PARTB:.*]] = memref.subview %[[PB]][%[[P]], 0] [1, 32] [1, 1]
// CHECK-NEXT:        %[[XP:.*]] = memref.subview %arg0[%[[FIRST]], 0] [%[[COUNT]], 9] [1, 1]
// CHECK-NEXT:        %[[DYP:.*]] = memref.subview %[[DY]][%[[FIRST]], 0] [%[[COUNT]], 32] [1, 1]
// CHECK-NEXT:        linalg.fill ins(%{{.*}} : f32) outs(%[[PARTW]] : {{.*}})
// CHECK-NEXT:        linalg.matmul {{.*}} ins(%[[XP]], %[[DYP]] : {{.*}}) outs(%[[PARTW]] : {{.*}})
// CHECK-NEXT:        linalg.fill ins(%{{.*}} : f32) outs(%[[PARTB]] : {{.*}})
// CHECK-NEXT:        linalg.generic {{.*}} ins(%[[DYP]] : {{.*}}) outs(%[[PARTB]] : {{.*}})
// CHECK:         } else {
// CHECK-NEXT:      scf.for %[[S:.*]] = %{{.*}} to %[[TWELVE]] step %{{.*}} {
// CHECK-NEXT:        %[[START:.*]] = arith.muli %[[S]], %[[ROWS]] : index
// CHECK-NEXT:        %[[FIRST:.*]] = arith.minui %[[START]], %[[K]] : index
// CHECK-NEXT:        %[[LEFT:.*]] = arith.subi %[[K]], %[[FIRST]] : index
// CHECK-NEXT:        %[[COUNT:.*]] = arith.minui %[[ROWS]], %[[LEFT]] : index
// CHECK-NEXT:        %[[PARTW:.*]] = memref.subview %[[PW]][%[[S]], 0, 0] [1, 9, 32] [1, 1, 1]
// CHECK-NEXT:        %[[PARTB:.*]] = memref.subview %[[PB]][%[[S]], 0] [1, 32] [1, 1]
// CHECK-NEXT:        %[[XP:.*]] = memref.subview %arg0[%[[FIRST]], 0] [%[[COUNT]], 9] [1, 1]
// CHECK-NEXT:        %[[DYP:.*]] = memref.subview %[[DY]][%[[FIRST]], 0] [%[[COUNT]], 32] [1, 1]
// CHECK-NEXT:        linalg.fill ins(%{{.*}} : f32) outs(%[[PARTW]] : {{.*}})
// CHECK-NEXT:        linalg.matmul {{.*}} ins(%[[XP]], %[[DYP]] : {{.*}}) outs(%[[PARTW]] : {{.*}})
// CHECK-NEXT:        linalg.fill ins(%{{.*}} : f32) outs(%[[PARTB]] : {{.*}})
// CHECK-NEXT:        linalg.generic {{.*}} ins(%[[DYP]] : {{.*}}) outs(%[[PARTB]] : {{.*}})
// CHECK:             }
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    linalg.generic {indexing_maps = [#[[PARTMAP:.*]], #{{.*}}], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[PW]] : memref<12x9x32xf32>) outs(%[[DW]] : memref<9x32xf32>)
// CHECK:         linalg.fill ins(%{{.*}} : f32) outs(%[[DB]] : {{.*}})
// CHECK-NEXT:    linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[PB]] : memref<12x32xf32>) outs(%[[DB]] : {{.*}})
// CHECK:         memref.dealloc %[[PW]]
// CHECK-NEXT:    memref.dealloc %[[PB]]
// CHECK-NEXT:    return
func.func @thin_weight_gradient(%x: memref<43264x9xf32>, %dy_in: memref<43264x32xf32>, %g: memref<320xf32>) {
  %zero = arith.constant 0.0 : f32
  %dy = memref.alloc() : memref<43264x32xf32>
  memref.copy %dy_in, %dy : memref<43264x32xf32> to memref<43264x32xf32>
  %dw_flat = memref.subview %g[0] [288] [1] : memref<320xf32> to memref<288xf32, strided<[1]>>
  %dw = memref.expand_shape %dw_flat [[0, 1]] output_shape [9, 32] : memref<288xf32, strided<[1]>> into memref<9x32xf32>
  linalg.fill ins(%zero : f32) outs(%dw : memref<9x32xf32>)
  linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (k, n)>,
                                 affine_map<(m, n, k) -> (m, n)>]
    ins(%x, %dy : memref<43264x9xf32>, memref<43264x32xf32>) outs(%dw : memref<9x32xf32>)
  %db = memref.subview %g[288] [32] [1] : memref<320xf32> to memref<32xf32, strided<[1], offset: 288>>
  linalg.fill ins(%zero : f32) outs(%db : memref<32xf32, strided<[1], offset: 288>>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>],
                  iterator_types = ["reduction", "parallel"]}
      ins(%dy : memref<43264x32xf32>) outs(%db : memref<32xf32, strided<[1], offset: 288>>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %acc, %in : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// The form `fuse: off` gives (separate gradient buffers): dW and db fresh allocations, db's made between the
// contraction and the sums, and 24 columns (not a whole vector). db's allocation moves above the contraction
// and the two are summed in parts as above.
// Mutation seen failing: allocations between the contraction and the sums not skipped (lepton::takeColumnSumsOf).
// CHECK-LABEL: func.func @thin_weight_gradient_own_buffers(
// CHECK:         linalg.fill
// CHECK-NEXT:    %[[DB:.*]] = memref.alloc() : memref<24xf32>
// CHECK:         %[[K:.*]] = memref.dim
// CHECK:         memref.alloc() : memref<12x9x24xf32>
// CHECK-NEXT:    memref.alloc() : memref<12x24xf32>
// CHECK:         scf.parallel
// CHECK:           linalg.matmul
// CHECK-NEXT:      linalg.fill
// CHECK-NEXT:      linalg.generic
// CHECK:         scf.for
// CHECK:         linalg.generic {{.*}} ins(%{{.*}} : memref<12x9x24xf32>) outs(%arg2 : memref<9x24xf32>)
// CHECK:         linalg.fill ins(%{{.*}} : f32) outs(%[[DB]] : memref<24xf32>)
// CHECK-NEXT:    linalg.generic {{.*}} ins(%{{.*}} : memref<12x24xf32>) outs(%[[DB]] : memref<24xf32>)
func.func @thin_weight_gradient_own_buffers(%x: memref<43264x9xf32>, %dy_in: memref<43264x24xf32>,
                                            %dw: memref<9x24xf32>) -> memref<24xf32> {
  %zero = arith.constant 0.0 : f32
  %dy = memref.alloc() : memref<43264x24xf32>
  memref.copy %dy_in, %dy : memref<43264x24xf32> to memref<43264x24xf32>
  linalg.fill ins(%zero : f32) outs(%dw : memref<9x24xf32>)
  linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (k, n)>,
                                 affine_map<(m, n, k) -> (m, n)>]
    ins(%x, %dy : memref<43264x9xf32>, memref<43264x24xf32>) outs(%dw : memref<9x24xf32>)
  %db = memref.alloc() : memref<24xf32>
  linalg.fill ins(%zero : f32) outs(%db : memref<24xf32>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>],
                  iterator_types = ["reduction", "parallel"]}
      ins(%dy : memref<43264x24xf32>) outs(%db : memref<24xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %acc, %in : f32
    linalg.yield %s : f32
  }
  return %db : memref<24xf32>
}

// -----

// C's zero fill (nothing touching C in between) moves with the matmul: before it in the serial branch, and on
// each chunk's rows before each chunk's matmul, where lepton-matmul-to-vector folds it.
// CHECK-LABEL: func.func @zero_filled(
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NOT:     linalg.fill
// CHECK:         scf.if
// CHECK:         scf.parallel
// CHECK:           %[[C:.*]] = memref.subview %arg2
// CHECK:           linalg.fill ins(%[[ZERO]] : f32) outs(%[[C]] : {{.*}})
// CHECK-NEXT:      linalg.matmul ins(%{{.*}}, %arg1 : {{.*}}) outs(%[[C]] : {{.*}})
// CHECK:         } else {
// CHECK-NEXT:      linalg.fill ins(%[[ZERO]] : f32) outs(%arg2 : memref<?x200xf32>)
// CHECK-NEXT:      linalg.matmul ins(%arg0, %arg1 : {{.*}}) outs(%arg2 : {{.*}})
// CHECK-NEXT:    }
func.func @zero_filled(%a: memref<?x300xf32>, %b: memref<300x200xf32>, %c: memref<?x200xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<?x200xf32>)
  linalg.matmul ins(%a, %b : memref<?x300xf32>, memref<300x200xf32>) outs(%c : memref<?x200xf32>)
  return
}

// -----

// Below min-work (8 x 16 x 16 = 2,048 multiply-adds) a matmul stays whole, and nothing is declared.
// CHECK-LABEL: func.func @small_matmul(
// CHECK-NOT:     scf.parallel
// CHECK:         linalg.matmul
// CHECK-NOT:   lepton_thread_count
func.func @small_matmul(%a: memref<8x16xf32>, %b: memref<16x16xf32>, %c: memref<8x16xf32>) {
  linalg.matmul ins(%a, %b : memref<8x16xf32>, memref<16x16xf32>) outs(%c : memref<8x16xf32>)
  return
}

// -----

#id = affine_map<(d0, d1) -> (d0, d1)>

// Exported inference runs on its caller's thread.
// CHECK-LABEL: func.func @exported(
// CHECK-NOT:     scf.parallel
// CHECK:         linalg.generic
func.func @exported(%x: memref<512x1024xf32>, %y: memref<512x1024xf32>) attributes {lepton.stack_scratch} {
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<512x1024xf32>) outs(%y : memref<512x1024xf32>) {
  ^bb0(%a: f32, %b: f32):
    %r = arith.maximumf %a, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// A loop of lepton-slice-patches whose slices are independent: with threads its iterations are those of an
// scf.parallel, each with scratch of its own (the loop's hoisted buffer allocated and freed per slice), and
// the ops inside are not cut again; with one thread, the loop as it was. A loop without the mark (a sum over
// slices) stays a loop.
// Mutations seen failing: the scratch shared by the parallel iterations; the ops inside cut into row chunks.
// CHECK-LABEL: func.func @independent_slices(
// CHECK:         %[[SCRATCH:.*]] = memref.alloc() : memref<64x128xf32>
// CHECK:         scf.if %{{.*}} {
// CHECK-NEXT:      scf.parallel (%[[I:.*]]) = (%{{.*}}) to (%{{.*}}) step (%{{.*}}) {
// CHECK-NEXT:        %[[OWN:.*]] = memref.alloc() : memref<64x128xf32>
// CHECK-NOT:         scf.parallel
// CHECK:             linalg.copy ins(%{{.*}} : memref<64x128xf32, strided<[128, 1], offset: ?>>) outs(%[[OWN]] : memref<64x128xf32>)
// CHECK-NOT:         scf.parallel
// CHECK:             linalg.matmul ins(%[[OWN]], %{{.*}} : memref<64x128xf32>, memref<128x64xf32>)
// CHECK-NEXT:        memref.dealloc %[[OWN]]
// CHECK-NEXT:        scf.reduce
// CHECK:         } else {
// CHECK-NEXT:      scf.for
// CHECK-NOT:         scf.parallel
// CHECK:             linalg.copy {{.*}} outs(%[[SCRATCH]] : memref<64x128xf32>)
// CHECK-NOT:         scf.parallel
// CHECK:         memref.dealloc %[[SCRATCH]]
// CHECK-LABEL: func.func @summed_slices(
// CHECK:         scf.for
// CHECK-NOT:     memref.alloc
// CHECK:         return
func.func @independent_slices(%x: memref<256x128xf32>, %w: memref<128x64xf32>, %y: memref<256x64xf32>) {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %c256 = arith.constant 256 : index
  %zero = arith.constant 0.0 : f32
  %scratch = memref.alloc() : memref<64x128xf32>
  scf.for %i = %c0 to %c256 step %c64 {
    %rows = memref.subview %x[%i, 0] [64, 128] [1, 1] : memref<256x128xf32> to memref<64x128xf32, strided<[128, 1], offset: ?>>
    linalg.copy ins(%rows : memref<64x128xf32, strided<[128, 1], offset: ?>>) outs(%scratch : memref<64x128xf32>)
    %out = memref.subview %y[%i, 0] [64, 64] [1, 1] : memref<256x64xf32> to memref<64x64xf32, strided<[64, 1], offset: ?>>
    linalg.fill ins(%zero : f32) outs(%out : memref<64x64xf32, strided<[64, 1], offset: ?>>)
    linalg.matmul ins(%scratch, %w : memref<64x128xf32>, memref<128x64xf32>) outs(%out : memref<64x64xf32, strided<[64, 1], offset: ?>>)
  } {lepton.independent_slices}
  memref.dealloc %scratch : memref<64x128xf32>
  return
}
func.func @summed_slices(%x: memref<256x128xf32>, %dy: memref<256x64xf32>, %dw: memref<128x64xf32>) {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %c256 = arith.constant 256 : index
  scf.for %i = %c0 to %c256 step %c64 {
    %rows = memref.subview %x[%i, 0] [64, 128] [1, 1] : memref<256x128xf32> to memref<64x128xf32, strided<[128, 1], offset: ?>>
    %dys = memref.subview %dy[%i, 0] [64, 64] [1, 1] : memref<256x64xf32> to memref<64x64xf32, strided<[64, 1], offset: ?>>
    linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%rows, %dys : memref<64x128xf32, strided<[128, 1], offset: ?>>, memref<64x64xf32, strided<[64, 1], offset: ?>>) outs(%dw : memref<128x64xf32>)
  }
  return
}

// -----

// A loop of lepton-slice-patches that sums over slices (a weight gradient and its bias gradient): with threads,
// one scf.parallel over row chunks of dW, each thread running every slice — its own copy of the slice's scratch,
// its rows of the product (A's columns, C's rows) — and the first chunk also the sums, next to its product. The
// ops inside are not forked one by one; with one thread, the loop as it was.
// Mutations seen failing: the scratch shared between the chunks; the sums run by every chunk.
// CHECK-LABEL: func.func @summed_slices_marked(
// CHECK-SAME:    %[[X:[^:]*]]: memref<256x128xf32>, %[[DY:[^:]*]]: memref<256x64xf32>, %[[DW:[^:]*]]: memref<128x64xf32>, %[[DB:[^:]*]]: memref<64xf32>
// CHECK:         %[[SCRATCH:.*]] = memref.alloc() : memref<64x128xf32>
// CHECK:         scf.if %{{.*}} {
// CHECK:           scf.parallel (%[[CHUNK:.*]]) = (%{{.*}}) to (%{{.*}}) step (%{{.*}}) {
// CHECK-NEXT:        %[[FIRST:.*]] = arith.muli %[[CHUNK]], %{{.*}} : index
// CHECK:             %[[OWN:.*]] = memref.alloc() : memref<64x128xf32>
// CHECK-NEXT:        scf.for
// CHECK-NOT:           scf.parallel
// CHECK:               linalg.copy {{.*}} outs(%[[OWN]] : memref<64x128xf32>)
// CHECK:               %[[A:.*]] = memref.subview %[[OWN]][0, %[[FIRST]]] [64, %{{.*}}] [1, 1]
// CHECK:               %[[C:.*]] = memref.subview %[[DW]][%[[FIRST]], 0] [%{{.*}}, 64] [1, 1]
// CHECK:               scf.if %{{.*}} {
// CHECK-NEXT:            linalg.matmul {{.*}} ins(%[[A]], %{{.*}} : {{.*}}) outs(%[[C]] : {{.*}})
// CHECK-NEXT:            linalg.generic {{.*}} outs(%[[DB]] : memref<64xf32>)
// CHECK:               } else {
// CHECK-NEXT:            linalg.matmul {{.*}} ins(%[[A]], %{{.*}} : {{.*}}) outs(%[[C]] : {{.*}})
// CHECK-NEXT:          }
// CHECK-NEXT:        }
// CHECK-NEXT:        memref.dealloc %[[OWN]]
// CHECK:         } else {
// CHECK-NEXT:      scf.for
// CHECK-NOT:         scf.parallel
// CHECK:             linalg.copy {{.*}} outs(%[[SCRATCH]] : memref<64x128xf32>)
// CHECK-NOT:         scf.parallel
// CHECK:         memref.dealloc %[[SCRATCH]]
func.func @summed_slices_marked(%x: memref<256x128xf32>, %dy: memref<256x64xf32>, %dw: memref<128x64xf32>, %db: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %c256 = arith.constant 256 : index
  %scratch = memref.alloc() : memref<64x128xf32>
  scf.for %i = %c0 to %c256 step %c64 {
    %rows = memref.subview %x[%i, 0] [64, 128] [1, 1] : memref<256x128xf32> to memref<64x128xf32, strided<[128, 1], offset: ?>>
    linalg.copy ins(%rows : memref<64x128xf32, strided<[128, 1], offset: ?>>) outs(%scratch : memref<64x128xf32>)
    %dys = memref.subview %dy[%i, 0] [64, 64] [1, 1] : memref<256x64xf32> to memref<64x64xf32, strided<[64, 1], offset: ?>>
    linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%scratch, %dys : memref<64x128xf32>, memref<64x64xf32, strided<[64, 1], offset: ?>>) outs(%dw : memref<128x64xf32>)
    linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>], iterator_types = ["reduction", "parallel"]}
        ins(%dys : memref<64x64xf32, strided<[64, 1], offset: ?>>) outs(%db : memref<64xf32>) {
    ^bb0(%in: f32, %acc: f32):
      %s = arith.addf %acc, %in : f32
      linalg.yield %s : f32
    }
  } {lepton.summed_slices}
  memref.dealloc %scratch : memref<64x128xf32>
  return
}

// -----

// The same with the slice's scratch written by loops of row copies (im2col copying window rows): each chunk
// copies into scratch of its own.
// Mutation seen failing: loops of copies not taken for scratch writers (the loop's ops then cut one by one).
// CHECK-LABEL: func.func @summed_slices_row_copies(
// CHECK:         scf.parallel
// CHECK:           %[[OWN:.*]] = memref.alloc() : memref<64x128xf32>
// CHECK-NEXT:      scf.for
// CHECK:             scf.for
// CHECK:               memref.copy %{{.*}}, %{{.*}} : memref<128xf32, strided<[1], offset: ?>> to memref<128xf32, strided<[1], offset: ?>>
// CHECK:             scf.if
// CHECK:         } else {
func.func @summed_slices_row_copies(%x: memref<256x128xf32>, %dy: memref<256x64xf32>, %dw: memref<128x64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c256 = arith.constant 256 : index
  %scratch = memref.alloc() : memref<64x128xf32>
  scf.for %i = %c0 to %c256 step %c64 {
    scf.for %r = %c0 to %c64 step %c1 {
      %row = arith.addi %i, %r : index
      %from = memref.subview %x[%row, 0] [1, 128] [1, 1] : memref<256x128xf32> to memref<128xf32, strided<[1], offset: ?>>
      %to = memref.subview %scratch[%r, 0] [1, 128] [1, 1] : memref<64x128xf32> to memref<128xf32, strided<[1], offset: ?>>
      memref.copy %from, %to : memref<128xf32, strided<[1], offset: ?>> to memref<128xf32, strided<[1], offset: ?>>
    }
    %dys = memref.subview %dy[%i, 0] [64, 64] [1, 1] : memref<256x64xf32> to memref<64x64xf32, strided<[64, 1], offset: ?>>
    linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%scratch, %dys : memref<64x128xf32>, memref<64x64xf32, strided<[64, 1], offset: ?>>) outs(%dw : memref<128x64xf32>)
  } {lepton.summed_slices}
  memref.dealloc %scratch : memref<64x128xf32>
  return
}

// -----

// Row copies into patches that the product reads through a collapse (slice rows × (window row, element)):
// each thread's copy of the slice loop runs a copy only when it writes some of the chunk's columns of A
// (the rows of dW it computes) — window row kh covers columns [32 kh, 32 kh + 32).
// Mutations seen failing: the copies left unguarded; a copy's column range taken from its first dimension.
// CHECK-LABEL: func.func @summed_slices_window_rows(
// CHECK:         scf.parallel (%{{.*}}) = (%{{.*}}) to (%{{.*}}) step (%{{.*}}) {
// CHECK:           %[[FIRST:.*]] = arith.muli
// CHECK:           %[[COUNT:.*]] = arith.minui
// CHECK:           %[[OWN:.*]] = memref.alloc() : memref<8x3x32xf32>
// CHECK:           scf.for
// CHECK:             scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK:               scf.for %[[KH:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK:                 %[[TO:.*]] = memref.subview %[[OWN]][%{{.*}}, %[[KH]], 0] [1, 1, 32] [1, 1, 1]
// CHECK:                 %[[C32:.*]] = arith.constant 32 : index
// CHECK:                 %[[LOW:.*]] = arith.muli %[[KH]], %[[C32]] : index
// CHECK:                 %[[LOW1:.*]] = arith.addi %{{.*}}, %[[LOW]] : index
// CHECK:                 %[[UPPER:.*]] = arith.addi %[[LOW1]], %{{.*}} : index
// CHECK:                 %[[END:.*]] = arith.addi %[[FIRST]], %[[COUNT]] : index
// CHECK:                 %[[BEFORE:.*]] = arith.cmpi ult, %[[LOW1]], %[[END]] : index
// CHECK:                 %[[AFTER:.*]] = arith.cmpi ugt, %[[UPPER]], %[[FIRST]] : index
// CHECK:                 %[[NEEDED:.*]] = arith.andi %[[BEFORE]], %[[AFTER]] : i1
// CHECK:                 scf.if %[[NEEDED]] {
// CHECK-NEXT:              memref.copy %{{.*}}, %[[TO]]
// CHECK:         } else {
// CHECK:           memref.copy
// CHECK-NOT:       scf.if
// CHECK:         } {lepton.summed_slices}
func.func @summed_slices_window_rows(%x: memref<32x3x32xf32>, %dy: memref<32x64xf32>, %dw: memref<96x64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c8 = arith.constant 8 : index
  %c32 = arith.constant 32 : index
  %scratch = memref.alloc() : memref<8x3x32xf32>
  scf.for %i = %c0 to %c32 step %c8 {
    scf.for %r = %c0 to %c8 step %c1 {
      scf.for %kh = %c0 to %c3 step %c1 {
        %row = arith.addi %i, %r : index
        %from = memref.subview %x[%row, %kh, 0] [1, 1, 32] [1, 1, 1] : memref<32x3x32xf32> to memref<32xf32, strided<[1], offset: ?>>
        %to = memref.subview %scratch[%r, %kh, 0] [1, 1, 32] [1, 1, 1] : memref<8x3x32xf32> to memref<32xf32, strided<[1], offset: ?>>
        memref.copy %from, %to : memref<32xf32, strided<[1], offset: ?>> to memref<32xf32, strided<[1], offset: ?>>
      }
    }
    %patches = memref.collapse_shape %scratch [[0], [1, 2]] : memref<8x3x32xf32> into memref<8x96xf32>
    %dys = memref.subview %dy[%i, 0] [8, 64] [1, 1] : memref<32x64xf32> to memref<8x64xf32, strided<[64, 1], offset: ?>>
    linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>]
      ins(%patches, %dys : memref<8x96xf32>, memref<8x64xf32, strided<[64, 1], offset: ?>>) outs(%dw : memref<96x64xf32>)
  } {lepton.summed_slices}
  memref.dealloc %scratch : memref<8x3x32xf32>
  return
}
