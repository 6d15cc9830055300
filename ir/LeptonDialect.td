// LeptonDialect.td — the `lepton` dialect, its op base class and the type constraints its ops share.
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

    Differentiation is the `DifferentiableOpInterface`: every forward op builds its own
    vector-Jacobian product, and `lepton-autodiff` replaces each `lepton.grad` by the
    forward computation followed by a reverse sweep over it.
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect"];
}

class Lepton_Op<string mnemonic, list<Trait> traits = []>
    : Op<Lepton_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

/// Any ranked f32 tensor, 0-d included.
def Lepton_F32Tensor : RankedTensorOf<[F32]>;
/// A ranked f32 tensor of rank >= 1 (softmax needs a last dimension).
def Lepton_F32NonScalarTensor
    : RankedTensorOf<[F32], [HasRankGreaterOrEqualPred<1>], "non-0-d ranked tensor">;
def Lepton_F32Matrix : 2DTensorOf<[F32]>;
def Lepton_F32Vector : 1DTensorOf<[F32]>;
/// A loss value or its cotangent: `tensor<f32>`.
def Lepton_F32Scalar : 0DTensorOf<[F32]>,
    BuildableType<"::mlir::RankedTensorType::get({}, $_builder.getF32Type())">;
/// Class labels, one per sample: `tensor<?xi32>`.
def Lepton_LabelVector : 1DTensorOf<[I32]>;

#endif // LEPTON_DIALECT_TD
