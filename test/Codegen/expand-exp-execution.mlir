// RUN: lepton-opt %s --lepton-lower-to-llvm="expand-exp=true" \
// RUN:   | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_c_runner_utils | FileCheck %s
// RUN: lepton-opt %s --lepton-lower-to-llvm="expand-exp=true" --mlir-print-ir-after=lepton-expand-exp \
// RUN:   --mlir-disable-threading 2>&1 | FileCheck %s --check-prefix=NOCALL
//
// lepton-expand-exp's exponential, in a loop LLVM vectorises (the table read becomes a gather), against libm's
// expf (glibc's __expf_fma on a CPU with FMA, what the trainers called before) for the bit patterns i · 4099
// mod 2^32 (1,048,576 of them, one in 4099 of all floats: every exponent, both signs, NaNs) and the edges of
// the special ranges. main runs with FTZ/DAZ set (lepton-denormals), so both sides flush alike; without them
// all 2^32 inputs, with FTZ/DAZ and without, were compared with a C copy of the expansion (session note, 2026-11-28). Mutations seen
// failing: the table indexed by k mod 16, the overflow edge at 88.0 (r from the rounded product x·32/ln 2 instead
// of the fused one differs for only 2 of all 2^32 inputs, none sampled here).
// CHECK-NOT: mismatch at
// CHECK: mismatches 0
// The compiled loop computes the exponential itself (no math.exp left for the libm call):
// NOCALL: memref.global "private" constant @__lepton_exp2f_table
// NOCALL-NOT: math.exp

func.func private @expf(f32) -> f32

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 1048596 : index
  %strided = arith.constant 1048576 : index
  %in = memref.alloc() : memref<1048596xf32>
  %out = memref.alloc() : memref<1048596xf32>
  %step = arith.constant 4099 : i32
  scf.for %i = %c0 to %strided step %c1 {
    %i32 = arith.index_cast %i : index to i32
    %bits = arith.muli %i32, %step : i32
    %x = arith.bitcast %bits : i32 to f32
    memref.store %x, %in[%i] : memref<1048596xf32>
  }
  // The edges: ±0, ±inf, a NaN, the smallest subnormal, around 88.72 (overflow), -103.97 (0 below) and
  // -103.28 (glibc's "may underflow"), 88.0 and -88.0 (where glibc leaves its fast path).
  %edges = arith.constant dense<[0.0, -0.0, 0x7F800000, 0xFF800000, 0x7FC00000, 0x00000001, 0x42B17217, 0x42B17218,
                                 0x42B17216, 0xC2CFF1B4, 0xC2CFF1B5, 0xC2CFF1B3, 0xC2CE8ECF, 0xC2CE8ED0, 88.0, -88.0,
                                 0x42B00001, 0xC2B00001, 1.0, -1.0]> : vector<20xf32>
  scf.for %e = %c0 to %c1 step %c1 {
    %edges_at = memref.subview %in[1048576] [20] [1] : memref<1048596xf32> to memref<20xf32, strided<[1], offset: 1048576>>
    vector.transfer_write %edges, %edges_at[%c0] : vector<20xf32>, memref<20xf32, strided<[1], offset: 1048576>>
  }
  linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%in : memref<1048596xf32>) outs(%out : memref<1048596xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = math.exp %x : f32
    linalg.yield %y : f32
  }
  %zero = arith.constant 0 : index
  %bad = scf.for %i = %c0 to %n step %c1 iter_args(%count = %zero) -> (index) {
    %x = memref.load %in[%i] : memref<1048596xf32>
    %got = memref.load %out[%i] : memref<1048596xf32>
    %want = func.call @expf(%x) : (f32) -> f32
    %got_bits = arith.bitcast %got : f32 to i32
    %want_bits = arith.bitcast %want : f32 to i32
    %differ = arith.cmpi ne, %got_bits, %want_bits : i32
    %next = scf.if %differ -> (index) {
      %x_bits = arith.bitcast %x : f32 to i32
      vector.print str "mismatch at x bits, got, want: "
      vector.print %x_bits : i32
      vector.print %got_bits : i32
      vector.print %want_bits : i32
      %more = arith.addi %count, %c1 : index
      scf.yield %more : index
    } else {
      scf.yield %count : index
    }
    scf.yield %next : index
  }
  vector.print str "mismatches "
  vector.print %bad : index
  return
}
