//===- rt_symbolizer_proc.h - one persistent llvm-symbolizer per process --===//
//
// Starting llvm-symbolizer and loading a module's debug information is what symbolising costs
// (about 0.15 s of CPU per run, seconds of wall time on a loaded machine); answering one more
// address is cheap. So, as compiler-rt's SymbolizerProcess does, the runtime starts one
// llvm-symbolizer per process, at the first report, and keeps it: each batch of addresses is
// one request written to its stdin ("CODE "module" 0xaddr" and "DATA ..." lines), and one
// answer block (ended by an empty line) is read back per line.
//
// Contracts:
//  * Callers serialise requests (the reports are written under the publication lock); a
//    request never runs on a program thread that is not writing a report itself.
//  * The symbolizer is a grandchild (started through `sh -c '... &'`), not a child: a program
//    that waits for all its children (wait(), waitpid(-1)) never waits for it, and never
//    reaps it. It ends when its stdin closes, i.e. when the process exits.
//  * A fork child never uses the parent's symbolizer: SymbolizerProcResetInChild (at fork,
//    in the child) closes the inherited socket, and a request from another pid than the one
//    that started the symbolizer drops it too; the child starts its own on first use.
//  * A symbolizer that is missing, dies or answers nothing for symbolizer_timeout_ms makes
//    the request fail (the caller falls back to dladdr); one that timed out is killed and
//    not started again in this process, so a hung symbolizer costs one time-out at most.
//    One that died is restarted at the next request, at most kMaxStarts times in all.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_SYMBOLIZER_PROC_H
#define PARCHECK_RT_SYMBOLIZER_PROC_H

#include "rt_common.h"

namespace parcheck {

// Sends `req` (n bytes of newline-terminated lines) to the persistent symbolizer at `path` and
// appends its answers to `out` until `nAnswers` answer blocks have arrived. False on any
// failure (out then holds what arrived, to be ignored).
bool SymbolizerProcRequest(const char *path, const char *req, size_t n, size_t nAnswers,
                           Str &out);

// Runs argv (argv[0] is a path) to its end, with LD_PRELOAD and PARCHECK_OPTIONS removed from
// the environment, stdin from /dev/null and stderr discarded; appends its stdout to `out`.
// False if it could not be started, or if it sent nothing for symbolizer_timeout_ms before
// closing its stdout: then it is killed (SIGKILL), reaped, and *timedOut (if given) is set, so
// that the caller stops using that tool for the rest of the run (a hung llvm-dwarfdump or
// addr2line costs one time-out at most, not a report thread, or with report_thread=0 a program
// thread, stuck for ever).
bool SpawnCapture(char *const *argv, Str &out, bool *timedOut = nullptr);

// At fork, in the child: forget (close) the parent's symbolizer connection.
void SymbolizerProcResetInChild();

} // namespace parcheck
#endif
