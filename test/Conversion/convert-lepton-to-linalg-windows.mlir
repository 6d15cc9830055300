// RUN: lepton-opt %s -split-input-file --convert-lepton-to-linalg | FileCheck %s --implicit-check-not=lepton.
// convert-lepton-to-linalg of the window ops: each views its (B, H·W·C) matrices as (B, H, W, C)
// with tensor.expand_shape, gathers with tensor.extract inside one linalg.generic and collapses
// the result back: im2col over its 6-D patches, the others over the output's (B, H, W, C), every
// loop parallel with the channel innermost (LLVM vectorises across channels) and the 3x3 kernel
// unrolled in the body, its terms added in (kh, kw) order; reshape is collapse_shape to 1-D then expand_shape. The batch stays dynamic.
// 7x7x3 images, 3x3 windows at stride 2, top and left padding 1, 4x4 outputs.
// Mutations seen failing: see the commit that added this test.

// CHECK-DAG: #[[$ALL6:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>
// CHECK-LABEL: func.func @im2col
// CHECK-SAME: (%[[X:.+]]: tensor<?x147xf32>)
// CHECK: %[[IMG:.+]] = tensor.expand_shape %[[X]] {{\[\[}}0], [1, 2, 3]] output_shape [%{{.+}}, 7, 7, 3] : tensor<?x147xf32> into tensor<?x7x7x3xf32>
// CHECK: %[[E:.+]] = tensor.empty(%{{.+}}) : tensor<?x4x4x3x3x3xf32>
// CHECK: %[[P:.+]] = linalg.generic {indexing_maps = [#[[$ALL6]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} outs(%[[E]] : tensor<?x4x4x3x3x3xf32>)
// CHECK: %[[V:.+]] = tensor.extract %[[IMG]][%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}] : tensor<?x7x7x3xf32>
// CHECK: %[[Z:.+]] = arith.select %{{.+}}, %[[V]], %{{.+}} : f32
// CHECK-NEXT: linalg.yield %[[Z]] : f32
// CHECK: %[[R:.+]] = tensor.collapse_shape %[[P]] {{\[\[}}0, 1, 2], [3, 4, 5]] : tensor<?x4x4x3x3x3xf32> into tensor<?x27xf32>
// CHECK-NEXT: return %[[R]] : tensor<?x27xf32>
func.func @im2col(%x: tensor<?x147xf32>) -> tensor<?x27xf32> {
  %p = lepton.im2col %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x147xf32>) -> tensor<?x27xf32>
  return %p : tensor<?x27xf32>
}

// -----

// Patches of quantized (u8 in i8) activations: the same gather on i8, padding 0 (zero point 0 stands for 0.0).
// CHECK-LABEL: func.func @im2col_i8
// CHECK: tensor.expand_shape %{{.+}} : tensor<?x147xi8> into tensor<?x7x7x3xi8>
// CHECK: %[[V:.+]] = tensor.extract %{{.+}} : tensor<?x7x7x3xi8>
// CHECK-NEXT: %[[ZERO:.+]] = arith.constant 0 : i8
// CHECK-NEXT: %[[Z:.+]] = arith.select %{{.+}}, %[[V]], %[[ZERO]] : i8
// CHECK: tensor.collapse_shape %{{.+}} : tensor<?x4x4x3x3x3xi8> into tensor<?x27xi8>
func.func @im2col_i8(%x: tensor<?x147xi8>) -> tensor<?x27xi8> {
  %p = lepton.im2col %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x147xi8>) -> tensor<?x27xi8>
  return %p : tensor<?x27xi8>
}

// -----

// Max pooling of quantized activations: u8 in i8, compared unsigned (arith.maxui), starting from 0.
// CHECK-LABEL: func.func @maxpool_u8
// CHECK: arith.constant 0 : i8
// CHECK: arith.maxui %{{.+}}, %{{.+}} : i8
// CHECK-NOT: arith.maximumf
func.func @maxpool_u8(%x: tensor<?x147xi8>) -> tensor<?x48xi8> {
  %y = lepton.maxpool2d %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x147xi8>) -> tensor<?x48xi8>
  return %y : tensor<?x48xi8>
}

