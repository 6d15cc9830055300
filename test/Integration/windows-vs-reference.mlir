// conv2d (im2col · dense · reshape, stride 2 `same` and a 2x3 `valid` kernel), max and average pooling (`same`, `valid`, non-square; max with ties): leptonc's f32 forward and lepton.grad vs the f64 Eigen reference.
// RUN: leptonc %s -c -o %t.o
// RUN: %clangxx -O1 -std=c++17 -I%eigen_include -I%S/reference %S/Inputs/windows_harness.cpp %t.o -o %t.exe
// RUN: %t.exe | FileCheck %s
//
// The reference (reference/windows.h) is plain loops: a direct convolution, not im2col, so it
// shares no index arithmetic with the lowering. Images are (B, H·W·C) rows; `window` is
// [KH, KW, SH, SW, PT, PL, OH, OW], and the harness derives each from the language's
// `same`/`valid` rules, so a mismatch with the attributes here fails as a size mismatch.
// Gradients go through a scalar head, L = mse(op(…), target, s), whose per-row weights s make dy
// a dense cotangent of order 1. Every "fd …" line checks the reference's own gradient against
// central differences of its forward; "hand …" lines check its forward (and the first-maximum
// rule on ties) against values derived by hand.
// The convolutions run at a static batch of 3 (lepton.reshape needs static shapes); conv_rows
// (im2col · dense without the reshape) and the pools take a dynamic batch and run at 5.
// conv_rows and the *_rect pools have unequal kernel sides and strides, so a swapped H/W
// parameter in the lowering shows.
// Mutations seen failing: see the commit that added this test.

// CHECK: {{^}}hand window.same {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}hand window.same_odd {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}hand conv2d.hwio {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}hand conv2d.valid {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}hand conv2d.same {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}hand maxpool2d.same {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}hand avgpool2d.same {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}hand maxpool2d.ties_dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}fd conv_same.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}fd conv_same.dw {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}fd conv_same.db {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}conv_same.y {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}conv_same.loss {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}conv_same.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}conv_same.dw {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}conv_same.db {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}fd conv_valid.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}fd conv_valid.dw {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}conv_valid.y {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}conv_valid.loss {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}conv_valid.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}conv_valid.dw {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}fd conv_rows.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}fd conv_rows.dw {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}conv_rows.y {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}conv_rows.loss {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}conv_rows.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}conv_rows.dw {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}conv_rows.db {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}fd maxpool_same.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}maxpool_same.y {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}maxpool_same.loss {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}maxpool_same.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}maxpool_same.ties.y {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}maxpool_same.ties.loss {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}maxpool_same.ties.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}fd maxpool_valid.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}maxpool_valid.y {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}maxpool_valid.loss {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}maxpool_valid.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}maxpool_valid.ties.y {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}maxpool_valid.ties.loss {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}maxpool_valid.ties.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}fd avgpool_same.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}avgpool_same.y {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}avgpool_same.loss {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}avgpool_same.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}fd avgpool_valid.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}avgpool_valid.y {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}avgpool_valid.loss {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}avgpool_valid.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}fd maxpool_rect.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}maxpool_rect.y {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}maxpool_rect.loss {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}maxpool_rect.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}fd avgpool_rect.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}avgpool_rect.y {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}avgpool_rect.loss {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}avgpool_rect.dx {{.*}} ok{{$}}
// CHECK-NEXT: {{^}}all 59 checks passed{{$}}

// ---- conv_same: 7x7x3 images, 3x3 kernel, stride 2, `same` (PT = PL = 1) -> 4x4x5, with bias ----

func.func @conv_same_forward(%x: tensor<3x147xf32>, %w: tensor<27x5xf32>, %b: tensor<5xf32>) -> tensor<3x80xf32>
    attributes {llvm.emit_c_interface} {
  %p = lepton.im2col %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>}
      : (tensor<3x147xf32>) -> tensor<48x27xf32>
  %z = lepton.dense %p, %w, %b : (tensor<48x27xf32>, tensor<27x5xf32>, tensor<5xf32>) -> tensor<48x5xf32>
  %y = lepton.reshape %z : (tensor<48x5xf32>) -> tensor<3x80xf32>
  return %y : tensor<3x80xf32>
}

