#include <atomic>
#include <thread>
std::atomic_flag f = ATOMIC_FLAG_INIT; long n;
void w() { for (int i = 0; i < 100; ++i) { while (f.test_and_set(std::memory_order_acquire)) {} n++; f.clear(std::memory_order_release); } }
int main() { std::thread a(w), b(w); a.join(); b.join(); return (int)n; } // OK
