// ExternDatasetGen.h — `extern dataset`: samples from the embedding application through a registered callback.
#ifndef LEPTON_FRONTEND_MLIRGEN_EXTERNDATASETGEN_H
#define LEPTON_FRONTEND_MLIRGEN_EXTERNDATASETGEN_H

#include "frontend/mlirgen/GenContext.h"

namespace lepton {

/// Whether `flow` reads an `extern dataset` (directly or through a split of one).
bool readsExternDataset(const ast::DataFlow &flow);

/// The extern dataset at the root of `data` (itself, or what a split divides), or null.
const ast::Dataset *externRoot(const ast::Dataset *data);

/// `void <p>_set_dataset_NAME(lepton_dataset_fill_fn fill, void *user)`: stores the host's callback and pointer in
/// two private globals (NULL until called).
void emitExternDatasetRegistration(GenContext &ctx, const ast::Dataset &data);

/// The data set read through the registered callback (lepton_dataset_from_callback); without a registration a usage
/// error naming the function to call, and NULL.
mlir::Value loadExternDataset(GenContext &ctx, const ast::Dataset &data, int32_t classes, int32_t targets);

/// The `main` of an executable whose data only a host can supply: says so and returns LEPTON_ERR_USAGE.
void emitDatasetNeedsHost(GenContext &ctx, const ast::Dataset &data);

} // namespace lepton

#endif // LEPTON_FRONTEND_MLIRGEN_EXTERNDATASETGEN_H
