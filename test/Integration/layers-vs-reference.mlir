// dense (with and without bias), matmul (every transpose) and dropout: leptonc's f32 forward and lepton.grad vs the f64 Eigen reference.
// RUN: leptonc %s -c -o %t.o
// RUN: %clangxx -O1 -std=c++17 -I%eigen_include -I%S/reference %S/Inputs/layers_harness.cpp %t.o -o %t.exe
// RUN: %t.exe | FileCheck %s
//
// The batch is dynamic (19 rows: two 8-row register blocks of the matmul kernel plus 3 left
// over; dense also runs at 1, 8 and 64 rows) and the feature sizes (37, 45, 13, 21) are not
// multiples of the 16-lane vector, so full tiles, masked tails and leftover rows all run.
// Gradients go through a scalar head, L = mse(op(…), target, s), whose per-row weights s make dy
// a dense cotangent of order 1; the reference computes the same composite. Every "fd …" line
// checks the reference's own gradient against central differences of the reference's forward;
// "torch …" and "documented …" lines check its forward against PyTorch's numbers and the op's
// documented dropout mask.

// CHECK: torch dense.y {{.*}} ok{{$}}
// CHECK-NEXT: documented dropout.mask {{.*}} ok{{$}}
// CHECK-NEXT: fd dense.dx {{.*}} ok{{$}}
// CHECK-NEXT: fd dense.dw {{.*}} ok{{$}}
// CHECK-NEXT: fd dense.db {{.*}} ok{{$}}
// CHECK-NEXT: dense.y {{.*}} ok{{$}}
// CHECK-NEXT: dense.loss {{.*}} ok{{$}}
// CHECK-NEXT: dense.dx {{.*}} ok{{$}}
// CHECK-NEXT: dense.dw {{.*}} ok{{$}}
// CHECK-NEXT: dense.db {{.*}} ok{{$}}
// CHECK-NEXT: fd dense_nobias.dx {{.*}} ok{{$}}
// CHECK-NEXT: fd dense_nobias.dw {{.*}} ok{{$}}
// CHECK-NEXT: dense_nobias.y {{.*}} ok{{$}}
// CHECK-NEXT: dense_nobias.loss {{.*}} ok{{$}}
// CHECK-NEXT: dense_nobias.dx {{.*}} ok{{$}}
// CHECK-NEXT: dense_nobias.dw {{.*}} ok{{$}}
// CHECK-NEXT: dense.batch1.y {{.*}} ok{{$}}
// CHECK-NEXT: dense.batch1.loss {{.*}} ok{{$}}
// CHECK-NEXT: dense.batch1.dx {{.*}} ok{{$}}
// CHECK-NEXT: dense.batch1.dw {{.*}} ok{{$}}
// CHECK-NEXT: dense.batch1.db {{.*}} ok{{$}}
// CHECK-NEXT: dense.batch8.y {{.*}} ok{{$}}
// CHECK-NEXT: dense.batch8.loss {{.*}} ok{{$}}
// CHECK-NEXT: dense.batch8.dx {{.*}} ok{{$}}
// CHECK-NEXT: dense.batch8.dw {{.*}} ok{{$}}
// CHECK-NEXT: dense.batch8.db {{.*}} ok{{$}}
// CHECK-NEXT: dense.batch64.y {{.*}} ok{{$}}
// CHECK-NEXT: dense.batch64.loss {{.*}} ok{{$}}
// CHECK-NEXT: dense.batch64.dx {{.*}} ok{{$}}
// CHECK-NEXT: dense.batch64.dw {{.*}} ok{{$}}
// CHECK-NEXT: dense.batch64.db {{.*}} ok{{$}}
// CHECK-NEXT: fd matmul_nn.da {{.*}} ok{{$}}
// CHECK-NEXT: fd matmul_nn.db {{.*}} ok{{$}}
// CHECK-NEXT: matmul_nn.y {{.*}} ok{{$}}
// CHECK-NEXT: matmul_nn.loss {{.*}} ok{{$}}
// CHECK-NEXT: matmul_nn.da {{.*}} ok{{$}}
// CHECK-NEXT: matmul_nn.db {{.*}} ok{{$}}
// CHECK-NEXT: fd matmul_nt.da {{.*}} ok{{$}}
// CHECK-NEXT: fd matmul_nt.db {{.*}} ok{{$}}
// CHECK-NEXT: matmul_nt.y {{.*}} ok{{$}}
// CHECK-NEXT: matmul_nt.loss {{.*}} ok{{$}}
// CHECK-NEXT: matmul_nt.da {{.*}} ok{{$}}
// CHECK-NEXT: matmul_nt.db {{.*}} ok{{$}}
// CHECK-NEXT: fd matmul_tn.da {{.*}} ok{{$}}
// CHECK-NEXT: fd matmul_tn.db {{.*}} ok{{$}}
// CHECK-NEXT: matmul_tn.y {{.*}} ok{{$}}
// CHECK-NEXT: matmul_tn.loss {{.*}} ok{{$}}
// CHECK-NEXT: matmul_tn.da {{.*}} ok{{$}}
// CHECK-NEXT: matmul_tn.db {{.*}} ok{{$}}
// CHECK-NEXT: fd matmul_tt.da {{.*}} ok{{$}}
// CHECK-NEXT: fd matmul_tt.db {{.*}} ok{{$}}
// CHECK-NEXT: matmul_tt.y {{.*}} ok{{$}}
// CHECK-NEXT: matmul_tt.loss {{.*}} ok{{$}}
// CHECK-NEXT: matmul_tt.da {{.*}} ok{{$}}
// CHECK-NEXT: matmul_tt.db {{.*}} ok{{$}}
// CHECK-NEXT: fd dropout.dx {{.*}} ok{{$}}
// CHECK-NEXT: dropout.y {{.*}} ok{{$}}
// CHECK-NEXT: dropout.y_other_key {{.*}} ok{{$}}
// CHECK-NEXT: dropout.loss {{.*}} ok{{$}}
// CHECK-NEXT: dropout.dx {{.*}} ok{{$}}
// CHECK-NEXT: all {{[0-9]+}} checks passed

