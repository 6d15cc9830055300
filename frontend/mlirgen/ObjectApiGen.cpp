// ObjectApiGen.cpp — `<p>_load`, `<p>_load_memory`, `<p>_last_error`, and the argument checks of exported functions.
#include "frontend/mlirgen/ObjectApiGen.h"

#include "frontend/Diagnostics.h"
#include "runtime/embed/lepton_embed.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/Support/MemoryBuffer.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <map>

using namespace mlir;

namespace {
/// The header's status codes, one prelude shared by every function of the API.
std::string statusCodes(llvm::StringRef pipeline) {
  std::string p = pipeline.upper();
  std::string text = "/* Status codes of every function below; <name>_last_error() says more. */\n";
  const std::pair<const char *, int> codes[] = {
      {"OK", LEPTON_EMBED_OK},
      {"ERROR_ARGUMENT", LEPTON_EMBED_ARGUMENT},     // a null pointer, n < 1
      {"ERROR_NOT_LOADED", LEPTON_EMBED_NOT_LOADED}, // no weights yet
      {"ERROR_FILE", LEPTON_EMBED_FILE},
      {"ERROR_FORMAT", LEPTON_EMBED_FORMAT},
      {"ERROR_MODEL", LEPTON_EMBED_MODEL},
      {"ERROR_MEMORY", LEPTON_EMBED_MEMORY}};
  const char *meaning[] = {"success",
                           "a null pointer, or a count below 1",
                           "no weights yet: load a checkpoint first",
                           "a checkpoint file that cannot be opened or read",
                           "not a Lepton checkpoint, or truncated, or corrupt",
                           "a checkpoint of another model (signature, tensor names or shapes differ)",
                           "out of memory"};
  for (auto [i, code] : llvm::enumerate(codes))
    text += "#define " + p + "_" + code.first + " " + std::to_string(code.second) + " /* " + meaning[i] + " */\n";
  text.pop_back();
  return text;
}

/// `if (status == 0 && condition) status = then();` as an scf.if yielding the new status.
Value unlessFailed(OpBuilder &b, Location loc, Value status, Value condition, llvm::function_ref<Value()> then) {
  Value zero = arith::ConstantIntOp::create(b, loc, b.getI32Type(), 0);
  Value ok = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, status, zero);
  Value go = arith::AndIOp::create(b, loc, ok, condition);
  auto branch = scf::IfOp::create(b, loc, TypeRange{b.getI32Type()}, go, /*withElse=*/true);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(branch.thenBlock());
  scf::YieldOp::create(b, loc, then());
  b.setInsertionPointToStart(branch.elseBlock());
  scf::YieldOp::create(b, loc, status);
  return branch.getResult(0);
}
} // namespace

lepton::ObjectApiGen::ObjectApiGen(GenContext &ctx, std::string signature, std::vector<CheckpointTensor> tensors,
                                   std::vector<InputFoldTensors> folds)
    : ctx(ctx), signature(std::move(signature)), tensors(std::move(tensors)), folds(std::move(folds)) {}

Value lepton::ObjectApiGen::loadedFlag(GenContext &ctx) {
  // One i32 per pipeline: 1 once weights exist (initialised by training, or loaded).
  std::string name = ctx.symbol("weights_loaded");
  OpBuilder &b = ctx.b;
  if (!ctx.module.lookupSymbol(name)) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(ctx.module.getBody());
    LLVM::GlobalOp::create(b, ctx.loc, b.getI32Type(), /*isConstant=*/false, LLVM::Linkage::Internal, name,
                           b.getI32IntegerAttr(0));
  }
  return LLVM::AddressOfOp::create(b, ctx.loc, ctx.ptrType(), name);
}

void lepton::ObjectApiGen::markLoaded(GenContext &ctx) {
  LLVM::StoreOp::create(ctx.b, ctx.loc, ctx.i32(1), loadedFlag(ctx));
}

void lepton::ObjectApiGen::setDoc(GenContext &ctx, func::FuncOp fn, StringRef doc,
                                  ArrayRef<std::pair<const char *, const char *>> args) {
  OpBuilder &b = ctx.b;
  fn->setAttr("lepton.c_doc", b.getStringAttr(doc));
  fn->setAttr("lepton.c_prelude", b.getStringAttr(statusCodes(ctx.program.pipelineName)));
  for (auto [i, arg] : llvm::enumerate(args)) {
    fn.setArgAttr(i, "lepton.c_name", b.getStringAttr(arg.first));
    fn.setArgAttr(i, "lepton.c_type", b.getStringAttr(arg.second));
  }
}

