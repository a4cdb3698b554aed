// RACE
#include <functional>
#include <map>
#include <thread>
static void worker(std::map<int, int> &m, int k) { m[k] = k; }
int main() {
  std::map<int, int> m;
  std::thread a(worker, std::ref(m), 1), b(worker, std::ref(m), 2);
  a.join(); b.join();
  return (int)m.size();
}
