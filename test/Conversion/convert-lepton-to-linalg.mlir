// RUN: lepton-opt %s -split-input-file --convert-lepton-to-linalg | FileCheck %s
// RUN: lepton-opt %s -split-input-file --convert-lepton-to-linalg | sed 's/{lepton\.reciprocal_divide}//' \
// RUN:   | FileCheck %s --check-prefix=NOLEPTON
// convert-lepton-to-linalg: named matmuls, fused linalg.generic bodies, dynamic batch via tensor.dim.

// NOLEPTON-NOT: lepton.

// CHECK-DAG: #[[$ID2:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @dense
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x4xf32>, %[[W:[^:]+]]: tensor<4x3xf32>, %[[B:[^:]+]]: tensor<3xf32>)
// CHECK: %[[C0:.+]] = arith.constant 0 : index
// CHECK: %[[N:.+]] = tensor.dim %[[X]], %[[C0]] : tensor<?x4xf32>
// CHECK: %[[E:.+]] = tensor.empty(%[[N]]) : tensor<?x3xf32>
// CHECK: %[[BIAS:.+]] = linalg.broadcast ins(%[[B]] : tensor<3xf32>) outs(%[[E]] : tensor<?x3xf32>) dimensions = [0]
// CHECK: %[[Y:.+]] = linalg.matmul ins(%[[X]], %[[W]] : tensor<?x4xf32>, tensor<4x3xf32>) outs(%[[BIAS]] : tensor<?x3xf32>) -> tensor<?x3xf32>
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[Y]] : tensor<?x3xf32>)
// CHECK: arith.maximumf
// CHECK: return %[[R]]
func.func @dense(%x: tensor<?x4xf32>, %w: tensor<4x3xf32>, %b: tensor<3xf32>) -> tensor<?x3xf32> {
  %y = lepton.dense %x, %w, %b : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %r = lepton.relu %y : tensor<?x3xf32>
  return %r : tensor<?x3xf32>
}

