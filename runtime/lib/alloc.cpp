// alloc.cpp — 64-byte aligned allocation with checked failure (huge pages for big blocks).
#include "internal.h"

#include <cstdlib>
#include <cstring>
#include <sys/mman.h>

namespace {

constexpr uint64_t kHugePage = 2u << 20;
constexpr uint64_t kHugeFrom = 4u << 20; // blocks this large are 2 MiB aligned and ask for transparent huge pages

/// The block, or NULL (nothing reported) when it cannot be had; bytes >= 0.
void *allocateQuietly(int64_t bytes, bool zero) {
  // aligned_alloc wants a multiple of the alignment; 0 bytes still gets its own block.
  const uint64_t align = static_cast<uint64_t>(bytes) >= kHugeFrom ? kHugePage : LEPTON_ALIGNMENT;
  uint64_t rounded = (static_cast<uint64_t>(bytes) + align - 1) / align * align;
  if (rounded == 0)
    rounded = align;
  void *ptr = rounded > static_cast<uint64_t>(SIZE_MAX / 2) ? nullptr : std::aligned_alloc(align, rounded);
  if (!ptr)
    return nullptr;
  // Page faults dominate filling a fresh large block (e.g. a 188 MB dataset): 2 MiB pages make them 512x rarer.
  // The heap may hand back memory an earlier block touched, mapped in 4 KiB pages that madvise cannot merge:
  // drop them (the contents are undefined or about to be zeroed) so the first touch maps 2 MiB pages.
  if (align == kHugePage) {
    madvise(ptr, rounded, MADV_HUGEPAGE);
    madvise(ptr, rounded, MADV_DONTNEED);
  }
  if (zero)
    std::memset(ptr, 0, rounded);
  return ptr;
}

void *allocate(int64_t bytes, bool zero) {
  using lepton::rt::fail;
  if (bytes < 0) {
    fail(LEPTON_ERR_INVALID, "lepton_alloc: negative size %lld", static_cast<long long>(bytes));
    return nullptr;
  }
  void *ptr = allocateQuietly(bytes, zero);
  if (!ptr)
    fail(LEPTON_ERR_NOMEM, "out of memory: could not allocate %lld bytes", static_cast<long long>(bytes));
  return ptr;
}

} // namespace

namespace lepton::rt {

void *allocUninitialized(int64_t bytes) { return allocate(bytes, false); }

void *tryAllocUninitialized(int64_t bytes) { return bytes < 0 ? nullptr : allocateQuietly(bytes, false); }

} // namespace lepton::rt

extern "C" {

void *lepton_alloc(int64_t bytes) { return allocate(bytes, true); }

void lepton_free(void *ptr) { std::free(ptr); }

} // extern "C"

extern "C" {

void *lepton_model_memory(int64_t bytes, int64_t parameters, const char *model) {
  // Fresh anonymous pages are zero and page aligned; nothing is touched until training does.
  void *ptr = bytes > 0 ? mmap(nullptr, static_cast<size_t>(bytes), PROT_READ | PROT_WRITE,
                               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
                        : MAP_FAILED;
  if (ptr == MAP_FAILED) {
    lepton::rt::fail(LEPTON_ERR_NOMEM,
                     "out of memory: model '%s' needs %lld bytes (%lld parameters with their optimizer state)",
                     model ? model : "?", static_cast<long long>(bytes), static_cast<long long>(parameters));
    std::exit(LEPTON_ERR_NOMEM); // a handler that returns cannot continue without the model
  }
  madvise(ptr, static_cast<size_t>(bytes), MADV_HUGEPAGE);
  return ptr;
}

} // extern "C"
