#include <mutex>
#include <thread>
#include <vector>
std::mutex m; std::vector<int> out;
int main() { std::vector<std::thread> ts; for (int i = 0; i < 4; ++i) ts.emplace_back([i] { std::lock_guard<std::mutex> l(m); out.push_back(i); });
  for (auto &t : ts) t.join(); return (int)out.size(); } // OK
