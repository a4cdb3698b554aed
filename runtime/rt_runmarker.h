//===- rt_runmarker.h - tell parcheck-run which processes ran with the shim ---===//
//
// parcheck-run names a file in PARCHECK_RUN_MARKER. Every process image that loads the shim
// appends "init <pid>" when it starts and "fini <pid>" when it ends with the shim still in it
// (its exit report, or _exit/_Exit, which dash and many servers call). A pid whose last line
// is "init" replaced itself with a program that did not load the shim (exec with LD_PRELOAD
// cleared, as `env -u LD_PRELOAD prog` or a re-exec does) or was killed; no line at all means
// no process loaded the shim. The wrapper tells the user. Each line is one short O_APPEND
// write, so lines of concurrent processes never interleave. Async-signal-safe, no malloc.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_RUNMARKER_H
#define PARCHECK_RT_RUNMARKER_H

namespace parcheck {

void InitRunMarker();  // reads PARCHECK_RUN_MARKER, writes "init <pid>"
void NoteRunEnd();     // writes "fini <pid>"

} // namespace parcheck
#endif
