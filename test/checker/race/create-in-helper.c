// Threads created inside helpers, at any depth of calls: what main does
// before the call that creates a thread happens before the whole thread, as
// for a pthread_create written in main itself.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

int setting;
int port;
int workers_wanted;
static pthread_t bg_tid, net_tid;

static void *bg(void *arg) {
  (void)arg;
  return (void *)(long)(setting + workers_wanted);
}

static void *net(void *arg) {
  (void)arg;
  return (void *)(long)port;
}

static void start_bg(void) { pthread_create(&bg_tid, 0, bg, 0); }

static void configure(void) { workers_wanted = 8; }

// Two levels down: init -> start_net -> pthread_create.
static void start_net(void) { pthread_create(&net_tid, 0, net, 0); }
static void init(void) {
  port = 11211; // before the create below, in the same helper
  start_net();
}

int main(void) {
  setting = 42;
  configure(); // a callee's write before the helper that creates
  start_bg();
  init();
  pthread_join(bg_tid, 0);
  pthread_join(net_tid, 0);
  return 0;
}