// CHECK-LABEL: func.func @dense_no_bias
// CHECK: %[[Z:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<2x3xf32>)
// CHECK: linalg.matmul ins(%{{.+}}, %{{.+}} : tensor<2x4xf32>, tensor<4x3xf32>) outs(%[[Z]] : tensor<2x3xf32>)
func.func @dense_no_bias(%x: tensor<2x4xf32>, %w: tensor<4x3xf32>) -> tensor<2x3xf32> {
  %y = lepton.dense %x, %w : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// Transposes are indexing maps of linalg.matmul over loops (m, n, k).
// CHECK-DAG: #[[$A_MK:.+]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[$B_NK:.+]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$C_MN:.+]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[$A_KM:.+]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG: #[[$B_KN:.+]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-LABEL: func.func @matmuls
// CHECK-SAME: (%[[DY:[^:]+]]: tensor<?x3xf32>, %[[W:[^:]+]]: tensor<4x3xf32>, %[[X:[^:]+]]: tensor<?x4xf32>)
// CHECK: linalg.matmul indexing_maps = [#[[$A_MK]], #[[$B_NK]], #[[$C_MN]]] ins(%[[DY]], %[[W]] : tensor<?x3xf32>, tensor<4x3xf32>) outs(%{{.+}} : tensor<?x4xf32>)
// CHECK: linalg.matmul indexing_maps = [#[[$A_KM]], #[[$B_KN]], #[[$C_MN]]] ins(%[[X]], %[[DY]] : tensor<?x4xf32>, tensor<?x3xf32>) outs(%{{.+}} : tensor<4x3xf32>)
// CHECK: %[[C0:.+]] = arith.constant 0 : index
// CHECK: %[[N:.+]] = tensor.dim %[[X]], %[[C0]] : tensor<?x4xf32>
// CHECK: tensor.empty(%[[N]]) : tensor<3x?xf32>
// CHECK: linalg.matmul indexing_maps = [#[[$A_KM]], #[[$B_NK]], #[[$C_MN]]] ins(%[[W]], %[[X]] : tensor<4x3xf32>, tensor<?x4xf32>) outs(%{{.+}} : tensor<3x?xf32>)
func.func @matmuls(%dy: tensor<?x3xf32>, %w: tensor<4x3xf32>, %x: tensor<?x4xf32>) -> (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3x?xf32>) {
  %dx = lepton.matmul %dy, %w {transpose_b = true} : (tensor<?x3xf32>, tensor<4x3xf32>) -> tensor<?x4xf32>
  %dw = lepton.matmul %x, %dy {transpose_a = true} : (tensor<?x4xf32>, tensor<?x3xf32>) -> tensor<4x3xf32>
  %tt = lepton.matmul %w, %x {transpose_a = true, transpose_b = true} : (tensor<4x3xf32>, tensor<?x4xf32>) -> tensor<3x?xf32>
  return %dx, %dw, %tt : tensor<?x4xf32>, tensor<4x3xf32>, tensor<3x?xf32>
}

// -----

// CHECK-DAG: #[[$BN:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$N:.+]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$S:.+]] = affine_map<() -> ()>
// CHECK-LABEL: func.func @reduce_batch
// CHECK: linalg.generic {indexing_maps = [#[[$BN]], #[[$N]]], iterator_types = ["reduction", "parallel"]}
// CHECK: arith.addf
func.func @reduce_batch(%dy: tensor<?x3xf32>) -> tensor<3xf32> {
  %db = lepton.reduce_batch %dy : (tensor<?x3xf32>) -> tensor<3xf32>
  return %db : tensor<3xf32>
}

// CHECK-LABEL: func.func @add_scalars
// CHECK: linalg.generic {indexing_maps = [#[[$S]], #[[$S]], #[[$S]]], iterator_types = []}
// CHECK: arith.addf
func.func @add_scalars(%a: tensor<f32>, %b: tensor<f32>) -> tensor<f32> {
  %s = lepton.add %a, %b : tensor<f32>
  return %s : tensor<f32>
}

// -----

// Dropout: the mask is recomputed from (key, row-major index) by SplitMix64, no memory.
// CHECK-LABEL: func.func @dropout
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x8xf32>, %[[KEY:[^:]+]]: i64)
// CHECK: linalg.generic
// CHECK: %[[I:.+]] = linalg.index 0 : index
// CHECK: %[[J:.+]] = linalg.index 1 : index
// CHECK: %[[ROW:.+]] = arith.muli %[[I]], %{{.+}} : index
// CHECK: %[[FLAT:.+]] = arith.addi %[[ROW]], %[[J]] : index
// CHECK: arith.index_cast %[[FLAT]] : index to i64
// CHECK: arith.constant -7046029254386353131 : i64
// CHECK: arith.addi %[[KEY]], %{{.+}} : i64
// CHECK: arith.constant 30 : i64
// CHECK: arith.shrui
// CHECK: arith.xori
// CHECK: arith.uitofp %{{.+}} : i64 to f32
// CHECK: arith.cmpf oge
// CHECK: arith.constant 1.33333337 : f32
// CHECK: arith.select
func.func @dropout(%x: tensor<?x8xf32>, %key: i64) -> tensor<?x8xf32> {
  %y = lepton.dropout %x, %key {rate = 0.25 : f32} : tensor<?x8xf32>
  return %y : tensor<?x8xf32>
}

// -----

// Softmax over the last dimension: row max, Σ exp(x - max), then the quotient.
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROW:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @softmax
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: %[[MAX:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]]], iterator_types = ["parallel", "reduction"]}
// CHECK: arith.maximumf
// CHECK: %[[SUM:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ROW]]], iterator_types = ["parallel", "reduction"]} ins(%{{.+}}, %[[MAX]] :
// CHECK: math.exp
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ROW]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%{{.+}}, %[[MAX]], %[[SUM]] :
// CHECK: math.exp
// CHECK: arith.divf
func.func @softmax(%x: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %y = lepton.softmax %x : tensor<?x10xf32>
  return %y : tensor<?x10xf32>
}

