#include <shared_mutex>
#include <mutex>
#include <thread>
std::shared_mutex sm; int v;
int rd() { std::shared_lock<std::shared_mutex> l(sm); return v; }
void wr() { std::unique_lock<std::shared_mutex> l(sm); v++; }
int main() { std::thread a(rd), b(wr), c(rd); a.join(); b.join(); c.join(); return v; } // OK
