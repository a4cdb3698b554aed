// State selection with tests on members fixed at registration: a
// connection's transport is set when it is registered and never written
// after. The closing arm resets a UDP connection to reading commands
// ('if (c->transport == udp_transport) conn_set_state(c, conn_cmd)', as
// memcached's conn_cleanup): a transition only for the bases some of whose
// objects are UDP. main registers only TCP listeners on main_base: its
// 'server_socket(udp_transport)' hands the socket to a worker, and the
// registration is in the else-branch of 'transport == udp_transport', so it
// passes TCP only. main's loop reaches the closing arm (a failed accept) but
// never the command arm:
//   * 'served' is written in the command arm under 'workers_lock', which the
//     workers hold around their loops: main never runs the arm, no race.
// With -DRACE, main registers its UDP socket on main_base itself: its loop
// runs the command arm, without 'workers_lock': a race.
// RUN: %parcheck %s -- -isystem %S/Inputs/sys | FileCheck %s --check-prefix=SAFE --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -isystem %S/Inputs/sys -DRACE | FileCheck %s --check-prefix=RACE --implicit-check-not="warning:"
// SAFE-NOT: warning:
#include <evloop.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

enum conn_states { conn_listening, conn_cmd, conn_closing, conn_closed };
enum transports { tcp_transport, udp_transport };

struct conn {
  struct event ev;
  enum conn_states state;
  enum transports transport;
  int sfd;
};

struct worker {
  pthread_t tid;
  struct event_base *base;
  struct event notify_ev;
  int notify_fd;
};

static struct event_base *main_base;
static struct worker threads[2];
static pthread_mutex_t workers_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static int queued_fd = -1;
static long served;

static void event_handler(int fd, short which, void *arg);

static void conn_set_state(struct conn *c, enum conn_states s) { c->state = s; }

static struct conn *conn_new(int fd, enum conn_states init, enum transports t,
                             struct event_base *base) {
  struct conn *c = calloc(1, sizeof *c);
  c->sfd = fd;
  c->state = init;
  c->transport = t;
  event_set(&c->ev, fd, 0, event_handler, c);
  event_base_set(base, &c->ev);
  return c;
}

static void dispatch_udp(int sfd) {
  pthread_mutex_lock(&q_lock);
  queued_fd = sfd;
  pthread_mutex_unlock(&q_lock);
  write(threads[0].notify_fd, "", 1);
}

static void server_socket(int sfd, enum transports transport) {
#ifdef RACE
  conn_new(sfd, transport == udp_transport ? conn_cmd : conn_listening, transport, main_base);
#else
  if (transport == udp_transport)
    dispatch_udp(sfd);
  else
    conn_new(sfd, conn_listening, transport, main_base);
#endif
}

static void conn_cleanup(struct conn *c) {
  if (c->transport == udp_transport)
    conn_set_state(c, conn_cmd);
  else
    conn_set_state(c, conn_closed);
}

static void drive_machine(struct conn *c) {
  int stop = 0;
  while (!stop) {
    switch (c->state) {
    case conn_listening:
      if (accept(c->sfd, 0, 0) < 0)
        conn_set_state(c, conn_closing);
      stop = 1;
      break;
    case conn_cmd:
      // RACE: state-arms-registered.c:[[@LINE+1]]:7: warning: data race on 'served': write in thread 'main' conflicts with write in thread 'worker_main'
      served++;
      conn_set_state(c, conn_closing);
      break;
    case conn_closing:
      conn_cleanup(c);
      stop = 1;
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

// A worker's notify callback: the UDP socket main handed over.
static void notify_cb(int fd, short which, void *arg) {
  struct worker *me = arg;
  char b;
  (void)which;
  if (read(fd, &b, 1) != 1)
    return;
  pthread_mutex_lock(&q_lock);
  int sfd = queued_fd;
  pthread_mutex_unlock(&q_lock);
  if (sfd >= 0)
    conn_new(sfd, conn_cmd, udp_transport, me->base);
}

static void *worker_main(void *arg) {
  struct worker *me = arg;
  pthread_mutex_lock(&workers_lock);
  event_base_loop(me->base, 0);
  pthread_mutex_unlock(&workers_lock);
  return 0;
}

int main(void) {
  main_base = event_base_new();
  for (int i = 0; i < 2; i++) {
    threads[i].base = event_base_new();
    event_set(&threads[i].notify_ev, threads[i].notify_fd, 0, notify_cb, &threads[i]);
    event_base_set(threads[i].base, &threads[i].notify_ev);
  }
  for (int i = 0; i < 2; i++)
    pthread_create(&threads[i].tid, 0, worker_main, &threads[i]);
  server_socket(3, tcp_transport);
  server_socket(4, udp_transport);
  event_base_loop(main_base, 0);
  for (int i = 0; i < 2; i++)
    pthread_join(threads[i].tid, 0);
  return 0;
}