// -----

// CHECK-DAG: #[[$ALL4:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @col2im
// CHECK-SAME: (%[[P:.+]]: tensor<?x27xf32>)
// CHECK: %[[PS:.+]] = tensor.expand_shape %[[P]] {{\[\[}}0, 1, 2], [3, 4, 5]] output_shape [%{{.+}}, 4, 4, 3, 3, 3] : tensor<?x27xf32> into tensor<?x4x4x3x3x3xf32>
// CHECK: %[[E:.+]] = tensor.empty(%{{.+}}) : tensor<?x7x7x3xf32>
// CHECK: %[[DX:.+]] = linalg.generic {indexing_maps = [#[[$ALL4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%[[E]] : tensor<?x7x7x3xf32>)
// CHECK-COUNT-9: tensor.extract %[[PS]][%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}] : tensor<?x4x4x3x3x3xf32>
// CHECK-NOT: tensor.extract
// CHECK: %[[SUM:.+]] = arith.addf %{{.+}}, %{{.+}} : f32
// CHECK-NEXT: linalg.yield %[[SUM]] : f32
// CHECK: %[[R:.+]] = tensor.collapse_shape %[[DX]] {{\[\[}}0], [1, 2, 3]] : tensor<?x7x7x3xf32> into tensor<?x147xf32>
// CHECK-NEXT: return %[[R]] : tensor<?x147xf32>
func.func @col2im(%p: tensor<?x27xf32>) -> tensor<?x147xf32> {
  %x = lepton.col2im %p {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x27xf32>) -> tensor<?x147xf32>
  return %x : tensor<?x147xf32>
}

// -----

// A batch slice's col2im inserted into the batch's rows (lepton-slice-patches) is computed in those rows: its
// init is the slice of the destination seen as images, so bufferization writes the batch buffer in place.
// Mutations seen failing: the init left a tensor.empty (each slice through scratch and a copy).
// CHECK-LABEL: func.func @col2im_into_rows
// CHECK: scf.for %[[I:.+]] = {{.+}} iter_args(%[[ACC:.+]] = %{{.+}}) -> (tensor<8x147xf32>)
// CHECK: %[[IMAGES:.+]] = tensor.expand_shape %[[ACC]] {{\[\[}}0], [1, 2, 3]] output_shape [8, 7, 7, 3] : tensor<8x147xf32> into tensor<8x7x7x3xf32>
// CHECK: %[[INIT:.+]] = tensor.extract_slice %[[IMAGES]][%[[I]], 0, 0, 0] [2, 7, 7, 3] [1, 1, 1, 1]
// CHECK: %[[DX:.+]] = linalg.generic {{.+}} outs(%[[INIT]] : tensor<2x7x7x3xf32>)
// CHECK: %[[PLACED:.+]] = tensor.insert_slice %[[DX]] into %[[IMAGES]][%[[I]], 0, 0, 0] [2, 7, 7, 3] [1, 1, 1, 1]
// CHECK: %[[ROWS:.+]] = tensor.collapse_shape %[[PLACED]] {{\[\[}}0], [1, 2, 3]] : tensor<8x7x7x3xf32> into tensor<8x147xf32>
// CHECK: scf.yield %[[ROWS]] : tensor<8x147xf32>
func.func @col2im_into_rows(%p: tensor<8x4x4x27xf32>) -> tensor<8x147xf32> {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c8 = arith.constant 8 : index
  %init = tensor.empty() : tensor<8x147xf32>
  %dx = scf.for %i = %c0 to %c8 step %c2 iter_args(%acc = %init) -> (tensor<8x147xf32>) {
    %slice = tensor.extract_slice %p[%i, 0, 0, 0] [2, 4, 4, 27] [1, 1, 1, 1] : tensor<8x4x4x27xf32> to tensor<2x4x4x27xf32>
    %rows = tensor.collapse_shape %slice [[0, 1, 2], [3]] : tensor<2x4x4x27xf32> into tensor<32x27xf32>
    %x = lepton.col2im %rows {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<32x27xf32>) -> tensor<2x147xf32>
    %next = tensor.insert_slice %x into %acc[%i, 0] [2, 147] [1, 1] : tensor<2x147xf32> into tensor<8x147xf32>
    scf.yield %next : tensor<8x147xf32>
  }
  return %dx : tensor<8x147xf32>
}

