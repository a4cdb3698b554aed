#include <thread>
class Svc { long hits = 0; std::thread t; public: Svc() : t([this] { for (int i = 0; i < 10; ++i) hits++; }) {} long read() { return hits; } ~Svc() { t.join(); } };
int main() { Svc s; return (int)s.read(); } // RACE
