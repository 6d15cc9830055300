// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=16" \
// RUN:   | mlir-runner -e main -entry-point-result=void \
// RUN:       -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=16 matmul-rows=8 matmul-k-block=32" \
// RUN:   | mlir-runner -e main -entry-point-result=void \
// RUN:       -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=8" \
// RUN:   | mlir-runner -e main -entry-point-result=void \
// RUN:       -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=4 matmul-rows=1" \
// RUN:   | mlir-runner -e main -entry-point-result=void \
// RUN:       -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=6 matmul-rows=5 matmul-k-block=10" \
// RUN:   | mlir-runner -e main -entry-point-result=void \
// RUN:       -shared-libs=%mlir_c_runner_utils | FileCheck %s
//
// The kernels of lepton-matmul-to-vector against plain scalar loops that sum each element's k terms
// in ascending order with math.fma, starting from C's initial (nonzero) value: results must be
// bit-identical, not merely close (the trainer's reproducibility relies on this order). Every
// layout (plain, A stored transposed, B stored transposed, both) over M and K in {1, 7, 16, 33, 100,
// 300} (dynamic) and N in {1, 7, 33, 100, 300} (static): row blocks and leftover rows, the direct
// (M < 128) and packed paths, vector and panel tails, several k blocks; plus static shapes whose row
// stride of 1024 floats makes the kernel pack A (row-major and transposed) and a static K split into
// even blocks, and a weight gradient's static row count (301, A transposed and packed per row block,
// the remainder one tile). Widths 16 (AVX-512), 8 (AVX2), 4 (SSE) and 6 (not a power of two: scalar transposed
// packing). A mismatch prints its M, N, K and layout flags.
// Mutations seen failing: the transpose shuffle's high-half mask off by one lane; packed B's tail
// panel read at offset 0 for every vector; the leftover-row start without the larger tiles' rows;
// the k-block end not clamped (minui → addi); the k terms of a block summed in descending order;
// the static remainder tile started one row block early; every row block reading its packed A's row 0.
// CHECK-NOT: mismatch
// CHECK: mismatches 0

#map_a = affine_map<(i, j, k) -> (i, k)>
#map_at = affine_map<(i, j, k) -> (k, i)>
#map_b = affine_map<(i, j, k) -> (k, j)>
#map_bt = affine_map<(i, j, k) -> (j, k)>
#map_c = affine_map<(i, j, k) -> (i, j)>

memref.global "private" constant @sizes : memref<6xindex> = dense<[1, 7, 16, 33, 100, 300]>

