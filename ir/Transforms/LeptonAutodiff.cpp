// LeptonAutodiff.cpp — the lepton-autodiff pass: expands lepton.grad into a forward and a reverse sweep.
#include "ir/LeptonDialect.h"
#include "ir/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

namespace lepton {
#define GEN_PASS_DEF_LEPTONAUTODIFFPASS
#include "ir/Passes.h.inc"
} // namespace lepton

using namespace mlir;
using namespace lepton;

namespace {

/// A tensor of `type` filled with `value`; dynamic extents are read from `like`.
Value buildSplat(OpBuilder &b, Location loc, RankedTensorType type, Value like, float value) {
  if (type.hasStaticShape())
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, b.getF32FloatAttr(value).getValue()));
  SmallVector<Value> dynamicSizes;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (type.isDynamicDim(d))
      dynamicSizes.push_back(tensor::DimOp::create(b, loc, like, d));
  Value scalar = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(value));
  return tensor::SplatOp::create(b, loc, scalar, type, dynamicSizes);
}

/// Expands one `lepton.grad`. Cotangents are keyed by the callee's own values (not the inlined
/// copies), so two arguments bound to the same outer value still get separate gradients.
class GradExpander {
public:
  GradExpander(GradOp grad, FunctionOpInterface callee) : grad(grad), callee(callee) {}

  LogicalResult run();

private:
  /// Rejects callees without a body, with several blocks, or with region-holding ops.
  LogicalResult checkStraightLine(Block *&body);
  /// Marks the callee values that depend on a `wrt` argument.
  void markActive(Block &body);
  /// Adds `cotangent` to the running cotangent of `value` (`lepton.add` on a second use).
  void accumulate(OpBuilder &b, Value value, Value cotangent);

  GradOp grad;
  FunctionOpInterface callee;
  llvm::DenseSet<Value> active;
  llvm::DenseMap<Value, Value> cotangents;
};

LogicalResult GradExpander::checkStraightLine(Block *&body) {
  Region &region = callee.getFunctionBody();
  if (region.empty())
    return grad.emitOpError("cannot differentiate '")
           << grad.getCallee() << "': it is a declaration without a body";
  if (!region.hasOneBlock()) {
    InFlightDiagnostic diag = callee.emitError("cannot differentiate '")
                              << grad.getCallee() << "': it has control flow ("
                              << region.getBlocks().size() << " blocks)";
    diag.attachNote(grad.getLoc()) << "differentiated here";
    return diag;
  }
  body = &region.front();
  for (Operation &op : body->without_terminator()) {
    if (op.getNumRegions() == 0)
      continue;
    InFlightDiagnostic diag = op.emitError("cannot differentiate '")
                              << op.getName()
                              << "': control flow is not supported in a differentiated function";
    diag.attachNote(grad.getLoc()) << "differentiated here";
    return diag;
  }
  return success();
}

void GradExpander::markActive(Block &body) {
  for (int64_t index : grad.getWrt())
    active.insert(body.getArgument(index));
  for (Operation &op : body.without_terminator())
    if (llvm::any_of(op.getOperands(), [&](Value v) { return active.contains(v); }))
      active.insert(op.result_begin(), op.result_end());
}

void GradExpander::accumulate(OpBuilder &b, Value value, Value cotangent) {
  if (cotangent.getType() != value.getType())
    cotangent = tensor::CastOp::create(b, cotangent.getLoc(), value.getType(), cotangent);
  Value &slot = cotangents[value];
  slot = slot ? AddOp::create(b, cotangent.getLoc(), slot, cotangent).getResult() : cotangent;
}

