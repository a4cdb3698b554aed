#include <mutex>
#include <thread>
std::once_flag of; int cfg;
void init() { cfg = 42; }
int main() { std::thread a([] { std::call_once(of, init); (void)cfg; }), b([] { std::call_once(of, init); (void)cfg; }); a.join(); b.join(); return 0; } // OK