func.func @mm_n1_ab_kernel(%a: memref<?x?xf32>, %b: memref<?x1xf32>, %c: memref<?x1xf32>) {
  linalg.matmul indexing_maps = [#map_a, #map_b, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<?x1xf32>) outs(%c : memref<?x1xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_n1_ab(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<?x?xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<?x1xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x1xf32>
  func.call @mm_n1_ab_kernel(%as, %bs, %cs) : (memref<?x?xf32>, memref<?x1xf32>, memref<?x1xf32>) -> ()
  return
}

func.func @mm_n1_atb_kernel(%a: memref<?x?xf32>, %b: memref<?x1xf32>, %c: memref<?x1xf32>) {
  linalg.matmul indexing_maps = [#map_at, #map_b, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<?x1xf32>) outs(%c : memref<?x1xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_n1_atb(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<?x?xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<?x1xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x1xf32>
  func.call @mm_n1_atb_kernel(%as, %bs, %cs) : (memref<?x?xf32>, memref<?x1xf32>, memref<?x1xf32>) -> ()
  return
}

func.func @mm_n1_abt_kernel(%a: memref<?x?xf32>, %b: memref<1x?xf32>, %c: memref<?x1xf32>) {
  linalg.matmul indexing_maps = [#map_a, #map_bt, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<1x?xf32>) outs(%c : memref<?x1xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_n1_abt(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<?x?xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<1x?xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x1xf32>
  func.call @mm_n1_abt_kernel(%as, %bs, %cs) : (memref<?x?xf32>, memref<1x?xf32>, memref<?x1xf32>) -> ()
  return
}

func.func @mm_n1_atbt_kernel(%a: memref<?x?xf32>, %b: memref<1x?xf32>, %c: memref<?x1xf32>) {
  linalg.matmul indexing_maps = [#map_at, #map_bt, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<1x?xf32>) outs(%c : memref<?x1xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_n1_atbt(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<?x?xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<1x?xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x1xf32>
  func.call @mm_n1_atbt_kernel(%as, %bs, %cs) : (memref<?x?xf32>, memref<1x?xf32>, memref<?x1xf32>) -> ()
  return
}

func.func @mm_n7_ab_kernel(%a: memref<?x?xf32>, %b: memref<?x7xf32>, %c: memref<?x7xf32>) {
  linalg.matmul indexing_maps = [#map_a, #map_b, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<?x7xf32>) outs(%c : memref<?x7xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_n7_ab(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<?x?xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<?x7xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x7xf32>
  func.call @mm_n7_ab_kernel(%as, %bs, %cs) : (memref<?x?xf32>, memref<?x7xf32>, memref<?x7xf32>) -> ()
  return
}

func.func @mm_n7_atb_kernel(%a: memref<?x?xf32>, %b: memref<?x7xf32>, %c: memref<?x7xf32>) {
  linalg.matmul indexing_maps = [#map_at, #map_b, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<?x7xf32>) outs(%c : memref<?x7xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_n7_atb(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<?x?xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<?x7xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x7xf32>
  func.call @mm_n7_atb_kernel(%as, %bs, %cs) : (memref<?x?xf32>, memref<?x7xf32>, memref<?x7xf32>) -> ()
  return
}

func.func @mm_n7_abt_kernel(%a: memref<?x?xf32>, %b: memref<7x?xf32>, %c: memref<?x7xf32>) {
  linalg.matmul indexing_maps = [#map_a, #map_bt, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<7x?xf32>) outs(%c : memref<?x7xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_n7_abt(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<?x?xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<7x?xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x7xf32>
  func.call @mm_n7_abt_kernel(%as, %bs, %cs) : (memref<?x?xf32>, memref<7x?xf32>, memref<?x7xf32>) -> ()
  return
}

func.func @mm_n7_atbt_kernel(%a: memref<?x?xf32>, %b: memref<7x?xf32>, %c: memref<?x7xf32>) {
  linalg.matmul indexing_maps = [#map_at, #map_bt, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<7x?xf32>) outs(%c : memref<?x7xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_n7_atbt(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<?x?xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<7x?xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x7xf32>
  func.call @mm_n7_atbt_kernel(%as, %bs, %cs) : (memref<?x?xf32>, memref<7x?xf32>, memref<?x7xf32>) -> ()
  return
}

func.func @mm_n33_ab_kernel(%a: memref<?x?xf32>, %b: memref<?x33xf32>, %c: memref<?x33xf32>) {
  linalg.matmul indexing_maps = [#map_a, #map_b, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<?x33xf32>) outs(%c : memref<?x33xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_n33_ab(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<?x?xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<?x33xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x33xf32>
  func.call @mm_n33_ab_kernel(%as, %bs, %cs) : (memref<?x?xf32>, memref<?x33xf32>, memref<?x33xf32>) -> ()
  return
}

func.func @mm_n33_atb_kernel(%a: memref<?x?xf32>, %b: memref<?x33xf32>, %c: memref<?x33xf32>) {
  linalg.matmul indexing_maps = [#map_at, #map_b, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<?x33xf32>) outs(%c : memref<?x33xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_n33_atb(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<?x?xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<?x33xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x33xf32>
  func.call @mm_n33_atb_kernel(%as, %bs, %cs) : (memref<?x?xf32>, memref<?x33xf32>, memref<?x33xf32>) -> ()
  return
}

func.func @mm_n33_abt_kernel(%a: memref<?x?xf32>, %b: memref<33x?xf32>, %c: memref<?x33xf32>) {
  linalg.matmul indexing_maps = [#map_a, #map_bt, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<33x?xf32>) outs(%c : memref<?x33xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_n33_abt(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<?x?xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<33x?xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x33xf32>
  func.call @mm_n33_abt_kernel(%as, %bs, %cs) : (memref<?x?xf32>, memref<33x?xf32>, memref<?x33xf32>) -> ()
  return
}

func.func @mm_n33_atbt_kernel(%a: memref<?x?xf32>, %b: memref<33x?xf32>, %c: memref<?x33xf32>) {
  linalg.matmul indexing_maps = [#map_at, #map_bt, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<33x?xf32>) outs(%c : memref<?x33xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_n33_atbt(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<?x?xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<33x?xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x33xf32>
  func.call @mm_n33_atbt_kernel(%as, %bs, %cs) : (memref<?x?xf32>, memref<33x?xf32>, memref<?x33xf32>) -> ()
  return
}

func.func @mm_n100_ab_kernel(%a: memref<?x?xf32>, %b: memref<?x100xf32>, %c: memref<?x100xf32>) {
  linalg.matmul indexing_maps = [#map_a, #map_b, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<?x100xf32>) outs(%c : memref<?x100xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_n100_ab(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<?x?xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<?x100xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x100xf32>
  func.call @mm_n100_ab_kernel(%as, %bs, %cs) : (memref<?x?xf32>, memref<?x100xf32>, memref<?x100xf32>) -> ()
  return
}

func.func @mm_n100_atb_kernel(%a: memref<?x?xf32>, %b: memref<?x100xf32>, %c: memref<?x100xf32>) {
  linalg.matmul indexing_maps = [#map_at, #map_b, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<?x100xf32>) outs(%c : memref<?x100xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_n100_atb(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<?x?xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<?x100xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x100xf32>
  func.call @mm_n100_atb_kernel(%as, %bs, %cs) : (memref<?x?xf32>, memref<?x100xf32>, memref<?x100xf32>) -> ()
  return
}

func.func @mm_n100_abt_kernel(%a: memref<?x?xf32>, %b: memref<100x?xf32>, %c: memref<?x100xf32>) {
  linalg.matmul indexing_maps = [#map_a, #map_bt, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<100x?xf32>) outs(%c : memref<?x100xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_n100_abt(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<?x?xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<100x?xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x100xf32>
  func.call @mm_n100_abt_kernel(%as, %bs, %cs) : (memref<?x?xf32>, memref<100x?xf32>, memref<?x100xf32>) -> ()
  return
}

func.func @mm_n100_atbt_kernel(%a: memref<?x?xf32>, %b: memref<100x?xf32>, %c: memref<?x100xf32>) {
  linalg.matmul indexing_maps = [#map_at, #map_bt, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<100x?xf32>) outs(%c : memref<?x100xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_n100_atbt(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<?x?xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<100x?xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x100xf32>
  func.call @mm_n100_atbt_kernel(%as, %bs, %cs) : (memref<?x?xf32>, memref<100x?xf32>, memref<?x100xf32>) -> ()
  return
}

func.func @mm_n300_ab_kernel(%a: memref<?x?xf32>, %b: memref<?x300xf32>, %c: memref<?x300xf32>) {
  linalg.matmul indexing_maps = [#map_a, #map_b, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<?x300xf32>) outs(%c : memref<?x300xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_n300_ab(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<?x?xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<?x300xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x300xf32>
  func.call @mm_n300_ab_kernel(%as, %bs, %cs) : (memref<?x?xf32>, memref<?x300xf32>, memref<?x300xf32>) -> ()
  return
}

func.func @mm_n300_atb_kernel(%a: memref<?x?xf32>, %b: memref<?x300xf32>, %c: memref<?x300xf32>) {
  linalg.matmul indexing_maps = [#map_at, #map_b, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<?x300xf32>) outs(%c : memref<?x300xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_n300_atb(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<?x?xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<?x300xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x300xf32>
  func.call @mm_n300_atb_kernel(%as, %bs, %cs) : (memref<?x?xf32>, memref<?x300xf32>, memref<?x300xf32>) -> ()
  return
}

func.func @mm_n300_abt_kernel(%a: memref<?x?xf32>, %b: memref<300x?xf32>, %c: memref<?x300xf32>) {
  linalg.matmul indexing_maps = [#map_a, #map_bt, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<300x?xf32>) outs(%c : memref<?x300xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_n300_abt(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<?x?xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<300x?xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x300xf32>
  func.call @mm_n300_abt_kernel(%as, %bs, %cs) : (memref<?x?xf32>, memref<300x?xf32>, memref<?x300xf32>) -> ()
  return
}

func.func @mm_n300_atbt_kernel(%a: memref<?x?xf32>, %b: memref<300x?xf32>, %c: memref<?x300xf32>) {
  linalg.matmul indexing_maps = [#map_at, #map_bt, #map_c]
    ins(%a, %b : memref<?x?xf32>, memref<300x?xf32>) outs(%c : memref<?x300xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_n300_atbt(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<?x?xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<300x?xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x300xf32>
  func.call @mm_n300_atbt_kernel(%as, %bs, %cs) : (memref<?x?xf32>, memref<300x?xf32>, memref<?x300xf32>) -> ()
  return
}

func.func @mm_packa_ab_kernel(%a: memref<?x1024xf32>, %b: memref<1024x40xf32>, %c: memref<?x40xf32>) {
  linalg.matmul indexing_maps = [#map_a, #map_b, #map_c]
    ins(%a, %b : memref<?x1024xf32>, memref<1024x40xf32>) outs(%c : memref<?x40xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_packa_ab(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<?x1024xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<1024x40xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x40xf32>
  func.call @mm_packa_ab_kernel(%as, %bs, %cs) : (memref<?x1024xf32>, memref<1024x40xf32>, memref<?x40xf32>) -> ()
  return
}

func.func @mm_packa_atb_kernel(%a: memref<300x1024xf32>, %b: memref<300x40xf32>, %c: memref<?x40xf32>) {
  linalg.matmul indexing_maps = [#map_at, #map_b, #map_c]
    ins(%a, %b : memref<300x1024xf32>, memref<300x40xf32>) outs(%c : memref<?x40xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_packa_atb(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<300x1024xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<300x40xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x40xf32>
  func.call @mm_packa_atb_kernel(%as, %bs, %cs) : (memref<300x1024xf32>, memref<300x40xf32>, memref<?x40xf32>) -> ()
  return
}

func.func @mm_packa_atbt_kernel(%a: memref<300x1024xf32>, %b: memref<40x300xf32>, %c: memref<?x40xf32>) {
  linalg.matmul indexing_maps = [#map_at, #map_bt, #map_c]
    ins(%a, %b : memref<300x1024xf32>, memref<40x300xf32>) outs(%c : memref<?x40xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_packa_atbt(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<300x1024xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<40x300xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x40xf32>
  func.call @mm_packa_atbt_kernel(%as, %bs, %cs) : (memref<300x1024xf32>, memref<40x300xf32>, memref<?x40xf32>) -> ()
  return
}

func.func @mm_static_rows_kernel(%a: memref<?x301xf32>, %b: memref<?x40xf32>, %c: memref<301x40xf32>) {
  linalg.matmul indexing_maps = [#map_at, #map_b, #map_c]
    ins(%a, %b : memref<?x301xf32>, memref<?x40xf32>) outs(%c : memref<301x40xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_static_rows(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<?x301xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<?x40xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<301x40xf32>
  func.call @mm_static_rows_kernel(%as, %bs, %cs) : (memref<?x301xf32>, memref<?x40xf32>, memref<301x40xf32>) -> ()
  return
}

func.func @mm_static_k_kernel(%a: memref<?x784xf32>, %b: memref<50x784xf32>, %c: memref<?x50xf32>) {
  linalg.matmul indexing_maps = [#map_a, #map_bt, #map_c]
    ins(%a, %b : memref<?x784xf32>, memref<50x784xf32>) outs(%c : memref<?x50xf32>)
  return
}
// The kernel's operands typed as @check passes them (a cast into the matmul would be folded away).
func.func @mm_static_k(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>) {
  %as = memref.cast %a : memref<?x?xf32> to memref<?x784xf32>
  %bs = memref.cast %b : memref<?x?xf32> to memref<50x784xf32>
  %cs = memref.cast %c : memref<?x?xf32> to memref<?x50xf32>
  func.call @mm_static_k_kernel(%as, %bs, %cs) : (memref<?x784xf32>, memref<50x784xf32>, memref<?x50xf32>) -> ()
  return
}

// Fills m[r][c] = ((r * 7 + c * 3) mod 11) / 10 - 0.5 + seed.
func.func @fill(%m: memref<?x?xf32>, %seed: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = memref.dim %m, %c0 : memref<?x?xf32>
  %cols = memref.dim %m, %c1 : memref<?x?xf32>
  %c7 = arith.constant 7 : index
  %c3 = arith.constant 3 : index
  %c11 = arith.constant 11 : index
  %tenth = arith.constant 0.1 : f32
  %half = arith.constant 0.5 : f32
  scf.for %r = %c0 to %rows step %c1 {
    scf.for %c = %c0 to %cols step %c1 {
      %a = arith.muli %r, %c7 : index
      %b = arith.muli %c, %c3 : index
      %s = arith.addi %a, %b : index
      %q = arith.remui %s, %c11 : index
      %qi = arith.index_cast %q : index to i64
      %qf = arith.sitofp %qi : i64 to f32
      %v0 = arith.mulf %qf, %tenth : f32
      %v1 = arith.subf %v0, %half : f32
      %v = arith.addf %v1, %seed : f32
      memref.store %v, %m[%r, %c] : memref<?x?xf32>
    }
  }
  return
}

// Reference: c[i][j] = fma(a(i,k-1), b(k-1,j), … fma(a(i,0), b(0,j), c[i][j])), a and b read through
// flags (1 = stored transposed).
func.func @reference(%a: memref<?x?xf32>, %b: memref<?x?xf32>, %c: memref<?x?xf32>, %k: index, %at: i1, %bt: i1) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = memref.dim %c, %c0 : memref<?x?xf32>
  %n = memref.dim %c, %c1 : memref<?x?xf32>
  scf.for %i = %c0 to %m step %c1 {
    scf.for %j = %c0 to %n step %c1 {
      %init = memref.load %c[%i, %j] : memref<?x?xf32>
      %sum = scf.for %p = %c0 to %k step %c1 iter_args(%acc = %init) -> f32 {
        %x = scf.if %at -> f32 {
          %v = memref.load %a[%p, %i] : memref<?x?xf32>
          scf.yield %v : f32
        } else {
          %v = memref.load %a[%i, %p] : memref<?x?xf32>
          scf.yield %v : f32
        }
        %y = scf.if %bt -> f32 {
          %v = memref.load %b[%j, %p] : memref<?x?xf32>
          scf.yield %v : f32
        } else {
          %v = memref.load %b[%p, %j] : memref<?x?xf32>
          scf.yield %v : f32
        }
        %next = math.fma %x, %y, %acc : f32
        scf.yield %next : f32
      }
      memref.store %sum, %c[%i, %j] : memref<?x?xf32>
    }
  }
  return
}

// Elements of x and y that differ (NaN counts as different).
func.func @count_different(%x: memref<?x?xf32>, %y: memref<?x?xf32>) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = memref.dim %x, %c0 : memref<?x?xf32>
  %n = memref.dim %x, %c1 : memref<?x?xf32>
  %r = scf.for %i = %c0 to %m step %c1 iter_args(%acc = %c0) -> index {
    %r2 = scf.for %j = %c0 to %n step %c1 iter_args(%acc2 = %acc) -> index {
      %a = memref.load %x[%i, %j] : memref<?x?xf32>
      %b = memref.load %y[%i, %j] : memref<?x?xf32>
      %ne = arith.cmpf une, %a, %b : f32
      %one = arith.select %ne, %c1, %c0 : index
      %next = arith.addi %acc2, %one : index
      scf.yield %next : index
    }
    scf.yield %r2 : index
  }
  return %r : index
}

// Runs kernel %f on an m × n × k product with the given storage; returns 1 (and prints the shape)
// when it differs from @reference, else 0.
func.func @check(%f: (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), %m: index, %n: index,
                 %k: index, %at: i1, %bt: i1) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %s1 = arith.constant 0.25 : f32
  %s2 = arith.constant -0.125 : f32
  %s3 = arith.constant 0.375 : f32
  %ar = arith.select %at, %k, %m : index
  %ac = arith.select %at, %m, %k : index
  %br = arith.select %bt, %n, %k : index
  %bc = arith.select %bt, %k, %n : index
  %a = memref.alloc(%ar, %ac) : memref<?x?xf32>
  %b = memref.alloc(%br, %bc) : memref<?x?xf32>
  %c = memref.alloc(%m, %n) : memref<?x?xf32>
  %ref = memref.alloc(%m, %n) : memref<?x?xf32>
  func.call @fill(%a, %s1) : (memref<?x?xf32>, f32) -> ()
  func.call @fill(%b, %s2) : (memref<?x?xf32>, f32) -> ()
  func.call @fill(%c, %s3) : (memref<?x?xf32>, f32) -> ()
  func.call @fill(%ref, %s3) : (memref<?x?xf32>, f32) -> ()
  func.call @reference(%a, %b, %ref, %k, %at, %bt) : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>, index, i1, i1) -> ()
  func.call_indirect %f(%a, %b, %c) : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %diff = func.call @count_different(%c, %ref) : (memref<?x?xf32>, memref<?x?xf32>) -> index
  %bad = arith.cmpi ne, %diff, %c0 : index
  scf.if %bad {
    vector.print str "mismatch m n k at bt: "
    vector.print %m : index
    vector.print %n : index
    vector.print %k : index
    vector.print %at : i1
    vector.print %bt : i1
  }
  %r = arith.select %bad, %c1, %c0 : index
  return %r : index
}

// @check over every M and K of @sizes for one kernel (N fixed by the kernel).
func.func @sweep(%f: (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), %n: index, %at: i1, %bt: i1) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c6 = arith.constant 6 : index
  %sizes = memref.get_global @sizes : memref<6xindex>
  %r = scf.for %x = %c0 to %c6 step %c1 iter_args(%acc = %c0) -> index {
    %m = memref.load %sizes[%x] : memref<6xindex>
    %r2 = scf.for %y = %c0 to %c6 step %c1 iter_args(%acc2 = %acc) -> index {
      %k = memref.load %sizes[%y] : memref<6xindex>
      %bad = func.call @check(%f, %m, %n, %k, %at, %bt) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, index, index, i1, i1) -> index
      %next = arith.addi %acc2, %bad : index
      scf.yield %next : index
    }
    scf.yield %r2 : index
  }
  return %r : index
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %true = arith.constant true
  %false = arith.constant false
  %total0 = arith.constant 0 : index
  %n1 = arith.constant 1 : index
  %n7 = arith.constant 7 : index
  %n33 = arith.constant 33 : index
  %n100 = arith.constant 100 : index
  %n300 = arith.constant 300 : index
  %f_1_ab = func.constant @mm_n1_ab : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %s1 = func.call @sweep(%f_1_ab, %n1, %false, %false) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, i1, i1) -> index
  %total1 = arith.addi %total0, %s1 : index
  %f_1_atb = func.constant @mm_n1_atb : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %s2 = func.call @sweep(%f_1_atb, %n1, %true, %false) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, i1, i1) -> index
  %total2 = arith.addi %total1, %s2 : index
  %f_1_abt = func.constant @mm_n1_abt : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %s3 = func.call @sweep(%f_1_abt, %n1, %false, %true) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, i1, i1) -> index
  %total3 = arith.addi %total2, %s3 : index
  %f_1_atbt = func.constant @mm_n1_atbt : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %s4 = func.call @sweep(%f_1_atbt, %n1, %true, %true) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, i1, i1) -> index
  %total4 = arith.addi %total3, %s4 : index
  %f_7_ab = func.constant @mm_n7_ab : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %s5 = func.call @sweep(%f_7_ab, %n7, %false, %false) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, i1, i1) -> index
  %total5 = arith.addi %total4, %s5 : index
  %f_7_atb = func.constant @mm_n7_atb : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %s6 = func.call @sweep(%f_7_atb, %n7, %true, %false) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, i1, i1) -> index
  %total6 = arith.addi %total5, %s6 : index
  %f_7_abt = func.constant @mm_n7_abt : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %s7 = func.call @sweep(%f_7_abt, %n7, %false, %true) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, i1, i1) -> index
  %total7 = arith.addi %total6, %s7 : index
  %f_7_atbt = func.constant @mm_n7_atbt : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %s8 = func.call @sweep(%f_7_atbt, %n7, %true, %true) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, i1, i1) -> index
  %total8 = arith.addi %total7, %s8 : index
  %f_33_ab = func.constant @mm_n33_ab : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %s9 = func.call @sweep(%f_33_ab, %n33, %false, %false) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, i1, i1) -> index
  %total9 = arith.addi %total8, %s9 : index
  %f_33_atb = func.constant @mm_n33_atb : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %s10 = func.call @sweep(%f_33_atb, %n33, %true, %false) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, i1, i1) -> index
  %total10 = arith.addi %total9, %s10 : index
  %f_33_abt = func.constant @mm_n33_abt : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %s11 = func.call @sweep(%f_33_abt, %n33, %false, %true) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, i1, i1) -> index
  %total11 = arith.addi %total10, %s11 : index
  %f_33_atbt = func.constant @mm_n33_atbt : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %s12 = func.call @sweep(%f_33_atbt, %n33, %true, %true) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, i1, i1) -> index
  %total12 = arith.addi %total11, %s12 : index
  %f_100_ab = func.constant @mm_n100_ab : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %s13 = func.call @sweep(%f_100_ab, %n100, %false, %false) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, i1, i1) -> index
  %total13 = arith.addi %total12, %s13 : index
  %f_100_atb = func.constant @mm_n100_atb : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %s14 = func.call @sweep(%f_100_atb, %n100, %true, %false) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, i1, i1) -> index
  %total14 = arith.addi %total13, %s14 : index
  %f_100_abt = func.constant @mm_n100_abt : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %s15 = func.call @sweep(%f_100_abt, %n100, %false, %true) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, i1, i1) -> index
  %total15 = arith.addi %total14, %s15 : index
  %f_100_atbt = func.constant @mm_n100_atbt : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %s16 = func.call @sweep(%f_100_atbt, %n100, %true, %true) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, i1, i1) -> index
  %total16 = arith.addi %total15, %s16 : index
  %f_300_ab = func.constant @mm_n300_ab : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %s17 = func.call @sweep(%f_300_ab, %n300, %false, %false) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, i1, i1) -> index
  %total17 = arith.addi %total16, %s17 : index
  %f_300_atb = func.constant @mm_n300_atb : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %s18 = func.call @sweep(%f_300_atb, %n300, %true, %false) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, i1, i1) -> index
  %total18 = arith.addi %total17, %s18 : index
  %f_300_abt = func.constant @mm_n300_abt : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %s19 = func.call @sweep(%f_300_abt, %n300, %false, %true) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, i1, i1) -> index
  %total19 = arith.addi %total18, %s19 : index
  %f_300_atbt = func.constant @mm_n300_atbt : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %s20 = func.call @sweep(%f_300_atbt, %n300, %true, %true) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, i1, i1) -> index
  %total20 = arith.addi %total19, %s20 : index
  %f_mm_packa_ab = func.constant @mm_packa_ab : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %m_mm_packa_ab = arith.constant 37 : index
  %n_mm_packa_ab = arith.constant 40 : index
  %k_mm_packa_ab = arith.constant 1024 : index
  %s21 = func.call @check(%f_mm_packa_ab, %m_mm_packa_ab, %n_mm_packa_ab, %k_mm_packa_ab, %false, %false) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, index, index, i1, i1) -> index
  %total21 = arith.addi %total20, %s21 : index
  %f_mm_packa_atb = func.constant @mm_packa_atb : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %m_mm_packa_atb = arith.constant 1024 : index
  %n_mm_packa_atb = arith.constant 40 : index
  %k_mm_packa_atb = arith.constant 300 : index
  %s22 = func.call @check(%f_mm_packa_atb, %m_mm_packa_atb, %n_mm_packa_atb, %k_mm_packa_atb, %true, %false) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, index, index, i1, i1) -> index
  %total22 = arith.addi %total21, %s22 : index
  %f_mm_packa_atbt = func.constant @mm_packa_atbt : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %m_mm_packa_atbt = arith.constant 1024 : index
  %n_mm_packa_atbt = arith.constant 40 : index
  %k_mm_packa_atbt = arith.constant 300 : index
  %s23 = func.call @check(%f_mm_packa_atbt, %m_mm_packa_atbt, %n_mm_packa_atbt, %k_mm_packa_atbt, %true, %true) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, index, index, i1, i1) -> index
  %total23 = arith.addi %total22, %s23 : index
  %f_mm_static_k = func.constant @mm_static_k : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %m_mm_static_k = arith.constant 21 : index
  %n_mm_static_k = arith.constant 50 : index
  %k_mm_static_k = arith.constant 784 : index
  %s24 = func.call @check(%f_mm_static_k, %m_mm_static_k, %n_mm_static_k, %k_mm_static_k, %false, %true) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, index, index, i1, i1) -> index
  %total24 = arith.addi %total23, %s24 : index
  %f_mm_static_rows = func.constant @mm_static_rows : (memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> ()
  %m_mm_static_rows = arith.constant 301 : index
  %n_mm_static_rows = arith.constant 40 : index
  %k_mm_static_rows = arith.constant 300 : index
  %s25 = func.call @check(%f_mm_static_rows, %m_mm_static_rows, %n_mm_static_rows, %k_mm_static_rows, %true, %false) : ((memref<?x?xf32>, memref<?x?xf32>, memref<?x?xf32>) -> (), index, index, index, i1, i1) -> index
  %total25 = arith.addi %total24, %s25 : index
  vector.print str "mismatches "
  vector.print %total25 : index
  return
}
