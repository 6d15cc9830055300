// ModelGen.cpp — layers → lepton ops: dense, activations, dropout; flatten/reshape are free.
#include "frontend/mlirgen/ModelGen.h"

#include "frontend/Diagnostics.h"
#include "ir/LeptonDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

mlir::Location lepton::toMLIR(MLIRContext *context, const Location &loc) {
  if (!loc.isValid())
    return UnknownLoc::get(context);
  return FileLineColLoc::get(context, loc.file, loc.line, loc.col);
}

bool lepton::ModelGen::checkSupported(DiagnosticEngine &diags) const {
  using K = LayerKind;
  bool ok = true;
  for (const ast::Layer &layer : model.layers) {
    switch (layer.kind) {
    case K::Dense:
    case K::Dropout:
    case K::Relu:
    case K::Sigmoid:
    case K::Tanh:
    case K::LeakyRelu:
    case K::Softmax:
    case K::Flatten:
    case K::Reshape:
      break;
    default:
      diags.report(layer.loc, diag::NotSupportedByCodegen)
          << "layer '" + layer.call->callee + "'";
      ok = false;
    }
  }
  return ok;
}

std::vector<lepton::Parameter> lepton::ModelGen::parameters() const {
  std::vector<Parameter> params;
  unsigned index = 0;
  for (const ast::Layer &layer : model.layers) {
    if (layer.kind != LayerKind::Dense)
      continue;
    int64_t in = ast::numElements(layer.inputShape), out = layer.units;
    std::string prefix = "dense" + std::to_string(index++);
    params.push_back({prefix + "_weight", {in, out}, &layer, false, in, out});
    if (layer.bias)
      params.push_back({prefix + "_bias", {out}, &layer, true, in, out});
  }
  return params;
}

Value lepton::ModelGen::activation(mlir::Location loc, Activation act, double slope, Value x) {
  switch (act) {
  case Activation::Linear: return x;
  case Activation::Relu: return ReluOp::create(b, loc, x);
  case Activation::Sigmoid: return SigmoidOp::create(b, loc, x);
  case Activation::Tanh: return TanhOp::create(b, loc, x);
  case Activation::Softmax: return SoftmaxOp::create(b, loc, x);
  case Activation::LeakyRelu:
    return LeakyReluOp::create(b, loc, x, b.getF32FloatAttr(static_cast<float>(slope)));
  }
  return x;
}

Value lepton::ModelGen::forward(Value input, ValueRange params, bool training, Value dropoutKey) {
  MLIRContext *ctx = b.getContext();
  Value x = input;
  int64_t batch = cast<RankedTensorType>(input.getType()).getDimSize(0);
  unsigned next = 0, dropoutIndex = 0;
  for (const ast::Layer &layer : model.layers) {
    mlir::Location loc = toMLIR(ctx, layer.loc);
    using K = LayerKind;
    switch (layer.kind) {
    case K::Dense: {
      Value weight = params[next++];
      Value bias = layer.bias ? params[next++] : Value();
      auto type = RankedTensorType::get({batch, layer.units}, b.getF32Type());
      x = DenseOp::create(b, loc, type, x, weight, bias);
      x = activation(loc, layer.activation, layer.negativeSlope, x);
      break;
    }
    case K::Dropout: {
      if (!training || layer.rate == 0)
        break;
      // Each dropout layer draws from its own stream: key + layer index.
      Value offset = arith::ConstantIntOp::create(b, loc, b.getI64Type(), dropoutIndex++);
      Value key = arith::AddIOp::create(b, loc, dropoutKey, offset);
      x = DropoutOp::create(b, loc, x, key, b.getF32FloatAttr(static_cast<float>(layer.rate)));
      break;
    }
    case K::Relu: x = activation(loc, Activation::Relu, 0, x); break;
    case K::Sigmoid: x = activation(loc, Activation::Sigmoid, 0, x); break;
    case K::Tanh: x = activation(loc, Activation::Tanh, 0, x); break;
    case K::Softmax: x = activation(loc, Activation::Softmax, 0, x); break;
    case K::LeakyRelu:
      x = activation(loc, Activation::LeakyRelu, layer.negativeSlope, x);
      break;
    default:
      break; // flatten / reshape: the data is already flat and row-major
    }
  }
  return x;
}

Value lepton::ModelGen::addRegularizers(Value loss, ValueRange params) {
  unsigned next = 0;
  for (const ast::Layer &layer : model.layers) {
    if (layer.kind != LayerKind::Dense)
      continue;
    Value weight = params[next];
    next += layer.bias ? 2 : 1;
    const ast::Regularizer &reg =
        layer.regularizer.kind != RegularizerKind::None ? layer.regularizer : model.regularizer;
    if (reg.kind == RegularizerKind::None || reg.lambda == 0)
      continue;
    mlir::Location loc = toMLIR(b.getContext(), layer.loc);
    FloatAttr lambda = b.getF32FloatAttr(static_cast<float>(reg.lambda));
    Value penalty = reg.kind == RegularizerKind::L1
                        ? L1Op::create(b, loc, weight, lambda).getResult()
                        : L2Op::create(b, loc, weight, lambda).getResult();
    loss = AddOp::create(b, loc, loss, penalty);
  }
  return loss;
}
