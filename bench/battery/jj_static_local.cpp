#include <thread>
int next_id() { static int id = 0; return ++id; }
int main() { std::thread a(next_id), b(next_id); a.join(); b.join(); return 0; } // RACE
