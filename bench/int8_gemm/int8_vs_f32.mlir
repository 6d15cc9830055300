// int8_vs_f32.mlir — 2000 products of 256x784x128 (a batch of 256 through the MLP's first layer) in u8 x s8 -> i32 on
// lepton-int8-matmul-to-vector's kernel and in f32 on lepton-matmul-to-vector's, timed with rtclock (bench/int8_gemm.sh).
#map_a = affine_map<(i, j, k) -> (i, k)>
#map_b = affine_map<(i, j, k) -> (k, j)>
#map_c = affine_map<(i, j, k) -> (i, j)>
func.func private @rtclock() -> f64
func.func @i8mm(%a: memref<256x784xi8>, %b: memref<784x128xi8>, %c: memref<256x128xi32>) {
  linalg.generic {indexing_maps = [#map_a, #map_b, #map_c], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<256x784xi8>, memref<784x128xi8>) outs(%c : memref<256x128xi32>) {
  ^bb0(%x: i8, %w: i8, %acc: i32):
    %x32 = arith.extui %x : i8 to i32
    %w32 = arith.extsi %w : i8 to i32
    %p = arith.muli %x32, %w32 : i32
    %s = arith.addi %acc, %p : i32
    linalg.yield %s : i32
  }
  return
}
func.func @f32mm(%a: memref<256x784xf32>, %b: memref<784x128xf32>, %c: memref<256x128xf32>) {
  linalg.matmul ins(%a, %b : memref<256x784xf32>, memref<784x128xf32>) outs(%c : memref<256x128xf32>)
  return
}
func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 2000 : index
  %a = memref.alloc() {alignment = 64} : memref<256x784xi8>
  %b = memref.alloc() {alignment = 64} : memref<784x128xi8>
  %c = memref.alloc() {alignment = 64} : memref<256x128xi32>
  %af = memref.alloc() {alignment = 64} : memref<256x784xf32>
  %bf = memref.alloc() {alignment = 64} : memref<784x128xf32>
  %cf = memref.alloc() {alignment = 64} : memref<256x128xf32>
  %one8 = arith.constant 3 : i8
  %onef = arith.constant 0.5 : f32
  %z32 = arith.constant 0 : i32
  linalg.fill ins(%one8 : i8) outs(%a : memref<256x784xi8>)
  linalg.fill ins(%one8 : i8) outs(%b : memref<784x128xi8>)
  linalg.fill ins(%onef : f32) outs(%af : memref<256x784xf32>)
  linalg.fill ins(%onef : f32) outs(%bf : memref<784x128xf32>)
  %t0 = func.call @rtclock() : () -> f64
  scf.for %i = %c0 to %n step %c1 {
    linalg.fill ins(%z32 : i32) outs(%c : memref<256x128xi32>)
    func.call @i8mm(%a, %b, %c) : (memref<256x784xi8>, memref<784x128xi8>, memref<256x128xi32>) -> ()
  }
  %t1 = func.call @rtclock() : () -> f64
  scf.for %i = %c0 to %n step %c1 {
    linalg.fill ins(%onef : f32) outs(%cf : memref<256x128xf32>)
    func.call @f32mm(%af, %bf, %cf) : (memref<256x784xf32>, memref<784x128xf32>, memref<256x128xf32>) -> ()
  }
  %t2 = func.call @rtclock() : () -> f64
  %d1 = arith.subf %t1, %t0 : f64
  %d2 = arith.subf %t2, %t1 : f64
  vector.print str "seconds for 2000 products, int8 then f32:\n"
  vector.print %d1 : f64
  vector.print %d2 : f64
  return
}
