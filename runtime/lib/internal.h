// internal.h — helpers shared by the runtime's .cpp files (never installed, never seen by callers).
#ifndef LEPTON_RUNTIME_INTERNAL_H
#define LEPTON_RUNTIME_INTERNAL_H

#include "lepton/runtime.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace lepton::rt {

/// printf into a std::string.
std::string format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/// Formats the message and reports it through lepton_error; returns `code` when the handler returns.
int32_t fail(int32_t code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/// Quotes up to `max` bytes of untrusted text for a message: printable ASCII as is, others as \xNN.
std::string quoted(const char *text, size_t size, size_t max = 40);

/// "28x28" for a shape, "[28, 28]" when `brackets`.
std::string shapeText(const int64_t *dims, int32_t rank, bool brackets);

/// As lepton_alloc without zeroing (for arrays the caller fills completely).
void *allocUninitialized(int64_t bytes);

/// As allocUninitialized, but reports nothing: NULL when the block cannot be had (the caller says what for).
/// Release with lepton_free.
void *tryAllocUninitialized(int64_t bytes);

/// out[i] = lepton_rng_below(seed, stream, first + i, n) for i in [0, count), one Philox block per two values.
void rngBelowRange(uint64_t seed, uint64_t stream, uint64_t first, int64_t count, uint64_t n, uint64_t *out);

/// Set by the progress bar while a bar line is on the terminal unfinished, so an error starts a new line.
void setTerminalLineOpen(bool open);

} // namespace lepton::rt

#endif // LEPTON_RUNTIME_INTERNAL_H
