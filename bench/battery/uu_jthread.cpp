#include <atomic>
#include <thread>
std::atomic<long> n;
int main() { { std::jthread t([](std::stop_token st) { while (!st.stop_requested()) n++; }); } return (int)n.load(); } // OK
