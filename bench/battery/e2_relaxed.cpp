#include <atomic>
#include <thread>
int payload; std::atomic<bool> ready{false};
int main() { std::thread t([] { payload = 42; ready.store(true, std::memory_order_relaxed); });
  while (!ready.load(std::memory_order_relaxed)) {} int v = payload; t.join(); return v; } // RACE