// -----

// The max starts at -inf; a position in the padding keeps the running value.
// CHECK-DAG: #[[$ALL4:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @maxpool
// CHECK-SAME: (%[[X:.+]]: tensor<?x147xf32>)
// CHECK: %[[IMG:.+]] = tensor.expand_shape %[[X]] {{\[\[}}0], [1, 2, 3]] output_shape [%{{.+}}, 7, 7, 3] : tensor<?x147xf32> into tensor<?x7x7x3xf32>
// CHECK: %[[Y:.+]] = linalg.generic {indexing_maps = [#[[$ALL4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%{{.+}} : tensor<?x4x4x3xf32>)
// CHECK: %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[V:.+]] = tensor.extract %[[IMG]][%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}] : tensor<?x7x7x3xf32>
// CHECK-NEXT: %[[M:.+]] = arith.maximumf %[[NEGINF]], %[[V]] : f32
// CHECK-NEXT: %[[KEEP:.+]] = arith.select %{{.+}}, %[[M]], %[[NEGINF]] : f32
// CHECK-COUNT-8: arith.maximumf
// CHECK-NOT: arith.maximumf
// CHECK: linalg.yield %{{.+}} : f32
// CHECK: %[[R:.+]] = tensor.collapse_shape %[[Y]] {{\[\[}}0], [1, 2, 3]] : tensor<?x4x4x3xf32> into tensor<?x48xf32>
// CHECK-NEXT: return %[[R]] : tensor<?x48xf32>
func.func @maxpool(%x: tensor<?x147xf32>) -> tensor<?x48xf32> {
  %y = lepton.maxpool2d %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x147xf32>) -> tensor<?x48xf32>
  return %y : tensor<?x48xf32>
}

// -----

// For each of the 9 windows that may cover a position (kernel offsets unrolled): that window's first
// maximum (9 strict ogt comparisons), then its dy where the maximum is this position.
// CHECK-LABEL: func.func @maxpool_grad
// CHECK-SAME: (%[[X:.+]]: tensor<?x147xf32>, %[[DY:.+]]: tensor<?x48xf32>)
// CHECK: %[[IMG:.+]] = tensor.expand_shape %[[X]] {{\[\[}}0], [1, 2, 3]] output_shape [%{{.+}}, 7, 7, 3] : tensor<?x147xf32> into tensor<?x7x7x3xf32>
// CHECK: %[[DY4:.+]] = tensor.expand_shape %[[DY]] {{\[\[}}0], [1, 2, 3]] output_shape [%{{.+}}, 4, 4, 3] : tensor<?x48xf32> into tensor<?x4x4x3xf32>
// CHECK: %[[DX:.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%{{.+}} : tensor<?x7x7x3xf32>)
// CHECK: %[[G:.+]] = tensor.extract %[[DY4]][%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}] : tensor<?x4x4x3xf32>
// CHECK-COUNT-9: arith.cmpf ogt, %{{.+}}, %{{.+}} : f32
// CHECK: %[[T:.+]] = arith.select %{{.+}}, %[[G]], %{{.+}} : f32
// CHECK-NEXT: %[[SUM:.+]] = arith.addf %{{.+}}, %[[T]] : f32
// CHECK-COUNT-72: arith.cmpf ogt
// CHECK-NOT: arith.cmpf
// CHECK: linalg.yield %{{.+}} : f32
// CHECK: %[[R:.+]] = tensor.collapse_shape %[[DX]] {{\[\[}}0], [1, 2, 3]] : tensor<?x7x7x3xf32> into tensor<?x147xf32>
// CHECK-NEXT: return %[[R]] : tensor<?x147xf32>
func.func @maxpool_grad(%x: tensor<?x147xf32>, %dy: tensor<?x48xf32>) -> tensor<?x147xf32> {
  %dx = lepton.maxpool2d_grad %x, %dy {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x147xf32>, tensor<?x48xf32>) -> tensor<?x147xf32>
  return %dx : tensor<?x147xf32>
}

