// FuseOptimizerUpdates.h — one optimizer update over whole state blocks instead of one per parameter.
#ifndef LEPTON_IR_TRANSFORMS_FUSEOPTIMIZERUPDATES_H
#define LEPTON_IR_TRANSFORMS_FUSEOPTIMIZERUPDATES_H

namespace mlir {
class Operation;
} // namespace mlir

namespace lepton {

/// Under `root`: update ops (adam, sgd, rmsprop) of one block with the same kind, attributes, learning rate
/// and step, each reading its parameter and state from `memref.view`s of byte globals (one global per state
/// kind, the parameter at the same offset in each) and writing them back there, become one update of
/// `tensor<Pxf32>` over the whole globals, its gradient the gradients flattened at their offsets with zeros
/// between. Only when the updates cover the globals whole (every other byte is kStateAlignment padding, which
/// stays zero: a zero parameter, gradient and state update to zero) and every reader of a parameter comes
/// before the fused update (it writes in place).
void fuseOptimizerUpdates(mlir::Operation *root);

} // namespace lepton

#endif // LEPTON_IR_TRANSFORMS_FUSEOPTIMIZERUPDATES_H