void lepton::ObjectApiGen::checkExport(GenContext &ctx, func::FuncOp body) {
  OpBuilder &b = ctx.b;
  mlir::Location loc = body.getLoc();
  std::string name = body.getSymName().str();
  std::string pipelinePrefix = ctx.program.pipelineName + "_";
  body.setSymName(ctx.symbol(llvm::StringRef(name).drop_front(pipelinePrefix.size()).str() + "_body"));
  body.setPrivate();
  OpBuilder::InsertionGuard guard(b);
  FunctionType type = body.getFunctionType();
  func::FuncOp fn = ctx.beginFunction(name, type.getInputs(), type.getResults(), /*isPublic=*/true);
  // The C API's attributes move to the public function.
  for (StringRef attr : {"lepton.c_doc", "lepton.c_prelude", "lepton.c_result"})
    if (Attribute value = body->getAttr(attr)) {
      fn->setAttr(attr, value);
      body->removeAttr(attr);
    }
  for (unsigned i = 0; i < type.getNumInputs(); ++i) {
    fn.setArgAttrs(i, body.getArgAttrDict(i));
    body.setArgAttrs(i, DictionaryAttr::get(b.getContext()));
  }
  if (!fn->hasAttr("lepton.c_prelude"))
    fn->setAttr("lepton.c_prelude", b.getStringAttr(statusCodes(ctx.program.pipelineName)));
  Value status = ctx.i32(LEPTON_EMBED_OK);
  auto fail = [&](int32_t code, const std::string &message) {
    return [&ctx, code, message] {
      return ctx.call(RuntimeFn::lepton_embed_fail, {ctx.i32(code), ctx.string(message), ctx.null()});
    };
  };
  for (unsigned i = 0; i < type.getNumInputs(); ++i) {
    auto argName = fn.getArgAttrOfType<StringAttr>(i, "lepton.c_name");
    std::string what = name + ": " + (argName ? argName.str() : "argument " + std::to_string(i + 1));
    Value arg = fn.getArgument(i);
    if (isa<LLVM::LLVMPointerType>(arg.getType())) {
      Value isNull = LLVM::ICmpOp::create(b, loc, LLVM::ICmpPredicate::eq, arg, ctx.null());
      status = unlessFailed(b, loc, status, isNull, fail(LEPTON_EMBED_ARGUMENT, what + " is NULL"));
    } else if (argName && argName.getValue() == "n") {
      Value below = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, arg, ctx.i64(1));
      status = unlessFailed(b, loc, status, below, fail(LEPTON_EMBED_ARGUMENT, what + " is below 1"));
    }
  }
  Value loaded = LLVM::LoadOp::create(b, loc, b.getI32Type(), loadedFlag(ctx));
  Value missing = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, loaded, ctx.i32(0));
  status = unlessFailed(b, loc, status, missing,
                        fail(LEPTON_EMBED_NOT_LOADED,
                             name + ": no weights: call " + pipelinePrefix + "load() (or build with --weights) first"));
  Value always = arith::ConstantIntOp::create(b, loc, b.getI1Type(), 1);
  status = unlessFailed(b, loc, status, always, [&] {
    return func::CallOp::create(b, loc, body, fn.getArguments()).getResult(0);
  });
  func::ReturnOp::create(b, loc, status);
}

