// Locks taken through lock()/unlock() wrapper functions make edges in their
// callers like direct calls do.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t disk_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t net_mu = PTHREAD_MUTEX_INITIALIZER;
int blocks, packets;

static void disk_lock(void) { pthread_mutex_lock(&disk_mu); }
static void disk_unlock(void) { pthread_mutex_unlock(&disk_mu); }
static void net_lock(void) { pthread_mutex_lock(&net_mu); }
// CHECK: lock-wrappers.c:[[@LINE-1]]:30: warning: lock order inversion: 'net_mu' acquired while holding 'disk_mu' [parcheck-lock-order]
// CHECK-NEXT: lock-wrappers.c:[[#@LINE+7]]:3: note: 'disk_mu' acquired here
// CHECK-NEXT: lock-wrappers.c:[[@LINE-3]]:30: note: 'net_mu' acquired through this call chain
// CHECK-NEXT: {{.*}}lock-wrappers.c:[[#@LINE+6]]:3: note: called from 'sync_to_net'
// CHECK-NEXT: lock-wrappers.c:10:31: note: 'disk_mu' acquired while holding 'net_mu' in thread 'sync_to_disk'
static void net_unlock(void) { pthread_mutex_unlock(&net_mu); }

void *sync_to_net(void *arg) {
  disk_lock();
  net_lock();
  packets += blocks;
  net_unlock();
  disk_unlock();
  return arg;
}

void *sync_to_disk(void *arg) {
  net_lock();
  disk_lock();
  blocks += packets;
  disk_unlock();
  net_unlock();
  return arg;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, sync_to_net, 0);
  pthread_create(&t2, 0, sync_to_disk, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
