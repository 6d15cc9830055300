// Location.h — a place in a source file: file, 1-based line and column (code points), extent.
#ifndef LEPTON_FRONTEND_LOCATION_H
#define LEPTON_FRONTEND_LOCATION_H

#include "llvm/ADT/StringRef.h"

namespace lepton {

/// Where a token or AST node starts, and how many characters it spans on that line.
/// Lines and columns are 1-based; columns count Unicode code points, as ANTLR does.
/// `file` points into a process-wide pool (see internFileName), so a Location stays valid
/// after the front end and its DiagnosticEngine are gone (MLIRGen turns it into a
/// FileLineColLoc).
struct Location {
  llvm::StringRef file;
  unsigned line = 0;
  unsigned col = 0;
  unsigned length = 1;

  bool isValid() const { return line != 0; }

  /// The position just after this location's extent, for "expected X after Y".
  Location end() const { return Location{file, line, col + length, 1}; }
};

/// Returns a copy of `name` that lives until the process exits (one copy per distinct name).
llvm::StringRef internFileName(llvm::StringRef name);

} // namespace lepton

#endif // LEPTON_FRONTEND_LOCATION_H
