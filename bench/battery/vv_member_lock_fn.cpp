#include <mutex>
#include <thread>
#include <map>
class Cache { std::mutex mu; std::map<int,int> m; public:
  void put(int k, int v) { std::lock_guard<std::mutex> g(mu); m[k] = v; }
  int get(int k) { std::lock_guard<std::mutex> g(mu); auto it = m.find(k); return it == m.end() ? -1 : it->second; }
  size_t size() { return m.size(); } };
int main() { Cache c; std::thread a([&] { c.put(1, 2); }), b([&] { (void)c.get(1); (void)c.size(); }); a.join(); b.join(); return 0; } // RACE (size unlocked)
