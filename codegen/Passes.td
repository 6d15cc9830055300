// Passes.td — code generation passes (below the lepton dialect, on upstream dialects).
#ifndef LEPTON_CODEGEN_PASSES_TD
#define LEPTON_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Floating-point environment
//===----------------------------------------------------------------------===//

def LeptonDenormals : Pass<"lepton-denormals", "::mlir::ModuleOp"> {
  let summary = "Run generated code with subnormal floats flushed to zero (x86 MXCSR FTZ + DAZ, AArch64 FPCR.FZ)";
  let description = [{
    Runs on buffers (one-shot bufferization refuses the intrinsics). Intel cores take a large penalty on every operation that reads or writes a subnormal float;
    training drives many weights and gradients into that range. Every public function gets, at
    its entry (a public function named `__lepton_…` is the program's own, not the C API, and is
    skipped like private ones), the caller's MXCSR saved and FTZ (bit 15) and DAZ (bit 6) set; before each
    return the saved MXCSR is restored with the exception flags the call raised added (as C's
    feupdateenv), so a host application calling an exported function finds its rounding and
    flush modes as it left them. `main` (an executable's entry) only sets them:
    they then hold for the whole run. Private functions run under their caller's setting.
    A module with `lepton.denormals = "keep"` (the target's `denormals: keep`) is left as it is.
    On AArch64 the same holds for FPCR's FZ bit (24), which flushes inputs and results; the
    exception flags live in FPSR there, so restoring FPCR keeps them. Other architectures are
    left alone.
  }];
  let options = [
    Option<"arch", "arch", "std::string", /*default=*/"\"x86_64\"",
           "target architecture: x86_64 (MXCSR) or aarch64 (FPCR)">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect", "::mlir::arith::ArithDialect"];
}

def LeptonExpandExp : Pass<"lepton-expand-exp", "::mlir::ModuleOp"> {
  let summary = "f32 math.exp as inline arithmetic (glibc's expf algorithm, bit for bit), which LLVM vectorises";
  let description = [{
    Every f32 `math.exp` (scalar) becomes glibc's expf algorithm in double precision with the fused
    multiply-adds of its x86-64 FMA build: the same bits for every input, without a libm call that LLVM
    cannot vectorise. The 32-entry table of 2^(i/32) is a private constant global of the module
    (`__lepton_exp2f_table`). Run for targets with fused multiply-add in hardware (elsewhere `math.fma`
    would be a libm call); softmax cross-entropy takes two exponentials per logit per step.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
                           "::mlir::memref::MemRefDialect"];
}

//===----------------------------------------------------------------------===//
// Fusion on tensors
//===----------------------------------------------------------------------===//

def LeptonFuseElementwise : Pass<"lepton-fuse-elementwise"> {
  let summary = "Fuse elementwise linalg ops and fold reshapes, keeping contractions named";
  let description = [{
    The patterns of upstream `linalg-fuse-elementwise-ops` (elementwise producer-consumer
    fusion when the producer has one use, reshapes folded by expansion, constant folding),
    except that no contraction is fused with or expanded through a reshape: a `linalg.matmul`
    beside a convolution's reshapes stays a 2-D named matmul, which `lepton-matmul-to-vector`
    turns into its register-blocked kernel.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect", "::mlir::tensor::TensorDialect",
                           "::mlir::affine::AffineDialect"];
}

def LeptonGradientsInPlace : Pass<"lepton-gradients-in-place", "::mlir::func::FuncOp"> {
  let summary = "Let the gradients that lepton-fuse flattens into one vector be computed in it";
  let description = [{
    lepton-fuse's single optimizer update reads every gradient from one flat tensor built by
    `tensor.insert_slice` (of a `tensor.collapse_shape` for matrices) into a `tensor.empty`.
    Each gradient is the result of a linalg op whose init is (a fill of) a `tensor.empty`; that
    empty tensor becomes `tensor.expand_shape` of a `tensor.extract_slice` of the flat one at the
    inserted offsets (the flat `tensor.empty` moves to the function's entry so that it dominates),
    so that one-shot bufferization computes the gradient in the flat buffer and the insertion
    copies nothing (upstream's empty-tensor elimination does not look through the reshape).
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

def LeptonDropStagingBuffers : Pass<"lepton-drop-staging-buffers", "::mlir::func::FuncOp"> {
  let summary = "Compute into the part of a local buffer that a staging buffer is copied into";
  let description = [{
    Right after one-shot bufferization. The gradients that lepton-gradients-in-place points at
    slices of one flat vector still get a buffer of their own (all but one: one-shot analysis has no
    rule for insertions into disjoint slices of one destination) and a `memref.copy` into the flat
    vector after them. Such a copy — of a whole function-local `memref.alloc` (through reshapes),
    its last use, into a unit-stride slice at a static offset of another local alloc that no other
    subview overlaps and that nothing else uses before the copy — is erased, and the staging
    buffer's users (linalg ops, copies, reshapes, rebuilt with the slice's strided layout) get the
    slice instead.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def LeptonEraseSelfCopies : Pass<"lepton-erase-self-copies", "::mlir::func::FuncOp"> {
  let summary = "Erase memref.copy ops whose source and target are the same memory";
  let description = [{
    After lepton-gradients-in-place a gradient is computed in its flat vector, yet bufferization
    still copies it there from itself: the source reaches the buffer through reshapes
    (`memref.expand_shape`, `memref.collapse_shape`), the target through a `memref.subview`.
    A copy whose two sides peel (through reshapes and contiguous subviews with static offsets)
    to the same buffer, offset and element count is erased.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def LeptonVectorizeSmallCopies : Pass<"lepton-vectorize-small-copies", "::mlir::func::FuncOp"> {
  let summary = "Move short memref.copy ops (static shape, contiguous rows, up to 1 KiB) with vector loads and stores";
  let description = [{
    A convolution's patches are copied one window row at a time (KW·C contiguous elements), thousands of
    copies per batch slice; lowered to `llvm.memcpy`, each became a call of memcpy. A `memref.copy` of a
    static shape of at most 1 KiB whose innermost dimension has unit stride on both sides becomes one
    `vector.load` and `vector.store` per row (outer indices unrolled). Other copies are left to memcpy.
    Runs after lepton-parallelize, which recognises scratch writers by their `memref.copy`.
  }];
  let dependentDialects = ["::mlir::vector::VectorDialect", "::mlir::arith::ArithDialect"];
}

//===----------------------------------------------------------------------===//
// Threads
//===----------------------------------------------------------------------===//

def LeptonOptimizerEpilogues : Pass<"lepton-optimizer-epilogues", "::mlir::ModuleOp"> {
  let summary = "Split a weight's optimizer update off the fused update into its gradient's matmul epilogue";
  let description = [{
    Runs on buffers, before lepton-contraction-epilogues. A fused optimizer update (an all-parallel 1-D
    `linalg.generic` whose one input is a fresh gradient vector and whose outputs are views of globals — the
    parameter block and its state blocks — with an elementwise body) is split at the last contraction before
    it that writes a row-major part of its gradient vector (C a contiguous 2-D view of it) and reads none of
    the blocks, when nothing between the two touches that part of the gradients or any memory of the
    blocks (a call, or an op with effects but no memref operand, counts as touching everything): that part
    becomes a 2-D update of C's shape (input C, outputs the same elements of each block)
    right after the contraction, marked `lepton.contraction_epilogue`, and the rest stays where the update
    was. lepton-matmul-to-vector then applies it to each tile in registers (the gradient is never stored);
    every element gets the same operations as before, so the bits do not change. The scalars its body uses
    (the step's bias corrections) move above the contraction. A function's memref argument is taken to share
    no memory with a private global unless some call in the module passes a view of that global (the C API
    never hands out a global's address). Off with `lepton.fuse = "off"` and with
    `lepton.skip_optimizer_epilogue` on the module (`leptonc --fuse-skip=optimizer-epilogue`).
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect", "::mlir::memref::MemRefDialect"];
}

def LeptonContractionEpilogues : Pass<"lepton-contraction-epilogues", "::mlir::func::FuncOp"> {
  let summary = "Mark the elementwise op after a contraction that its kernel applies in registers";
  let description = [{
    Runs on buffers, before lepton-parallelize and lepton-matmul-to-vector. A `linalg.generic`
    that follows a 2-D contraction C += A·B (only allocations in between) is marked
    `lepton.contraction_epilogue` when: its one input is C, every map is the identity and every
    loop parallel; its body is elementwise arith/math ops on the C element and values from
    outside (it does not read its output element); its output is C itself or a buffer that shares
    no memory with A or B; and, when the output is not C, C's buffer is allocated here and nothing
    reads it afterwards (the next op that touches it fills or broadcasts into all of it, or frees
    it), because the kernel then never stores C's final values. An allocation of the output
    placed between the two moves before the contraction. lepton-matmul-to-vector then applies the
    body to the accumulators after the last k block and stores straight into the output;
    lepton-parallelize moves the marked op with the contraction into each row chunk. A module with
    `lepton.fuse = "off"` (`fuse: off`, `leptonc -O0`) is left unmarked.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def LeptonParallelize : Pass<"lepton-parallelize", "::mlir::ModuleOp"> {
  let summary = "Split large linalg ops across threads: outer parallel loops, matmul rows (scf.parallel)";
  let description = [{
    Runs on buffers, before the remaining linalg ops become loops. A non-contraction linalg op
    whose first iteration dimension is parallel and whose estimated work (iteration points
    times body operations; a dynamic extent counts as 64) reaches `min-work` becomes loops whose
    outer one is an `scf.parallel` (`convert-scf-to-openmp` then makes it an OpenMP work-sharing
    loop). Inner dimensions stay `scf.for`. Each output element is computed exactly as in the
    serial loop, so results are the same for any thread count.

    A 2-D contraction on buffers (C[m, n] += A·B, A possibly transposed) of that much work is
    cut along m instead: an `scf.parallel` over chunks, each the same contraction on subviews of
    C's and A's rows, which `lepton-matmul-to-vector` lowers as before. The chunk count is
    computed at run time: min(`lepton_thread_count()`, ⌈m / 8⌉, m·n·k / `min-work`), at least
    one; chunks are whole multiples of 8 rows. Every element of C keeps its k order. A thin
    weight gradient (xᵀ·dy with at most 16 static rows) followed by the column sums of its dy (the
    bias gradient) is not cut: the contraction and the sums become the two tasks of one
    `scf.parallel` (each streams dy once), and the serial branch holds both in order.

    Each split op sits in an `scf.if` whose else branch is the op unchanged: with one thread
    (`lepton_thread_count()` = 1, the runtime's count set by `--threads`) or one chunk, the serial
    code runs and OpenMP is never started.

    Functions marked `lepton.stack_scratch` (exported inference) are left single-threaded.
  }];
  let options = [
    Option<"minWork", "min-work", "int64_t", /*default=*/"262144",
           "estimated scalar operations (multiply-adds for a contraction) below which an op stays "
           "serial: a fork and join costs about a microsecond, 2^18 operations take 1-2 us">,
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect", "::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect", "::mlir::affine::AffineDialect",
                           "::mlir::func::FuncDialect"];
}

def LeptonInlineAllocaScopes : Pass<"lepton-inline-alloca-scopes"> {
  let summary = "Inline memref.alloca_scope regions between llvm.intr.stacksave and stackrestore";
  let description = [{
    `convert-scf-to-openmp` wraps every work-sharing loop body in a `memref.alloca_scope` so that
    stack buffers allocated per iteration are released per iteration. Upstream lowers the scope
    when memrefs become LLVM, after the structured loops around it have become branches; here
    those loops are still there (a scope inside `scf.for` would need more than one block). This
    pass inlines each scope (its verifier allows one block at most) in place: a scope without `memref.alloca` simply
    disappears, one with allocas is bracketed by `llvm.intr.stacksave` / `llvm.intr.stackrestore`.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

//===----------------------------------------------------------------------===//
// Kernels
//===----------------------------------------------------------------------===//

def LeptonMatmulToVector : Pass<"lepton-matmul-to-vector", "::mlir::func::FuncOp"> {
  let summary = "Rewrite f32 matmuls on buffers into packed, register-blocked vector FMA kernels";
  let description = [{
    Every `linalg` contraction on memrefs that computes C[i,j] += A[i,k]·B[k,j] (A and B may each be
    stored transposed) becomes a loop nest over k blocks; in each, B's block is packed into
    contiguous panels of `panel-vectors` × `vector-width` columns (read straight from a transposed
    B: no separate transposed copy), then every block of `rows` rows runs a register tile of
    `rows` × `panel-vectors` vectors per panel, one broadcast of A and one FMA per vector per k.
    A's rows are packed per row block when A is stored transposed (a tile's k values then come
    from one contiguous line instead of one line per k) or its row stride would put them in one
    L1 set. C with
    fewer than `pack-min-rows` rows (a training batch of 64, batch-1 inference) reads B in place unless
    B's row stride is a multiple of 4 KiB (its rows would share L1 sets), and so do functions
    marked `lepton.stack_scratch` (a transposed B there is packed into a stack buffer). Rows left
    after the full blocks use one tile of that many rows when C's row count is static, else tiles
    of 8, 4, 2, 1 rows; each as wide as the register budget allows.
    A weight gradient (A stored transposed, C's row count static) followed by the column sums of
    its B (a bias gradient: a fill, then a `linalg.generic` reduction over B's rows, as
    `lepton.reduce_batch` lowers) computes them on the way: one more accumulator row in the
    remainder tile adds each B vector, so the separate pass over B disappears (codegen/ColumnSums.cpp
    decides when nothing in between could tell; across lepton-parallelize's thread-count if, the
    threaded branch keeps its own pass).
    Each C element sums its k in ascending order in one FMA chain: bit-identical results for any
    block size, tile shape or packing; the sums add k in ascending order as the reduction does. Columns that do not fill a vector use masked loads and
    stores. The column count must be static (feature sizes are); rows (batch) and k may be dynamic.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"16",
           "f32 lanes per vector (16 for AVX-512, 8 for AVX2, 4 for SSE/NEON)">,
    Option<"rows", "rows", "int64_t", /*default=*/"0",
           "rows of C per register tile (0: from vector-width: 14 for 16 lanes, 6 for 8, else 4)">,
    Option<"panelVectors", "panel-vectors", "int64_t", /*default=*/"0",
           "vectors per row of the register tile and per packed panel of B (0: 2)">,
    Option<"kBlock", "k-block", "int64_t", /*default=*/"512",
           "k values per block at most (fewer when packed B would exceed 1 MiB; a static K is split evenly)">,
    Option<"packMinRows", "pack-min-rows", "int64_t", /*default=*/"128",
           "pack B when C has at least this many rows (a transposed B, and one whose row stride is a multiple of 4 KiB, always are)">,
  ];
  let dependentDialects = ["::mlir::vector::VectorDialect", "::mlir::scf::SCFDialect",
                           "::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect",
                           "::mlir::LLVM::LLVMDialect"];
}

def LeptonReciprocalDivide : Pass<"lepton-reciprocal-divide", "::mlir::ModuleOp"> {
  let summary = "Marked f32 vector divisions as a reciprocal estimate, a Newton step and Markstein's correction";
  let description = [{
    Every `arith.divf` on a vector of `estimate`'s lanes that carries `lepton.reciprocal_divide` (the optimizer
    updates' m / (√v·c + ε) after lepton-matmul-to-vector applied them as a kernel epilogue) becomes the
    hardware reciprocal estimate of the divisor (`avx512`: vrcp14ps, 16 lanes, one Newton step; `avx2`:
    vrcpps, 8 lanes, two), the quotient and Markstein's correction by the exact fused residual: IEEE's
    quotient except in the last bit for some divisors with an all-ones significand (and at the range's edges:
    codegen/ReciprocalDivide.cpp). The marking lowering promises a positive normal divisor below 2^126, +inf
    (clamped to the largest float: the quotient is ±0) or NaN, and a finite numerator where the divisor is.
    Leaves the division to the FMA ports, which the divider's square root does not use. Needs subnormals
    flushed: a module with `lepton.denormals = "keep"` or `lepton.skip_reciprocal_divide` (leptonc
    --fuse-skip=reciprocal-divide) is left alone.
  }];
  let options = [
    Option<"estimate", "estimate", "std::string", /*default=*/"\"avx512\"",
           "the estimate instruction: avx512 (vrcp14ps, 16 lanes) or avx2 (vrcpps, 8 lanes)">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::LLVM::LLVMDialect",
                           "::mlir::vector::VectorDialect"];
}

def LeptonInt8MatmulToVector : Pass<"lepton-int8-matmul-to-vector", "::mlir::func::FuncOp"> {
  let summary = "Rewrite u8 x s8 -> i32 matmuls on buffers into dot-product kernels (VNNI, vpmaddubsw, portable)";
  let description = [{
    Every `linalg.generic` on memrefs computing C[i, j] += zext(A[i, k]) · sext(B[k, j]) (A and B
    i8, C i32, maps (i, k), (k, j), (i, j), C's column count static) becomes a loop nest: B packed
    once per call into [panel][k / 4][lane][4 bytes] (zeros past K and N), then register tiles of
    8 rows × 2 panels of `vector-width` i32 lanes (rows left over one at a time, the last panel
    masked) that accumulate over all of K from C's values. `dot=vnni` adds each group of four
    u8 × s8 products with `vpdpbusd` (`llvm.x86.avx512.vpdpbusd.512`/`.256`; the target needs
    AVX-512 VNNI, and AVX-512 VL for 8 lanes); `dot=maddubs` uses `vpmaddubsw` then `vpmaddwd`
    (AVX2 for 8 lanes, AVX-512 BW for 16) on A's bytes split into their low seven bits and their
    top bit, so that the saturating i16 pair sums never saturate; `dot=generic` widens both sides
    to i32, multiplies and sums each group of four (any target). All give the exact integer sums.
    This is the inference kernel of int8 quantization.
  }];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"16",
           "i32 lanes per vector (16 for AVX-512, 8 for AVX2)">,
    Option<"dot", "dot", "std::string", /*default=*/"\"generic\"",
           "how four u8 x s8 products are added: vnni (vpdpbusd), maddubs (vpmaddubsw + vpmaddwd) or generic">,
  ];
  let dependentDialects = ["::mlir::vector::VectorDialect", "::mlir::scf::SCFDialect",
                           "::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect",
                           "::mlir::LLVM::LLVMDialect"];
}

#endif // LEPTON_CODEGEN_PASSES_TD
