// LeptonToLinalg.h — the patterns of convert-lepton-to-linalg, for drivers that build their own conversion.
#ifndef LEPTON_IR_CONVERSION_LEPTONTOLINALG_LEPTONTOLINALG_H
#define LEPTON_IR_CONVERSION_LEPTONTOLINALG_LEPTONTOLINALG_H

#include "mlir/IR/PatternMatch.h"

namespace lepton {

/// Adds the lowering of every lepton op except `lepton.grad` (which `lepton-autodiff` removes)
/// to linalg/tensor/arith/math on tensors.
void populateLeptonToLinalgConversionPatterns(mlir::RewritePatternSet &patterns);

/// Pattern families, one per file under ir/Conversion/LeptonToLinalg/.
void populateLayerLoweringPatterns(mlir::RewritePatternSet &patterns);
void populateWindowLoweringPatterns(mlir::RewritePatternSet &patterns);
void populateNormLoweringPatterns(mlir::RewritePatternSet &patterns);
void populateActivationLoweringPatterns(mlir::RewritePatternSet &patterns);
void populateLossLoweringPatterns(mlir::RewritePatternSet &patterns);
void populateRegulariserLoweringPatterns(mlir::RewritePatternSet &patterns);
void populateOptimizerLoweringPatterns(mlir::RewritePatternSet &patterns);
void populateQuantLoweringPatterns(mlir::RewritePatternSet &patterns);

} // namespace lepton

#endif // LEPTON_IR_CONVERSION_LEPTONTOLINALG_LEPTONTOLINALG_H
