// The shim's unwinder reads each frame's unwind entry from its object's file (pread), not
// through the object's mapping (runtime/rt_fde.cpp, option unwind_from_files): a C++ thread's
// creation stack passes through libstdc++'s std::thread::_M_start_thread, and reading its
// entry through the mapping made libstdc++'s unwind tables resident (about 128 KiB of peak RSS).
// REQUIRES: rt-unwind-from-files
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %clangxx -g -O0 -fPIC -shared -DLIB %s -o %t.dir/libuft.so -lpthread
// RUN: cp %t.dir/libuft.so %t.dir/libuft-dl.so
// RUN: %clangxx -g -O0 %s -o %t -L%t.dir -luft -Wl,-rpath,%t.dir -lpthread -ldl
//
// A lock-order cycle between two std::threads: the same report read from files as from the
// mappings (but for pids and load addresses), the creation stacks down to main, every entry
// but the shim's own (always from its mapping) from a file, and none of libstdc++'s unwind
// table pages mapped by the run (11 of them are without the files, unwind_from_files=0).
// RUN: %env_parcheck_opts=verbosity=2 not %run %t cycle %t.dir > %t.files 2>&1
// RUN: FileCheck %s --check-prefixes=CYCLE,FILES < %t.files
// RUN: %env_parcheck_opts=verbosity=2:unwind_from_files=0 not %run %t cycle %t.dir > %t.mem 2>&1
// RUN: FileCheck %s --check-prefixes=CYCLE,MEMORY < %t.mem
// RUN: grep -v -e '^==parcheck==' -e 'table pages' %t.files | sed -e 's/pid=[0-9]*//' -e 's/0x[0-9a-f]*//' > %t.files.cmp
// RUN: grep -v -e '^==parcheck==' -e 'table pages' %t.mem | sed -e 's/pid=[0-9]*//' -e 's/0x[0-9a-f]*//' > %t.mem.cmp
// RUN: diff %t.files.cmp %t.mem.cmp
//
// A thread started from a library the program links: its entry comes from the library's file.
// RUN: %env_parcheck_opts=verbosity=2 not %run %t lib %t.dir 2>&1 | FileCheck %s --check-prefixes=LIB,LIB-FILES
// A library loaded by dlopen may be unloaded and its addresses reused: its entries come from
// the mapping.
// RUN: %env_parcheck_opts=verbosity=2 not %run %t dlopen %t.dir 2>&1 | FileCheck %s --check-prefixes=LIB,LIB-MEMORY
// The linked library replaced on disk (another file renamed over its path) before the stack
// is taken: the file at that path is not the one mapped (device and inode), so its entries
// come from the mapping too, and the stack is the same (its frame unsymbolised: the
// symbolizer reads the new file). Last: the program cannot start without the library.
// RUN: %env_parcheck_opts=verbosity=2 not %run %t replaced %t.dir 2>&1 | FileCheck %s --check-prefixes=LIB,LIB-MEMORY
#include <pthread.h>

#ifdef LIB
static void *unlock_not_held(void *mu) {
  pthread_mutex_unlock(static_cast<pthread_mutex_t *>(mu));  // not held
  return nullptr;
}
extern "C" void lib_start_thread(pthread_mutex_t *mu) {
  pthread_t t;
  pthread_create(&t, nullptr, unlock_not_held, mu);  // the creation stack's first frame
  pthread_join(t, nullptr);
}
#else
#include <dlfcn.h>
#include <fcntl.h>
#include <link.h>
#include <semaphore.h>
#include <stdio.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>

extern "C" void lib_start_thread(pthread_mutex_t *mu);

std::mutex mu1, mu2;
sem_t first_done;
pthread_mutex_t lib_mu = PTHREAD_MUTEX_INITIALIZER;

struct Table {
  uintptr_t lo = 0, hi = 0;
};

// libstdc++'s .eh_frame_hdr (its search table).
static int find_table(dl_phdr_info *info, size_t, void *arg) {
  if (!strstr(info->dlpi_name, "libstdc++")) return 0;
  for (int i = 0; i < info->dlpi_phnum; ++i)
    if (info->dlpi_phdr[i].p_type == PT_GNU_EH_FRAME) {
      Table *t = static_cast<Table *>(arg);
      t->lo = info->dlpi_addr + info->dlpi_phdr[i].p_vaddr;
      t->hi = t->lo + info->dlpi_phdr[i].p_memsz;
    }
  return 1;
}

