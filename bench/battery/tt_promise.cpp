#include <future>
#include <thread>
int data;
int main() { std::promise<void> p; auto f = p.get_future(); std::thread t([&p] { data = 5; p.set_value(); }); f.wait(); int v = data; t.join(); return v; } // OK
