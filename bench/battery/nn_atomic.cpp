#include <atomic>
#include <thread>
std::atomic<int> c{0};
int main() { std::thread a([] { c++; }), b([] { c.fetch_add(1); }); a.join(); b.join(); return c; } // OK
