// One thread takes mu1 then mu2, later mu2 then mu1 (a lock-order finding: one thread made
// both edges), then unlocks a mutex it does not hold (unlock-not-held). No waiting anywhere.
#include <pthread.h>

pthread_mutex_t mu1 = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t mu2 = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t mu3 = PTHREAD_MUTEX_INITIALIZER;

static void forward(void) {
  pthread_mutex_lock(&mu1);
  pthread_mutex_lock(&mu2);
  pthread_mutex_unlock(&mu2);
  pthread_mutex_unlock(&mu1);
}

static void backward(void) {
  pthread_mutex_lock(&mu2);
  pthread_mutex_lock(&mu1);
  pthread_mutex_unlock(&mu1);
  pthread_mutex_unlock(&mu2);
}

int main(void) {
  forward();
  backward();
  pthread_mutex_unlock(&mu3);
  return 0;
}
