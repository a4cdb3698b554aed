// A callback registered with an event library while a lock is held is not
// called there: its own locking of that lock is no double lock.
// RUN: %parcheck %s -- -isystem %S/../race/Inputs/sys | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <evloop.h>
#include <pthread.h>

static struct event ev;
static pthread_mutex_t conn_lock = PTHREAD_MUTEX_INITIALIZER;
int conns;

static void on_event(int fd, short which, void *arg) {
  (void)fd; (void)which; (void)arg;
  pthread_mutex_lock(&conn_lock);
  conns++;
  pthread_mutex_unlock(&conn_lock);
}

static void update_event(void) {
  pthread_mutex_lock(&conn_lock);
  event_set(&ev, 0, 0, on_event, 0);
  pthread_mutex_unlock(&conn_lock);
}

int main(void) {
  update_event();
  event_base_loop(event_base_new(), 0);
  return 0;
}
