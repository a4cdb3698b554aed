//===- Report.h - printing findings -----------------------------*- C++ -*-===//
#ifndef PARCHECK_REPORT_H
#define PARCHECK_REPORT_H

#include "report/Finding.h"
#include "llvm/Support/raw_ostream.h"
#include <vector>

namespace parcheck {

enum class OutputFormat { Text, Json, Sarif, Html };

/// Collects findings; sorts and deduplicates them so output is identical for
/// any -j and any TU order.
/// Findings that are the same (kind, fingerprint, message) are merged into
/// one that names every program it was found in; its other places are notes:
/// "other-program" where another program has it, "same-finding" (at most 3,
/// the last counting the rest) for other places in the same program.
class FindingCollector : public FindingSink {
public:
  void report(Finding F) override {
    if (!Program.empty())
      F.Programs = {Program};
    Findings.push_back(std::move(F));
  }
  /// The program the next findings come from ("" when the tree is one program).
  void setProgram(std::string Name) { Program = std::move(Name); }
  std::vector<Finding> take();

private:
  std::vector<Finding> Findings;
  std::string Program;
};

/// How findings are rendered.
struct RenderOptions {
  bool Color = false;
  bool Caret = true;                      ///< Source line and caret under each location.
  unsigned ChainLimit = DefaultChainLimit; ///< Call-chain frames shown (0: all).
};

/// One tool error (a TU that failed, a missing file) for the report.
struct ToolError {
  std::string File;
  std::string Message;
};

void printText(llvm::raw_ostream &OS, const std::vector<Finding> &Fs,
               const RenderOptions &R);
void printJson(llvm::raw_ostream &OS, const std::vector<Finding> &Fs,
               const std::vector<ToolError> &Errors, unsigned ChainLimit = DefaultChainLimit);

} // namespace parcheck

#endif