// -----

// A sum over the in-image positions divided by their count, in the same body.
// CHECK-DAG: #[[$ALL4:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @avgpool
// CHECK-SAME: (%[[X:.+]]: tensor<?x147xf32>)
// CHECK: %[[IMG:.+]] = tensor.expand_shape %[[X]] {{\[\[}}0], [1, 2, 3]] output_shape [%{{.+}}, 7, 7, 3] : tensor<?x147xf32> into tensor<?x7x7x3xf32>
// CHECK: %[[Y:.+]] = linalg.generic {indexing_maps = [#[[$ALL4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%{{.+}} : tensor<?x4x4x3xf32>)
// CHECK-COUNT-9: tensor.extract %[[IMG]][%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}] : tensor<?x7x7x3xf32>
// CHECK: %[[N:.+]] = arith.sitofp %{{.+}} : i32 to f32
// CHECK-NEXT: %[[MEAN:.+]] = arith.divf %{{.+}}, %[[N]] : f32
// CHECK-NEXT: linalg.yield %[[MEAN]] : f32
// CHECK: %[[R:.+]] = tensor.collapse_shape %[[Y]] {{\[\[}}0], [1, 2, 3]] : tensor<?x4x4x3xf32> into tensor<?x48xf32>
// CHECK-NEXT: return %[[R]] : tensor<?x48xf32>
func.func @avgpool(%x: tensor<?x147xf32>) -> tensor<?x48xf32> {
  %y = lepton.avgpool2d %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x147xf32>) -> tensor<?x48xf32>
  return %y : tensor<?x48xf32>
}

// -----

// CHECK-LABEL: func.func @avgpool_grad
// CHECK-SAME: (%[[DY:.+]]: tensor<?x48xf32>)
// CHECK: %[[DY4:.+]] = tensor.expand_shape %[[DY]] {{\[\[}}0], [1, 2, 3]] output_shape [%{{.+}}, 4, 4, 3] : tensor<?x48xf32> into tensor<?x4x4x3xf32>
// CHECK: %[[DX:.+]] = linalg.generic {{.+}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%{{.+}} : tensor<?x7x7x3xf32>)
// CHECK: %[[G:.+]] = tensor.extract %[[DY4]][%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}] : tensor<?x4x4x3xf32>
// CHECK: %[[N:.+]] = arith.sitofp %{{.+}} : i32 to f32
// CHECK: %[[SHARE:.+]] = arith.divf %[[G]], %[[N]] : f32
// CHECK-NEXT: %[[T:.+]] = arith.select %{{.+}}, %[[SHARE]], %{{.+}} : f32
// CHECK-NEXT: %[[SUM:.+]] = arith.addf %{{.+}}, %[[T]] : f32
// CHECK-COUNT-8: arith.divf
// CHECK-NOT: arith.divf
// CHECK: linalg.yield %{{.+}} : f32
// CHECK: %[[R:.+]] = tensor.collapse_shape %[[DX]] {{\[\[}}0], [1, 2, 3]] : tensor<?x7x7x3xf32> into tensor<?x147xf32>
// CHECK-NEXT: return %[[R]] : tensor<?x147xf32>
func.func @avgpool_grad(%dy: tensor<?x48xf32>) -> tensor<?x147xf32> {
  %dx = lepton.avgpool2d_grad %dy {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x48xf32>) -> tensor<?x147xf32>
  return %dx : tensor<?x147xf32>
}

// -----

