/* input_fold.c — a first layer's weights with the input's per-channel affine preprocessing folded in. */
#include "lepton_embed.h"

/* One function for generated code (after training or a load) and for leptonc (--weights): both get the same
 * bytes because both run this code, built without FP contraction (a multiply and an add stay two roundings). */
void lepton_embed_fold_input(const float *weight, const float *bias, int64_t rows, int64_t cols, const float *scale,
                             const float *shift, int64_t channels, float *folded_weight, float *folded_bias) {
  /* The layer computes x·W + b on x = raw·a + c (a, c per channel, the channel of row r is r mod channels):
   * raw·(a∘W) + (b + c·W). The bias sums in row order, starting from b. */
  if (folded_bias)
    for (int64_t o = 0; o < cols; ++o)
      folded_bias[o] = bias ? bias[o] : 0.0f;
  for (int64_t r = 0; r < rows; ++r) {
    float a = scale[r % channels], c = shift[r % channels];
    const float *w = weight + r * cols;
    float *out = folded_weight + r * cols;
    for (int64_t o = 0; o < cols; ++o)
      out[o] = w[o] * a;
    if (folded_bias)
      for (int64_t o = 0; o < cols; ++o) {
        float term = w[o] * c;
        folded_bias[o] = folded_bias[o] + term;
      }
  }
}
