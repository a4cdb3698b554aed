#include <memory>
#include <thread>
struct C { int n = 0; };
int main() { auto p = std::make_shared<C>(); std::thread a([p] { p->n++; }), b([p] { p->n++; }); a.join(); b.join(); return p->n; } // RACE
