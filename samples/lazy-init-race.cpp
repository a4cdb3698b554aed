// lazy-init-race: "create the config on first use" without synchronisation.
// Two threads can both see nullptr and both build it (a leak, or two configs
// in use), and one can read the pointer while the other writes it: a data race.
// Expected: a race on 'config' between the check and the store (parcheck,
// TSan). The fix: std::call_once, or a function-local static (see
// call-once.cpp).
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
    config = new Config(); // EXPECT: race
  return *config;
}

int main() {
  Config *seen1 = nullptr, *seen2 = nullptr;
  std::thread t1([&] { seen1 = &get_config(); });
  std::thread t2([&] { seen2 = &get_config(); });
  t1.join();
  t2.join();
  std::printf("workers: %d, %s config\n", seen1->workers, seen1 == seen2 ? "one" : "two");
}
