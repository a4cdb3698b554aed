//===- rt_elementnames.h - locks inside global arrays named by element ------===//
//
// A lock in a global array is named `forks[1]`, not `forks+40`, when the program's debug info
// says what the array is: llvm-dwarfdump (llvm-dwarfdump-19 or llvm-dwarfdump on PATH) is
// asked for the variable's type once per symbol (cached), in the process that prints the
// report (the reporter or watchdog thread, or the exit summary), never in a lock hook. Its
// pretty type "pthread_mutex_t[5]", "place[3]", "structure [5]" or "pthread_mutex_t[2][3]"
// gives the dimensions; the element's size is the symbol's size over their product, so an
// array of structs `struct {pthread_mutex_t m; int x;} a[5]` is cut at its real stride (48
// bytes, not the mutex's 40). Sizes alone are never used to guess: without debug info, without
// the tool, for a type that is not a plain array (std::array, a struct holding an array), or
// when variables of that name disagree, the caller keeps `sym+offset`.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_ELEMENTNAMES_H
#define PARCHECK_RT_ELEMENTNAMES_H

#include "rt_common.h"

namespace parcheck {

// Appends the name of the byte at `off` inside the global `sym` (as printed: demangled) of
// `size` bytes, defined in `module`: "sym[i]" (the element's first byte: a lock element, or a
// struct element whose first member is the lock, as a struct global is named by its symbol)
// or "sym[i]+r"; "sym[i][j]" for more dimensions. False (nothing appended) when the debug info
// does not say that sym is an array.
bool AppendElementName(Str &s, const char *module, const char *sym, uintptr_t size,
                       uintptr_t off);

} // namespace parcheck
#endif
