// A lock class held twice: 'lock_s::mutex' of two objects (pigz's yarn
// locks: 'possess(check_more); possess(write_more); ... twist(write_more);
// twist(check_more);'). Releasing one object's lock leaves the class held:
// the second twist still writes 'value' holding its object's mutex, as the
// worker's twist does, and the two do not race. The same for a trylock of the
// second object's mutex: its success is a second hold ('trier').
// -DRELEASE_BOTH: both are released before the second write: reported.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DRELEASE_BOTH | FileCheck %s --check-prefix=RACE
// RACE: warning: data race on 'lock_s::value'
#include <pthread.h>

typedef struct lock_s {
  pthread_mutex_t mutex;
  long value;
} lock;

static void possess(lock *bolt) { pthread_mutex_lock(&bolt->mutex); }
static void release(lock *bolt) { pthread_mutex_unlock(&bolt->mutex); }
// Sets the value and releases the lock, which the caller holds.
static void twist(lock *bolt, long val) {
  bolt->value = val;
  pthread_mutex_unlock(&bolt->mutex);
}

static lock check_more = {PTHREAD_MUTEX_INITIALIZER, 0};
static lock write_more = {PTHREAD_MUTEX_INITIALIZER, 0};
static lock *cm = &check_more, *wm = &write_more;

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++) {
    possess(cm);
    twist(cm, 0);
    possess(wm);
    twist(wm, 0);
  }
  return 0;
}

static void *trier(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++) {
    possess(cm);
    if (pthread_mutex_trylock(&wm->mutex) == 0)
      release(wm);
    cm->value = 2; // still holding cm's mutex
    release(cm);
  }
  return 0;
}

int main(void) {
  pthread_t t, u;
  pthread_create(&t, 0, worker, 0);
  pthread_create(&u, 0, trier, 0);
  for (int i = 0; i < 100; i++) {
    possess(cm);
    possess(wm);
#ifdef RELEASE_BOTH
    release(wm);
    release(cm);
    cm->value = 1;
#else
    twist(wm, 1);
    twist(cm, 1);
#endif
  }
  pthread_join(t, 0);
  pthread_join(u, 0);
  return 0;
}
