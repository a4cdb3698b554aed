//===- ReportSarif.h - SARIF 2.1.0 output -----------------------*- C++ -*-===//
#ifndef PARCHECK_REPORTSARIF_H
#define PARCHECK_REPORTSARIF_H

#include "report/Finding.h"
#include "report/Report.h"
#include "llvm/Support/raw_ostream.h"
#include <vector>

namespace parcheck {

/// One SARIF 2.1.0 log with one run: rule metadata for every check, a result
/// per finding with its notes as relatedLocations, codeFlows for the threads
/// of a race or the edges of a lock-order cycle, partialFingerprints from
/// Finding::fingerprint(), and tool errors as notifications.
void printSarif(llvm::raw_ostream &OS, const std::vector<Finding> &Fs,
                const std::vector<ToolError> &Errors);

} // namespace parcheck

#endif
