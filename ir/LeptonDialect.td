// LeptonDialect.td — the `lepton` dialect: tensor ops at the level an ML engineer thinks in.
#ifndef LEPTON_DIALECT_TD
#define LEPTON_DIALECT_TD

include "mlir/IR/OpBase.td"

def Lepton_Dialect : Dialect {
  let name = "lepton";
  let cppNamespace = "::lepton";
  let summary = "Layers, losses and optimizer updates of a Lepton pipeline";
  let description = [{
    Ops are pure functions on ranked f32 tensors. Shapes are static except the leading batch
    dimension. Everything that is not a tensor computation (epochs, batching, environments)
    is generated as ordinary func/scf code calling the runtime, not as lepton ops.
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

class Lepton_Op<string mnemonic, list<Trait> traits = []>
    : Op<Lepton_Dialect, mnemonic, traits>;

#endif // LEPTON_DIALECT_TD
