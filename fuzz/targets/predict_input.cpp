// predict_input.cpp — fuzz target: lepton_dataset_load_samples_as, predict's --input reader, on one file
// whose name picks the format. Settings: bits 0-1 the declared shape, bits 2-3 the name (.csv, .npy, .idx,
// .csv.gz), bit 4 missing values allowed.
#include "fuzz/FuzzInput.h"
#include "lepton/dataset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace lepton::fuzz;
  quietErrors();
  Input in(data, size);
  static const char *names[4] = {"in.csv", "in.npy", "in.idx", "in.csv.gz"};
  std::string path = writeFile(names[in.bits(2, 2)], in.part(0));
  const std::vector<int64_t> &shape = shapeChoice(in.bits(0, 2));
  lepton_dataset *ds = lepton_dataset_load_samples_as(path.c_str(), shape.data(), static_cast<int32_t>(shape.size()),
                                                      in.bits(4, 1) ? LEPTON_CSV_ALLOW_MISSING : 0);
  if (ds)
    (void)lepton_dataset_features(ds)[lepton_dataset_count(ds) * lepton_dataset_sample_size(ds) - 1];
  lepton_dataset_free(ds);
  lepton_clear_error();
  return 0;
}