void lepton::ObjectApiGen::freeze() {
  // The file is checked exactly as <p>_load would check it at run time, by the same code (runtime/embed/).
  std::string path = ctx.frozenWeights;
  auto fail = [&](const std::string &message) { ctx.diags->error("--weights '" + path + "': " + message); };
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!file)
    return fail("cannot read it: " + file.getError().message());
  const char *data = (*file)->getBufferStart();
  int64_t size = static_cast<int64_t>((*file)->getBufferSize());
  if (lepton_embed_check(data, size, signature.c_str()) != LEPTON_EMBED_OK)
    return fail(lepton_embed_last_error());
  // A global holds one tensor or a block of several (ModelState): its bytes are assembled first.
  std::map<std::string, std::vector<char>> contents;
  for (const CheckpointTensor &t : tensors) {
    auto global = ctx.module.lookupSymbol<memref::GlobalOp>(t.global);
    MemRefType type = global.getType();
    std::vector<char> &bytes = contents[t.global];
    bytes.resize(static_cast<size_t>(type.getNumElements()) * (type.getElementTypeBitWidth() / 8));
    if (lepton_embed_take(LEPTON_EMBED_OK, data, size, t.name.c_str(), t.type, static_cast<int32_t>(t.shape.size()),
                          t.shape.data(), bytes.data() + t.offset, t.required ? 1 : 0) != LEPTON_EMBED_OK)
      return fail(lepton_embed_last_error());
  }
  // Derived weights, computed here by the code an object's load runs (the same bytes).
  for (const InputFoldTensors &fold : folds) {
    auto source = [&](const std::string &name) -> const float * {
      for (const CheckpointTensor &t : tensors)
        if (t.name == name)
          return reinterpret_cast<const float *>(contents[t.global].data() + t.offset);
      return nullptr;
    };
    const float *sourceWeight = source(fold.weight);
    if (!sourceWeight)
      return fail("internal error: no tensor '" + fold.weight + "' to fold the preprocessing into");
    std::vector<char> &weight = contents[fold.foldedWeight];
    weight.resize(static_cast<size_t>(fold.rows * fold.cols) * sizeof(float));
    float *bias = nullptr;
    if (!fold.foldedBias.empty()) {
      contents[fold.foldedBias].resize(static_cast<size_t>(fold.cols) * sizeof(float));
      bias = reinterpret_cast<float *>(contents[fold.foldedBias].data());
    }
    lepton_embed_fold_input(sourceWeight, fold.bias.empty() ? nullptr : source(fold.bias), fold.rows,
                            fold.cols, fold.scale.data(), fold.shift.data(),
                            static_cast<int64_t>(fold.scale.size()), reinterpret_cast<float *>(weight.data()), bias);
  }
  for (auto &[name, bytes] : contents) {
    auto global = ctx.module.lookupSymbol<memref::GlobalOp>(name);
    auto type = RankedTensorType::get(global.getType().getShape(), global.getType().getElementType());
    global.setInitialValueAttr(DenseElementsAttr::getFromRawBuffer(type, bytes));
    global.setConstant(true);
  }
  // The exports' check (checkExport, emitted before) now reads a constant 1 and folds away.
  auto flag = ctx.module.lookupSymbol<LLVM::GlobalOp>(ctx.symbol("weights_loaded"));
  flag.setConstant(true);
  flag.setValueAttr(ctx.b.getI32IntegerAttr(1));
}