func.func private @conv_same_loss(%x: tensor<3x147xf32>, %w: tensor<27x5xf32>, %b: tensor<5xf32>,
                                  %t: tensor<3x80xf32>, %s: tensor<3xf32>) -> tensor<f32> {
  %p = lepton.im2col %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>}
      : (tensor<3x147xf32>) -> tensor<48x27xf32>
  %z = lepton.dense %p, %w, %b : (tensor<48x27xf32>, tensor<27x5xf32>, tensor<5xf32>) -> tensor<48x5xf32>
  %y = lepton.reshape %z : (tensor<48x5xf32>) -> tensor<3x80xf32>
  %l = lepton.mse %y, %t, %s : tensor<3x80xf32>, tensor<3xf32>
  return %l : tensor<f32>
}

func.func @conv_same_gradient(%x: tensor<3x147xf32>, %w: tensor<27x5xf32>, %b: tensor<5xf32>,
                              %t: tensor<3x80xf32>, %s: tensor<3xf32>)
    -> (tensor<f32>, tensor<3x147xf32>, tensor<27x5xf32>, tensor<5xf32>) attributes {llvm.emit_c_interface} {
  %l, %dx, %dw, %db = lepton.grad @conv_same_loss(%x, %w, %b, %t, %s) {wrt = array<i64: 0, 1, 2>}
      : (tensor<3x147xf32>, tensor<27x5xf32>, tensor<5xf32>, tensor<3x80xf32>, tensor<3xf32>)
        -> (tensor<f32>, tensor<3x147xf32>, tensor<27x5xf32>, tensor<5xf32>)
  return %l, %dx, %dw, %db : tensor<f32>, tensor<3x147xf32>, tensor<27x5xf32>, tensor<5xf32>
}

// ---- conv_valid: 6x7x2 images, 2x3 kernel, stride 1, `valid` -> 5x5x4, no bias ----

func.func @conv_valid_forward(%x: tensor<3x84xf32>, %w: tensor<12x4xf32>) -> tensor<3x100xf32>
    attributes {llvm.emit_c_interface} {
  %p = lepton.im2col %x {image = array<i64: 6, 7, 2>, window = array<i64: 2, 3, 1, 1, 0, 0, 5, 5>}
      : (tensor<3x84xf32>) -> tensor<75x12xf32>
  %z = lepton.dense %p, %w : (tensor<75x12xf32>, tensor<12x4xf32>) -> tensor<75x4xf32>
  %y = lepton.reshape %z : (tensor<75x4xf32>) -> tensor<3x100xf32>
  return %y : tensor<3x100xf32>
}

func.func private @conv_valid_loss(%x: tensor<3x84xf32>, %w: tensor<12x4xf32>,
                                   %t: tensor<3x100xf32>, %s: tensor<3xf32>) -> tensor<f32> {
  %p = lepton.im2col %x {image = array<i64: 6, 7, 2>, window = array<i64: 2, 3, 1, 1, 0, 0, 5, 5>}
      : (tensor<3x84xf32>) -> tensor<75x12xf32>
  %z = lepton.dense %p, %w : (tensor<75x12xf32>, tensor<12x4xf32>) -> tensor<75x4xf32>
  %y = lepton.reshape %z : (tensor<75x4xf32>) -> tensor<3x100xf32>
  %l = lepton.mse %y, %t, %s : tensor<3x100xf32>, tensor<3xf32>
  return %l : tensor<f32>
}

func.func @conv_valid_gradient(%x: tensor<3x84xf32>, %w: tensor<12x4xf32>, %t: tensor<3x100xf32>, %s: tensor<3xf32>)
    -> (tensor<f32>, tensor<3x84xf32>, tensor<12x4xf32>) attributes {llvm.emit_c_interface} {
  %l, %dx, %dw = lepton.grad @conv_valid_loss(%x, %w, %t, %s) {wrt = array<i64: 0, 1>}
      : (tensor<3x84xf32>, tensor<12x4xf32>, tensor<3x100xf32>, tensor<3xf32>)
        -> (tensor<f32>, tensor<3x84xf32>, tensor<12x4xf32>)
  return %l, %dx, %dw : tensor<f32>, tensor<3x84xf32>, tensor<12x4xf32>
}

