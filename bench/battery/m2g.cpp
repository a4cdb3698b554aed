// RACE
#include <thread>
#include <vector>
static void push(std::vector<int> &out) { out.push_back(1); }
std::vector<int> v;
static void worker() { push(v); }
int main() { std::thread a(worker), b(worker); a.join(); b.join(); return 0; }
