//===- rt_stackdepot.h - stacks stored once, named by a 32-bit id ---------===//
//
// Like compiler-rt's sanitizer_stackdepot: a stack (an array of return addresses) is stored
// once however many lock-order edges, holds or reports refer to it, and is named by a 32-bit
// id (0: no stack). A million edges made at one call site cost one stored stack, not a
// million copies. Stored stacks are never freed (their number is bounded by the program's
// distinct call paths, not by its locks or threads).
//
// Put takes a spin lock only to insert a stack not seen before; Get and a Put of a known
// stack take no lock (entries are immutable once published). No malloc: memory comes from
// InternalAlloc.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_STACKDEPOT_H
#define PARCHECK_RT_STACKDEPOT_H

#include <stddef.h>
#include <stdint.h>

namespace parcheck {

// The id of pcs[0..n): equal stacks get equal ids. n == 0 gives 0. Stacks deeper than
// kStackDepotMaxFrames are cut there.
uint32_t StackDepotPut(const uintptr_t *pcs, uint32_t n);
constexpr uint32_t kStackDepotMaxFrames = 256;
// The frames of id (not owned: valid for the life of the process); *n = 0 for id 0 or an id
// never returned by Put.
const uintptr_t *StackDepotGet(uint32_t id, uint32_t *n);
size_t StackDepotSize();  // stacks stored
// Fork: the parent holds the depot's lock across fork; the child resets it.
void StackDepotForkLock();
void StackDepotForkUnlock();

} // namespace parcheck
#endif
