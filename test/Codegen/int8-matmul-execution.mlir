// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=16 int8-dot=generic" \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=8 int8-dot=generic" \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=4 int8-dot=generic" \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=16 int8-dot=vnni" --mlir-print-ir-after=lepton-int8-matmul-to-vector --mlir-disable-threading 2>&1 \
// RUN:   | FileCheck %s --check-prefix=VNNI
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=8 int8-dot=generic" --mlir-print-ir-after=lepton-int8-matmul-to-vector --mlir-disable-threading 2>&1 \
// RUN:   | FileCheck %s --check-prefix=GENERIC
// Machine code: vpdpbusd for an AVX-512 VNNI CPU (icelake-server), none for AVX2 (x86-64-v3), whatever this CPU is.
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=16 int8-dot=vnni" | mlir-translate --mlir-to-llvmir \
// RUN:   | llc -O2 -mcpu=icelake-server -o - | FileCheck %s --check-prefix=ASM512
// RUN: lepton-opt %s --lepton-lower-to-llvm="vector-width=8 int8-dot=generic" | mlir-translate --mlir-to-llvmir \
// RUN:   | llc -O2 -mcpu=x86-64-v3 -o - | FileCheck %s --check-prefix=ASM256
// ASM512: vpdpbusd {{.*}}%zmm
// ASM256-NOT: vpdpbusd
//
// The int8 kernel (lepton-int8-matmul-to-vector): C[i, j] += Σ_k zext(A[i, k]) · sext(B[k, j]), A u8, B s8, C i32,
// equal to scalar loops for M in {1, 7, 9, 33}, K in {1, 3, 4, 13, 64} (K not a multiple of 4: A read masked, B
// packed with zeros), N = 33 (panels of 16, 8 and 4 lanes with a masked last one), every byte value on both sides
// (A = 0…255, B = -128…127: the u8 × s8 products vpmaddubsw's i16 pair sums would saturate), C starting at 5
// (the kernel accumulates into C); K = 64 also through a function whose K is static (A's bytes read unmasked);
// every case again with B packed beforehand (ir/Int8Layout.h: [k / 4][4 · j + k % 4], N padded to 48), the
// layout quantized weights are stored in, which the kernel reads without packing.
// The VNNI runs are in int8-matmul-vnni-execution.mlir (they need the CPU).
// Mutations seen failing: A's bytes sign-extended (generic path: every product with A > 127 differs), C not loaded
// before accumulating (off by 5 everywhere), both K-tail guards dropped (A read unmasked past K and B packed
// without zeros: K = 1, 3, 13 differ). Either guard alone keeps the sums exact (a zero on one side); A's mask is
// there to keep its reads inside the buffer. The packed B read at the row-major offsets (4 · w · panel dropped:
// every panel reads panel 0) fails too.
// CHECK-NOT: mismatch
// CHECK: mismatches 0
// VNNI-LABEL: func.func @int8_matmul(
// VNNI:         llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// VNNI-NOT:     linalg.generic
// GENERIC-LABEL: func.func @int8_matmul(
// GENERIC-NOT:  vpdpbusd
// GENERIC:      vector.shuffle
// GENERIC:      arith.extui {{.*}} : vector<8xi8> to vector<8xi32>
// GENERIC:      arith.extsi {{.*}} : vector<8xi8> to vector<8xi32>
// Packed B: no packing buffer, B's bytes loaded straight from the argument.
// VNNI-LABEL: func.func @int8_matmul_packed(
// VNNI-NOT:     memref.alloc
// VNNI:         vector.load %arg1[%{{.*}}, %{{.*}}] : memref<?x192xi8>, vector<64xi8>
// VNNI:         llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// VNNI-NOT:     linalg.generic
// VNNI-LABEL: func.func @pack(

#map_a = affine_map<(i, j, k) -> (i, k)>
#map_b = affine_map<(i, j, k) -> (k, j)>
#map_c = affine_map<(i, j, k) -> (i, j)>

memref.global "private" constant @ms : memref<4xindex> = dense<[1, 7, 9, 33]>
memref.global "private" constant @ks : memref<5xindex> = dense<[1, 3, 4, 13, 64]>

