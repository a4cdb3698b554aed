#include <future>
long g;
int main() { auto f = std::async(std::launch::async, [] { g++; }); g++; f.get(); return (int)g; } // RACE
