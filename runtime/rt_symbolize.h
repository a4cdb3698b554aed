//===- rt_symbolize.h - pcs to frames, addresses to globals ----------------===//
//
// Stacks are symbolised when a report is printed, outside the runtime's critical sections, by
// an external symbolizer (llvm-symbolizer or addr2line, found on PATH or given by
// symbolizer_path) whose environment has LD_PRELOAD and PARCHECK_OPTIONS removed:
// llvm-symbolizer is one persistent process per process, one request per stack or global
// (rt_symbolizer_proc.h); addr2line is run once per module and stack. Without a symbolizer, frames fall back to dladdr (function+offset,
// module). Frames are cached by pc, names by address; both caches are dropped for an unloaded
// object's range (ForgetSymbolsInRange, rt_memory.h).
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_SYMBOLIZE_H
#define PARCHECK_RT_SYMBOLIZE_H

#include "rt_stack.h"

namespace parcheck {

struct Frame {
  char *func, *file;
  int line, col;
};
struct FrameList {
  uint32_t n;
  Frame f[1];  // n entries, innermost (inlined) first
};

void InitSymbolizer();  // at start-up: the caches, /proc/self/exe, the symbolizer to run
const char *ExecutablePath();
const char *SymbolizerPath();  // "" when there is none

// Symbolises pcs (return addresses) that are not cached yet; FramesOf then finds them.
void SymbolizePcs(const uintptr_t *pcs, size_t n);
FrameList *FramesOf(uintptr_t pc);
bool IsSystemFile(const char *f);  // a system header or library (not the user's code)
void FormatFrame(Str &s, const Frame &f);  // "func file:line:col" or "func (module)"
void AppendStackText(Str &s, const StackRef &st);  // "    #k frame\n" lines
// The frames of a symbolised stack as JSON strings, comma-separated (no brackets); each
// frame's function and file are appended to `names` when given (suppression matching).
void AppendJsonStack(Str &json, const StackRef &st, Vec<const char *> *names = nullptr);
// The innermost frame in user code (not in a system header or library).
const Frame *UserFrame(const StackRef &st);
const char *Base(const char *f);  // the file name without its directory

// The global variable holding address a, appended to s as "name" or "name+offset": the
// dynamic symbol table first, else the symbolizer's DATA query. False if a is in no global.
// objSize (the size of the object at a; 0: do not ask): a symbol big enough for two such
// objects is looked up in the debug info, and an array's element is named "name[i]"
// (rt_elementnames.h).
bool AppendGlobalName(Str &s, uintptr_t a, size_t objSize = 0);


// Names of locks and wait objects by address, as the reports build them: CachedName is null
// until RememberName (which keeps `name`, internal memory, and returns it).
const char *CachedName(uintptr_t a);
const char *RememberName(uintptr_t a, char *name);

void SymbolizerLockForFork();
void SymbolizerResetInChild();  // at fork, in the child: never the parent's symbolizer process
void SymbolizerUnlockForFork();

} // namespace parcheck
#endif
