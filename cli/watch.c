/*
** watch.c: inotify watches on the specs' directories (cli/watch.h).
**
** Events that can end a save are watched: a file closed after writing, a
** file renamed into or out of the directory, a file deleted; a directory
** created or moved in is watched too, since a spec may appear in it.  A
** name that starts with '.' is an editor's swap or lock file (the inputs
** skip such names too) unless an input has exactly that path; any other
** name counts only when it ends in ".yaml" or is an input's path, so that
** an editor's backup files do not start a check.
*/
#include <config.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli/oom.h"
#include "cli/watch.h"

#define EVENTS (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | \
                IN_CREATE)
/* How long the directories must stay quiet before a batch is checked:
** long enough for an editor's write-rename-chmod, short for a person. */
#define SETTLE_MS 100

struct dir {
  int wd;
  char *prefix;                 /* "" or a path ending in '/' */
};

struct dc_watch {
  int ifd, sfd;
  struct dir *dirs;
  size_t ndirs;
  const struct dc_inputs *in;
  char **changed;               /* the last batch */
  size_t nchanged;
};

static void forget_batch(struct dc_watch *w)
{
  while (w->nchanged)
    free(w->changed[--w->nchanged]);
}

/* The signals that stop watching: blocked, so they are only read. */
static int open_signals(void)
{
  sigset_t set;

  /* A shell starts background jobs with SIGINT ignored, and an ignored
  ** signal is discarded before a signalfd sees it. */
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  if (sigprocmask(SIG_BLOCK, &set, NULL) != 0)
    return -1;
  return signalfd(-1, &set, SFD_CLOEXEC);
}

struct dc_watch *dc_watch_open(void)
{
  struct dc_watch *w = calloc(1, sizeof *w);

  if (!w) {
    dc_oom_report();
    return NULL;
  }
  w->ifd = inotify_init1(IN_CLOEXEC);
  w->sfd = w->ifd < 0 ? -1 : open_signals();
  if (w->ifd < 0 || w->sfd < 0) {
    fprintf(stderr, "derivcheck: error: --watch: %s\n", strerror(errno));
    dc_watch_close(w);
    return NULL;
  }
  return w;
}

/* Watch the directory spelled prefix ("" is the current one). */
static int add_dir(struct dc_watch *w, const char *prefix)
{
  struct dir *d;
  size_t i;
  int wd = inotify_add_watch(w->ifd, *prefix ? prefix : ".",
                             EVENTS | IN_ONLYDIR);

  if (wd < 0) {
    fprintf(stderr, "derivcheck: error: --watch: cannot watch '%s': %s\n",
            *prefix ? prefix : ".", strerror(errno));
    return -1;
  }
  for (i = 0; i < w->ndirs; i++)
    if (w->dirs[i].wd == wd)
      return 0;                 /* the same directory, already watched */
  d = realloc(w->dirs, (w->ndirs + 1) * sizeof *d);
  if (!d || !(d[w->ndirs].prefix = strdup(prefix))) {
    if (d)
      w->dirs = d;
    dc_oom_report();
    return -1;
  }
  d[w->ndirs++].wd = wd;
  w->dirs = d;
  return 0;
}

/* The directory part of path, up to its last '/' ("" when none). */
static char *dir_part(const char *path)
{
  const char *slash = strrchr(path, '/');
  size_t n = slash ? (size_t)(slash - path) + 1 : 0;
  char *p = malloc(n + 1);

  if (p) {
    memcpy(p, path, n);
    p[n] = '\0';
  }
  return p;
}

/* A directory operand as the inputs spell the files below it. */
static char *operand_prefix(const char *dir)
{
  size_t n = strlen(dir);
  char *p = malloc(n + 2);

  if (p)
    sprintf(p, "%s%s", dir, n && dir[n - 1] == '/' ? "" : "/");
  return p;
}

static int add_spelled(struct dc_watch *w, char *prefix)
{
  int rc;

  if (!prefix) {
    dc_oom_report();
    return -1;
  }
  rc = add_dir(w, prefix);
  free(prefix);
  return rc;
}

