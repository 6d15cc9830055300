// gemm.mlir — the GEMM shapes that bench/gemm.sh times: square sizes, the MLP's forward and backward
// products (batch 64), the CNN's second convolution as im2col and its two backward products. Each function computes C += A·B on buffers
// with the row count (batch) dynamic, as the trainer's functions do.

#map_a = affine_map<(i, j, k) -> (i, k)>
#map_at = affine_map<(i, j, k) -> (k, i)>
#map_b = affine_map<(i, j, k) -> (k, j)>
#map_bt = affine_map<(i, j, k) -> (j, k)>
#map_c = affine_map<(i, j, k) -> (i, j)>

func.func @gemm_1024(%a: memref<?x1024xf32>, %b: memref<1024x1024xf32>, %c: memref<?x1024xf32>) {
  linalg.matmul ins(%a, %b : memref<?x1024xf32>, memref<1024x1024xf32>) outs(%c : memref<?x1024xf32>)
  return
}

func.func @gemm_2048(%a: memref<?x2048xf32>, %b: memref<2048x2048xf32>, %c: memref<?x2048xf32>) {
  linalg.matmul ins(%a, %b : memref<?x2048xf32>, memref<2048x2048xf32>) outs(%c : memref<?x2048xf32>)
  return
}

// Forward of the first dense layer: X (batch × 784) · W (784 × 128).
func.func @mlp_forward(%x: memref<?x784xf32>, %w: memref<784x128xf32>, %y: memref<?x128xf32>) {
  linalg.matmul ins(%x, %w : memref<?x784xf32>, memref<784x128xf32>) outs(%y : memref<?x128xf32>)
  return
}

// Weight gradient dW = Xᵀ · dY: A stored [k = batch, row = 784], k dynamic.
func.func @mlp_weight_grad(%x: memref<?x784xf32>, %dy: memref<?x128xf32>, %dw: memref<784x128xf32>) {
  linalg.matmul indexing_maps = [#map_at, #map_b, #map_c]
    ins(%x, %dy : memref<?x784xf32>, memref<?x128xf32>) outs(%dw : memref<784x128xf32>)
  return
}

// Input gradient dX = dY · Wᵀ: B stored [col = 784, k = 128].
func.func @mlp_input_grad(%dy: memref<?x128xf32>, %w: memref<784x128xf32>, %dx: memref<?x784xf32>) {
  linalg.matmul indexing_maps = [#map_a, #map_bt, #map_c]
    ins(%dy, %w : memref<?x128xf32>, memref<784x128xf32>) outs(%dx : memref<?x784xf32>)
  return
}

// The CNN's second convolution as im2col: (batch·11·11) × (3·3·32) · (3·3·32) × 64.
func.func @cnn_conv2(%cols: memref<?x288xf32>, %w: memref<288x64xf32>, %y: memref<?x64xf32>) {
  linalg.matmul ins(%cols, %w : memref<?x288xf32>, memref<288x64xf32>) outs(%y : memref<?x64xf32>)
  return
}

// Its weight gradient dW = colsᵀ · dY: A stored [k = batch·11·11, row = 288].
func.func @cnn_conv2_weight_grad(%cols: memref<7744x288xf32>, %dy: memref<7744x64xf32>, %dw: memref<288x64xf32>) {
  linalg.matmul indexing_maps = [#map_at, #map_b, #map_c]
    ins(%cols, %dy : memref<7744x288xf32>, memref<7744x64xf32>) outs(%dw : memref<288x64xf32>)
  return
}

// Its column gradient dCols = dY · Wᵀ: B stored [col = 288, k = 64].
func.func @cnn_conv2_cols_grad(%dy: memref<?x64xf32>, %w: memref<288x64xf32>, %dcols: memref<?x288xf32>) {
  linalg.matmul indexing_maps = [#map_a, #map_bt, #map_c]
    ins(%dy, %w : memref<?x64xf32>, memref<288x64xf32>) outs(%dcols : memref<?x288xf32>)
  return
}
