// Diagnostics.cpp — formats and prints diagnostics: header, message, id, source line, caret.
#include "frontend/Diagnostics.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <tuple>
#include <mutex>

using namespace lepton;

//===----------------------------------------------------------------------------------===//
// Registry and file-name pool
//===----------------------------------------------------------------------------------===//

namespace {
struct RegistryEntry {
  const char *id;
  const char *format;
};
const RegistryEntry registry[] = {
#define DIAG(Enum, Id, Format) {Id, Format},
#include "frontend/Diagnostics.def"
};
} // namespace

llvm::StringRef diag::idName(ID id) { return registry[id].id; }
llvm::StringRef diag::format(ID id) { return registry[id].format; }

llvm::StringRef lepton::internFileName(llvm::StringRef name) {
  static std::mutex mutex;
  static llvm::StringSet<> pool;
  std::lock_guard<std::mutex> lock(mutex);
  return pool.insert(name).first->getKey();
}

/// Replaces %0, %1, … in `format` by `args`.
static std::string expand(llvm::StringRef format, llvm::ArrayRef<std::string> args) {
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    char c = format[i];
    if (c == '%' && i + 1 < format.size() && format[i + 1] >= '0' && format[i + 1] <= '9') {
      unsigned index = format[++i] - '0';
      if (index < args.size())
        out += args[index];
      continue;
    }
    out += c;
  }
  return out;
}

//===----------------------------------------------------------------------------------===//
// InFlightDiagnostic
//===----------------------------------------------------------------------------------===//

InFlightDiagnostic::~InFlightDiagnostic() {
  if (engine)
    engine->emit(diagnostic);
}

InFlightDiagnostic &InFlightDiagnostic::operator<<(const llvm::Twine &arg) {
  diagnostic.args.push_back(arg.str());
  return *this;
}

InFlightDiagnostic &InFlightDiagnostic::operator<<(int64_t arg) {
  diagnostic.args.push_back(std::to_string(arg));
  return *this;
}

InFlightDiagnostic &InFlightDiagnostic::didYouMean(llvm::StringRef candidate) {
  diagnostic.suggestion = candidate.str();
  return *this;
}

InFlightDiagnostic &InFlightDiagnostic::note(Location loc, const llvm::Twine &message) {
  diagnostic.notes.push_back({loc, message.str()});
  return *this;
}

InFlightDiagnostic &InFlightDiagnostic::note(const llvm::Twine &message) {
  return note(Location(), message);
}

//===----------------------------------------------------------------------------------===//
// DiagnosticEngine
//===----------------------------------------------------------------------------------===//

/// A source text split into lines, for printing the line under a diagnostic.
struct DiagnosticEngine::SourceFile {
  std::string text;
  std::vector<size_t> lineStarts;

  explicit SourceFile(llvm::StringRef contents) : text(contents.str()) {
    lineStarts.push_back(0);
    for (size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n')
        lineStarts.push_back(i + 1);
  }

  /// Line `line` (1-based) without its line terminator; empty past the end.
  llvm::StringRef getLine(unsigned line) const {
    if (line == 0 || line > lineStarts.size())
      return {};
    size_t begin = lineStarts[line - 1];
    size_t end = line < lineStarts.size() ? lineStarts[line] : text.size();
    llvm::StringRef result(text.data() + begin, end - begin);
    return result.rtrim("\r\n");
  }
};

namespace {
const char *const kBold = "\033[1m";
const char *const kRed = "\033[1;31m";
const char *const kCyan = "\033[1;36m";
const char *const kGreen = "\033[1;32m";
const char *const kReset = "\033[0m";
/// Long lines are shown as a window of this many characters around the caret.
constexpr size_t kMaxShownColumns = 160;
} // namespace

DiagnosticEngine::DiagnosticEngine(llvm::raw_ostream &os, bool useColors)
    : os(os), useColors(useColors) {}

DiagnosticEngine::~DiagnosticEngine() = default;

void DiagnosticEngine::color(const char *code) {
  if (useColors)
    os << code;
}

void DiagnosticEngine::addSource(llvm::StringRef file, llvm::StringRef text) {
  sources[file] = std::make_unique<SourceFile>(text);
}

InFlightDiagnostic DiagnosticEngine::report(Location loc, diag::ID id) {
  Diagnostic diagnostic;
  diagnostic.id = id;
  diagnostic.loc = loc;
  return InFlightDiagnostic(*this, std::move(diagnostic));
}

void DiagnosticEngine::error(llvm::StringRef message) {
  ++numErrors;
  ++numPrinted;
  printHeader(Location(), "error", /*isError=*/true);
  color(kBold);
  os << message;
  color(kReset);
  os << '\n';
  os.flush();
}

void DiagnosticEngine::printHeader(Location loc, llvm::StringRef severity, bool isError) {
  color(kBold);
  if (loc.isValid())
    os << loc.file << ':' << loc.line << ':' << loc.col << ": ";
  color(kReset);
  color(isError ? kRed : kCyan);
  os << severity << ": ";
  color(kReset);
}

void DiagnosticEngine::emit(const Diagnostic &d) {
  ++numErrors;
  if (deferring)
    deferred.push_back(d);
  else
    printLimited(d);
}

void DiagnosticEngine::flushDeferred() {
  deferring = false;
  std::stable_sort(deferred.begin(), deferred.end(), [](const Diagnostic &a, const Diagnostic &b) {
    return std::make_tuple(a.loc.file, a.loc.line, a.loc.col) <
           std::make_tuple(b.loc.file, b.loc.line, b.loc.col);
  });
  for (const Diagnostic &d : deferred)
    printLimited(d);
  deferred.clear();
}

void DiagnosticEngine::printLimited(const Diagnostic &d) {
  if (errorLimit != 0 && numPrinted >= errorLimit) {
    if (!limitReported) {
      limitReported = true;
      Diagnostic last;
      last.id = diag::TooManyErrors;
      last.args.push_back(std::to_string(errorLimit));
      print(last);
    }
    return;
  }
  ++numPrinted;
  print(d);
}

void DiagnosticEngine::print(const Diagnostic &d) {
  printHeader(d.loc, "error", /*isError=*/true);
  color(kBold);
  os << expand(diag::format(d.id), d.args);
  if (!d.suggestion.empty())
    os << "; did you mean '" << d.suggestion << "'?";
  os << " [" << diag::idName(d.id) << "]";
  color(kReset);
  os << '\n';
  printSourceLine(d.loc);

  for (const DiagnosticNote &note : d.notes) {
    printHeader(note.loc, "note", /*isError=*/false);
    os << note.message << '\n';
    printSourceLine(note.loc);
  }
  os.flush();
}

void DiagnosticEngine::printSourceLine(Location loc) {
  if (!loc.isValid())
    return;
  auto it = sources.find(loc.file);
  if (it == sources.end() || loc.line > it->second->lineStarts.size())
    return;
  llvm::StringRef line = it->second->getLine(loc.line);

  // Byte offset of each code point of the line, plus one past the end.
  std::vector<size_t> starts;
  for (size_t i = 0; i < line.size(); ++i)
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80)
      starts.push_back(i);
  size_t numChars = starts.size();
  starts.push_back(line.size());

