#include <mutex>
#include <thread>
std::mutex a, b; int x;
void f() { std::unique_lock<std::mutex> la(a, std::defer_lock), lb(b, std::defer_lock); std::lock(la, lb); x++; }
void g() { std::scoped_lock l(b, a); x++; }
int main() { std::thread p(f), q(g); p.join(); q.join(); return x; } // OK
