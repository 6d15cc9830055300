// checkpoint_view.cpp — fuzz target: the object support code's checkpoint reader (runtime/embed/checkpoint_view.c:
// what <p>_load_memory runs on bytes from anywhere) on the inputs of the checkpoint target, against the runtime's
// own loader. Settings as there: bit 0 another signature, bit 1 a third tensor, bit 2 the checksum recomputed, bit 3
// the int8 state (s8, f32, s32 tensors). Checks: a refused file leaves the buffers untouched (the dry run before the
// copy); whatever the runtime's loader accepts the embedded reader accepts too, with the same values.
#include "fuzz/CheckpointInput.h"
#include "runtime/embed/lepton_embed.h"

#include <cstring>

namespace {
struct Tensor {
  const char *name;
  int32_t type, rank;
  int64_t dims[2];
  void *data;
  size_t bytes;
};
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace lepton::fuzz;
  quietErrors();
  Input in(data, size);
  std::string bytes = checkpointBytes(in);
  const char *signature = in.bits(0, 1) ? "other" : "m(x: f32[4]) -> f32[3]";
  float weight[12], bias[3], extra[2], scale[3];
  int8_t packed[64];
  int32_t sums[3];
  std::vector<Tensor> tensors = {{"dense0_weight", LEPTON_EMBED_F32, 2, {4, 3}, weight, sizeof weight},
                                 {"dense0_bias", LEPTON_EMBED_F32, 1, {3, 0}, bias, sizeof bias}};
  if (in.bits(1, 1))
    tensors.push_back({"extra", LEPTON_EMBED_F32, 1, {2, 0}, extra, sizeof extra});
  if (in.bits(3, 1)) {
    tensors.push_back({"dense0_weight_int8", LEPTON_EMBED_S8, 2, {1, 64}, packed, sizeof packed});
    tensors.push_back({"dense0_weight_int8_scale", LEPTON_EMBED_F32, 1, {3, 0}, scale, sizeof scale});
    tensors.push_back({"dense0_weight_int8_sums", LEPTON_EMBED_S32, 1, {3, 0}, sums, sizeof sums});
  }
  for (const Tensor &t : tensors)
    std::memset(t.data, 0x7f, t.bytes);
  const int64_t n = static_cast<int64_t>(bytes.size());
  int32_t rc = lepton_embed_check(bytes.data(), n, signature);
  for (int copy = 0; copy < 2; ++copy)
    for (const Tensor &t : tensors)
      rc = lepton_embed_take(rc, bytes.data(), n, t.name, t.type, t.rank, t.dims, copy ? t.data : nullptr, 1);
  if (rc != LEPTON_EMBED_OK) {
    for (const Tensor &t : tensors)
      for (size_t i = 0; i < t.bytes; ++i)
        if (static_cast<const unsigned char *>(t.data)[i] != 0x7f)
          abort(); // a refused checkpoint must leave the model as it was
  }
  if (!in.bits(3, 1)) {
    // The runtime's loader on the same bytes (f32 tensors only: it takes int8 state as derived, optional).
    float weight2[12], bias2[3], extra2[2];
    std::string path = writeFile("v.ckpt", bytes);
    lepton_tensor_set *set = lepton_tensor_set_create(signature);
    lepton_tensor_set_add(set, "dense0_weight", weight2, 2, tensors[0].dims);
    lepton_tensor_set_add(set, "dense0_bias", bias2, 1, tensors[1].dims);
    if (in.bits(1, 1))
      lepton_tensor_set_add(set, "extra", extra2, 1, tensors[2].dims);
    if (lepton_checkpoint_load(set, path.c_str()) == LEPTON_OK) {
      if (rc != LEPTON_EMBED_OK)
        abort(); // the embedded reader refused what the runtime accepts
      if (std::memcmp(weight, weight2, sizeof weight) != 0 || std::memcmp(bias, bias2, sizeof bias) != 0 ||
          (in.bits(1, 1) && std::memcmp(extra, extra2, sizeof extra) != 0))
        abort(); // … or read other values
    }
    lepton_tensor_set_free(set);
  }
  lepton_clear_error();
  return 0;
}
