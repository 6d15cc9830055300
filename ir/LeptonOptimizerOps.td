// LeptonOptimizerOps.td — pure optimizer updates: take parameter and state tensors, return new ones.
#ifndef LEPTON_OPTIMIZER_OPS_TD
#define LEPTON_OPTIMIZER_OPS_TD

include "ir/LeptonDialect.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

//===----------------------------------------------------------------------===//
// Every update follows PyTorch's `torch.optim` formulas for one parameter tensor. The
// learning rate is an f32 operand so that schedules can change it at run time; the
// hyperparameters are f64 attributes, and the constants derived from them (1 - β, …) are
// computed in double precision as PyTorch does, then rounded to f32.
//===----------------------------------------------------------------------===//

def Lepton_SgdUpdateOp : Lepton_Op<"sgd_update",
    [Pure, AllTypesMatch<["param", "grad", "velocity", "new_param", "new_velocity"]>]> {
  let summary = "SGD step with optional momentum, Nesterov momentum and weight decay";
  let description = [{
    As `torch.optim.SGD` (dampening 0), with g = grad + weight_decay · param:
    momentum = 0: param' = param - lr · g and velocity' = velocity (unused);
    otherwise velocity' = momentum · velocity + g and param' = param - lr · u with
    u = g + momentum · velocity' (nesterov) or u = velocity'. Start velocity at zero.

    ```mlir
    %p1, %v1 = lepton.sgd_update %p, %g, %v, %lr {momentum = 9.000000e-01 : f64}
        : tensor<784x128xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Tensor:$param, Lepton_F32Tensor:$grad, Lepton_F32Tensor:$velocity,
                   F32:$lr,
                   DefaultValuedAttr<F64Attr, "0.0">:$momentum,
                   DefaultValuedAttr<BoolAttr, "false">:$nesterov,
                   DefaultValuedAttr<F64Attr, "0.0">:$weight_decay);
  let results = (outs Lepton_F32Tensor:$new_param, Lepton_F32Tensor:$new_velocity);
  let assemblyFormat = "$param `,` $grad `,` $velocity `,` $lr attr-dict `:` type($param)";
  let hasVerifier = 1;
}

def Lepton_AdamUpdateOp : Lepton_Op<"adam_update",
    [Pure, AllTypesMatch<["param", "grad", "m", "v", "new_param", "new_m", "new_v"]>]> {
  let summary = "Adam / AdamW step with bias correction";
  let description = [{
    As `torch.optim.Adam` (`decoupled = false`, weight decay added to the gradient) and
    `torch.optim.AdamW` (`decoupled = true`, param ← param · (1 - lr · weight_decay) first).
    With t = `step` (1-based):
    m' = β1 m + (1 - β1) g, v' = β2 v + (1 - β2) g²,
    param' = param - (lr / (1 - β1^t)) · m' / (√v' / √(1 - β2^t) + eps),
    i.e. param -= lr · m̂ / (√v̂ + eps) with m̂ = m'/(1 - β1^t), v̂ = v'/(1 - β2^t), computed
    in PyTorch's order. Start m and v at zero.

    ```mlir
    %p1, %m1, %v1 = lepton.adam_update %p, %g, %m, %v, %lr, %step : tensor<784x128xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Tensor:$param, Lepton_F32Tensor:$grad, Lepton_F32Tensor:$m,
                   Lepton_F32Tensor:$v, F32:$lr, I64:$step,
                   DefaultValuedAttr<F64Attr, "0.9">:$beta1,
                   DefaultValuedAttr<F64Attr, "0.999">:$beta2,
                   DefaultValuedAttr<F64Attr, "1.0e-8">:$eps,
                   DefaultValuedAttr<F64Attr, "0.0">:$weight_decay,
                   DefaultValuedAttr<BoolAttr, "false">:$decoupled);
  let results = (outs Lepton_F32Tensor:$new_param, Lepton_F32Tensor:$new_m, Lepton_F32Tensor:$new_v);
  let assemblyFormat = [{
    $param `,` $grad `,` $m `,` $v `,` $lr `,` $step attr-dict `:` type($param)
  }];
  let hasVerifier = 1;
}

def Lepton_RmspropUpdateOp : Lepton_Op<"rmsprop_update",
    [Pure, AllTypesMatch<["param", "grad", "square_avg"]>,
     DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "RMSprop step (non-centred) with optional momentum and weight decay";
  let description = [{
    As `torch.optim.RMSprop` (centered = False), with g = grad + weight_decay · param:
    sq' = α sq + (1 - α) g², a = √sq' + eps; momentum = 0: param' = param - lr · g / a;
    otherwise buf' = momentum · buf + g / a and param' = param - lr · buf'. The momentum
    buffer operand and result are present exactly when `momentum` > 0. Start sq (and buf)
    at zero.

    ```mlir
    %p1, %sq1 = lepton.rmsprop_update %p, %g, %sq, %lr : tensor<128xf32>
    %p2, %sq2, %b2 = lepton.rmsprop_update %p, %g, %sq, %lr momentum_buffer(%b : tensor<128xf32>)
        {momentum = 9.000000e-01 : f64} : tensor<128xf32>
    ```
  }];
  let arguments = (ins Lepton_F32Tensor:$param, Lepton_F32Tensor:$grad, Lepton_F32Tensor:$square_avg,
                   F32:$lr, Optional<Lepton_F32Tensor>:$momentum_buffer,
                   DefaultValuedAttr<F64Attr, "0.99">:$alpha,
                   DefaultValuedAttr<F64Attr, "1.0e-8">:$eps,
                   DefaultValuedAttr<F64Attr, "0.0">:$momentum,
                   DefaultValuedAttr<F64Attr, "0.0">:$weight_decay);
  let results = (outs Lepton_F32Tensor:$new_param, Lepton_F32Tensor:$new_square_avg,
                 Optional<Lepton_F32Tensor>:$new_momentum_buffer);
  let assemblyFormat = [{
    $param `,` $grad `,` $square_avg `,` $lr (`momentum_buffer` `(` $momentum_buffer^ `:` type($momentum_buffer) `)`)?
      attr-dict `:` type($param)
  }];
  let hasVerifier = 1;
}

#endif // LEPTON_OPTIMIZER_OPS_TD
