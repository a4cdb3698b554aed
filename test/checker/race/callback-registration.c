// A callback registered with an event library (event_set) is not called
// where it is registered: the threads that run an event loop
// (event_base_loop) call it, with the locks they hold there.
// RUN: not %parcheck %s -- -isystem %S/Inputs/sys | FileCheck %s --implicit-check-not="warning:"
#include <evloop.h>
#include <pthread.h>

int handled;
static struct event ev;
static pthread_mutex_t conn_lock = PTHREAD_MUTEX_INITIALIZER;

// Each worker runs its own loop: the handler runs in both at once.
// CHECK: callback-registration.c:[[@LINE+1]]:56: warning: data race on 'handled': write in thread 'worker' conflicts with write in another instance of thread 'worker'
static void on_event(int fd, short which, void *arg) { handled++; (void)fd; (void)which; (void)arg; }

static void *worker(void *arg) {
  event_base_loop((struct event_base *)arg, 0);
  return 0;
}

int main(void) {
  pthread_t t[2];
  pthread_mutex_lock(&conn_lock);
  event_set(&ev, 0, 0, on_event, 0);
  pthread_mutex_unlock(&conn_lock);
  for (int i = 0; i < 2; ++i)
    pthread_create(&t[i], 0, worker, event_base_new());
  for (int i = 0; i < 2; ++i)
    pthread_join(t[i], 0);
  return 0;
}
