// OptimizerGen.cpp — optimizer state names and the lepton update ops, written back in place.
#include "frontend/mlirgen/OptimizerGen.h"

#include "ir/LeptonDialect.h"

using namespace mlir;

lepton::OptimizerGen::OptimizerGen(GenContext &ctx, ModelState &state,
                                   const ast::OptimizerSpec &spec, std::string tag)
    : ctx(ctx), state(state), spec(spec), tag(std::move(tag)) {
  // State kind k of every parameter in block `<tag><kind>`, laid out as the parameter block is
  // (ModelState): lepton-fuse then updates whole blocks in one loop.
  const std::vector<Parameter> &params = state.parameters();
  if (params.empty())
    return;
  size_t kinds = stateNames(params.front()).size();
  for (size_t k = 0; k < kinds; ++k)
    for (const Parameter &param : params) {
      std::string name = stateNames(param)[k];
      state.addTensor(name, param.shape(), name.substr(param.name.size() + 1));
    }
}

int64_t lepton::OptimizerGen::statesPerParameter(const ast::OptimizerSpec &spec) {
  switch (spec.kind) {
  case OptimizerKind::Adam:
  case OptimizerKind::AdamW: return 2;
  case OptimizerKind::Sgd: return 1;
  case OptimizerKind::RmsProp: return spec.momentum > 0 ? 2 : 1;
  }
  return 0;
}

SmallVector<std::string> lepton::OptimizerGen::stateNames(const Parameter &param) const {
  std::string base = param.name + "_" + tag;
  switch (spec.kind) {
  case OptimizerKind::Adam:
  case OptimizerKind::AdamW: return {base + "m", base + "v"};
  case OptimizerKind::Sgd: return {base + "velocity"};
  case OptimizerKind::RmsProp:
    if (spec.momentum > 0)
      return {base + "square_avg", base + "buffer"};
    return {base + "square_avg"};
  }
  return {};
}

void lepton::OptimizerGen::emitUpdate(ValueRange params, ValueRange grads, Value lr, Value step) {
  OpBuilder &b = ctx.b;
  auto f64Attr = [&](double v) { return b.getF64FloatAttr(v); };
  mlir::Location saved = ctx.loc;
  mlir::Location loc = ctx.loc = ctx.locOf(spec.loc);
  for (auto [i, param] : llvm::enumerate(state.parameters())) {
    Value p = params[i], g = grads[i];
    SmallVector<std::string> names = stateNames(param);
    SmallVector<Value> moments;
    for (const std::string &name : names)
      moments.push_back(state.tensor(name, /*writable=*/true));
    SmallVector<Value> updated;
    switch (spec.kind) {
    case OptimizerKind::Adam:
    case OptimizerKind::AdamW: {
      bool decoupled = spec.kind == OptimizerKind::AdamW;
      auto op = AdamUpdateOp::create(b, loc, p, g, moments[0], moments[1], lr, step,
                                     f64Attr(spec.beta1), f64Attr(spec.beta2), f64Attr(spec.eps),
                                     f64Attr(spec.weightDecay), b.getBoolAttr(decoupled));
      updated.append(op->result_begin(), op->result_end());
      break;
    }
    case OptimizerKind::Sgd: {
      auto op = SgdUpdateOp::create(b, loc, p, g, moments[0], lr, f64Attr(spec.momentum),
                                    b.getBoolAttr(spec.nesterov), f64Attr(spec.weightDecay));
      updated.append(op->result_begin(), op->result_end());
      break;
    }
    case OptimizerKind::RmsProp: {
      Value buffer = moments.size() > 1 ? moments[1] : Value();
      auto op = RmspropUpdateOp::create(b, loc, p, g, moments[0], lr, buffer, f64Attr(spec.rho),
                                        f64Attr(spec.eps), f64Attr(spec.momentum),
                                        f64Attr(spec.weightDecay));
      updated.append(op->result_begin(), op->result_end());
      break;
    }
    }
    state.writeBack(updated[0], param.name);
    for (auto [value, name] : llvm::zip(ArrayRef<Value>(updated).drop_front(), names))
      state.writeBack(value, name);
  }
  ctx.loc = saved;
}