// Collapse to 1-D, then expand; a 1-D side skips its half, the same shape is the operand itself.
// CHECK-LABEL: func.func @reshape
// CHECK-SAME: (%[[Z:.+]]: tensor<48x5xf32>, %[[K:.+]]: tensor<2x3x2x4xf32>, %[[V:.+]]: tensor<12xf32>, %[[M:.+]]: tensor<3x4xf32>)
// CHECK-NEXT: %[[ZF:.+]] = tensor.collapse_shape %[[Z]] {{\[\[}}0, 1]] : tensor<48x5xf32> into tensor<240xf32>
// CHECK-NEXT: %[[Y:.+]] = tensor.expand_shape %[[ZF]] {{\[\[}}0, 1]] output_shape [3, 80] : tensor<240xf32> into tensor<3x80xf32>
// CHECK-NEXT: %[[KF:.+]] = tensor.collapse_shape %[[K]] {{\[\[}}0, 1, 2, 3]] : tensor<2x3x2x4xf32> into tensor<48xf32>
// CHECK-NEXT: %[[W:.+]] = tensor.expand_shape %[[KF]] {{\[\[}}0, 1]] output_shape [24, 2] : tensor<48xf32> into tensor<24x2xf32>
// CHECK-NEXT: %[[VM:.+]] = tensor.expand_shape %[[V]] {{\[\[}}0, 1]] output_shape [3, 4] : tensor<12xf32> into tensor<3x4xf32>
// CHECK-NEXT: %[[MV:.+]] = tensor.collapse_shape %[[M]] {{\[\[}}0, 1]] : tensor<3x4xf32> into tensor<12xf32>
// CHECK-NEXT: return %[[Y]], %[[W]], %[[VM]], %[[MV]], %[[M]] : tensor<3x80xf32>, tensor<24x2xf32>, tensor<3x4xf32>, tensor<12xf32>, tensor<3x4xf32>
func.func @reshape(%z: tensor<48x5xf32>, %k: tensor<2x3x2x4xf32>, %v: tensor<12xf32>, %m: tensor<3x4xf32>)
    -> (tensor<3x80xf32>, tensor<24x2xf32>, tensor<3x4xf32>, tensor<12xf32>, tensor<3x4xf32>) {
  %y = lepton.reshape %z : (tensor<48x5xf32>) -> tensor<3x80xf32>
  %w = lepton.reshape %k : (tensor<2x3x2x4xf32>) -> tensor<24x2xf32>
  %vm = lepton.reshape %v : (tensor<12xf32>) -> tensor<3x4xf32>
  %mv = lepton.reshape %m : (tensor<3x4xf32>) -> tensor<12xf32>
  %same = lepton.reshape %m : (tensor<3x4xf32>) -> tensor<3x4xf32>
  return %y, %w, %vm, %mv, %same : tensor<3x80xf32>, tensor<24x2xf32>, tensor<3x4xf32>, tensor<12xf32>, tensor<3x4xf32>
}

// -----

