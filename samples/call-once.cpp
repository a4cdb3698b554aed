// call-once: the fix for lazy-init-race: std::call_once runs the initialiser
// exactly once and makes every caller wait for it; a function-local static does
// the same (C++11 "magic statics"). Expected: no findings.
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

struct Config {
  std::string name = "default";
  int workers = 4;
};

static Config *config = nullptr;
static std::once_flag config_once;

Config &get_config() {
  std::call_once(config_once, [] { config = new Config(); });
  return *config;
}

Config &get_config_static() {
  static Config instance;
  return instance;
}

int main() {
  int a = 0, b = 0;
  std::thread t1([&] { a = get_config().workers + get_config_static().workers; });
  std::thread t2([&] { b = get_config().workers + get_config_static().workers; });
  t1.join();
  t2.join();
  std::printf("workers: %d %d\n", a, b);
}
