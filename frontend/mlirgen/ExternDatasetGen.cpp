// ExternDatasetGen.cpp — an `extern dataset`: the host's fill callback in private globals, the registration function
// that stores it, the data set read through it, and the `main` of an executable that cannot run without a host.
#include "frontend/mlirgen/ExternDatasetGen.h"

#include "lepton/runtime.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;

namespace {
/// The callback type of lepton/dataset.h, spelled exactly as there, for the header; guarded so a host may include
/// both.
constexpr const char *kFillType =
    "#ifndef LEPTON_DATASET_H\n"
    "typedef int64_t (*lepton_dataset_fill_fn)(void *user, int64_t first, int64_t capacity, float *samples,\n"
    "                                          int32_t *labels, float *targets);\n"
    "#endif";

std::string registrationSymbol(lepton::GenContext &ctx, const lepton::ast::Dataset &data) {
  return ctx.exportSymbol("set_dataset_" + data.name);
}

std::string slotGlobal(lepton::GenContext &ctx, const lepton::ast::Dataset &data, StringRef slot) {
  return ctx.symbol(("dataset_" + data.name + "_" + slot).str());
}
} // namespace

const lepton::ast::Dataset *lepton::externRoot(const ast::Dataset *data) {
  for (; data; data = data->splitOf)
    if (data->sourceKind == SourceKind::Extern)
      return data;
  return nullptr;
}

bool lepton::readsExternDataset(const ast::DataFlow &flow) { return externRoot(flow.dataset) != nullptr; }

void lepton::emitExternDatasetRegistration(GenContext &ctx, const ast::Dataset &data) {
  OpBuilder &b = ctx.b;
  mlir::Location loc = ctx.locOf(data.loc);
  Type ptr = ctx.ptrType();
  const char *slots[] = {"fill", "user"};
  {
    OpBuilder::InsertionGuard guard(b);
    for (const char *slot : slots) {
      b.setInsertionPointToStart(ctx.module.getBody());
      auto global = LLVM::GlobalOp::create(b, loc, ptr, /*isConstant=*/false, LLVM::Linkage::Internal,
                                           slotGlobal(ctx, data, slot), Attribute());
      b.createBlock(&global.getInitializerRegion());
      LLVM::ReturnOp::create(b, loc, Value(LLVM::ZeroOp::create(b, loc, ptr)));
    }
  }
  ctx.loc = loc;
  func::FuncOp fn = ctx.beginFunction(registrationSymbol(ctx, data), {ptr, ptr}, {}, /*isPublic=*/true);
  std::string what = data.classes ? "class labels 0.." + std::to_string(data.classes - 1)
                                  : std::to_string(std::max<int64_t>(data.targets, 1)) + " regression targets";
  fn->setAttr("lepton.c_doc",
              b.getStringAttr("Registers the host's source of dataset '" + data.name + "' (extern dataset): " +
                              std::to_string(ast::numElements(data.sampleShape)) + " floats per sample, " + what +
                              ".\n" + ctx.exportSymbol("main") +
                              "() calls fill(user, first, capacity, samples, labels, targets) until it returns 0\n"
                              "(see lepton/dataset.h and docs/abi.md). Call before " + ctx.exportSymbol("main") +
                              "(); a later call replaces it."));
  fn->setAttr("lepton.c_prelude", b.getStringAttr(kFillType));
  const char *cTypes[] = {"lepton_dataset_fill_fn", "void *"};
  for (unsigned i = 0; i < 2; ++i) {
    fn.setArgAttr(i, "lepton.c_name", b.getStringAttr(slots[i]));
    fn.setArgAttr(i, "lepton.c_type", b.getStringAttr(cTypes[i]));
    Value address = LLVM::AddressOfOp::create(b, loc, ptr, slotGlobal(ctx, data, slots[i]));
    LLVM::StoreOp::create(b, loc, fn.getArgument(i), address);
  }
  func::ReturnOp::create(b, loc);
}

Value lepton::loadExternDataset(GenContext &ctx, const ast::Dataset &data, int32_t classes, int32_t targets) {
  OpBuilder &b = ctx.b;
  Type ptr = ctx.ptrType();
  Value fillSlot = LLVM::AddressOfOp::create(b, ctx.loc, ptr, slotGlobal(ctx, data, "fill"));
  Value userSlot = LLVM::AddressOfOp::create(b, ctx.loc, ptr, slotGlobal(ctx, data, "user"));
  Value fill = LLVM::LoadOp::create(b, ctx.loc, ptr, fillSlot);
  Value user = LLVM::LoadOp::create(b, ctx.loc, ptr, userSlot);
  Value none = LLVM::ICmpOp::create(b, ctx.loc, LLVM::ICmpPredicate::eq, fill, ctx.null());
  auto missing = scf::IfOp::create(b, ctx.loc, TypeRange{ptr}, none, /*withElse=*/true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(missing.thenBlock());
  ctx.call(RuntimeFn::lepton_error,
           {ctx.i32(LEPTON_ERR_USAGE), ctx.string("dataset '" + data.name + "' has no host callback: call " +
                                                  registrationSymbol(ctx, data) + "() first")});
  scf::YieldOp::create(b, ctx.loc, ctx.null());
  b.setInsertionPointToStart(missing.elseBlock());
  Value shape = ctx.pointer(ctx.shapeArray(data.sampleShape));
  Value created = ctx.call(RuntimeFn::lepton_dataset_from_callback,
                           {fill, user, ctx.string(data.name), shape, ctx.i32(data.sampleShape.size()),
                            ctx.i32(classes), ctx.i32(targets)});
  scf::YieldOp::create(b, ctx.loc, created);
  return missing.getResult(0);
}

void lepton::emitDatasetNeedsHost(GenContext &ctx, const ast::Dataset &data) {
  OpBuilder &b = ctx.b;
  ctx.beginFunction("main", {b.getI32Type(), ctx.ptrType()}, {b.getI32Type()}, /*isPublic=*/true);
  ctx.call(RuntimeFn::lepton_error,
           {ctx.i32(LEPTON_ERR_USAGE),
            ctx.string("this program needs a host application: dataset '" + data.name +
                       "' is an extern dataset; compile with -c and call " + registrationSymbol(ctx, data) +
                       "() and " + ctx.exportSymbol("main") + "() (docs/abi.md)")});
  func::ReturnOp::create(b, ctx.loc, ctx.i32(LEPTON_ERR_USAGE));
}
