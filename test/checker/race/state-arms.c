// State selection of callback code (memcached's drive_machine): every
// connection runs event_handler -> drive_machine(c), a 'switch (c->state)'.
// main registers its listening connection on main_base in state
// conn_listening, the workers register their client connections on their
// own 'me->base' in the state main queued (conn_new_cmd, conn_parse_cmd), and
// no transition leads to conn_listening, nor from it to a command state. So
// main's loop runs only the accept arm, the workers' loops never run it:
//   * 'last_thread' and 'listen_backlog' are only main's (the accept arm and
//     main's own startup dispatch): no race with a worker;
//   * reset_stats() runs in main only at startup, before the workers start
//     (the 'stats reset' command that also calls it is a worker's only): no
//     race with the workers' locked 'cmd_count++'.
// With -DRACE, the races nearby: the accept arm, which only main's loop runs,
// counts 'accepted' that the workers' 'stats' command reads; and the closing
// arm, entered from a command (conn_set_state(c, conn_closing) in a worker's
// command path: transitions are followed), counts 'closed_conns' with no lock
// in every worker.
// RUN: %parcheck %s -- -isystem %S/Inputs/sys | FileCheck %s --check-prefix=SAFE --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -isystem %S/Inputs/sys -DRACE | FileCheck %s --check-prefix=RACE --implicit-check-not="warning:"
// SAFE-NOT: warning:
#include <evloop.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

enum conn_states { conn_listening, conn_new_cmd, conn_parse_cmd, conn_closing, conn_closed };

struct conn {
  struct event ev;
  enum conn_states state;
  int sfd;
};

struct worker {
  pthread_t tid;
  struct event_base *base;
  struct event notify_ev;
  int notify_fd;
};

struct item {
  int sfd;
  enum conn_states init_state;
  struct item *next;
};

static struct event_base *main_base;
static struct worker threads[4];
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static struct item *queue;
static long cmd_count;
static int last_thread;
static int listen_backlog;
#ifdef RACE
static long accepted;
static long closed_conns;
#define STATS_RESET(c) (accepted > 1000 && (c)->sfd == 0)
#else
#define STATS_RESET(c) ((c)->sfd == 0)
#endif

static void event_handler(int fd, short which, void *arg);

static void conn_set_state(struct conn *c, enum conn_states s) { c->state = s; }

static struct conn *conn_new(int fd, enum conn_states init, struct event_base *base) {
  struct conn *c = calloc(1, sizeof *c);
  c->sfd = fd;
  c->state = init;
  event_set(&c->ev, fd, 0, event_handler, c);
  event_base_set(base, &c->ev);
  return c;
}

static void reset_stats(void) { cmd_count = 0; }

static void dispatch_conn_new(int sfd, enum conn_states init) {
  struct item *it = malloc(sizeof *it);
  it->sfd = sfd;
  it->init_state = init;
  int tid = (last_thread + 1) % 4;
  last_thread = tid;
  pthread_mutex_lock(&q_lock);
  it->next = queue;
  queue = it;
  pthread_mutex_unlock(&q_lock);
  write(threads[tid].notify_fd, "", 1);
}

static void process_command(struct conn *c) {
  pthread_mutex_lock(&stats_lock);
  cmd_count++;
  if (STATS_RESET(c))
    reset_stats(); // 'stats reset'
  pthread_mutex_unlock(&stats_lock);
  conn_set_state(c, conn_closing);
}

static void drive_machine(struct conn *c) {
  int stop = 0;
  while (!stop) {
    switch (c->state) {
    case conn_listening:
      listen_backlog++;
#ifdef RACE
      // RACE: state-arms.c:[[@LINE+1]]:7: warning: data race on 'accepted': write in thread 'main' conflicts with read in thread 'worker_main'
      accepted++;
#endif
      dispatch_conn_new(c->sfd + 1, conn_new_cmd);
      stop = 1;
      break;
    case conn_new_cmd:
    case conn_parse_cmd:
      process_command(c);
      break;
    case conn_closing:
#ifdef RACE
      // RACE: state-arms.c:[[@LINE+1]]:7: warning: data race on 'closed_conns': write in thread 'worker_main' conflicts with write in another instance of thread 'worker_main'
      closed_conns++;
#endif
      conn_set_state(c, conn_closed);
      break;
    case conn_closed:
      stop = 1;
      break;
    }
  }
}

static void event_handler(int fd, short which, void *arg) {
  (void)fd;
  (void)which;
  drive_machine(arg);
}

// The worker's notify callback: a connection main queued to it.
static void notify_cb(int fd, short which, void *arg) {
  struct worker *me = arg;
  char b;
  (void)which;
  if (read(fd, &b, 1) != 1)
    return;
  pthread_mutex_lock(&q_lock);
  struct item *it = queue;
  if (it)
    queue = it->next;
  pthread_mutex_unlock(&q_lock);
  if (it)
    conn_new(it->sfd, it->init_state, me->base);
}

static void *worker_main(void *arg) {
  struct worker *me = arg;
  event_base_loop(me->base, 0);
  return 0;
}

int main(void) {
  main_base = event_base_new();
  reset_stats();
  listen_backlog = 1024;
  conn_new(3, conn_listening, main_base);
  for (int i = 0; i < 4; i++) {
    threads[i].base = event_base_new();
    event_set(&threads[i].notify_ev, threads[i].notify_fd, 0, notify_cb, &threads[i]);
    event_base_set(threads[i].base, &threads[i].notify_ev);
  }
  for (int i = 0; i < 4; i++)
    pthread_create(&threads[i].tid, 0, worker_main, &threads[i]);
  dispatch_conn_new(7, conn_parse_cmd); // a UDP socket: a worker's from the start
  event_base_loop(main_base, 0);
  for (int i = 0; i < 4; i++)
    pthread_join(threads[i].tid, 0);
  return 0;
}
