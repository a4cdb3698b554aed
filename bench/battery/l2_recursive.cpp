#include <mutex>
#include <thread>
std::recursive_mutex m; int x;
void g() { std::lock_guard<std::recursive_mutex> l(m); x++; }
void f() { std::lock_guard<std::recursive_mutex> l(m); g(); }
int main() { std::thread a(f), b(f); a.join(); b.join(); return x; } // OK
