#include <mutex>
#include <thread>
class Counter { std::mutex m; long n = 0; public: void inc() { std::lock_guard<std::mutex> l(m); n++; } long get() { return n; } };
int main() { Counter c; std::thread a([&] { c.inc(); }), b([&] { c.inc(); (void)c.get(); }); a.join(); b.join(); return (int)c.get(); } // RACE (get without lock)
