/* shared_host.c — loads a pipeline's shared library (leptonc -shared) with dlopen, loads a checkpoint through it and
 * classifies the first COUNT images of an uncompressed IDX file, printing "index,class" lines.
 * Usage: shared_host LIBRARY.so CHECKPOINT IMAGES.idx COUNT */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef int32_t (*load_fn)(const char *);
typedef int32_t (*predict_fn)(const uint8_t *, int64_t, float *);
typedef const char *(*error_fn)(void);

int main(int argc, char **argv) {
  if (argc != 5)
    return 2;
  void *library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    printf("dlopen: %s\n", dlerror());
    return 1;
  }
  load_fn load = (load_fn)dlsym(library, "fashion_mlp_load");
  predict_fn predict = (predict_fn)dlsym(library, "fashion_mlp_predict");
  error_fn lastError = (error_fn)dlsym(library, "fashion_mlp_last_error");
  if (!load || !predict || !lastError) {
    printf("missing symbol\n");
    return 1;
  }
  long count = atol(argv[4]);
  static uint8_t images[16 + 10000 * 784];
  FILE *f = fopen(argv[3], "rb");
  if (!f || fread(images, 1, 16 + (size_t)count * 784, f) != 16 + (size_t)count * 784)
    return 1;
  fclose(f);
  printf("predict before load: rc %d\n", predict(images + 16, count, (float[10 * 10000]){0}));
  printf("load: rc %d (%s)\n", load(argv[2]), lastError());
  static float logits[10 * 10000];
  printf("predict: rc %d\n", predict(images + 16, count, logits));
  printf("index,class\n");
  for (long i = 0; i < count; ++i) {
    int best = 0;
    for (int k = 1; k < 10; ++k)
      if (logits[i * 10 + k] > logits[i * 10 + best])
        best = k;
    printf("%ld,%d\n", i, best);
  }
  dlclose(library);
  return 0;
}