// CHECK-LABEL: func.func @activations
// CHECK: math.exp
// CHECK: arith.divf
// CHECK: math.tanh
// CHECK: arith.cmpf ogt
// CHECK: arith.select
// CHECK: arith.cmpf ogt
// CHECK: arith.select
// CHECK: arith.subf
// CHECK: arith.mulf
// CHECK: arith.mulf
// CHECK: arith.mulf
// CHECK: arith.subf
// CHECK: arith.mulf
// CHECK: arith.cmpf ogt
// CHECK: arith.select
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "reduction"]
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "parallel"]
func.func @activations(%x: tensor<?x10xf32>, %dy: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %s = lepton.sigmoid %x : tensor<?x10xf32>
  %t = lepton.tanh %s : tensor<?x10xf32>
  %l = lepton.leaky_relu %t {alpha = 0.2 : f32} : tensor<?x10xf32>
  %g0 = lepton.relu_grad %l, %dy : tensor<?x10xf32>
  %g1 = lepton.sigmoid_grad %s, %g0 : tensor<?x10xf32>
  %g2 = lepton.tanh_grad %t, %g1 : tensor<?x10xf32>
  %g3 = lepton.leaky_relu_grad %l, %g2 {alpha = 0.2 : f32} : tensor<?x10xf32>
  %g4 = lepton.softmax_grad %s, %g3 : tensor<?x10xf32>
  return %g4 : tensor<?x10xf32>
}

// -----

// Cross-entropy: row max and Σ exp, the label's logit picked by comparing the class index,
// then one reduction over the batch weighted by the per-sample weights into a 0-d tensor.
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROW:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[$B:.+]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[$B0:.+]] = affine_map<(d0) -> ()>
// CHECK-DAG: #[[$S0:.+]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @cross_entropy
// CHECK-SAME: (%[[Z:[^:]+]]: tensor<?x10xf32>, %[[L:[^:]+]]: tensor<?xi32>, %[[WT:[^:]+]]: tensor<?xf32>)
// CHECK: %[[MAX:.+]] = linalg.generic {{.+}} ins(%[[Z]] : tensor<?x10xf32>)
// CHECK: %[[SUM:.+]] = linalg.generic {{.+}} ins(%[[Z]], %[[MAX]] : tensor<?x10xf32>, tensor<?xf32>)
// CHECK: %[[PICK:.+]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ROW]]], iterator_types = ["parallel", "reduction"]} ins(%[[Z]], %[[L]] : tensor<?x10xf32>, tensor<?xi32>)
// CHECK: linalg.index 1 : index
// CHECK: arith.index_cast %{{.+}} : index to i32
// CHECK: arith.cmpi eq
// CHECK: %[[INIT:.+]] = tensor.empty() : tensor<f32>
// CHECK: %[[ZERO:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%[[INIT]] : tensor<f32>)
// CHECK: linalg.generic {indexing_maps = [#[[$B]], #[[$B]], #[[$B]], #[[$B]], #[[$B0]]], iterator_types = ["reduction"]} ins(%[[WT]], %[[MAX]], %[[SUM]], %[[PICK]] : {{.+}}) outs(%[[ZERO]] : tensor<f32>)
// CHECK: math.log
// CHECK: arith.subf
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @cross_entropy(%z: tensor<?x10xf32>, %labels: tensor<?xi32>, %w: tensor<?xf32>) -> tensor<f32> {
  %loss = lepton.softmax_cross_entropy %z, %labels, %w : tensor<?x10xf32>, tensor<?xi32>, tensor<?xf32>
  return %loss : tensor<f32>
}

// CHECK-LABEL: func.func @cross_entropy_grad
// CHECK-SAME: (%[[Z:[^:]+]]: tensor<?x10xf32>, %[[L:[^:]+]]: tensor<?xi32>, %[[WT:[^:]+]]: tensor<?xf32>, %[[D:[^:]+]]: tensor<f32>)
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ROW]], #[[$ROW]], #[[$ROW]], #[[$ROW]], #[[$S0]], #[[$ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[Z]], %[[L]], %[[WT]], %{{.+}}, %{{.+}}, %[[D]] :
// CHECK: math.exp
// CHECK: arith.divf
// CHECK: arith.cmpi eq
func.func @cross_entropy_grad(%z: tensor<?x10xf32>, %labels: tensor<?xi32>, %w: tensor<?xf32>, %d: tensor<f32>) -> tensor<?x10xf32> {
  %g = lepton.softmax_cross_entropy_grad %z, %labels, %w, %d : tensor<?x10xf32>, tensor<?xi32>, tensor<?xf32>
  return %g : tensor<?x10xf32>
}

// -----