// ---- conv_rows: im2col · dense at a dynamic batch, one output pixel per row: 7x6x3 images, 3x2 kernel,
// stride (2, 1), `same` (PT = 1, PL = 0; one column padded on the right) -> 4x6x5 ----

func.func @conv_rows_forward(%x: tensor<?x126xf32>, %w: tensor<18x5xf32>, %b: tensor<5xf32>) -> tensor<?x5xf32>
    attributes {llvm.emit_c_interface} {
  %p = lepton.im2col %x {image = array<i64: 7, 6, 3>, window = array<i64: 3, 2, 2, 1, 1, 0, 4, 6>}
      : (tensor<?x126xf32>) -> tensor<?x18xf32>
  %y = lepton.dense %p, %w, %b : (tensor<?x18xf32>, tensor<18x5xf32>, tensor<5xf32>) -> tensor<?x5xf32>
  return %y : tensor<?x5xf32>
}

func.func private @conv_rows_loss(%x: tensor<?x126xf32>, %w: tensor<18x5xf32>, %b: tensor<5xf32>,
                                  %t: tensor<?x5xf32>, %s: tensor<?xf32>) -> tensor<f32> {
  %p = lepton.im2col %x {image = array<i64: 7, 6, 3>, window = array<i64: 3, 2, 2, 1, 1, 0, 4, 6>}
      : (tensor<?x126xf32>) -> tensor<?x18xf32>
  %y = lepton.dense %p, %w, %b : (tensor<?x18xf32>, tensor<18x5xf32>, tensor<5xf32>) -> tensor<?x5xf32>
  %l = lepton.mse %y, %t, %s : tensor<?x5xf32>, tensor<?xf32>
  return %l : tensor<f32>
}

func.func @conv_rows_gradient(%x: tensor<?x126xf32>, %w: tensor<18x5xf32>, %b: tensor<5xf32>,
                              %t: tensor<?x5xf32>, %s: tensor<?xf32>)
    -> (tensor<f32>, tensor<?x126xf32>, tensor<18x5xf32>, tensor<5xf32>) attributes {llvm.emit_c_interface} {
  %l, %dx, %dw, %db = lepton.grad @conv_rows_loss(%x, %w, %b, %t, %s) {wrt = array<i64: 0, 1, 2>}
      : (tensor<?x126xf32>, tensor<18x5xf32>, tensor<5xf32>, tensor<?x5xf32>, tensor<?xf32>)
        -> (tensor<f32>, tensor<?x126xf32>, tensor<18x5xf32>, tensor<5xf32>)
  return %l, %dx, %dw, %db : tensor<f32>, tensor<?x126xf32>, tensor<18x5xf32>, tensor<5xf32>
}

// ---- maxpool_same: 7x7x3, 3x3 windows overlapping at stride 2, `same` (PT = PL = 1) -> 4x4x3 ----

func.func @maxpool_same_forward(%x: tensor<?x147xf32>) -> tensor<?x48xf32> attributes {llvm.emit_c_interface} {
  %y = lepton.maxpool2d %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x147xf32>) -> tensor<?x48xf32>
  return %y : tensor<?x48xf32>
}
func.func private @maxpool_same_loss(%x: tensor<?x147xf32>, %t: tensor<?x48xf32>, %s: tensor<?xf32>) -> tensor<f32> {
  %y = lepton.maxpool2d %x {image = array<i64: 7, 7, 3>, window = array<i64: 3, 3, 2, 2, 1, 1, 4, 4>} : (tensor<?x147xf32>) -> tensor<?x48xf32>
  %l = lepton.mse %y, %t, %s : tensor<?x48xf32>, tensor<?xf32>
  return %l : tensor<f32>
}
func.func @maxpool_same_gradient(%x: tensor<?x147xf32>, %t: tensor<?x48xf32>, %s: tensor<?xf32>)
    -> (tensor<f32>, tensor<?x147xf32>) attributes {llvm.emit_c_interface} {
  %l, %dx = lepton.grad @maxpool_same_loss(%x, %t, %s) {wrt = array<i64: 0>}
      : (tensor<?x147xf32>, tensor<?x48xf32>, tensor<?xf32>) -> (tensor<f32>, tensor<?x147xf32>)
  return %l, %dx : tensor<f32>, tensor<?x147xf32>
}

