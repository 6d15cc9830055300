// Diagnostics.h — the one diagnostic engine: file:line:col, caret, notes, IDs, colours on a terminal.
#ifndef LEPTON_FRONTEND_DIAGNOSTICS_H
#define LEPTON_FRONTEND_DIAGNOSTICS_H

#include "frontend/Location.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lepton {

namespace diag {
/// Every diagnostic the front end can emit; see Diagnostics.def for ids and messages.
enum ID : unsigned {
#define DIAG(Enum, Id, Format) Enum,
#include "frontend/Diagnostics.def"
  NumIDs
};

/// The id printed in brackets after the message, e.g. "unknown-layer".
llvm::StringRef idName(ID id);
/// The message format with %0, %1, … placeholders.
llvm::StringRef format(ID id);
} // namespace diag

/// A note attached to a diagnostic, optionally at a place in the source.
struct DiagnosticNote {
  Location loc;
  std::string message;
};

/// A diagnostic ready to print.
struct Diagnostic {
  diag::ID id;
  Location loc;
  std::vector<std::string> args;
  std::string suggestion; ///< printed as "; did you mean 'X'?"
  std::vector<DiagnosticNote> notes;
};

class DiagnosticEngine;

/// A diagnostic being built; it is printed when it goes out of scope. Arguments replace
/// %0, %1, … in the registry's format in the order they are streamed.
class InFlightDiagnostic {
public:
  /// A diagnostic that is dropped instead of printed (and not counted).
  InFlightDiagnostic() : engine(nullptr) {}
  InFlightDiagnostic(DiagnosticEngine &engine, Diagnostic diagnostic)
      : engine(&engine), diagnostic(std::move(diagnostic)) {}
  InFlightDiagnostic(InFlightDiagnostic &&other)
      : engine(other.engine), diagnostic(std::move(other.diagnostic)) {
    other.engine = nullptr;
  }
  InFlightDiagnostic(const InFlightDiagnostic &) = delete;
  InFlightDiagnostic &operator=(const InFlightDiagnostic &) = delete;
  ~InFlightDiagnostic();

  InFlightDiagnostic &operator<<(const llvm::Twine &arg);
  InFlightDiagnostic &operator<<(int64_t arg);
  /// Appends "; did you mean 'candidate'?" (nothing when `candidate` is empty).
  InFlightDiagnostic &didYouMean(llvm::StringRef candidate);
  /// A note at a related place ("previous definition is here").
  InFlightDiagnostic &note(Location loc, const llvm::Twine &message);
  /// A note without a place (a hint).
  InFlightDiagnostic &note(const llvm::Twine &message);

private:
  DiagnosticEngine *engine;
  Diagnostic diagnostic;
};

/// Reports errors for one compilation. Messages without a source location print as
/// `error: message`; located ones as `file:line:col: error: message [id]` plus the source
/// line and a caret.
class DiagnosticEngine {
public:
  /// `useColors` is decided by the driver (colours only when `os` is a terminal).
  DiagnosticEngine(llvm::raw_ostream &os, bool useColors);
  ~DiagnosticEngine();

  /// An error that belongs to no place in a source file (bad flag, unreadable file, …).
  void error(llvm::StringRef message);

  /// Starts an error from the registry at `loc`; stream its arguments, then let it go.
  InFlightDiagnostic report(Location loc, diag::ID id);
  /// Starts an error from the registry that has no place in a source file.
  InFlightDiagnostic report(diag::ID id) { return report(Location(), id); }

  /// Makes `text` available for printing source lines under diagnostics in `file`.
  void addSource(llvm::StringRef file, llvm::StringRef text);

  /// After this many errors, one last "too many errors" is printed and the rest are only
  /// counted (0 means no limit). The default is 100.
  void setErrorLimit(unsigned limit) { errorLimit = limit; }

  /// While deferred, diagnostics are counted but held back; flushDeferred() prints them
  /// sorted by file, line and column (semantic analysis checks in dependency order but
  /// reports in source order).
  void deferDiagnostics() { deferring = true; }
  void flushDeferred();

  /// True once the error limit is reached: further errors are only counted, so callers may
  /// skip work that only improves messages (like searching for "did you mean").
  bool isMuted() const { return errorLimit != 0 && numErrors >= errorLimit; }

  unsigned errorCount() const { return numErrors; }
  bool hasErrors() const { return numErrors != 0; }

  /// Prints a finished diagnostic (InFlightDiagnostic calls this).
  void emit(const Diagnostic &diagnostic);

private:
  struct SourceFile;
  /// Prints `diagnostic` unless the error limit was reached.
  void printLimited(const Diagnostic &diagnostic);
  void print(const Diagnostic &diagnostic);
  void printHeader(Location loc, llvm::StringRef severity, bool isError);
  void printSourceLine(Location loc);
  void color(const char *code);

  llvm::raw_ostream &os;
  bool useColors;
  unsigned numErrors = 0;
  unsigned numPrinted = 0;
  unsigned errorLimit = 100;
  bool limitReported = false;
  bool deferring = false;
  std::vector<Diagnostic> deferred;
  llvm::StringMap<std::unique_ptr<SourceFile>> sources;
};

/// The closest of `candidates` to `word` by edit distance, or "" when none is close enough
/// to be a plausible typo. Used for "did you mean …?".
std::string closestMatch(llvm::StringRef word, llvm::ArrayRef<llvm::StringRef> candidates);

} // namespace lepton

#endif // LEPTON_FRONTEND_DIAGNOSTICS_H