// Elementwise losses: one generic reducing (b, n) into a 0-d tensor with coefficient w_b / N.
// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROW:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[$S0:.+]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @regression_losses
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]], #[[$ROW]], #[[$S0]]], iterator_types = ["reduction", "reduction"]}
// CHECK: arith.constant 2.500000e-01 : f32
// CHECK: arith.subf
// CHECK: arith.mulf
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]], #[[$ROW]], #[[$S0]]], iterator_types = ["reduction", "reduction"]}
// CHECK: math.absf
// CHECK: arith.cmpf olt
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]], #[[$ROW]], #[[$S0]]], iterator_types = ["reduction", "reduction"]}
// CHECK: math.log1p
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]], #[[$ROW]], #[[$S0]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]], #[[$ROW]], #[[$S0]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK: arith.minimumf
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]], #[[$ROW]], #[[$S0]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK: math.exp
func.func @regression_losses(%p: tensor<?x4xf32>, %t: tensor<?x4xf32>, %w: tensor<?xf32>, %d: tensor<f32>)
    -> (tensor<f32>, tensor<f32>, tensor<f32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>) {
  %mse = lepton.mse %p, %t, %w : tensor<?x4xf32>, tensor<?xf32>
  %hub = lepton.huber %p, %t, %w {delta = 0.5 : f32} : tensor<?x4xf32>, tensor<?xf32>
  %bce = lepton.binary_cross_entropy %p, %t, %w : tensor<?x4xf32>, tensor<?xf32>
  %gm = lepton.mse_grad %p, %t, %w, %d : tensor<?x4xf32>, tensor<?xf32>
  %gh = lepton.huber_grad %p, %t, %w, %d {delta = 0.5 : f32} : tensor<?x4xf32>, tensor<?xf32>
  %gb = lepton.binary_cross_entropy_grad %p, %t, %w, %d : tensor<?x4xf32>, tensor<?xf32>
  return %mse, %hub, %bce, %gm, %gh, %gb : tensor<f32>, tensor<f32>, tensor<f32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>
}

// -----

// CHECK-DAG: #[[$ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ALL:.+]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @regularisers
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ALL]]], iterator_types = ["reduction", "reduction"]}
// CHECK: math.absf
// CHECK: arith.constant 1.000000e-01 : f32
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ALL]]], iterator_types = ["reduction", "reduction"]}
// CHECK: arith.mulf
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ALL]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf olt
// CHECK: linalg.generic {indexing_maps = [#[[$ID]], #[[$ALL]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK: arith.constant 4.000000e-01 : f32
func.func @regularisers(%w: tensor<4x3xf32>, %d: tensor<f32>) -> (tensor<f32>, tensor<f32>, tensor<4x3xf32>, tensor<4x3xf32>) {
  %r1 = lepton.l1 %w {lambda = 0.1 : f32} : tensor<4x3xf32>
  %r2 = lepton.l2 %w {lambda = 0.2 : f32} : tensor<4x3xf32>
  %g1 = lepton.l1_grad %w, %d {lambda = 0.1 : f32} : tensor<4x3xf32>
  %g2 = lepton.l2_grad %w, %d {lambda = 0.2 : f32} : tensor<4x3xf32>
  return %r1, %r2, %g1, %g2 : tensor<f32>, tensor<f32>, tensor<4x3xf32>, tensor<4x3xf32>
}

// -----

