#include <condition_variable>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>
std::mutex m; std::condition_variable cv; std::queue<int> q; bool stop; long sum;
void worker() { for (;;) { std::unique_lock<std::mutex> l(m); cv.wait(l, [] { return stop || !q.empty(); }); if (q.empty()) return; int v = q.front(); q.pop(); sum += v; } }
int main() { std::vector<std::thread> ts; for (int i = 0; i < 4; ++i) ts.emplace_back(worker);
  for (int i = 0; i < 100; ++i) { std::lock_guard<std::mutex> l(m); q.push(i); cv.notify_one(); }
  { std::lock_guard<std::mutex> l(m); stop = true; } cv.notify_all(); for (auto &t : ts) t.join(); return (int)sum; } // OK
