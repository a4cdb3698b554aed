//===- Driver.h - the parcheck command --------------------------*- C++ -*-===//
#ifndef PARCHECK_DRIVER_H
#define PARCHECK_DRIVER_H

namespace parcheck {

/// Exit codes: 0 no findings, 1 findings, 2 tool or input error (the worst
/// wins: a run with findings and a failed TU exits 2).
enum ExitCode { ExitClean = 0, ExitFindings = 1, ExitError = 2 };

int runParcheck(int Argc, const char **Argv);

} // namespace parcheck

#endif
