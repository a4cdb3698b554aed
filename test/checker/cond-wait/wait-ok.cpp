// Waits that recheck their predicate: a while loop, the predicate overload,
// wait_for with a predicate, a pthread wait in a loop.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <pthread.h>
#include <thread>

std::mutex mu;
std::condition_variable cv;
bool ready;
int data;

void consumer_loop() {
  std::unique_lock<std::mutex> lk(mu);
  while (!ready)
    cv.wait(lk);
  data++;
}

void consumer_pred() {
  std::unique_lock<std::mutex> lk(mu);
  cv.wait(lk, [] { return ready; });
  data++;
}

void consumer_timed() {
  std::unique_lock<std::mutex> lk(mu);
  if (cv.wait_for(lk, std::chrono::milliseconds(10), [] { return ready; }))
    data++;
}

pthread_mutex_t pmu = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t pcv = PTHREAD_COND_INITIALIZER;
int pready;
void pconsumer() {
  pthread_mutex_lock(&pmu);
  while (!pready)
    pthread_cond_wait(&pcv, &pmu);
  pthread_mutex_unlock(&pmu);
}

void producer() {
  {
    std::lock_guard<std::mutex> g(mu);
    ready = true;
  }
  cv.notify_all();
  pthread_mutex_lock(&pmu);
  pready = 1;
  pthread_cond_signal(&pcv);
  pthread_mutex_unlock(&pmu);
}

int main() {
  std::thread a(consumer_loop), b(consumer_pred), c(consumer_timed), d(pconsumer), p(producer);
  a.join();
  b.join();
  c.join();
  d.join();
  p.join();
}
