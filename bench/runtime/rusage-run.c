// rusage-run <fd> <program> <args>: runs the program and prints its peak RSS (ru_maxrss of
// the child, kB), CPU time (user + system, microseconds) and minor page faults (ru_minflt) as
// "maxrss_kb=N cpu_us=M minflt=F" on file descriptor <fd>. A launcher is needed because a child
// forked by a big process (python) keeps that process's peak as its own through exec.
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  int fd = atoi(argv[1]);
  pid_t pid = fork();
  if (pid == 0) {
    close(fd);
    execvp(argv[2], argv + 2);
    _exit(127);
  }
  int status;
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) < 0) return 2;
  long cpu = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000L + ru.ru_utime.tv_usec +
             ru.ru_stime.tv_usec;
  dprintf(fd, "maxrss_kb=%ld cpu_us=%ld minflt=%ld\n", ru.ru_maxrss, cpu, ru.ru_minflt);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
