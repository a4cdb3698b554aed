// RACE
#include <thread>
#include <vector>
static void worker(std::vector<int> *out) { out->push_back(1); }
int main() {
  std::vector<int> v;
  std::thread a(worker, &v), b(worker, &v);
  a.join(); b.join();
  return (int)v.size();
}
