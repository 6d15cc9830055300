// ExternEnvGen.cpp — an agent on an `extern env`: the host's callbacks in private globals, the
// registration function that stores them, the environment built from them, and the `main` of an
// executable that cannot run without a host.
#include "frontend/mlirgen/AgentGen.h"

#include "lepton/runtime.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;

namespace {
/// The callback types of lepton/env.h, spelled exactly as there (and its two flags), for the
/// header of an object with a registration function; guarded so that a host may include both.
constexpr const char *kCallbackTypes =
    "#ifndef LEPTON_ENV_H\n"
    "#define LEPTON_ENV_TERMINATED 1\n"
    "#define LEPTON_ENV_TRUNCATED 2\n"
    "typedef int32_t (*lepton_env_reset_fn)(void *user, float *obs, int32_t *state);\n"
    "typedef int32_t (*lepton_env_step_fn)(void *user, int32_t action, float *obs, int32_t *state, double *reward,\n"
    "                                      int32_t *flags);\n"
    "#endif";
} // namespace

std::string lepton::AgentGen::registrationSymbol() const { return ctx.exportSymbol("set_env_" + env.name); }

std::string lepton::AgentGen::callbackGlobal(StringRef slot) const {
  return ctx.symbol(("env_" + env.name + "_" + slot).str());
}

void lepton::AgentGen::emitRegistration() {
  // Three private pointer globals (reset, step, user), NULL until the host calls
  // void p_set_env_NAME(lepton_env_reset_fn reset, lepton_env_step_fn step, void *user).
  mlir::Location loc = ctx.locOf(env.loc);
  Type ptr = ctx.ptrType();
  const char *slots[] = {"reset", "step", "user"};
  {
    OpBuilder::InsertionGuard guard(b);
    for (const char *slot : slots) {
      b.setInsertionPointToStart(ctx.module.getBody());
      auto global = LLVM::GlobalOp::create(b, loc, ptr, /*isConstant=*/false, LLVM::Linkage::Internal,
                                           callbackGlobal(slot), Attribute());
      b.createBlock(&global.getInitializerRegion());
      LLVM::ReturnOp::create(b, loc, Value(LLVM::ZeroOp::create(b, loc, ptr)));
    }
  }
  ctx.loc = loc;
  func::FuncOp fn = ctx.beginFunction(registrationSymbol(), {ptr, ptr, ptr}, {}, /*isPublic=*/true);
  fn->setAttr("lepton.c_doc",
              b.getStringAttr("Registers the host's environment '" + env.name + "' (extern env): reset and step are "
                              "called with `user`\n(see lepton/env.h and docs/abi.md). Call before " +
                              ctx.exportSymbol("main") + "(); a later call replaces them."));
  fn->setAttr("lepton.c_prelude", b.getStringAttr(kCallbackTypes));
  const char *cTypes[] = {"lepton_env_reset_fn", "lepton_env_step_fn", "void *"};
  for (unsigned i = 0; i < 3; ++i) {
    fn.setArgAttr(i, "lepton.c_name", b.getStringAttr(slots[i]));
    fn.setArgAttr(i, "lepton.c_type", b.getStringAttr(cTypes[i]));
    Value address = LLVM::AddressOfOp::create(b, loc, ptr, callbackGlobal(slots[i]));
    LLVM::StoreOp::create(b, loc, fn.getArgument(i), address);
  }
  func::ReturnOp::create(b, loc);
}

Value lepton::AgentGen::createExternEnv() {
  // The registered callbacks; none registered is the host's mistake, reported as a usage error
  // naming the function to call (the runtime would only say "a NULL callback").
  Type ptr = ctx.ptrType();
  Value callbacks[3];
  const char *slots[] = {"reset", "step", "user"};
  for (unsigned i = 0; i < 3; ++i)
    callbacks[i] =
        LLVM::LoadOp::create(b, ctx.loc, ptr, LLVM::AddressOfOp::create(b, ctx.loc, ptr, callbackGlobal(slots[i])));
  Value noReset = LLVM::ICmpOp::create(b, ctx.loc, LLVM::ICmpPredicate::eq, callbacks[0], ctx.null());
  Value noStep = LLVM::ICmpOp::create(b, ctx.loc, LLVM::ICmpPredicate::eq, callbacks[1], ctx.null());
  auto missing = scf::IfOp::create(b, ctx.loc, TypeRange{ptr}, arith::OrIOp::create(b, ctx.loc, noReset, noStep),
                                   /*withElse=*/true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(missing.thenBlock());
    ctx.call(RuntimeFn::lepton_error,
             {ctx.i32(LEPTON_ERR_USAGE), ctx.string("environment '" + env.name + "' has no host callbacks: call " +
                                                    registrationSymbol() + "() first")});
    scf::YieldOp::create(b, ctx.loc, ctx.null());
    b.setInsertionPointToStart(missing.elseBlock());
    Value created = ctx.call(RuntimeFn::lepton_env_create_extern,
                             {callbacks[0], callbacks[1], callbacks[2], ctx.i32(env.discrete ? 0 : obsSize),
                              ctx.i32(env.discrete ? states : 0), ctx.i32(actions), ctx.i64(env.maxSteps)});
    scf::YieldOp::create(b, ctx.loc, created);
  }
  return missing.getResult(0);
}

void lepton::AgentGen::emitNeedsHost() {
  // int main(int argc, char **argv) of an executable whose environment only a host can provide:
  // says so (code 1, LEPTON_ERR_USAGE) before anything else.
  func::FuncOp fn = ctx.beginFunction("main", {b.getI32Type(), ctx.ptrType()}, {b.getI32Type()}, /*isPublic=*/true);
  (void)fn;
  ctx.call(RuntimeFn::lepton_error,
           {ctx.i32(LEPTON_ERR_USAGE),
            ctx.string("this program needs a host application: environment '" + env.name +
                       "' is an extern env; compile with -c and call " + registrationSymbol() + "() and " +
                       ctx.exportSymbol("main") + "() (docs/abi.md)")});
  func::ReturnOp::create(b, ctx.loc, ctx.i32(LEPTON_ERR_USAGE));
}
