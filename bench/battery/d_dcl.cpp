#include <mutex>
#include <thread>
struct S { int v = 1; }; S *inst; std::mutex m;
S *get() { if (!inst) { std::lock_guard<std::mutex> l(m); if (!inst) inst = new S; } return inst; }
int main() { std::thread a([] { get(); }), b([] { get(); }); a.join(); b.join(); return 0; } // RACE
