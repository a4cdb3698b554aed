//===- rt_memory.h - forgetting locks whose memory goes away --------------===//
//
// A lock whose memory is freed (free, realloc that moves or frees, munmap) or whose object is
// unloaded (dlclose) is forgotten like a destroyed one: the next lock at that address is a new
// lock. free() must stay cheap, so an index of the address ranges that ever held a lock
// (set when a lock is first seen, never cleared: a stale mark costs a scan, not a wrong
// answer) answers "can this block contain a lock?" before anything else is asked.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_MEMORY_H
#define PARCHECK_RT_MEMORY_H

#include <stdint.h>

namespace parcheck {

void InitLockRegions();  // before the first lock is seen
void NoteLockAddress(uintptr_t a);
// False if no lock record was ever made for an address in [a & ~7, (a & ~7) + 8) (exact, but
// true when unsure).
bool LockMayStartAt(uintptr_t a);
// Forgets every lock in [lo, hi) (rt_runtime.cpp, through rt_locks.h).
void ForgetLocksInRange(uintptr_t lo, uintptr_t hi);
// Drops the symbolisation caches (frames by pc, lock names by address) in [lo, hi)
// (rt_symbolize.cpp).
void ForgetSymbolsInRange(uintptr_t lo, uintptr_t hi);

} // namespace parcheck
#endif