// A slice's patches (in a loop of lepton-slice-patches) without padding and with window rows of at least 16
// elements (3 × 8 here) are copied a window row at a time: loops over (b, oh, ow, kh), each copying the 24
// contiguous elements x[b, oh + kh, ow .. ow + 2, :] into patches[b, oh, ow, kh, :, :]. With padding, or
// outside such a loop, the gathering generic stays.
// Mutations seen failing: the window row read at oh instead of oh + kh; the slice-loop condition dropped
// (@patches_outside_slices copied by rows); the padding condition dropped (@padded_slice_patches).
// CHECK-LABEL: func.func @slice_patches
// CHECK:       scf.for %{{.+}} = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%{{.+}} = %{{.+}}) -> (tensor<8x4xf32>)
// CHECK:         %[[IMG:.+]] = tensor.expand_shape %{{.+}} : tensor<1x128xf32> into tensor<1x4x4x8xf32>
// CHECK-NOT:     linalg.generic
// CHECK:         scf.for %[[B:[^ ]+]] =
// CHECK:           scf.for %[[OH:[^ ]+]] =
// CHECK:             scf.for %[[OW:[^ ]+]] =
// CHECK:               scf.for %[[KH:[^ ]+]] = %{{.+}} to %{{.+}} step %{{.+}} iter_args(%[[ACC:[^ ]+]] = %{{.+}}) -> (tensor<1x2x2x3x3x8xf32>)
// CHECK-NEXT:            %[[H:.+]] = arith.addi %[[OH]], %[[KH]] : index
// CHECK-NEXT:            %[[ROW:.+]] = tensor.extract_slice %[[IMG]][%[[B]], %[[H]], %[[OW]], 0] [1, 1, 3, 8] [1, 1, 1, 1] : tensor<1x4x4x8xf32> to tensor<3x8xf32>
// CHECK-NEXT:            %{{.+}} = tensor.insert_slice %[[ROW]] into %[[ACC]][%[[B]], %[[OH]], %[[OW]], %[[KH]], 0, 0] [1, 1, 1, 1, 3, 8] [1, 1, 1, 1, 1, 1] : tensor<3x8xf32> into tensor<1x2x2x3x3x8xf32>
// CHECK:       } {lepton.independent_slices}
func.func @slice_patches(%x: tensor<2x128xf32>, %w: tensor<72x4xf32>) -> tensor<8x4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %init = tensor.empty() : tensor<8x4xf32>
  %y = scf.for %i = %c0 to %c2 step %c1 iter_args(%acc = %init) -> (tensor<8x4xf32>) {
    %xs = tensor.extract_slice %x[%i, 0] [1, 128] [1, 1] : tensor<2x128xf32> to tensor<1x128xf32>
    %p = lepton.im2col %xs {image = array<i64: 4, 4, 8>, window = array<i64: 3, 3, 1, 1, 0, 0, 2, 2>} : (tensor<1x128xf32>) -> tensor<4x72xf32>
    %ys = lepton.dense %p, %w : (tensor<4x72xf32>, tensor<72x4xf32>) -> tensor<4x4xf32>
    %r = arith.muli %i, %c4 : index
    %next = tensor.insert_slice %ys into %acc[%r, 0] [4, 4] [1, 1] : tensor<4x4xf32> into tensor<8x4xf32>
    scf.yield %next : tensor<8x4xf32>
  } {lepton.independent_slices}
  return %y : tensor<8x4xf32>
}

// -----

// CHECK-LABEL: func.func @patches_outside_slices
// CHECK-NOT:     scf.for
// CHECK:         linalg.generic
func.func @patches_outside_slices(%x: tensor<2x128xf32>) -> tensor<8x72xf32> {
  %p = lepton.im2col %x {image = array<i64: 4, 4, 8>, window = array<i64: 3, 3, 1, 1, 0, 0, 2, 2>} : (tensor<2x128xf32>) -> tensor<8x72xf32>
  return %p : tensor<8x72xf32>
}

// -----

// CHECK-LABEL: func.func @padded_slice_patches
// CHECK:         scf.for
// CHECK-NOT:       scf.for
// CHECK:           linalg.generic
// CHECK:         } {lepton.independent_slices}
func.func @padded_slice_patches(%x: tensor<2x128xf32>) -> tensor<2x16x72xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %init = tensor.empty() : tensor<2x16x72xf32>
  %y = scf.for %i = %c0 to %c2 step %c1 iter_args(%acc = %init) -> (tensor<2x16x72xf32>) {
    %xs = tensor.extract_slice %x[%i, 0] [1, 128] [1, 1] : tensor<2x128xf32> to tensor<1x128xf32>
    %p = lepton.im2col %xs {image = array<i64: 4, 4, 8>, window = array<i64: 3, 3, 1, 1, 1, 1, 4, 4>} : (tensor<1x128xf32>) -> tensor<16x72xf32>
    %p3 = tensor.expand_shape %p [[0, 1], [2]] output_shape [1, 16, 72] : tensor<16x72xf32> into tensor<1x16x72xf32>
    %next = tensor.insert_slice %p3 into %acc[%i, 0, 0] [1, 16, 72] [1, 1, 1] : tensor<1x16x72xf32> into tensor<2x16x72xf32>
    scf.yield %next : tensor<2x16x72xf32>
  } {lepton.independent_slices}
  return %y : tensor<2x16x72xf32>
}