// ---- maxpool_valid: 7x7x3, 2x2 stride 2, `valid` -> 3x3x3 (image row 6 and column 6 in no window) ----

func.func @maxpool_valid_forward(%x: tensor<?x147xf32>) -> tensor<?x27xf32> attributes {llvm.emit_c_interface} {
  %y = lepton.maxpool2d %x {image = array<i64: 7, 7, 3>, window = array<i64: 2, 2, 2, 2, 0, 0, 3, 3>} : (tensor<?x147xf32>) -> tensor<?x27xf32>
  return %y : tensor<?x27xf32>
}
func.func private @maxpool_valid_loss(%x: tensor<?x147xf32>, %t: tensor<?x27xf32>, %s: tensor<?xf32>) -> tensor<f32> {
  %y = lepton.maxpool2d %x {image = array<i64: 7, 7, 3>, window = array<i64: 2, 2, 2, 2, 0, 0, 3, 3>} : (tensor<?x147xf32>) -> tensor<?x27xf32>
  %l = lepton.mse %y, %t, %s : tensor<?x27xf32>, tensor<?xf32>
  return %l : tensor<f32>
}
func.func @maxpool_valid_gradient(%x: tensor<?x147xf32>, %t: tensor<?x27xf32>, %s: tensor<?xf32>)
    -> (tensor<f32>, tensor<?x147xf32>) attributes {llvm.emit_c_interface} {
  %l, %dx = lepton.grad @maxpool_valid_loss(%x, %t, %s) {wrt = array<i64: 0>}
      : (tensor<?x147xf32>, tensor<?x27xf32>, tensor<?xf32>) -> (tensor<f32>, tensor<?x147xf32>)
  return %l, %dx : tensor<f32>, tensor<?x147xf32>
}

// ---- avgpool_same: 6x7x2, 3x3 stride 2, `same` (PT = 0, PL = 1; one row, two columns padded) -> 3x4x2 ----

func.func @avgpool_same_forward(%x: tensor<?x84xf32>) -> tensor<?x24xf32> attributes {llvm.emit_c_interface} {
  %y = lepton.avgpool2d %x {image = array<i64: 6, 7, 2>, window = array<i64: 3, 3, 2, 2, 0, 1, 3, 4>} : (tensor<?x84xf32>) -> tensor<?x24xf32>
  return %y : tensor<?x24xf32>
}
func.func private @avgpool_same_loss(%x: tensor<?x84xf32>, %t: tensor<?x24xf32>, %s: tensor<?xf32>) -> tensor<f32> {
  %y = lepton.avgpool2d %x {image = array<i64: 6, 7, 2>, window = array<i64: 3, 3, 2, 2, 0, 1, 3, 4>} : (tensor<?x84xf32>) -> tensor<?x24xf32>
  %l = lepton.mse %y, %t, %s : tensor<?x24xf32>, tensor<?xf32>
  return %l : tensor<f32>
}
func.func @avgpool_same_gradient(%x: tensor<?x84xf32>, %t: tensor<?x24xf32>, %s: tensor<?xf32>)
    -> (tensor<f32>, tensor<?x84xf32>) attributes {llvm.emit_c_interface} {
  %l, %dx = lepton.grad @avgpool_same_loss(%x, %t, %s) {wrt = array<i64: 0>}
      : (tensor<?x84xf32>, tensor<?x24xf32>, tensor<?xf32>) -> (tensor<f32>, tensor<?x84xf32>)
  return %l, %dx : tensor<f32>, tensor<?x84xf32>
}

// ---- avgpool_valid: 6x6x3, 2x2 stride 2, `valid` -> 3x3x3 ----

