/*
** measure.c: run a command and write its wall time and peak RSS, for
** make bench (bench/run.py).
**
**     measure OUTFILE COMMAND [ARG...]
**
** Writes "wall SECONDS\ncpu SECONDS\nmaxrss KIB\nstatus N\n" to OUTFILE
** (cpu: user + system time) and exits with the command's status.  The peak RSS is the command's own, from wait4():
** a child keeps the high-water mark of the process it was forked from, so
** this small program forks it, not the Python driver.  On SIGTERM (the
** driver's timeout) the command is killed, and its figures up to then are
** still written, with status -1.
*/
#define _DEFAULT_SOURCE /* wait4 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stopped;

static void on_term(int sig)
{
  (void)sig;
  stopped = 1;
}

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
  if (argc < 3) {
    fputs("usage: measure OUTFILE COMMAND [ARG...]\n", stderr);
    return 2;
  }
  /* No SA_RESTART: the signal must interrupt wait4 below. */
  struct sigaction sa = { .sa_handler = on_term };
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, NULL);
  double start = now();
  pid_t pid = fork();
  if (pid < 0) {
    perror("measure: fork");
    return 2;
  }
  if (pid == 0) {
    execvp(argv[2], argv + 2);
    perror(argv[2]);
    _exit(127);
  }
  int status = 0;
  struct rusage ru;
  while (wait4(pid, &status, 0, &ru) < 0) {
    if (errno != EINTR) {
      perror("measure: wait4");
      return 2;
    }
    if (stopped)
      kill(pid, SIGKILL);
  }
  double wall = now() - start;
  int code = stopped ? -1 : WIFEXITED(status) ? WEXITSTATUS(status)
                                              : 128 + WTERMSIG(status);
  FILE *out = fopen(argv[1], "w");
  if (!out) {
    perror(argv[1]);
    return 2;
  }
  double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 +
               ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6;
  fprintf(out, "wall %.6f\ncpu %.6f\nmaxrss %ld\nstatus %d\n", wall, cpu,
          ru.ru_maxrss, code);
  fclose(out);
  return code < 0 ? 124 : code;
}
