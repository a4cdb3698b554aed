// RACE
#include <thread>
#include <vector>
std::vector<int> v;
static void push(std::vector<int> *out) { out->push_back(1); }
static void worker() { push(&v); }
int main() { std::thread a(worker), b(worker); a.join(); b.join(); return 0; }
