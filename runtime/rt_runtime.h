//===- rt_runtime.h - the event interface between interceptors and detectors ===//
//
// Interceptors call these hooks around the real libc function (compare compiler-rt's
// sanitizer_deadlock_detector_interface.h: MutexBeforeLock / MutexAfterLock /
// MutexBeforeUnlock). A hook never calls malloc and never blocks on anything but the
// runtime's own short spin locks.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_RUNTIME_H
#define PARCHECK_RT_RUNTIME_H

#include "rt_common.h"
#include "rt_flags.h"
#include "rt_stats.h"

#include <pthread.h>

namespace parcheck {

enum LockKind : uint8_t { kMutex, kRwLock, kSpin, kMtx };

struct LockRec;
struct ThreadState;

extern Flags g_flags;
extern bool g_inited;

// Enters a hook: returns null when the caller must only forward to libc (inside the runtime,
// before initialisation, or while the runtime itself is resolving symbols).
ThreadState *HookEnter();
void HookLeave();

LockRec *GetLock(const void *addr, LockKind kind);
void OnCreate(const void *addr, LockKind kind);
void OnDestroy(const void *addr);
// Lock order check and misuse check before a (possibly) blocking acquisition. Returns false if
// the acquisition is a certain self-deadlock that was reported and handled.
void BeforeLock(ThreadState *ts, LockRec *l, bool read, bool trylock, uintptr_t pc);
void BeginWait(ThreadState *ts, LockRec *l, bool read, uintptr_t pc, bool timed);
void EndWait(ThreadState *ts, LockRec *l);
void AfterLock(ThreadState *ts, LockRec *l, bool read, uintptr_t pc, bool isTry, bool ok);
// Returns false if the thread did not hold the lock (reported if misuse detection is on).
void BeforeUnlock(ThreadState *ts, LockRec *l, uintptr_t pc, bool forCondWait);
void AfterCondWait(ThreadState *ts, LockRec *l, uintptr_t pc);
bool IsHeldBySelf(ThreadState *ts, LockRec *l);
// Called for a normal mutex/spin lock taken again by its holder: reports and handles the
// certain self-deadlock.
void OnSelfDeadlock(ThreadState *ts, LockRec *l, uintptr_t pc);

// Threads.
void *ThreadTrampolineArg(void *(*fn)(void *), void *arg, uintptr_t pc);
void *ThreadTrampoline(void *p);
void FreeTrampolineArg(void *p);
void SetRealPthreadCreate(int (*f)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *));
void InitRuntime();

} // namespace parcheck
#endif
