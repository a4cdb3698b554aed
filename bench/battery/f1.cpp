// RACE
#include <thread>
struct Inc {
  long &n;
  void operator()() { for (int i = 0; i < 1000; ++i) n++; }
};
int main() {
  long total = 0;
  std::thread a(Inc{total}), b(Inc{total});
  a.join(); b.join();
  return (int)total;
}
