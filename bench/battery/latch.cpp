// OK
#include <latch>
#include <semaphore>
#include <thread>
int a, b;
std::latch done(1);
std::binary_semaphore go(0);
int main() {
  std::thread t([] { a = 1; done.count_down(); go.acquire(); b = a; });
  done.wait();
  int v = a;
  go.release();
  t.join();
  return v + b;
}
