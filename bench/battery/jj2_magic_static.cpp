#include <string>
#include <thread>
const std::string &name() { static const std::string n = "svc"; return n; }
int main() { std::thread a([] { (void)name().size(); }), b([] { (void)name().size(); }); a.join(); b.join(); return 0; } // OK
