/* classify_small.c — loads a checkpoint into the fashion_small object (any architecture leptonc targets) and prints
 * the class and the 10 outputs of the first 20 test images (raw bytes from an uncompressed IDX file), one line each.
 * Usage: classify_small CHECKPOINT IMAGES.idx */
#include "small.h"

#include <stdint.h>
#include <stdio.h>

int main(int argc, char **argv) {
  static uint8_t images[16 + 20 * 784];
  FILE *f = argc == 3 ? fopen(argv[2], "rb") : NULL;
  if (!f || fread(images, 1, sizeof images, f) != sizeof images)
    return 2;
  fclose(f);
  if (fashion_small_load(argv[1]) != FASHION_SMALL_OK) {
    printf("load: %s\n", fashion_small_last_error());
    return 1;
  }
  float y[20 * 10];
  int32_t rc = fashion_small_predict(images + 16, 20, y);
  for (int i = 0; i < 20; ++i) {
    int best = 0;
    for (int k = 1; k < 10; ++k)
      if (y[i * 10 + k] > y[i * 10 + best])
        best = k;
    printf("%d %d", rc, best);
    for (int k = 0; k < 10; ++k)
      printf(" %.5f", y[i * 10 + k]);
    printf("\n");
  }
  return 0;
}
