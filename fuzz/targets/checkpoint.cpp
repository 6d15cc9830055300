// checkpoint.cpp — fuzz target: lepton_checkpoint_load into a registered tensor set (two tensors, as a small
// dense layer saves them). Settings: bit 0 another signature, bit 1 a third tensor, bit 2 the checksum
// recomputed before loading (so that mutations reach the structure behind it, not only the CRC check), bit 3 the
// layer's int8 state registered (derived s8, f32 and s32 tensors: checkpoint version 2). The buffers must be
// untouched unless the load succeeds.
#include "fuzz/CheckpointInput.h"

#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace lepton::fuzz;
  quietErrors();
  Input in(data, size);
  std::string bytes = checkpointBytes(in);
  std::string path = writeFile("w.ckpt", bytes);
  float weight[12], bias[3], extra[2];
  std::memset(weight, 0x7f, sizeof weight);
  int64_t weightDims[2] = {4, 3}, biasDims[1] = {3}, extraDims[1] = {2};
  lepton_tensor_set *set = lepton_tensor_set_create(in.bits(0, 1) ? "other" : "m(x: f32[4]) -> f32[3]");
  lepton_tensor_set_add(set, "dense0_weight", weight, 2, weightDims);
  lepton_tensor_set_add(set, "dense0_bias", bias, 1, biasDims);
  if (in.bits(1, 1))
    lepton_tensor_set_add(set, "extra", extra, 1, extraDims);
  int8_t packed[64];
  float scale[3];
  int32_t sums[3];
  std::memset(packed, 0x7f, sizeof packed);
  int64_t packedDims[2] = {1, 64};
  if (in.bits(3, 1)) {
    lepton_tensor_set_add_typed(set, "dense0_weight_int8", packed, LEPTON_TENSOR_S8, LEPTON_TENSOR_DERIVED, 2,
                                packedDims);
    lepton_tensor_set_add_typed(set, "dense0_weight_int8_scale", scale, LEPTON_TENSOR_F32, LEPTON_TENSOR_DERIVED, 1,
                                biasDims);
    lepton_tensor_set_add_typed(set, "dense0_weight_int8_sums", sums, LEPTON_TENSOR_S32, LEPTON_TENSOR_DERIVED, 1,
                                biasDims);
  }
  if (lepton_checkpoint_load(set, path.c_str()) != LEPTON_OK) {
    float untouched[12];
    int8_t untouchedPacked[64];
    std::memset(untouched, 0x7f, sizeof untouched);
    std::memset(untouchedPacked, 0x7f, sizeof untouchedPacked);
    if (std::memcmp(weight, untouched, sizeof weight) != 0 ||
        std::memcmp(packed, untouchedPacked, sizeof packed) != 0)
      abort(); // a refused checkpoint must leave the model as it was
    if (lepton_tensor_set_derived_loaded(set) != 0 && in.bits(3, 1))
      abort(); // nor report int8 state as loaded
  }
  lepton_tensor_set_free(set);
  lepton_clear_error();
  return 0;
}
