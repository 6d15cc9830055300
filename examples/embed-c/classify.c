/* classify.c — a command-line Fashion-MNIST classifier: a C program embedding the compiled pipeline of
 * examples/fashion_mlp.lep with its trained weights frozen in (leptonc -c --weights), linked with libc and libm only.
 *
 * Usage: classify FILE [FIRST [COUNT]]
 *   FILE: an IDX file of 28x28 unsigned-byte images (uncompressed: t10k-images-idx3-ubyte) or one binary PGM (P5)
 *   image of 28x28 pixels with maxval 255.
 * Prints "index,class,p0,...,p9" per image (the softmax of the model's outputs), the format of the trainer's
 * `predict --output`. Exits 1 with a message on stderr for a file it cannot read or a call that fails. */
#include "fashion_mlp.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PIXELS = 28 * 28, CLASSES = 10 };

static int fail(const char *what, const char *why) {
  fprintf(stderr, "classify: %s: %s\n", what, why);
  return 1;
}

/* Reads the images of `path` into a new buffer; *count is set to the number of images. */
static unsigned char *readImages(const char *path, long *count) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  unsigned char header[16];
  size_t got = fread(header, 1, sizeof header, f);
  unsigned char *pixels = NULL;
  if (got == 16 && header[0] == 0 && header[1] == 0 && header[2] == 0x08 && header[3] == 3) {
    long n = (long)header[4] << 24 | (long)header[5] << 16 | (long)header[6] << 8 | header[7];
    long rows = (long)header[8] << 24 | header[9] << 16 | header[10] << 8 | header[11];
    long cols = (long)header[12] << 24 | header[13] << 16 | header[14] << 8 | header[15];
    if (rows == 28 && cols == 28 && n > 0 && (pixels = malloc((size_t)n * PIXELS)) &&
        fread(pixels, PIXELS, (size_t)n, f) == (size_t)n)
      *count = n;
    else
      free(pixels), pixels = NULL;
  } else if (got >= 2 && header[0] == 'P' && header[1] == '5') {
    int width = 0, height = 0, maxval = 0;
    rewind(f);
    if (fscanf(f, "P5 %d %d %d", &width, &height, &maxval) == 3 && width == 28 && height == 28 && maxval == 255 &&
        fgetc(f) != EOF && (pixels = malloc(PIXELS)) && fread(pixels, 1, PIXELS, f) == PIXELS)
      *count = 1;
    else
      free(pixels), pixels = NULL;
  }
  fclose(f);
  return pixels;
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 4)
    return fail("usage", "classify FILE [FIRST [COUNT]]");
  long count = 0;
  unsigned char *images = readImages(argv[1], &count);
  if (!images)
    return fail(argv[1], "not a readable IDX file of 28x28 byte images or a 28x28 binary PGM");
  long first = argc > 2 ? atol(argv[2]) : 0, n = argc > 3 ? atol(argv[3]) : count - first;
  if (first < 0 || n < 1 || first + n > count)
    return fail("range", "FIRST and COUNT must select images of the file");
  float *logits = malloc((size_t)n * CLASSES * sizeof(float));
  /* One call for all of them: the exported function takes the raw bytes and applies the pipeline's scale(1/255). */
  if (!logits || fashion_mlp_predict(images + first * PIXELS, n, logits) != FASHION_MLP_OK)
    return fail("fashion_mlp_predict", logits ? fashion_mlp_last_error() : "out of memory");
  printf("index,class,p0,p1,p2,p3,p4,p5,p6,p7,p8,p9\n");
  for (long i = 0; i < n; ++i) {
    const float *z = logits + i * CLASSES;
    int best = 0;
    double top = z[0], sum = 0, p[CLASSES];
    for (int k = 1; k < CLASSES; ++k)
      if (z[k] > z[best])
        best = k, top = z[k];
    for (int k = 0; k < CLASSES; ++k)
      sum += p[k] = exp(z[k] - top);
    printf("%ld,%d", first + i, best);
    for (int k = 0; k < CLASSES; ++k)
      printf(",%g", p[k] / sum);
    printf("\n");
  }
  free(logits);
  free(images);
  return 0;
}
