// A whole struct read or written by name is that object's members, not every
// object's: main's progress clock 'display_clock' (assigned whole) and the
// tracer's start time 'trace_start' (read whole, passed by value) are two
// globals of one type and never the same memory (zstd's fileio.c
// g_displayClock against zstdcli_trace.c's g_enableTime, both UTIL_time_t).
// The whole read still meets a write through a pointer to the type (here to
// the tracer's own global).
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

typedef struct { long t; } clock_val;

static clock_val display_clock;
static clock_val trace_start;
static clock_val *stamp_ptr;

static long span(clock_val start) { return start.t; }

static void *tracer(void *arg) {
  (void)arg;
  // CHECK-DAG: whole-struct-two-globals.c:[[@LINE+1]]:{{[0-9]+}}: note: conflicting read in thread 'tracer', holding no lock
  return (void *)span(trace_start);
}

static clock_val now(void) {
  clock_val c = {42};
  return c;
}

int main(void) {
  pthread_t t;
  stamp_ptr = &trace_start;
  pthread_create(&t, 0, tracer, 0);
  display_clock = now(); // another object: no race with the tracer's reads
  // CHECK-DAG: whole-struct-two-globals.c:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'clock_val::t': write in thread 'main' conflicts with read in thread 'tracer'
  stamp_ptr->t = 7;
  pthread_join(t, 0);
  return (int)display_clock.t;
}
