// ModelGen.cpp — a model's forward pass and regularizers, layer by layer through the registry.
#include "frontend/mlirgen/ModelGen.h"

#include "frontend/Diagnostics.h"
#include "frontend/mlirgen/GenContext.h"
#include "ir/LeptonDialect.h"

#include <map>

using namespace mlir;

int64_t lepton::Parameter::numElements() const { return ast::numElements(spec.shape); }

bool lepton::checkLayersSupported(const ast::Model &model, DiagnosticEngine &diags) {
  bool ok = true;
  for (const ast::Layer &layer : model.layers)
    if (!findLayerEntry(layer.kind)) {
      diags.report(layer.loc, diag::NotSupportedByCodegen)
          << "layer '" + (layer.call ? layer.call->callee : std::string("?")) + "'";
      ok = false;
    }
  return ok;
}

std::vector<lepton::Parameter> lepton::modelParameters(const ast::Model &model) {
  std::vector<Parameter> params;
  std::map<std::string, unsigned> counts; // per name prefix: dense0, dense1, …
  for (const ast::Layer &layer : model.layers) {
    const LayerEntry *entry = findLayerEntry(layer.kind);
    if (!entry)
      continue;
    std::vector<ParameterSpec> specs = entry->parameters(layer);
    if (specs.empty())
      continue;
    std::string prefix = entry->paramPrefix + std::to_string(counts[entry->paramPrefix]++);
    for (ParameterSpec &spec : specs)
      params.push_back({prefix + "_" + spec.role, spec, &layer});
  }
  return params;
}

bool lepton::hasLayerState(const ast::Model &model) {
  return llvm::any_of(model.layers, [](const ast::Layer &layer) {
    const LayerEntry *entry = findLayerEntry(layer.kind);
    return entry && entry->state;
  });
}

Value lepton::ModelGen::forward(Value input, ValueRange params, bool training, Value randomKey,
                                const ForwardExtras &extras) {
  Value x = input;
  unsigned next = 0, randomStream = 0;
  for (const ast::Layer &layer : model.layers) {
    const LayerEntry &entry = *findLayerEntry(layer.kind);
    size_t count = entry.parameters(layer).size();
    LayerBuilder lb{b, toMLIR(b.getContext(), layer.loc), training, randomKey};
    if (training && entry.usesRandomness && entry.usesRandomness(layer))
      lb.randomStream = randomStream++;
    lb.rowWeights = extras.rowWeights;
    lb.batchStatistics = extras.batchStatistics;
    if (entry.state && extras.layerState)
      lb.state = extras.layerState(layer);
    x = entry.forward(lb, layer, x, params.slice(next, count));
    next += count;
  }
  return x;
}

Value lepton::ModelGen::addRegularizers(Value loss, ValueRange params) {
  unsigned next = 0;
  for (const ast::Layer &layer : model.layers) {
    std::vector<ParameterSpec> specs = findLayerEntry(layer.kind)->parameters(layer);
    const ast::Regularizer &reg =
        layer.regularizer.given ? layer.regularizer : model.regularizer;
    for (const ParameterSpec &spec : specs) {
      Value param = params[next++];
      if (!spec.regularized || reg.kind == RegularizerKind::None || reg.lambda == 0)
        continue;
      mlir::Location loc = toMLIR(b.getContext(), layer.loc);
      FloatAttr lambda = b.getF32FloatAttr(static_cast<float>(reg.lambda));
      Value penalty = reg.kind == RegularizerKind::L1
                          ? L1Op::create(b, loc, param, lambda).getResult()
                          : L2Op::create(b, loc, param, lambda).getResult();
      loss = AddOp::create(b, loc, loss, penalty);
    }
  }
  return loss;
}
