/* peak_fma.c — measures this core's fp32 FMA peak: independent FMA chains that fit in registers. */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

#if defined(__AVX512F__)
typedef __m512 vec;
#define LANES 16
#define FMA(a, b, c) _mm512_fmadd_ps(a, b, c)
#define SET1(x) _mm512_set1_ps(x)
#define SUM(v) _mm512_reduce_add_ps(v)
#else
typedef __m256 vec;
#define LANES 8
#define FMA(a, b, c) _mm256_fmadd_ps(a, b, c)
#define SET1(x) _mm256_set1_ps(x)
static float SUM(__m256 v) { float t[8]; _mm256_storeu_ps(t, v); float s = 0; for (int i = 0; i < 8; ++i) s += t[i]; return s; }
#endif

#define CHAINS 12 /* enough independent accumulators to cover FMA latency × throughput */

int main(void) {
  vec acc[CHAINS];
  for (int i = 0; i < CHAINS; ++i) acc[i] = SET1((float)i);
  const vec a = SET1(0.999999f), b = SET1(1e-7f);
  const long iterations = 200000000L / CHAINS * 4;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long it = 0; it < iterations; ++it)
    for (int i = 0; i < CHAINS; ++i) acc[i] = FMA(acc[i], a, b);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double seconds = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
  float sink = 0;
  for (int i = 0; i < CHAINS; ++i) sink += SUM(acc[i]);
  double flops = 2.0 * LANES * CHAINS * (double)iterations;
  printf("peak_fp32_gflops %.1f (%d lanes, sink %g)\n", flops / seconds / 1e9, LANES, sink);
  return 0;
}