void lepton::ObjectApiGen::emitLoadFunctions() {
  if (!ctx.frozenWeights.empty()) {
    freeze();
    emitLastError();
    return;
  }
  OpBuilder &b = ctx.b;
  Type ptr = ctx.ptrType(), i32 = b.getI32Type(), i64 = b.getI64Type();
  std::string p = ctx.program.pipelineName;

  // load_memory(data, size): check everything (a dry run over every tensor), then copy.
  func::FuncOp fromMemory = ctx.beginFunction(ctx.symbol("load_memory_body"), {ptr, i64}, {i32}, false);
  {
    Value data = fromMemory.getArgument(0), size = fromMemory.getArgument(1);
    Value rc = ctx.call(RuntimeFn::lepton_embed_check, {data, size, ctx.string(signature)});
    for (bool copy : {false, true})
      for (const CheckpointTensor &t : tensors) {
        Value dims = ctx.shapeArray(t.shape);
        Value dst = copy ? ctx.pointer(t.buffer()) : ctx.null();
        rc = ctx.call(RuntimeFn::lepton_embed_take,
                      {rc, data, size, ctx.string(t.name), ctx.i32(t.type), ctx.i32(t.shape.size()),
                       ctx.pointer(dims), dst, ctx.i32(t.required ? 1 : 0)});
      }
    Value ok = arith::CmpIOp::create(b, ctx.loc, arith::CmpIPredicate::eq, rc, ctx.i32(0));
    auto mark = scf::IfOp::create(b, ctx.loc, TypeRange{}, ok, /*withElse=*/false);
    b.setInsertionPointToStart(mark.thenBlock());
    for (const InputFoldTensors &fold : folds)
      func::CallOp::create(b, ctx.loc, fold.function, TypeRange{}, ValueRange{});
    markLoaded(ctx);
    b.setInsertionPointAfter(mark);
    func::ReturnOp::create(b, ctx.loc, rc);
  }
  func::FuncOp memoryApi = ctx.beginFunction(ctx.exportSymbol("load_memory"), {ptr, i64}, {i32}, true);
  setDoc(ctx, memoryApi,
         "Loads the weights from a checkpoint held in memory (the bytes of a file that --save wrote).\n"
         "Checks it whole before it changes anything: a failed load keeps the weights as they were.\n"
         "Returns " + llvm::StringRef(p).upper() + "_OK or an error code. Do not call it while another thread predicts.",
         {{"data", "const void *"}, {"size", "size_t"}});
  {
    Value data = memoryApi.getArgument(0);
    Value isNull = LLVM::ICmpOp::create(b, ctx.loc, LLVM::ICmpPredicate::eq, data, ctx.null());
    Value status = unlessFailed(b, ctx.loc, ctx.i32(0), isNull, [&] {
      return ctx.call(RuntimeFn::lepton_embed_fail,
                      {ctx.i32(LEPTON_EMBED_ARGUMENT), ctx.string(p + "_load_memory: data is NULL"), ctx.null()});
    });
    Value always = arith::ConstantIntOp::create(b, ctx.loc, b.getI1Type(), 1);
    status = unlessFailed(b, ctx.loc, status, always, [&] {
      return func::CallOp::create(b, ctx.loc, fromMemory, memoryApi.getArguments()).getResult(0);
    });
    func::ReturnOp::create(b, ctx.loc, status);
  }

  // load(path): the file's bytes through load_memory; errors name the file.
  func::FuncOp fromFile = ctx.beginFunction(ctx.exportSymbol("load"), {ptr}, {i32}, true);
  setDoc(ctx, fromFile,
         "Loads the weights from a checkpoint file (--save of the program built from the same .lep file).\n"
         "Returns " + llvm::StringRef(p).upper() + "_OK or an error code; a failed load keeps the weights as they were.\n"
         "Do not call it while another thread predicts.",
         {{"checkpoint", "const char *"}});
  {
    Value path = fromFile.getArgument(0);
    Value isNull = LLVM::ICmpOp::create(b, ctx.loc, LLVM::ICmpPredicate::eq, path, ctx.null());
    Value status = unlessFailed(b, ctx.loc, ctx.i32(0), isNull, [&] {
      return ctx.call(RuntimeFn::lepton_embed_fail,
                      {ctx.i32(LEPTON_EMBED_ARGUMENT), ctx.string(p + "_load: checkpoint is NULL"), ctx.null()});
    });
    Value one = LLVM::ConstantOp::create(b, ctx.loc, i64, b.getI64IntegerAttr(1));
    Value dataSlot = LLVM::AllocaOp::create(b, ctx.loc, ptr, ptr, one, 8);
    Value sizeSlot = LLVM::AllocaOp::create(b, ctx.loc, ptr, i64, one, 8);
    Value always = arith::ConstantIntOp::create(b, ctx.loc, b.getI1Type(), 1);
    status = unlessFailed(b, ctx.loc, status, always, [&] {
      Value rc = ctx.call(RuntimeFn::lepton_embed_read_file, {path, dataSlot, sizeSlot});
      Value read = arith::CmpIOp::create(b, ctx.loc, arith::CmpIPredicate::eq, rc, ctx.i32(0));
      auto loaded = scf::IfOp::create(b, ctx.loc, TypeRange{i32}, read, /*withElse=*/true);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loaded.thenBlock());
      Value data = LLVM::LoadOp::create(b, ctx.loc, ptr, dataSlot);
      Value size = LLVM::LoadOp::create(b, ctx.loc, i64, sizeSlot);
      Value result = func::CallOp::create(b, ctx.loc, fromMemory, ValueRange{data, size}).getResult(0);
      ctx.call(RuntimeFn::lepton_embed_free, {data});
      scf::YieldOp::create(b, ctx.loc, result);
      b.setInsertionPointToStart(loaded.elseBlock());
      scf::YieldOp::create(b, ctx.loc, rc);
      b.setInsertionPointAfter(loaded);
      Value failed = arith::CmpIOp::create(b, ctx.loc, arith::CmpIPredicate::ne, loaded.getResult(0), ctx.i32(0));
      auto name = scf::IfOp::create(b, ctx.loc, TypeRange{}, failed, /*withElse=*/false);
      b.setInsertionPointToStart(name.thenBlock());
      ctx.call(RuntimeFn::lepton_embed_name_file, {path});
      return loaded.getResult(0);
    });
    func::ReturnOp::create(b, ctx.loc, status);
  }
  emitLastError();
}

void lepton::ObjectApiGen::emitLastError() {
  OpBuilder &b = ctx.b;
  Type ptr = ctx.ptrType();
  func::FuncOp lastError = ctx.beginFunction(ctx.exportSymbol("last_error"), {}, {ptr}, true);
  lastError->setAttr("lepton.c_doc",
                     b.getStringAttr("The message of this thread's last failed call (\"\" if none): what failed and why."));
  lastError->setAttr("lepton.c_result", b.getStringAttr("const char *"));
  func::ReturnOp::create(b, ctx.loc, ctx.call(RuntimeFn::lepton_embed_last_error, {}));
}
