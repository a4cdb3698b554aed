// RACE
#include <thread>
#include <vector>
static void worker(std::vector<int> &out) { out.push_back(1); }
int main() { std::vector<int> v; std::thread a(worker, std::ref(v)), b(worker, std::ref(v)); a.join(); b.join(); return 0; }
