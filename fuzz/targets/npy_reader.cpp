// npy_reader.cpp — fuzz target: lepton_dataset_load_npy on a samples file and (maybe) a labels file.
// Settings: bits 0-1 the declared shape, bit 2 classes (10) or targets, bit 3 no labels file, bit 4 limit 2,
// bit 5 three targets (regression only).
#include "fuzz/FuzzInput.h"
#include "lepton/dataset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace lepton::fuzz;
  quietErrors();
  Input in(data, size);
  std::string samples = writeFile("x.npy", in.part(0));
  std::string labels = writeFile("y.npy", in.part(1));
  const std::vector<int64_t> &shape = shapeChoice(in.bits(0, 2));
  int32_t classes = in.bits(2, 1) ? 10 : 0;
  int32_t targets = classes == 0 && in.bits(5, 1) ? 3 : 1;
  lepton_dataset *ds = lepton_dataset_load_npy(samples.c_str(), in.bits(3, 1) ? nullptr : labels.c_str(),
                                               shape.data(), static_cast<int32_t>(shape.size()), classes, targets,
                                               in.bits(4, 1) ? 2 : 0);
  if (ds)
    (void)lepton_dataset_features(ds)[lepton_dataset_count(ds) * lepton_dataset_sample_size(ds) - 1];
  lepton_dataset_free(ds);
  lepton_clear_error();
  return 0;
}