LogicalResult GradExpander::run() {
  Block *body = nullptr;
  if (failed(checkStraightLine(body)))
    return failure();
  markActive(*body);

  // Forward sweep: clone the callee's ops in front of the grad op.
  OpBuilder b(grad);
  Location loc = grad.getLoc();
  Operation *before = grad->getPrevNode();
  IRMapping mapping;
  mapping.map(body->getArguments(), grad.getArgs());
  for (Operation &op : body->without_terminator())
    b.clone(op, mapping);
  Value result = body->getTerminator()->getOperand(0);

  // Reverse sweep, seeded with d(result)/d(result) = 1.
  if (active.contains(result))
    cotangents[result] = buildSplat(b, loc, RankedTensorType::get({}, b.getF32Type()),
                                    nullptr, 1.0f);
  for (Operation &op : llvm::reverse(body->without_terminator())) {
    SmallVector<Value> resultCotangents;
    for (Value r : op.getResults())
      resultCotangents.push_back(cotangents.lookup(r));
    bool reachesResult = llvm::any_of(resultCotangents, [](Value v) { return v != nullptr; });
    bool dependsOnWrt = llvm::any_of(op.getResults(), [&](Value v) { return active.contains(v); });
    if (!reachesResult || !dependsOnWrt)
      continue;
    auto differentiable = dyn_cast<DifferentiableOpInterface>(mapping.lookup(&op));
    if (!differentiable) {
      InFlightDiagnostic diag = op.emitError("cannot differentiate '")
                                << op.getName()
                                << "': it does not implement DifferentiableOpInterface";
      diag.attachNote(loc) << "differentiated here";
      return diag;
    }
    SmallVector<Value> operandCotangents;
    if (failed(differentiable.buildVJP(b, resultCotangents, operandCotangents)))
      return failure();
    if (operandCotangents.size() != op.getNumOperands())
      return op.emitError("VJP of '") << op.getName() << "' returned "
                                      << operandCotangents.size() << " cotangents for "
                                      << op.getNumOperands() << " operands";
    for (auto [operand, cotangent] : llvm::zip(op.getOperands(), operandCotangents))
      if (cotangent && active.contains(operand))
        accumulate(b, operand, cotangent);
  }

  // Results: the value, then one gradient per wrt argument (zero when it does not matter).
  SmallVector<Value> replacements{mapping.lookup(result)};
  for (int64_t index : grad.getWrt()) {
    Value g = cotangents.lookup(body->getArgument(index));
    if (!g)
      g = buildSplat(b, loc, cast<RankedTensorType>(grad.getArgs()[index].getType()),
                     grad.getArgs()[index], 0.0f);
    replacements.push_back(g);
  }
  grad->replaceAllUsesWith(replacements);
  Operation *last = grad->getPrevNode();
  grad->erase();

  // The VJPs build every operand cotangent; drop those nobody needed (e.g. dx of the input).
  for (Operation *op = last; op && op != before;) {
    Operation *prev = op->getPrevNode();
    if (isOpTriviallyDead(op))
      op->erase();
    op = prev;
  }
  return success();
}

struct LeptonAutodiffPass : lepton::impl::LeptonAutodiffPassBase<LeptonAutodiffPass> {
  /// Expands grad ops in rounds, each time only those whose callee holds no lepton.grad of
  /// its own, so a callee's gradients exist before it is inlined somewhere else.
  void runOnOperation() override {
    SymbolTableCollection symbols;
    while (true) {
      SmallVector<GradOp> pending, ready;
      getOperation().walk([&](GradOp op) { pending.push_back(op); });
      if (pending.empty())
        return;
      for (GradOp grad : pending) {
        auto callee =
            symbols.lookupNearestSymbolFrom<FunctionOpInterface>(grad, grad.getCalleeAttr());
        if (!callee) {
          grad.emitOpError("'") << grad.getCallee() << "' does not reference a function";
          return signalPassFailure();
        }
        bool nested = callee->walk([](GradOp) { return WalkResult::interrupt(); }).wasInterrupted();
        if (!nested)
          ready.push_back(grad);
      }
      if (ready.empty()) {
        pending.front().emitOpError("differentiates a function that (indirectly) contains "
                                    "itself; recursive lepton.grad cannot be expanded");
        return signalPassFailure();
      }
      for (GradOp grad : ready) {
        auto callee =
            symbols.lookupNearestSymbolFrom<FunctionOpInterface>(grad, grad.getCalleeAttr());
        if (failed(GradExpander(grad, callee).run()))
          return signalPassFailure();
      }
    }
  }
};

} // namespace
