#include <thread>
thread_local int t;
int main() { std::thread a([] { t++; }), b([] { t++; }); a.join(); b.join(); return 0; } // OK
