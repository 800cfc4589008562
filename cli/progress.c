/*
** progress.c: the progress indicator (cli/progress.h).
**
** A real-time interval timer raises SIGALRM: first after a second, then
** four times a second.  The handler only write()s a line prepared by the
** main program (async-signal-safe), and only when it changed since it was
** last drawn.  SIGALRM is blocked while the line is rewritten and while
** output is written, so the handler never draws half a line or in the
** middle of a report.  SA_RESTART keeps file reads going through a tick;
** the -j loop already polls again after an interrupted poll.  Children
** forked for -j do not inherit the timer.
*/
#include <config.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>
#include "cli/progress.h"

/* Back to the start of the line, and clear it. */
static const char erase[] = "\r\033[K";

static int active;
static size_t total;
static char line[160];
static volatile sig_atomic_t line_len, drawn, shown;

static void on_alarm(int sig)
{
  int saved = errno;

  (void)sig;
  if (!drawn && line_len > 0 &&
      write(STDERR_FILENO, line, (size_t)line_len) > 0)
    shown = 1;
  drawn = 1;
  errno = saved;
}

static void block_alarm(int how)
{
  sigset_t set;

  sigemptyset(&set);
  sigaddset(&set, SIGALRM);
  sigprocmask(how, &set, NULL);
}

/* Set the text; SIGALRM is blocked by the caller. */
static void set_line(size_t specs, size_t links)
{
  int n = snprintf(line, sizeof line, "%sderivcheck: %zu/%zu specs, %zu "
                   "link%s checked", erase, specs, total, links,
                   links == 1 ? "" : "s");

  line_len = n > 0 && (size_t)n < sizeof line ? n : 0;
  drawn = 0;
}

static int wanted(void)
{
  const char *ci = getenv("CI");
  return isatty(STDERR_FILENO) && !(ci && *ci);
}

void dc_progress_start(size_t nspecs)
{
  struct sigaction sa;
  struct itimerval t = { { 0, 250000 }, { 1, 0 } };

  if (active || !wanted())
    return;
  total = nspecs;
  block_alarm(SIG_BLOCK);
  set_line(0, 0);
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sa.sa_flags = SA_RESTART;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGALRM, &sa, NULL) == 0 &&
      setitimer(ITIMER_REAL, &t, NULL) == 0)
    active = 1;
  block_alarm(SIG_UNBLOCK);
}

void dc_progress_pause(void)
{
  if (!active)
    return;
  block_alarm(SIG_BLOCK);
  /* A failed write leaves nothing to erase: the terminal is gone. */
  if (shown) {
    ssize_t w = write(STDERR_FILENO, erase, sizeof erase - 1);
    (void)w;
  }
  shown = 0;
  drawn = 0;
}

void dc_progress_resume(size_t specs, size_t links)
{
  if (!active)
    return;
  set_line(specs, links);
  block_alarm(SIG_UNBLOCK);
}

void dc_progress_stop(void)
{
  struct itimerval off;

  if (!active)
    return;
  memset(&off, 0, sizeof off);
  setitimer(ITIMER_REAL, &off, NULL);
  dc_progress_pause();
  signal(SIGALRM, SIG_DFL);
  block_alarm(SIG_UNBLOCK);
  active = 0;
}
