/* gemm_timer.c — times the functions of gemm.mlir (C += A·B) and prints `gemm MxNxK leptonc X GFLOP/s`,
 * the best of several runs. A memref<?x?xf32> argument is passed as MLIR's expanded descriptor:
 * allocated and aligned pointer, offset, two sizes, two strides. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MEMREF float *, float *, int64_t, int64_t, int64_t, int64_t, int64_t
#define ARG(p, rows, cols) p, p, 0, (int64_t)(rows), (int64_t)(cols), (int64_t)(cols), 1
typedef void (*gemm_fn)(MEMREF, MEMREF, MEMREF);
void gemm_1024(MEMREF, MEMREF, MEMREF);
void gemm_2048(MEMREF, MEMREF, MEMREF);
void mlp_forward(MEMREF, MEMREF, MEMREF);
void mlp_weight_grad(MEMREF, MEMREF, MEMREF);
void mlp_input_grad(MEMREF, MEMREF, MEMREF);
void cnn_conv2(MEMREF, MEMREF, MEMREF);
void cnn_conv2_weight_grad(MEMREF, MEMREF, MEMREF);
void cnn_conv2_cols_grad(MEMREF, MEMREF, MEMREF);

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static float *matrix(long n) {
  float *p = aligned_alloc(64, ((n * sizeof(float) + 63) / 64) * 64);
  for (long i = 0; i < n; ++i) p[i] = (float)((i * 7 + 3) % 13) / 13.0f - 0.5f;
  return p;
}

/* m, n, k: the product's sizes; a_rows × a_cols and b_rows × b_cols: how the operands are stored. */
static void run(const char *label, gemm_fn f, long m, long n, long k, long a_rows, long a_cols, long b_rows,
                long b_cols) {
  float *a = matrix(a_rows * a_cols), *b = matrix(b_rows * b_cols), *c = matrix(m * n);
  double flops = 2.0 * m * n * k, best = 1e30;
  long calls = (long)(2e8 / flops) + 1; /* about 0.2 GFLOP per timed run */
  f(ARG(a, a_rows, a_cols), ARG(b, b_rows, b_cols), ARG(c, m, n));
  for (int run = 0; run < 7; ++run) {
    memset(c, 0, m * n * sizeof(float));
    double t0 = now();
    for (long i = 0; i < calls; ++i) f(ARG(a, a_rows, a_cols), ARG(b, b_rows, b_cols), ARG(c, m, n));
    double t = (now() - t0) / calls;
    if (t < best) best = t;
  }
  // The key as bench/gemm_peers.cpp prints it (":At"/":Bt" for a transposed operand), so speed.sh can line
  // the figures up.
  const char *layout = strstr(label, "weight_grad") ? ":At"
                       : strstr(label, "input_grad") || strstr(label, "cols_grad") ? ":Bt" : "";
  printf("gemm %ldx%ldx%ld%s leptonc %.1f GFLOP/s  (%s)\n", m, n, k, layout, flops / best * 1e-9, label);
  free(a), free(b), free(c);
}

int main(int argc, char **argv) {
  const char *only = argc > 1 ? argv[1] : "";
#define RUN(name, ...) if (!*only || strstr(#name, only)) run(#name, name, __VA_ARGS__)
  RUN(gemm_1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024);
  RUN(gemm_2048, 2048, 2048, 2048, 2048, 2048, 2048, 2048);
  RUN(mlp_forward, 64, 128, 784, 64, 784, 784, 128);
  RUN(mlp_weight_grad, 784, 128, 64, 64, 784, 64, 128);
  RUN(mlp_input_grad, 64, 784, 128, 64, 128, 784, 128);
  RUN(cnn_conv2, 7744, 64, 288, 7744, 288, 288, 64);
  RUN(cnn_conv2_weight_grad, 288, 64, 7744, 7744, 288, 7744, 64);
  RUN(cnn_conv2_cols_grad, 7744, 288, 64, 7744, 64, 288, 64);
  return 0;
}