// ---- dense: x (?, 37) · W (37, 45) + b (45) ----

func.func @dense_forward(%x: tensor<?x37xf32>, %w: tensor<37x45xf32>, %b: tensor<45xf32>) -> tensor<?x45xf32>
    attributes {llvm.emit_c_interface} {
  %y = lepton.dense %x, %w, %b : (tensor<?x37xf32>, tensor<37x45xf32>, tensor<45xf32>) -> tensor<?x45xf32>
  return %y : tensor<?x45xf32>
}

func.func private @dense_loss(%x: tensor<?x37xf32>, %w: tensor<37x45xf32>, %b: tensor<45xf32>,
                              %t: tensor<?x45xf32>, %s: tensor<?xf32>) -> tensor<f32> {
  %y = lepton.dense %x, %w, %b : (tensor<?x37xf32>, tensor<37x45xf32>, tensor<45xf32>) -> tensor<?x45xf32>
  %l = lepton.mse %y, %t, %s : tensor<?x45xf32>, tensor<?xf32>
  return %l : tensor<f32>
}

func.func @dense_gradient(%x: tensor<?x37xf32>, %w: tensor<37x45xf32>, %b: tensor<45xf32>,
                          %t: tensor<?x45xf32>, %s: tensor<?xf32>)
    -> (tensor<f32>, tensor<?x37xf32>, tensor<37x45xf32>, tensor<45xf32>) attributes {llvm.emit_c_interface} {
  %l, %dx, %dw, %db = lepton.grad @dense_loss(%x, %w, %b, %t, %s) {wrt = array<i64: 0, 1, 2>}
      : (tensor<?x37xf32>, tensor<37x45xf32>, tensor<45xf32>, tensor<?x45xf32>, tensor<?xf32>)
        -> (tensor<f32>, tensor<?x37xf32>, tensor<37x45xf32>, tensor<45xf32>)
  return %l, %dx, %dw, %db : tensor<f32>, tensor<?x37xf32>, tensor<37x45xf32>, tensor<45xf32>
}

func.func @dense_nobias_forward(%x: tensor<?x37xf32>, %w: tensor<37x45xf32>) -> tensor<?x45xf32>
    attributes {llvm.emit_c_interface} {
  %y = lepton.dense %x, %w : (tensor<?x37xf32>, tensor<37x45xf32>) -> tensor<?x45xf32>
  return %y : tensor<?x45xf32>
}

func.func private @dense_nobias_loss(%x: tensor<?x37xf32>, %w: tensor<37x45xf32>,
                                     %t: tensor<?x45xf32>, %s: tensor<?xf32>) -> tensor<f32> {
  %y = lepton.dense %x, %w : (tensor<?x37xf32>, tensor<37x45xf32>) -> tensor<?x45xf32>
  %l = lepton.mse %y, %t, %s : tensor<?x45xf32>, tensor<?xf32>
  return %l : tensor<f32>
}

