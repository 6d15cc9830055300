/* fold_host.c — the raw-byte export of the fashion_small object on the first 20 test images, every output printed
 * as an exact hex float, so that two objects compare byte for byte: built with -DLOADS it loads argv[1] first;
 * without, the object has its weights frozen in (--weights).
 * Usage: fold_host [CHECKPOINT] IMAGES.idx */
#include "small.h"

#include <stdint.h>
#include <stdio.h>

int main(int argc, char **argv) {
  static uint8_t images[16 + 20 * 784];
  FILE *f = argc >= 2 ? fopen(argv[argc - 1], "rb") : NULL;
  if (!f || fread(images, 1, sizeof images, f) != sizeof images)
    return 2;
  fclose(f);
#ifdef LOADS
  if (fashion_small_load(argv[1]) != FASHION_SMALL_OK) {
    printf("load: %s\n", fashion_small_last_error());
    return 1;
  }
#endif
  float y[20 * 10];
  int32_t rc = fashion_small_predict(images + 16, 20, y);
  printf("rc %d\n", rc);
  for (int i = 0; i < 20; ++i) {
    for (int k = 0; k < 10; ++k)
      printf(" %a", y[i * 10 + k]);
    printf("\n");
  }
  return 0;
}