func.func @int8_matmul(%a: memref<?x?xi8>, %b: memref<?x33xi8>, %c: memref<?x33xi32>) {
  linalg.generic {indexing_maps = [#map_a, #map_b, #map_c], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<?x?xi8>, memref<?x33xi8>) outs(%c : memref<?x33xi32>) {
  ^bb0(%x: i8, %w: i8, %acc: i32):
    %x32 = arith.extui %x : i8 to i32
    %w32 = arith.extsi %w : i8 to i32
    %p = arith.muli %x32, %w32 : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  }
  return
}

// The same with B packed (ir/Int8Layout.h).
func.func @int8_matmul_packed(%a: memref<?x?xi8>, %b: memref<?x192xi8>, %c: memref<?x33xi32>) {
  linalg.generic {indexing_maps = [#map_a, affine_map<(i, j, k) -> (k floordiv 4, j * 4 + k mod 4)>, #map_c],
                  iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<?x?xi8>, memref<?x192xi8>) outs(%c : memref<?x33xi32>) {
  ^bb0(%x: i8, %w: i8, %acc: i32):
    %x32 = arith.extui %x : i8 to i32
    %w32 = arith.extsi %w : i8 to i32
    %p = arith.muli %x32, %w32 : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  }
  return
}

// packed[k / 4][4 · j + k % 4] = b[k][j]; zeros elsewhere (K padded to a multiple of 4, N to 48).
func.func @pack(%b: memref<?x?xi8>, %packed: memref<?x192xi8>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0 : i8
  linalg.fill ins(%zero : i8) outs(%packed : memref<?x192xi8>)
  %k = memref.dim %b, %c0 : memref<?x?xi8>
  %n = memref.dim %b, %c1 : memref<?x?xi8>
  scf.for %r = %c0 to %k step %c1 {
    scf.for %j = %c0 to %n step %c1 {
      %v = memref.load %b[%r, %j] : memref<?x?xi8>
      %q = arith.divui %r, %c4 : index
      %lane = arith.remui %r, %c4 : index
      %j4 = arith.muli %j, %c4 : index
      %col = arith.addi %j4, %lane : index
      memref.store %v, %packed[%q, %col] : memref<?x192xi8>
    }
  }
  return
}

// The same with a static K that is a multiple of 4.
func.func @int8_matmul_k64(%a: memref<?x64xi8>, %b: memref<64x33xi8>, %c: memref<?x33xi32>) {
  linalg.generic {indexing_maps = [#map_a, #map_b, #map_c], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<?x64xi8>, memref<64x33xi8>) outs(%c : memref<?x33xi32>) {
  ^bb0(%x: i8, %w: i8, %acc: i32):
    %x32 = arith.extui %x : i8 to i32
    %w32 = arith.extsi %w : i8 to i32
    %p = arith.muli %x32, %w32 : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  }
  return
}

// m[r][c] = (mr·r + mc·c + add) mod 256, as a byte (so every value 0…255, i.e. -128…127 as s8).
func.func @pattern(%m: memref<?x?xi8>, %mr: index, %mc: index, %add: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  %rows = memref.dim %m, %c0 : memref<?x?xi8>
  %cols = memref.dim %m, %c1 : memref<?x?xi8>
  scf.for %r = %c0 to %rows step %c1 {
    scf.for %c = %c0 to %cols step %c1 {
      %x = arith.muli %r, %mr : index
      %y = arith.muli %c, %mc : index
      %s = arith.addi %x, %y : index
      %s2 = arith.addi %s, %add : index
      %v = arith.remui %s2, %c256 : index
      %vi = arith.index_cast %v : index to i32
      %v8 = arith.trunci %vi : i32 to i8
      memref.store %v8, %m[%r, %c] : memref<?x?xi8>
    }
  }
  return
}

// The number of elements of C that differ from 5 + Σ_k zext(a) · sext(b).
func.func @compare(%a: memref<?x?xi8>, %b: memref<?x?xi8>, %c: memref<?x33xi32>, %m: index, %k: index) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c33 = arith.constant 33 : index
  %five = arith.constant 5 : i32
  %bad = scf.for %i = %c0 to %m step %c1 iter_args(%acc = %c0) -> index {
    %row = scf.for %j = %c0 to %c33 step %c1 iter_args(%acc2 = %acc) -> index {
      %sum = scf.for %kk = %c0 to %k step %c1 iter_args(%s = %five) -> i32 {
        %x = memref.load %a[%i, %kk] : memref<?x?xi8>
        %y = memref.load %b[%kk, %j] : memref<?x?xi8>
        %x32 = arith.extui %x : i8 to i32
        %y32 = arith.extsi %y : i8 to i32
        %p = arith.muli %x32, %y32 : i32
        %n = arith.addi %s, %p : i32
        scf.yield %n : i32
      }
      %got = memref.load %c[%i, %j] : memref<?x33xi32>
      %same = arith.cmpi eq, %got, %sum : i32
      %one = arith.select %same, %c0, %c1 : index
      %next = arith.addi %acc2, %one : index
      scf.yield %next : index
    }
    scf.yield %row : index
  }
  return %bad : index
}

// 1 when some element of C differs from 5 + Σ_k zext(a) · sext(b), from a row-major or a packed B.
func.func @check(%m: index, %k: index) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c7 = arith.constant 7 : index
  %c11 = arith.constant 11 : index
  %c29 = arith.constant 29 : index
  %c37 = arith.constant 37 : index
  %c33 = arith.constant 33 : index
  %five = arith.constant 5 : i32
  %a = memref.alloc(%m, %k) : memref<?x?xi8>
  %b = memref.alloc(%k, %c33) : memref<?x?xi8>
  %c = memref.alloc(%m) : memref<?x33xi32>
  func.call @pattern(%a, %c37, %c11, %c3) : (memref<?x?xi8>, index, index, index) -> ()
  func.call @pattern(%b, %c29, %c7, %c1) : (memref<?x?xi8>, index, index, index) -> ()
  linalg.fill ins(%five : i32) outs(%c : memref<?x33xi32>)
  %bs = memref.cast %b : memref<?x?xi8> to memref<?x33xi8>
  %c64 = arith.constant 64 : index
  %static = arith.cmpi eq, %k, %c64 : index
  scf.if %static {
    %a64 = memref.cast %a : memref<?x?xi8> to memref<?x64xi8>
    %b64 = memref.cast %b : memref<?x?xi8> to memref<64x33xi8>
    func.call @int8_matmul_k64(%a64, %b64, %c) : (memref<?x64xi8>, memref<64x33xi8>, memref<?x33xi32>) -> ()
  } else {
    func.call @int8_matmul(%a, %bs, %c) : (memref<?x?xi8>, memref<?x33xi8>, memref<?x33xi32>) -> ()
  }
  %bad1 = func.call @compare(%a, %b, %c, %m, %k) : (memref<?x?xi8>, memref<?x?xi8>, memref<?x33xi32>, index, index) -> index
  // Again from a packed B.
  %k3 = arith.addi %k, %c3 : index
  %c4 = arith.constant 4 : index
  %quads = arith.divui %k3, %c4 : index
  %packed = memref.alloc(%quads) : memref<?x192xi8>
  func.call @pack(%b, %packed) : (memref<?x?xi8>, memref<?x192xi8>) -> ()
  linalg.fill ins(%five : i32) outs(%c : memref<?x33xi32>)
  func.call @int8_matmul_packed(%a, %packed, %c) : (memref<?x?xi8>, memref<?x192xi8>, memref<?x33xi32>) -> ()
  %bad2 = func.call @compare(%a, %b, %c, %m, %k) : (memref<?x?xi8>, memref<?x?xi8>, memref<?x33xi32>, index, index) -> index
  %bad = arith.addi %bad1, %bad2 : index
  %failed = arith.cmpi ne, %bad, %c0 : index
  scf.if %failed {
    vector.print str "mismatch m k: "
    vector.print %m : index
    vector.print %k : index
  }
  %r = arith.select %failed, %c1, %c0 : index
  return %r : index
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %ms = memref.get_global @ms : memref<4xindex>
  %ks = memref.get_global @ks : memref<5xindex>
  %total = scf.for %x = %c0 to %c4 step %c1 iter_args(%acc = %c0) -> index {
    %m = memref.load %ms[%x] : memref<4xindex>
    %inner = scf.for %y = %c0 to %c5 step %c1 iter_args(%acc2 = %acc) -> index {
      %k = memref.load %ks[%y] : memref<5xindex>
      %r = func.call @check(%m, %k) : (index, index) -> index
      %s = arith.addi %acc2, %r : index
      scf.yield %s : index
    }
    scf.yield %inner : index
  }
  vector.print str "mismatches "
  vector.print %total : index
  return
}
