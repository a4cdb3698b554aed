// Runs thread functions one after another in time without ordering them by a join: every
// thread is started at once, waits for its turn on a semaphore, runs, and hands the turn on;
// all are joined at the end. The runtime treats only joins (and creations after them) as
// ordering, not semaphores, so a lock-order inversion between these threads stays reportable
// under the default ignore_joined_cycles=1 (like two requests served in turn by a pool),
// while the test itself can never really deadlock.
#ifndef PARCHECK_TEST_IN_TURN_H
#define PARCHECK_TEST_IN_TURN_H
#include <pthread.h>
#include <semaphore.h>

enum { kMaxTurns = 8 };
static sem_t turn_sem[kMaxTurns + 1];
struct turn_arg {
  void *(*fn)(void *);
  void *arg;
  int i;
};

static void *turn_main(void *p) {
  struct turn_arg *a = (struct turn_arg *)p;
  sem_wait(&turn_sem[a->i]);
  a->fn(a->arg);
  sem_post(&turn_sem[a->i + 1]);
  return 0;
}

// Runs fns[i](args ? args[i] : 0) in threads T(k+1) ... T(k+n), in turn.
static void run_in_turn_args(void *(*const *fns)(void *), void *const *args, int n) {
  pthread_t t[kMaxTurns];
  struct turn_arg a[kMaxTurns];
  for (int i = 0; i <= n; ++i) sem_init(&turn_sem[i], 0, 0);
  for (int i = 0; i < n; ++i) {
    a[i].fn = fns[i];
    a[i].arg = args ? args[i] : 0;
    a[i].i = i;
    pthread_create(&t[i], 0, turn_main, &a[i]);
  }
  sem_post(&turn_sem[0]);
  for (int i = 0; i < n; ++i) pthread_join(t[i], 0);
}

#define RUN_IN_TURN(...)                                                                   \
  do {                                                                                     \
    void *(*const fns_[])(void *) = {__VA_ARGS__};                                         \
    run_in_turn_args(fns_, 0, (int)(sizeof fns_ / sizeof fns_[0]));                        \
  } while (0)

#ifdef __cplusplus
#include <functional>
#include <initializer_list>
#include <vector>
// C++: in_turn({f, g, ...}) with any callables.
static void in_turn(std::initializer_list<std::function<void()>> fs) {
  std::vector<std::function<void()>> v(fs);
  std::vector<void *(*)(void *)> fns(v.size(), [](void *p) -> void * {
    (*static_cast<std::function<void()> *>(p))();
    return nullptr;
  });
  std::vector<void *> args;
  for (auto &f : v) args.push_back(&f);
  run_in_turn_args(fns.data(), args.data(), int(v.size()));
}
#endif
#endif