// How many pages of the table are in this process's page tables (/proc/self/pagemap).
static int mapped(const Table &t) {
  int fd = open("/proc/self/pagemap", O_RDONLY), n = 0;
  for (uintptr_t a = t.lo & ~uintptr_t(4095); a < t.hi; a += 4096) {
    uint64_t e = 0;
    if (pread(fd, &e, 8, off_t(a / 4096 * 8)) == 8 && (e >> 63)) ++n;
  }
  close(fd);
  return n;
}

static void first() {  // mu1 => mu2
  {
    std::lock_guard<std::mutex> a(mu1);
    std::lock_guard<std::mutex> b(mu2);
  }
  sem_post(&first_done);  // after both are released: no wait, so no wait statistics
}

static void second() {  // mu2 => mu1, once first() is done
  sem_wait(&first_done);
  std::lock_guard<std::mutex> b(mu2);
  std::lock_guard<std::mutex> a(mu1);
}

int main(int argc, char **argv) {
  std::string mode = argc > 1 ? argv[1] : "", dir = argc > 2 ? argv[2] : ".";
  if (mode == "cycle") {
    sem_init(&first_done, 0, 0);
    Table t;
    dl_iterate_phdr(find_table, &t);
    int before = mapped(t);
    std::thread t1(first);
    std::thread t2(second);
    t1.join();
    t2.join();
    fprintf(stderr, "libstdc++ unwind table pages mapped by the run: %d\n", mapped(t) - before);
  } else if (mode == "lib") {
    lib_start_thread(&lib_mu);
  } else if (mode == "replaced") {
    std::string lib = dir + "/libuft.so", tmp = dir + "/libuft.so.new";
    int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    close(fd);
    rename(tmp.c_str(), lib.c_str());  // the mapping keeps the old file
    lib_start_thread(&lib_mu);
  } else if (mode == "dlopen") {
    void *h = dlopen((dir + "/libuft-dl.so").c_str(), RTLD_NOW | RTLD_LOCAL);
    auto start = reinterpret_cast<void (*)(pthread_mutex_t *)>(dlsym(h, "lib_start_thread"));
    start(&lib_mu);
  }
  return 0;
}
#endif

// CYCLE: libstdc++ unwind table pages mapped by the run:
// FILES-SAME: {{ 0$}}
// MEMORY-NOT: {{ 0$}}
// FILES: ==parcheck== unwind entries: {{[1-9][0-9]*}} read from files, 0 look-ups in memory, {{[1-9][0-9]*}} in the shim's own
// MEMORY: ==parcheck== unwind entries: 0 read from files, {{[1-9][0-9]*}} look-ups in memory, {{[1-9][0-9]*}} in the shim's own
// CYCLE: WARNING: parcheck: lock-order-inversion (potential deadlock)
// CYCLE: Thread T1 created by main thread at:
// CYCLE-NEXT: #0 std::thread::_M_start_thread
// CYCLE-NEXT: #1 std::thread::thread
// CYCLE-NEXT: #2 main {{.*}}unwind-from-files.cpp:113
// CYCLE: Thread T2 created by main thread at:
// CYCLE-NEXT: #0 std::thread::_M_start_thread
// CYCLE-NEXT: #1 std::thread::thread
// CYCLE-NEXT: #2 main {{.*}}unwind-from-files.cpp:114

// LIB-FILES: ==parcheck== unwind entries: {{[1-9][0-9]*}} read from files, 0 look-ups in memory,
// LIB-MEMORY: ==parcheck== unwind entries: {{[1-9][0-9]*}} read from files, {{[1-9][0-9]*}} look-ups in memory,
// LIB: Thread T1 unlocks mutex 'lib_mu' that it does not hold:
// LIB: Thread T1 created by main thread at:
// LIB-NEXT: #0 lib_start_thread{{[ +]}}
// LIB-NEXT: #1 main {{.*}}unwind-from-files.cpp:{{11[4-9]|12[0-9]}}
