// The shim unwinds with its own copy of libgcc's unwinder (runtime/rt_unwind.cpp): a C program
// whose lock takes are unwound (each first take and each new lock-order edge) does not map
// libgcc_s (issue 13: about 128 KiB of peak RSS for the first-take stacks). Frames registered
// with libgcc at run time (JIT code) are still seen: the shim forwards __register_frame_info
// to libgcc_s (loading it, as its dependency on libgcc_s used to) and unwinds with libgcc_s's
// unwinder from then on. The lock-order report made after that still has every stack, from
// the frames of main: both of them for the take in a function main calls, and no frame of
// libc's start code past main (the walk stops at main's caller, as with the shim's own
// unwinder: rt_stack.h, CallEntry).
// REQUIRES: rt-own-unwinder
// RUN: %clang -g -O0 %s -o %t -lpthread -ldl
// RUN: %run %t > %t.out 2>&1 || echo "exit=$?" >> %t.out
// RUN: FileCheck %s < %t.out
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

static const char *libgcc_s_mapped(void) {
  FILE *f = fopen("/proc/self/maps", "r");
  char line[512];
  int found = 0;
  while (f && fgets(line, sizeof line, f))
    if (strstr(line, "/libgcc_s.so")) found = 1;
  if (f) fclose(f);
  return found ? "mapped" : "not mapped";
}

__attribute__((noinline)) static void take_b_then_a(void) {
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);  // b => a: the cycle, unwound by libgcc_s's unwinder
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
}

int main(void) {
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);  // a => b: a new edge, its stacks unwound
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  fprintf(stderr, "before registration: libgcc_s %s\n", libgcc_s_mapped());
  // An .eh_frame with nothing in it (its terminator): libgcc registers nothing for it, but
  // the call reaches libgcc_s's list, through the shim's definition.
  static const unsigned empty_eh_frame[4];
  static void *object[16];
  void (*reg)(const void *, void *) =
      (void (*)(const void *, void *))dlsym(RTLD_DEFAULT, "__register_frame_info");
  void *(*dereg)(const void *) =
      (void *(*)(const void *))dlsym(RTLD_DEFAULT, "__deregister_frame_info");
  reg(empty_eh_frame, object);
  dereg(empty_eh_frame);
  fprintf(stderr, "after registration: libgcc_s %s\n", libgcc_s_mapped());
  take_b_then_a();
  return 0;
}
// CHECK: before registration: libgcc_s not mapped
// CHECK: after registration: libgcc_s mapped
// CHECK: Mutex M1 ('a') acquired here while holding mutex M2 ('b') in thread T0:
// CHECK-NEXT: #0 take_b_then_a {{.*}}own-unwinder.c:{{[0-9]+}}:3
// CHECK-NEXT: #1 main {{.*}}own-unwinder.c:{{[0-9]+}}:3
// CHECK-EMPTY:
// CHECK: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'a' => 'b' => 'a'
// CHECK: exit=66