// Optimizer updates: one generic each, writing into the state tensors they replace and reading them
// only through its outputs (as ins too, one-shot bufferization copied every parameter and moment each
// step); Adam's bias corrections are computed once per step in f64 outside the loop nest. The division by
// √v·c + ε (RMSprop's by √sq + ε) is marked for lepton-reciprocal-divide when ε is a normal float up to 2^64
// (ir/Attributes.h: the divisor stays below 2^126), not for ε = 0 or 1e30.
// Mutations seen failing: the parameter passed as an input as well (ins(%P, %G, …)); the mark for any ε.
// CHECK-LABEL: func.func @adam
// CHECK-SAME: (%[[P:[^:]+]]: tensor<4x3xf32>, %[[G:[^:]+]]: tensor<4x3xf32>, %[[M:[^:]+]]: tensor<4x3xf32>, %[[V:[^:]+]]: tensor<4x3xf32>, %[[LR:[^:]+]]: f32, %[[T:[^:]+]]: i64)
// CHECK: %[[TF:.+]] = arith.sitofp %[[T]] : i64 to f64
// CHECK: math.powf %{{.+}}, %[[TF]] : f64
// CHECK: %[[LR64:.+]] = arith.extf %[[LR]] : f32 to f64
// CHECK: %[[STEP:.+]] = arith.truncf %{{.+}} : f64 to f32
// CHECK: math.sqrt %{{.+}} : f64
// CHECK: %[[R:.+]]:3 = linalg.generic {{.+}} ins(%[[G]] : {{.+}}) outs(%[[P]], %[[M]], %[[V]] : {{.+}})
// CHECK: math.sqrt %{{.+}} : f32
// CHECK: arith.divf %{{.+}}, %{{.+}} {lepton.reciprocal_divide} : f32
// CHECK: arith.mulf %[[STEP]]
// CHECK: linalg.yield
// CHECK: return %[[R]]#0, %[[R]]#1, %[[R]]#2
func.func @adam(%p: tensor<4x3xf32>, %g: tensor<4x3xf32>, %m: tensor<4x3xf32>, %v: tensor<4x3xf32>, %lr: f32, %t: i64) -> (tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>) {
  %p1, %m1, %v1 = lepton.adam_update %p, %g, %m, %v, %lr, %t : tensor<4x3xf32>
  return %p1, %m1, %v1 : tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>
}

// CHECK-LABEL: func.func @adam_unmarked
// CHECK-NOT: lepton.reciprocal_divide
// CHECK: return
func.func @adam_unmarked(%p: tensor<3xf32>, %g: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>, %lr: f32, %t: i64) -> (tensor<3xf32>, tensor<3xf32>) {
  %p1, %m1, %v1 = lepton.adam_update %p, %g, %m, %v, %lr, %t {eps = 0.0} : tensor<3xf32>
  %p2, %m2, %v2 = lepton.adam_update %p, %g, %m, %v, %lr, %t {eps = 1.0e30} : tensor<3xf32>
  return %p1, %p2 : tensor<3xf32>, tensor<3xf32>
}

// Plain SGD: the velocity is passed through untouched.
// CHECK-LABEL: func.func @sgd
// CHECK-SAME: (%[[P:[^:]+]]: tensor<?x3xf32>, %[[G:[^:]+]]: tensor<?x3xf32>, %[[V:[^:]+]]: tensor<?x3xf32>, %[[LR:[^:]+]]: f32)
// CHECK: %[[R:.+]] = linalg.generic {{.+}} ins(%[[G]] : {{.+}}) outs(%[[P]] : tensor<?x3xf32>)
// CHECK: arith.mulf %[[LR]]
// CHECK: %[[R2:.+]]:2 = linalg.generic {{.+}} ins(%[[G]] : {{.+}}) outs(%[[P]], %[[V]] : {{.+}})
// CHECK: return %[[R]], %[[V]], %[[R2]]#0, %[[R2]]#1
func.func @sgd(%p: tensor<?x3xf32>, %g: tensor<?x3xf32>, %v: tensor<?x3xf32>, %lr: f32) -> (tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>) {
  %p1, %v1 = lepton.sgd_update %p, %g, %v, %lr : tensor<?x3xf32>
  %p2, %v2 = lepton.sgd_update %p, %g, %v, %lr {momentum = 0.9, nesterov = true} : tensor<?x3xf32>
  return %p1, %v1, %p2, %v2 : tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>
}

// CHECK-LABEL: func.func @rmsprop
// CHECK: linalg.generic {{.+}} outs(%{{.+}}, %{{.+}} : tensor<3xf32>, tensor<3xf32>)
// CHECK: math.sqrt
// CHECK: arith.divf %{{.+}}, %{{.+}} {lepton.reciprocal_divide} : f32
// CHECK: %[[R:.+]]:3 = linalg.generic {{.+}} outs(%{{.+}}, %{{.+}}, %{{.+}} : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
func.func @rmsprop(%p: tensor<3xf32>, %g: tensor<3xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %lr: f32) -> (tensor<3xf32>, tensor<3xf32>) {
  %p1, %s1 = lepton.rmsprop_update %p, %g, %s, %lr : tensor<3xf32>
  %p2, %s2, %b2 = lepton.rmsprop_update %p, %g, %s, %lr momentum_buffer(%b : tensor<3xf32>) {momentum = 0.9} : tensor<3xf32>
  return %p1, %p2 : tensor<3xf32>, tensor<3xf32>
}
