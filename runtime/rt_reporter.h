//===- rt_reporter.h - the report queue and the reporter thread -----------===//
//
// A report is raised by a hook on a program thread (lock order, misuse), or by the watchdog.
// Symbolising it can take a long time (the first llvm-symbolizer run costs about half a
// second), so a program thread never writes a report itself: its hook captures what the
// report needs (pcs, thread ids, lock records; nothing symbolised or formatted), submits a job
// and returns. The jobs run in submission order, one at a time, under the publication lock:
// on the reporter thread, or on a thread that drains the queue because it must act on every
// report now (exit summary, halt_on_error, on_deadlock exits) or is itself a runtime thread.
//
// Runtime-owned threads: the watchdog (rt_watchdog.cpp, StartWatchdog) and the reporter
// (rt_reporter.cpp, StartReporter). Both are created with the real pthread_create, have no
// ThreadState, are not counted in the thread tree and run with t_in_rt set for good, so no
// hook sees them. IsRuntimeThread() tells them apart from program threads.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_REPORTER_H
#define PARCHECK_RT_REPORTER_H

#include <stdint.h>

namespace parcheck {

// A job formats, prints and records one report; it owns and frees `arg`.
typedef void (*ReportJob)(void *arg);

// Queues a job for the reporter thread (started with the program's first thread, else on
// first use) and returns at once. On a
// runtime-owned thread, with halt_on_error (the process stops at the first report, so the
// thread would not run on anyway) or report_thread=0, the queue is drained and the job run
// before returning.
void SubmitReport(ReportJob job, void *arg);

// Starts the reporter thread ahead of any report, from pthread_create's hook before the
// program's first thread is created: there the program already pays for a thread, where a
// report's hook runs inside a lock or unlock call whose timing the program may depend on
// (memcached's extstore frees a compacted page only if its IO thread, which unlocks a lock
// as a signal, gets on quickly after that unlock). A single-threaded program never gets one
// this way; its first report starts it.
void StartReporterEarly();

// The program's last known thread has finished (ThreadFinish emptied the registry: main
// called pthread_exit and every other thread the runtime knows has ended). glibc ends the
// process when its last thread exits, so the runtime's own threads must not outlive the
// program's: each runs what it still has (the reporter drains its queue) and exits, and
// whichever thread exits last makes glibc call exit(0), whose handlers write the exit
// summary. A thread the runtime never saw may still run: it starts a reporter or watchdog
// again if it needs one.
void RuntimeThreadsLeave();

// The publication lock: every report is printed and counted while it is held, and the exit
// summary is written while it is held, so a report is either printed and counted before the
// summary or not printed at all (see FinishReports). Recursive for its owner thread.
// Constructing a guard drains the queue first (jobs submitted before it run before the
// caller's own report). In a fatal signal handler (inSignal) it neither waits for another
// owner nor runs queued jobs: the summary is then best effort (queued reports are lost, and a
// report being written by another thread may land after it).
class PublicationGuard {
public:
  explicit PublicationGuard(bool inSignal = false);
  ~PublicationGuard();
  bool held() const { return held_; }
  PublicationGuard(const PublicationGuard &) = delete;
  PublicationGuard &operator=(const PublicationGuard &) = delete;
private:
  bool held_;
};

// For a fatal signal handler on a program thread that was not inside the runtime: wakes the
// reporter thread and waits until every report submitted before the call has been written
// and no thread is writing one (so the summary that follows counts them), at most
// `timeoutMs` (a reporter that cannot go on, e.g. blocked on a lock the dying thread holds
// in libc, must not turn a crash into a hang). Async-signal-safe: atomics, futex, nanosleep
// and clock_gettime only. Returns false on timeout. Known limit: a report submitted by
// another thread after the signal is not waited for.
bool WaitForReportsInSignal(int timeoutMs);

bool IsRuntimeThread();
void MarkRuntimeThread();  // called first thing by every runtime-owned thread

// Fork: the queue lock is taken around fork; the child has no reporter thread, an empty
// queue (the parent prints what was queued) and a free publication lock.
void ReporterLockForFork();
void ReporterUnlockForFork();
void ReporterResetInChild();

} // namespace parcheck
#endif
