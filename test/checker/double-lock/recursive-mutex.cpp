// Recursive mutexes may be taken again by their owner: no double lock.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <mutex>
#include <pthread.h>

std::recursive_mutex rmu;
int depth;

void walk(int n) {
  std::lock_guard<std::recursive_mutex> g(rmu);
  depth++;
  if (n > 0) {
    std::lock_guard<std::recursive_mutex> again(rmu);
    depth++;
  }
}

pthread_mutex_t pmu;
void init(void) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&pmu, &attr);
}
void nested(void) {
  pthread_mutex_lock(&pmu);
  pthread_mutex_lock(&pmu);
  depth++;
  pthread_mutex_unlock(&pmu);
  pthread_mutex_unlock(&pmu);
}

int main() {
  init();
  walk(2);
  nested();
}