func.func @dense_nobias_gradient(%x: tensor<?x37xf32>, %w: tensor<37x45xf32>,
                                 %t: tensor<?x45xf32>, %s: tensor<?xf32>)
    -> (tensor<f32>, tensor<?x37xf32>, tensor<37x45xf32>) attributes {llvm.emit_c_interface} {
  %l, %dx, %dw = lepton.grad @dense_nobias_loss(%x, %w, %t, %s) {wrt = array<i64: 0, 1>}
      : (tensor<?x37xf32>, tensor<37x45xf32>, tensor<?x45xf32>, tensor<?xf32>)
        -> (tensor<f32>, tensor<?x37xf32>, tensor<37x45xf32>)
  return %l, %dx, %dw : tensor<f32>, tensor<?x37xf32>, tensor<37x45xf32>
}

// ---- matmul: op(a) (?, 13) · op(b) (13, 21); n = as stored, t = transposed ----

func.func @matmul_nn_forward(%a: tensor<?x13xf32>, %b: tensor<13x21xf32>) -> tensor<?x21xf32>
    attributes {llvm.emit_c_interface} {
  %c = lepton.matmul %a, %b : (tensor<?x13xf32>, tensor<13x21xf32>) -> tensor<?x21xf32>
  return %c : tensor<?x21xf32>
}
func.func private @matmul_nn_loss(%a: tensor<?x13xf32>, %b: tensor<13x21xf32>, %t: tensor<?x21xf32>,
                                  %s: tensor<?xf32>) -> tensor<f32> {
  %c = lepton.matmul %a, %b : (tensor<?x13xf32>, tensor<13x21xf32>) -> tensor<?x21xf32>
  %l = lepton.mse %c, %t, %s : tensor<?x21xf32>, tensor<?xf32>
  return %l : tensor<f32>
}
func.func @matmul_nn_gradient(%a: tensor<?x13xf32>, %b: tensor<13x21xf32>, %t: tensor<?x21xf32>, %s: tensor<?xf32>)
    -> (tensor<f32>, tensor<?x13xf32>, tensor<13x21xf32>) attributes {llvm.emit_c_interface} {
  %l, %da, %db = lepton.grad @matmul_nn_loss(%a, %b, %t, %s) {wrt = array<i64: 0, 1>}
      : (tensor<?x13xf32>, tensor<13x21xf32>, tensor<?x21xf32>, tensor<?xf32>)
        -> (tensor<f32>, tensor<?x13xf32>, tensor<13x21xf32>)
  return %l, %da, %db : tensor<f32>, tensor<?x13xf32>, tensor<13x21xf32>
}

func.func @matmul_nt_forward(%a: tensor<?x13xf32>, %b: tensor<21x13xf32>) -> tensor<?x21xf32>
    attributes {llvm.emit_c_interface} {
  %c = lepton.matmul %a, %b {transpose_b = true} : (tensor<?x13xf32>, tensor<21x13xf32>) -> tensor<?x21xf32>
  return %c : tensor<?x21xf32>
}
func.func private @matmul_nt_loss(%a: tensor<?x13xf32>, %b: tensor<21x13xf32>, %t: tensor<?x21xf32>,
                                  %s: tensor<?xf32>) -> tensor<f32> {
  %c = lepton.matmul %a, %b {transpose_b = true} : (tensor<?x13xf32>, tensor<21x13xf32>) -> tensor<?x21xf32>
  %l = lepton.mse %c, %t, %s : tensor<?x21xf32>, tensor<?xf32>
  return %l : tensor<f32>
}
func.func @matmul_nt_gradient(%a: tensor<?x13xf32>, %b: tensor<21x13xf32>, %t: tensor<?x21xf32>, %s: tensor<?xf32>)
    -> (tensor<f32>, tensor<?x13xf32>, tensor<21x13xf32>) attributes {llvm.emit_c_interface} {
  %l, %da, %db = lepton.grad @matmul_nt_loss(%a, %b, %t, %s) {wrt = array<i64: 0, 1>}
      : (tensor<?x13xf32>, tensor<21x13xf32>, tensor<?x21xf32>, tensor<?xf32>)
        -> (tensor<f32>, tensor<?x13xf32>, tensor<21x13xf32>)
  return %l, %da, %db : tensor<f32>, tensor<?x13xf32>, tensor<21x13xf32>
}