int dc_watch_dirs(struct dc_watch *w, const struct dc_inputs *in,
                  char *const *operands, size_t n)
{
  size_t i;

  w->in = in;
  for (i = 0; i < in->n; i++)
    if (in->v[i].kind == DC_INPUT_FILE &&
        add_spelled(w, dir_part(in->v[i].name)) != 0)
      return -1;
  for (i = 0; i < n; i++) {
    struct stat st;
    /* A file operand's directory is watched above. */
    if (stat(operands[i], &st) == 0 && S_ISDIR(st.st_mode) &&
        add_spelled(w, operand_prefix(operands[i])) != 0)
      return -1;
  }
  return 0;
}

static const char *prefix_of(const struct dc_watch *w, int wd)
{
  size_t i;
  for (i = 0; i < w->ndirs; i++)
    if (w->dirs[i].wd == wd)
      return w->dirs[i].prefix;
  return NULL;
}

static int is_input(const struct dc_watch *w, const char *path)
{
  size_t i;
  for (i = 0; w->in && i < w->in->n; i++)
    if (w->in->v[i].kind == DC_INPUT_FILE &&
        strcmp(w->in->v[i].name, path) == 0)
      return 1;
  return 0;
}

/* Whether an event on path (its name is name) concerns the specs. */
static int relevant(const struct dc_watch *w, const char *path,
                    const char *name, int is_dir)
{
  size_t n = strlen(name);

  if (is_input(w, path))
    return 1;
  if (name[0] == '.')
    return 0;
  return is_dir || (n > 5 && strcmp(name + n - 5, ".yaml") == 0);
}

/* Record one event; a directory that appears is watched from now on. */
static void take_event(struct dc_watch *w, const struct inotify_event *e)
{
  const char *prefix = prefix_of(w, e->wd);
  char *path, **v;
  int is_dir = (e->mask & IN_ISDIR) != 0;

  if (!prefix || !e->len)
    return;
  path = malloc(strlen(prefix) + strlen(e->name) + 2);
  if (!path)
    return;
  sprintf(path, "%s%s", prefix, e->name);
  if (!relevant(w, path, e->name, is_dir)) {
    free(path);
    return;
  }
  if (is_dir && (e->mask & (IN_CREATE | IN_MOVED_TO))) {
    strcat(path, "/");
    add_dir(w, path);
  }
  v = realloc(w->changed, (w->nchanged + 1) * sizeof *v);
  if (!v) {
    free(path);
    return;
  }
  w->changed = v;
  v[w->nchanged++] = path;
}

/* Read the events waiting on the inotify descriptor. */
static int read_events(struct dc_watch *w)
{
  char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
  ssize_t n = read(w->ifd, buf, sizeof buf), at = 0;

  if (n < 0)
    return errno == EINTR ? 0 : -1;
  while (at < n) {
    const struct inotify_event *e = (const void *)(buf + at);
    take_event(w, e);
    at += (ssize_t)(sizeof *e + e->len);
  }
  return 0;
}

/* Poll both descriptors: 1 events, 0 quiet for timeout ms, 2 a signal,
** -1 an error. */
static int next(struct dc_watch *w, int timeout)
{
  struct pollfd fds[2] = { { w->ifd, POLLIN, 0 }, { w->sfd, POLLIN, 0 } };
  int rc = poll(fds, 2, timeout);

  if (rc < 0)
    return errno == EINTR ? 1 : -1;
  if (rc == 0)
    return 0;
  if (fds[1].revents)
    return 2;
  return read_events(w) == 0 ? 1 : -1;
}

int dc_watch_wait(struct dc_watch *w)
{
  int rc;

  forget_batch(w);
  for (;;) {
    rc = next(w, w->nchanged ? SETTLE_MS : -1);
    if (rc == 2)
      return 0;
    if (rc < 0) {
      fprintf(stderr, "derivcheck: error: --watch: %s\n", strerror(errno));
      return -1;
    }
    if (rc == 0)
      return 1;                 /* quiet after a change: the batch */
  }
}

int dc_watch_changed(const struct dc_watch *w, const char *path)
{
  size_t i;
  for (i = 0; i < w->nchanged; i++)
    if (strcmp(w->changed[i], path) == 0)
      return 1;
  return 0;
}

void dc_watch_close(struct dc_watch *w)
{
  if (!w)
    return;
  forget_batch(w);
  free(w->changed);
  while (w->ndirs)
    free(w->dirs[--w->ndirs].prefix);
  free(w->dirs);
  if (w->ifd >= 0)
    close(w->ifd);
  if (w->sfd >= 0)
    close(w->sfd);
  free(w);
}
