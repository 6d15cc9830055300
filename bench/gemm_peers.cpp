// gemm_peers.cpp — fp32 GEMM GFLOP/s of the peers in bench/speed.sh: oneDNN (dnnl_sgemm), Eigen 3.4 and a BLAS's
// Fortran sgemm_ loaded at run time (OpenBLAS there), on the shapes of the benchmark, one thread each.
//
// Row-major C (M×N) = op(A) (M×K) · op(B) (K×N), beta 0. Shapes: 1024³, 2048³, the MLP's first layer 64×128×784 and
// its backward shapes 784×128×64 with A transposed (weight gradient xᵀ·dy) and 64×784×128 with B transposed (input
// gradient dy·Wᵀ), and the CNN's second convolution as im2col at batch 64 (7744×64×288) with its weight gradient
// (288×64×7744, A transposed) and column gradient (7744×288×64, B transposed). Each figure is the best of GEMM_REPS (default 5) timed samples of at least 50 ms each.
// Prints one line per shape and library, the key naming the shape (":At"/":Bt" for a transposed operand):
//   gemm 784x128x64:At onednn 97.3 GFLOP/s
// and "# check" lines with the largest difference of each result from Eigen's.
// Build: clang++-22 -O3 -march=native -DNDEBUG -DEIGEN_DONT_PARALLELIZE gemm_peers.cpp -ldnnl -ldl
// Run:   OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 taskset -c 0 ./gemm_peers [--blas /path/libblas.so.3]
#include <Eigen/Core>
#include <oneapi/dnnl/dnnl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace {

/// One GEMM problem in the benchmark's terms: row-major, op(A) is M×K, op(B) is K×N.
struct Shape {
  long m, n, k;
  bool transA, transB;
  std::string key() const {
    return std::to_string(m) + "x" + std::to_string(n) + "x" + std::to_string(k) + (transA ? ":At" : "") +
           (transB ? ":Bt" : "");
  }
};

/// A library's GEMM on row-major buffers: C = op(A)·op(B).
using Gemm = std::function<void(const Shape &, const float *a, const float *b, float *c)>;

using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

void eigenGemm(const Shape &s, const float *a, const float *b, float *c) {
  Eigen::Map<const RowMajor> A(a, s.transA ? s.k : s.m, s.transA ? s.m : s.k);
  Eigen::Map<const RowMajor> B(b, s.transB ? s.n : s.k, s.transB ? s.k : s.n);
  Eigen::Map<RowMajor> C(c, s.m, s.n);
  if (s.transA && s.transB) C.noalias() = A.transpose() * B.transpose();
  else if (s.transA) C.noalias() = A.transpose() * B;
  else if (s.transB) C.noalias() = A * B.transpose();
  else C.noalias() = A * B;
}

void onednnGemm(const Shape &s, const float *a, const float *b, float *c) {
  long lda = s.transA ? s.m : s.k, ldb = s.transB ? s.k : s.n;
  if (dnnl_sgemm(s.transA ? 'T' : 'N', s.transB ? 'T' : 'N', s.m, s.n, s.k, 1.0f, a, lda, b, ldb, 0.0f, c, s.n) !=
      dnnl_success) {
    std::fprintf(stderr, "gemm_peers: dnnl_sgemm failed on %s\n", s.key().c_str());
    std::exit(1);
  }
}

/// Fortran BLAS sgemm_ (column-major): the row-major product C = op(A)·op(B) is the column-major Cᵀ = op(B)ᵀ·op(A)ᵀ.
using Sgemm = void (*)(const char *, const char *, const int *, const int *, const int *, const float *, const float *,
                       const int *, const float *, const int *, const float *, float *, const int *);

Gemm blasGemm(Sgemm sgemm) {
  return [sgemm](const Shape &s, const float *a, const float *b, float *c) {
    int m = s.m, n = s.n, k = s.k, lda = s.transA ? s.m : s.k, ldb = s.transB ? s.k : s.n, ldc = s.n;
    float one = 1, zero = 0;
    char ta = s.transA ? 'T' : 'N', tb = s.transB ? 'T' : 'N';
    sgemm(&tb, &ta, &n, &m, &k, &one, b, &ldb, a, &lda, &zero, c, &ldc);
  };
}

double seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/// Best GFLOP/s over `reps` samples, each of enough calls to last at least 50 ms.
double measure(const Gemm &gemm, const Shape &s, const float *a, const float *b, float *c, int reps) {
  gemm(s, a, b, c); // warm-up: packing buffers, JIT, caches
  long calls = 1;
  for (;;) {
    double t0 = seconds();
    for (long i = 0; i < calls; ++i) gemm(s, a, b, c);
    if (seconds() - t0 >= 0.05) break;
    calls *= 2;
  }
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    double t0 = seconds();
    for (long i = 0; i < calls; ++i) gemm(s, a, b, c);
    best = std::min(best, (seconds() - t0) / calls);
  }
  return 2.0 * s.m * s.n * s.k / best / 1e9;
}

} // namespace

int main(int argc, char **argv) {
  const char *blasPath = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--blas") && i + 1 < argc) blasPath = argv[++i];
    else {
      std::fprintf(stderr, "usage: gemm_peers [--blas LIBBLAS.so]\n");
      return 2;
    }
  }
  int reps = std::getenv("GEMM_REPS") ? std::atoi(std::getenv("GEMM_REPS")) : 5;

  std::vector<std::pair<std::string, Gemm>> libraries = {{"onednn", onednnGemm}, {"eigen", eigenGemm}};
  const dnnl_version_t *v = dnnl_version();
  std::printf("# oneDNN %d.%d.%d (cpu runtime %s), Eigen %d.%d.%d", v->major, v->minor, v->patch,
              v->cpu_runtime == DNNL_RUNTIME_OMP ? "OpenMP" : "other", EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION,
              EIGEN_MINOR_VERSION);
  if (blasPath) {
    void *handle = dlopen(blasPath, RTLD_NOW | RTLD_LOCAL);
    auto sgemm = handle ? reinterpret_cast<Sgemm>(dlsym(handle, "sgemm_")) : nullptr;
    if (!sgemm) {
      std::fprintf(stderr, "gemm_peers: no sgemm_ in %s: %s\n", blasPath, dlerror());
      return 1;
    }
    libraries.push_back({"openblas", blasGemm(sgemm)});
    auto config = reinterpret_cast<const char *(*)()>(dlsym(handle, "openblas_get_config"));
    auto core = reinterpret_cast<const char *(*)()>(dlsym(handle, "openblas_get_corename"));
    std::printf(", BLAS %s (%s, kernels for %s)", blasPath, config ? config() : "not OpenBLAS", core ? core() : "?");
  }
  std::printf("\n");

  const Shape shapes[] = {{1024, 1024, 1024, false, false},
                          {2048, 2048, 2048, false, false},
                          {64, 128, 784, false, false},
                          {784, 128, 64, true, false},
                          {64, 784, 128, false, true},
                          {7744, 64, 288, false, false},
                          {288, 64, 7744, true, false},
                          {7744, 288, 64, false, true}};
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> uniform(-1, 1);
  for (const Shape &s : shapes) {
    std::vector<float> a(s.m * s.k), b(s.k * s.n), reference(s.m * s.n), c(s.m * s.n);
    for (float &x : a) x = uniform(rng);
    for (float &x : b) x = uniform(rng);
    eigenGemm(s, a.data(), b.data(), reference.data());
    for (auto &[name, gemm] : libraries) {
      std::fill(c.begin(), c.end(), NAN);
      double gflops = measure(gemm, s, a.data(), b.data(), c.data(), reps);
      float worst = 0;
      for (size_t i = 0; i < c.size(); ++i) {
        float d = std::fabs(c[i] - reference[i]);
        if (!(d <= worst)) worst = d; // NaN (an unwritten element) wins
      }
      std::printf("gemm %s %s %.1f GFLOP/s\n", s.key().c_str(), name.c_str(), gflops);
      std::printf("# check %s %s max|C - C_eigen| %.2g\n", s.key().c_str(), name.c_str(), worst);
      std::fflush(stdout);
    }
  }
  return 0;
}