func.func @avgpool_valid_forward(%x: tensor<?x108xf32>) -> tensor<?x27xf32> attributes {llvm.emit_c_interface} {
  %y = lepton.avgpool2d %x {image = array<i64: 6, 6, 3>, window = array<i64: 2, 2, 2, 2, 0, 0, 3, 3>} : (tensor<?x108xf32>) -> tensor<?x27xf32>
  return %y : tensor<?x27xf32>
}
func.func private @avgpool_valid_loss(%x: tensor<?x108xf32>, %t: tensor<?x27xf32>, %s: tensor<?xf32>) -> tensor<f32> {
  %y = lepton.avgpool2d %x {image = array<i64: 6, 6, 3>, window = array<i64: 2, 2, 2, 2, 0, 0, 3, 3>} : (tensor<?x108xf32>) -> tensor<?x27xf32>
  %l = lepton.mse %y, %t, %s : tensor<?x27xf32>, tensor<?xf32>
  return %l : tensor<f32>
}
func.func @avgpool_valid_gradient(%x: tensor<?x108xf32>, %t: tensor<?x27xf32>, %s: tensor<?xf32>)
    -> (tensor<f32>, tensor<?x108xf32>) attributes {llvm.emit_c_interface} {
  %l, %dx = lepton.grad @avgpool_valid_loss(%x, %t, %s) {wrt = array<i64: 0>}
      : (tensor<?x108xf32>, tensor<?x27xf32>, tensor<?xf32>) -> (tensor<f32>, tensor<?x108xf32>)
  return %l, %dx : tensor<f32>, tensor<?x108xf32>
}

// ---- maxpool_rect, avgpool_rect: 6x5x2, 2x3 windows, stride (2, 1), `same` (PT = 0, PL = 1) -> 3x5x2 ----

func.func @maxpool_rect_forward(%x: tensor<?x60xf32>) -> tensor<?x30xf32> attributes {llvm.emit_c_interface} {
  %y = lepton.maxpool2d %x {image = array<i64: 6, 5, 2>, window = array<i64: 2, 3, 2, 1, 0, 1, 3, 5>} : (tensor<?x60xf32>) -> tensor<?x30xf32>
  return %y : tensor<?x30xf32>
}
func.func private @maxpool_rect_loss(%x: tensor<?x60xf32>, %t: tensor<?x30xf32>, %s: tensor<?xf32>) -> tensor<f32> {
  %y = lepton.maxpool2d %x {image = array<i64: 6, 5, 2>, window = array<i64: 2, 3, 2, 1, 0, 1, 3, 5>} : (tensor<?x60xf32>) -> tensor<?x30xf32>
  %l = lepton.mse %y, %t, %s : tensor<?x30xf32>, tensor<?xf32>
  return %l : tensor<f32>
}
func.func @maxpool_rect_gradient(%x: tensor<?x60xf32>, %t: tensor<?x30xf32>, %s: tensor<?xf32>)
    -> (tensor<f32>, tensor<?x60xf32>) attributes {llvm.emit_c_interface} {
  %l, %dx = lepton.grad @maxpool_rect_loss(%x, %t, %s) {wrt = array<i64: 0>}
      : (tensor<?x60xf32>, tensor<?x30xf32>, tensor<?xf32>) -> (tensor<f32>, tensor<?x60xf32>)
  return %l, %dx : tensor<f32>, tensor<?x60xf32>
}

func.func @avgpool_rect_forward(%x: tensor<?x60xf32>) -> tensor<?x30xf32> attributes {llvm.emit_c_interface} {
  %y = lepton.avgpool2d %x {image = array<i64: 6, 5, 2>, window = array<i64: 2, 3, 2, 1, 0, 1, 3, 5>} : (tensor<?x60xf32>) -> tensor<?x30xf32>
  return %y : tensor<?x30xf32>
}
func.func private @avgpool_rect_loss(%x: tensor<?x60xf32>, %t: tensor<?x30xf32>, %s: tensor<?xf32>) -> tensor<f32> {
  %y = lepton.avgpool2d %x {image = array<i64: 6, 5, 2>, window = array<i64: 2, 3, 2, 1, 0, 1, 3, 5>} : (tensor<?x60xf32>) -> tensor<?x30xf32>
  %l = lepton.mse %y, %t, %s : tensor<?x30xf32>, tensor<?xf32>
  return %l : tensor<f32>
}
func.func @avgpool_rect_gradient(%x: tensor<?x60xf32>, %t: tensor<?x30xf32>, %s: tensor<?xf32>)
    -> (tensor<f32>, tensor<?x60xf32>) attributes {llvm.emit_c_interface} {
  %l, %dx = lepton.grad @avgpool_rect_loss(%x, %t, %s) {wrt = array<i64: 0>}
      : (tensor<?x60xf32>, tensor<?x30xf32>, tensor<?xf32>) -> (tensor<f32>, tensor<?x60xf32>)
  return %l, %dx : tensor<f32>, tensor<?x60xf32>
}