  size_t caret = std::min<size_t>(loc.col - 1, numChars);
  size_t first = 0, last = numChars;
  if (numChars > kMaxShownColumns) {
    first = caret > kMaxShownColumns / 2 ? caret - kMaxShownColumns / 2 : 0;
    last = std::min(numChars, first + kMaxShownColumns);
  }
  llvm::StringRef prefix = first > 0 ? "..." : "";

  // The line itself; control characters (NUL included) print as spaces.
  os << prefix;
  for (size_t i = starts[first]; i < starts[last]; ++i) {
    unsigned char c = line[i];
    os << ((c < 0x20 && c != '\t') || c == 0x7F ? ' ' : static_cast<char>(c));
  }
  if (last < numChars)
    os << "...";
  os << '\n';

  // The caret, aligned by copying tabs, and '~' under the rest of the token.
  os << std::string(prefix.size(), ' ');
  for (size_t i = first; i < caret; ++i)
    os << (line[starts[i]] == '\t' ? '\t' : ' ');
  color(kGreen);
  os << '^';
  size_t extent = std::max<unsigned>(loc.length, 1);
  for (size_t i = caret + 1; i < caret + extent && i < last; ++i)
    os << '~';
  color(kReset);
  os << '\n';
}

//===----------------------------------------------------------------------------------===//
// Did you mean
//===----------------------------------------------------------------------------------===//

/// Edit distance with adjacent transpositions counting as one edit ("desne" is one edit
/// from "dense"), ignoring case; stops early past `limit`.
static unsigned typoDistance(llvm::StringRef a, llvm::StringRef b, unsigned limit) {
  if (a.size() > b.size() + limit || b.size() > a.size() + limit)
    return limit + 1;
  std::string x = a.lower(), y = b.lower();
  size_t n = x.size(), m = y.size();
  std::vector<std::vector<unsigned>> d(n + 1, std::vector<unsigned>(m + 1));
  for (size_t i = 0; i <= n; ++i)
    d[i][0] = i;
  for (size_t j = 0; j <= m; ++j)
    d[0][j] = j;
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      unsigned cost = x[i - 1] == y[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

std::string lepton::closestMatch(llvm::StringRef word, llvm::ArrayRef<llvm::StringRef> candidates) {
  if (word.size() > 64)
    return "";
  unsigned limit = std::max<unsigned>(1, (word.size() + 2) / 3);
  unsigned best = limit + 1;
  llvm::StringRef bestWord;
  for (llvm::StringRef candidate : candidates) {
    if (candidate.empty() || candidate == word || candidate.size() > 64)
      continue;
    unsigned distance = typoDistance(word, candidate, limit);
    if (distance < best) {
      best = distance;
      bestWord = candidate;
    }
  }
  return best <= limit ? bestWord.str() : std::string();
}
