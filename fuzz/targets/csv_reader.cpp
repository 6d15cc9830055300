// csv_reader.cpp — fuzz target: lepton_dataset_load_csv on one file.
// Settings: bits 0-1 the declared shape, bits 2-3 header auto/yes/no/auto, bit 4 classes (3) or targets,
// bit 5 two targets (regression only), bit 6 the label named "y" (else column 0), bit 7 missing values allowed.
#include "fuzz/FuzzInput.h"
#include "lepton/dataset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace lepton::fuzz;
  quietErrors();
  Input in(data, size);
  std::string path = writeFile("data.csv", in.part(0));
  const std::vector<int64_t> &shape = shapeChoice(in.bits(0, 2));
  int32_t header[4] = {LEPTON_CSV_HEADER_AUTO, LEPTON_CSV_HEADER, LEPTON_CSV_NO_HEADER, LEPTON_CSV_HEADER_AUTO};
  int32_t classes = in.bits(4, 1) ? 3 : 0;
  int32_t targets = classes == 0 && in.bits(5, 1) ? 2 : 1;
  int32_t flags = header[in.bits(2, 2)] | (in.bits(7, 1) ? LEPTON_CSV_ALLOW_MISSING : 0);
  lepton_dataset *ds =
      lepton_dataset_load_csv(path.c_str(), shape.data(), static_cast<int32_t>(shape.size()), classes, targets,
                              in.bits(6, 1) ? "y" : nullptr, 0, flags, 0);
  if (ds)
    (void)lepton_dataset_features(ds)[lepton_dataset_count(ds) * lepton_dataset_sample_size(ds) - 1];
  lepton_dataset_free(ds);
  lepton_clear_error();
  return 0;
}
