#include <thread>
#include <vector>
int main() { std::vector<int> res(4); std::vector<std::thread> ts;
  for (int i = 0; i < 4; ++i) ts.emplace_back([&res, i] { res[i] = i * i; });
  for (auto &t : ts) t.join(); return res[3]; } // OK
