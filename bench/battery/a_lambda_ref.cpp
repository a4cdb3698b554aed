#include <thread>
int main() { long c = 0; std::thread a([&] { c++; }), b([&] { c++; }); a.join(); b.join(); return (int)c; } // RACE
