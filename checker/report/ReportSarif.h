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
///
/// Artifact URIs are relative to the uriBaseId "%SRCROOT%", which
/// originalUriBaseIds maps to Root (an absolute folder); files outside Root
/// keep absolute file:// URIs. Columns are Unicode code points (the
/// findings' byte columns converted with the source lines).
struct SarifOptions {
  std::string Root;
};
class SourceLines;
void printSarif(llvm::raw_ostream &OS, const std::vector<Finding> &Fs,
                const std::vector<ToolError> &Errors, const SarifOptions &Opts,
                SourceLines &Src);

} // namespace parcheck

#endif
