// Denormals.cpp — lepton-denormals: subnormals flushed around public functions, the caller's FP modes restored.
#include "codegen/Passes.h"
#include "ir/Attributes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace lepton {
#define GEN_PASS_DEF_LEPTONDENORMALS
#include "codegen/Passes.h.inc"
} // namespace lepton

using namespace mlir;

namespace {

/// MXCSR bits: flush results to zero (FTZ) and treat subnormal inputs as zero (DAZ).
constexpr int32_t kFlushToZero = 1 << 15;
constexpr int32_t kDenormalsAreZero = 1 << 6;
/// MXCSR bits 0-5: the sticky exception flags (invalid, denormal, divide by zero, overflow, underflow, precision).
constexpr int32_t kExceptionFlags = 0x3f;
/// AArch64 FPCR bit 24 (FZ): flush subnormal inputs and results to zero.
constexpr int64_t kFpcrFlushToZero = int64_t(1) << 24;

struct LeptonDenormalsPass : lepton::impl::LeptonDenormalsBase<LeptonDenormalsPass> {
  using LeptonDenormalsBase::LeptonDenormalsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (auto mode = module->getAttrOfType<StringAttr>(lepton::kDenormalsAttr)) {
      if (mode.getValue() == "keep")
        return;
      if (mode.getValue() != "flush") {
        module.emitError("lepton.denormals must be \"flush\" or \"keep\", not \"") << mode.getValue() << "\"";
        return signalPassFailure();
      }
    }
    // The C API: public functions with a body, except the generated program's own internals
    // (`__lepton_<p>_…`, public only so that nothing removes them; they run under their caller's
    // setting).
    bool x86 = arch == "x86_64", aarch64 = arch == "aarch64" || arch == "arm64";
    if (!x86 && !aarch64)
      return; // no known flush mode: IEEE behaviour
    for (func::FuncOp fn : module.getOps<func::FuncOp>())
      if (fn.isPublic() && !fn.isExternal() && !fn.getName().starts_with("__lepton_"))
        x86 ? instrumentX86(fn) : instrumentAArch64(fn);
  }

  void instrumentX86(func::FuncOp fn) {
    Location loc = fn.getLoc();
    OpBuilder b(fn.getContext());
    b.setInsertionPointToStart(&fn.getBody().front());
    Type i32 = b.getI32Type();
    auto ptr = LLVM::LLVMPointerType::get(fn.getContext());
    // stmxcsr/ldmxcsr go through memory: one i32 slot on the stack.
    Value one = LLVM::ConstantOp::create(b, loc, b.getI64Type(), b.getI64IntegerAttr(1));
    Value slot = LLVM::AllocaOp::create(b, loc, ptr, i32, one, /*alignment=*/4);
    LLVM::CallIntrinsicOp::create(b, loc, b.getStringAttr("llvm.x86.sse.stmxcsr"), ValueRange{slot});
    Value saved = LLVM::LoadOp::create(b, loc, i32, slot);
    Value bits = arith::ConstantIntOp::create(b, loc, i32, kFlushToZero | kDenormalsAreZero);
    LLVM::StoreOp::create(b, loc, arith::OrIOp::create(b, loc, saved, bits), slot);
    LLVM::CallIntrinsicOp::create(b, loc, b.getStringAttr("llvm.x86.sse.ldmxcsr"), ValueRange{slot});
    if (fn.getName() == "main")
      return; // the process's entry: the setting holds for the whole run
    // Before each return: the caller's control bits, and its exception flags plus those the call
    // raised (C's feupdateenv: the caller still sees an overflow or invalid operation).
    Value flagMask = arith::ConstantIntOp::create(b, loc, i32, kExceptionFlags);
    fn.walk([&](func::ReturnOp ret) {
      Location at = ret.getLoc();
      b.setInsertionPoint(ret);
      LLVM::CallIntrinsicOp::create(b, at, b.getStringAttr("llvm.x86.sse.stmxcsr"), ValueRange{slot});
      Value raised = arith::AndIOp::create(b, at, LLVM::LoadOp::create(b, at, i32, slot), flagMask);
      LLVM::StoreOp::create(b, at, arith::OrIOp::create(b, at, saved, raised), slot);
      LLVM::CallIntrinsicOp::create(b, at, b.getStringAttr("llvm.x86.sse.ldmxcsr"), ValueRange{slot});
    });
  }

  void instrumentAArch64(func::FuncOp fn) {
    // FPCR.FZ flushes subnormal inputs and results; the flags are in FPSR, which is not touched.
    Location loc = fn.getLoc();
    OpBuilder b(fn.getContext());
    b.setInsertionPointToStart(&fn.getBody().front());
    Type i64 = b.getI64Type();
    Value saved =
        LLVM::CallIntrinsicOp::create(b, loc, i64, b.getStringAttr("llvm.aarch64.get.fpcr"), ValueRange{})
            .getResult(0);
    Value flush = arith::OrIOp::create(b, loc, saved, arith::ConstantIntOp::create(b, loc, i64, kFpcrFlushToZero));
    LLVM::CallIntrinsicOp::create(b, loc, b.getStringAttr("llvm.aarch64.set.fpcr"), ValueRange{flush});
    if (fn.getName() == "main")
      return;
    fn.walk([&](func::ReturnOp ret) {
      b.setInsertionPoint(ret);
      LLVM::CallIntrinsicOp::create(b, ret.getLoc(), b.getStringAttr("llvm.aarch64.set.fpcr"), ValueRange{saved});
    });
  }
};

} // namespace