func.func @matmul_tn_forward(%a: tensor<13x?xf32>, %b: tensor<13x21xf32>) -> tensor<?x21xf32>
    attributes {llvm.emit_c_interface} {
  %c = lepton.matmul %a, %b {transpose_a = true} : (tensor<13x?xf32>, tensor<13x21xf32>) -> tensor<?x21xf32>
  return %c : tensor<?x21xf32>
}
func.func private @matmul_tn_loss(%a: tensor<13x?xf32>, %b: tensor<13x21xf32>, %t: tensor<?x21xf32>,
                                  %s: tensor<?xf32>) -> tensor<f32> {
  %c = lepton.matmul %a, %b {transpose_a = true} : (tensor<13x?xf32>, tensor<13x21xf32>) -> tensor<?x21xf32>
  %l = lepton.mse %c, %t, %s : tensor<?x21xf32>, tensor<?xf32>
  return %l : tensor<f32>
}
func.func @matmul_tn_gradient(%a: tensor<13x?xf32>, %b: tensor<13x21xf32>, %t: tensor<?x21xf32>, %s: tensor<?xf32>)
    -> (tensor<f32>, tensor<13x?xf32>, tensor<13x21xf32>) attributes {llvm.emit_c_interface} {
  %l, %da, %db = lepton.grad @matmul_tn_loss(%a, %b, %t, %s) {wrt = array<i64: 0, 1>}
      : (tensor<13x?xf32>, tensor<13x21xf32>, tensor<?x21xf32>, tensor<?xf32>)
        -> (tensor<f32>, tensor<13x?xf32>, tensor<13x21xf32>)
  return %l, %da, %db : tensor<f32>, tensor<13x?xf32>, tensor<13x21xf32>
}

func.func @matmul_tt_forward(%a: tensor<13x?xf32>, %b: tensor<21x13xf32>) -> tensor<?x21xf32>
    attributes {llvm.emit_c_interface} {
  %c = lepton.matmul %a, %b {transpose_a = true, transpose_b = true} : (tensor<13x?xf32>, tensor<21x13xf32>) -> tensor<?x21xf32>
  return %c : tensor<?x21xf32>
}
func.func private @matmul_tt_loss(%a: tensor<13x?xf32>, %b: tensor<21x13xf32>, %t: tensor<?x21xf32>,
                                  %s: tensor<?xf32>) -> tensor<f32> {
  %c = lepton.matmul %a, %b {transpose_a = true, transpose_b = true} : (tensor<13x?xf32>, tensor<21x13xf32>) -> tensor<?x21xf32>
  %l = lepton.mse %c, %t, %s : tensor<?x21xf32>, tensor<?xf32>
  return %l : tensor<f32>
}
func.func @matmul_tt_gradient(%a: tensor<13x?xf32>, %b: tensor<21x13xf32>, %t: tensor<?x21xf32>, %s: tensor<?xf32>)
    -> (tensor<f32>, tensor<13x?xf32>, tensor<21x13xf32>) attributes {llvm.emit_c_interface} {
  %l, %da, %db = lepton.grad @matmul_tt_loss(%a, %b, %t, %s) {wrt = array<i64: 0, 1>}
      : (tensor<13x?xf32>, tensor<21x13xf32>, tensor<?x21xf32>, tensor<?xf32>)
        -> (tensor<f32>, tensor<13x?xf32>, tensor<21x13xf32>)
  return %l, %da, %db : tensor<f32>, tensor<13x?xf32>, tensor<21x13xf32>
}

// ---- dropout (rate 0.3) on (?, 45); the key is a run-time operand ----

func.func @dropout_forward(%x: tensor<?x45xf32>, %key: i64) -> tensor<?x45xf32> attributes {llvm.emit_c_interface} {
  %y = lepton.dropout %x, %key {rate = 3.000000e-01 : f32} : tensor<?x45xf32>
  return %y : tensor<?x45xf32>
}

func.func private @dropout_loss(%x: tensor<?x45xf32>, %key: i64, %t: tensor<?x45xf32>, %s: tensor<?xf32>) -> tensor<f32> {
  %y = lepton.dropout %x, %key {rate = 3.000000e-01 : f32} : tensor<?x45xf32>
  %l = lepton.mse %y, %t, %s : tensor<?x45xf32>, tensor<?xf32>
  return %l : tensor<f32>
}

func.func @dropout_gradient(%x: tensor<?x45xf32>, %key: i64, %t: tensor<?x45xf32>, %s: tensor<?xf32>)
    -> (tensor<f32>, tensor<?x45xf32>) attributes {llvm.emit_c_interface} {
  %l, %dx = lepton.grad @dropout_loss(%x, %key, %t, %s) {wrt = array<i64: 0>}
      : (tensor<?x45xf32>, i64, tensor<?x45xf32>, tensor<?xf32>) -> (tensor<f32>, tensor<?x45xf32>)
  return %l, %dx : tensor<f32>, tensor<?x45xf32>
}
