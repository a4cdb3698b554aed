// lazy-init-race: "create the config on first use" without synchronisation.
// Two threads can both see nullptr and both build it (a leak, or two configs
// in use), and one can read the pointer while the other writes it: a data race.
// Expected: a race on 'config' (parcheck, TSan). The fix: std::call_once, or a
// function-local static (see call-once.cpp).
#include <cstdio>
#include <string>
#include <thread>

struct Config {
  std::string name = "default";
  int workers = 4;
};

Config *config = nullptr;

Config &get_config() {
  if (config == nullptr) // EXPECT: race
    config = new Config();
  return *config;
}

int main() {
  int a = 0, b = 0;
  std::thread t1([&] { a = get_config().workers; });
  std::thread t2([&] { b = get_config().workers; });
  t1.join();
  t2.join();
  std::printf("workers: %d %d\n", a, b);
}
