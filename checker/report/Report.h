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
class FindingCollector : public FindingSink {
public:
  void report(Finding F) override { Findings.push_back(std::move(F)); }
  std::vector<Finding> take();

private:
  std::vector<Finding> Findings;
};

/// One tool error (a TU that failed, a missing file) for the report.
struct ToolError {
  std::string File;
  std::string Message;
};

void printText(llvm::raw_ostream &OS, const std::vector<Finding> &Fs, bool Color);
void printJson(llvm::raw_ostream &OS, const std::vector<Finding> &Fs,
               const std::vector<ToolError> &Errors);

} // namespace parcheck

#endif
