// cpu-bound-processes: CPU-bound work split over processes, one per core, with
// fork(). Processes share no memory, so there is nothing to lock and nothing to
// race on; results come back through pipes. Expected: no findings.
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static long count_primes(long from, long to) {
  long n = 0;
  for (long k = from; k < to; k++) {
    int prime = k > 1;
    for (long d = 2; d * d <= k && prime; d++)
      prime = k % d != 0;
    n += prime;
  }
  return n;
}

int main(void) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  if (cores < 1)
    cores = 1;
  const long limit = 200000;
  int fds[64][2];
  if (cores > 64)
    cores = 64;
  for (long c = 0; c < cores; c++) {
    if (pipe(fds[c]) != 0)
      return 1;
    pid_t pid = fork();
    if (pid == 0) {
      long n = count_primes(limit * c / cores, limit * (c + 1) / cores);
      if (write(fds[c][1], &n, sizeof n) != sizeof n)
        _exit(1);
      _exit(0);
    }
    close(fds[c][1]);
  }
  long total = 0;
  for (long c = 0; c < cores; c++) {
    long n = 0;
    if (read(fds[c][0], &n, sizeof n) == sizeof n)
      total += n;
    close(fds[c][0]);
  }
  while (wait(NULL) > 0) {
  }
  printf("%ld primes below %ld on %ld processes\n", total, limit, cores);
  return 0;
}
