/*
** jobs.c: sequential and parallel runs of the inputs (cli/jobs.h).
**
** The wire format of an outcome, child to parent, in the machine's own
** byte order (both ends are the same program): status, the counts
** structure, the emitted and has_title flags, then four buffers (diags,
** report, doc, title), each as a length and its bytes; a length of
** OOM_LEN stands for a buffer that ran out of memory.  A short message or
** a child that did not exit 0 makes the input's outcome an internal error.
*/
#include <config.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cli/jobs.h"

#define OOM_LEN UINT64_MAX

/* A running child and what it has sent so far. */
struct child {
  pid_t pid;
  int fd;                       /* read end of its pipe; -1 when done */
  size_t input;                 /* which input it checks */
  struct dc_buf got;
};

/* ---- the child's side ---- */

static int write_all(int fd, const void *p, size_t n)
{
  const char *s = p;
  while (n) {
    ssize_t w = write(fd, s, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return -1;
    s += w;
    n -= (size_t)w;
  }
  return 0;
}

static int send_buf(int fd, const struct dc_buf *b)
{
  uint64_t len = b->oom ? OOM_LEN : (uint64_t)b->len;
  if (write_all(fd, &len, sizeof len) != 0)
    return -1;
  return b->oom || !b->len ? 0 : write_all(fd, b->s, b->len);
}

static int send_outcome(int fd, const struct dc_outcome *o)
{
  int32_t head[3];

  head[0] = (int32_t)o->status;
  head[1] = o->emitted;
  head[2] = o->has_title;
  if (write_all(fd, head, sizeof head) != 0 ||
      write_all(fd, &o->counts, sizeof o->counts) != 0)
    return -1;
  return send_buf(fd, &o->diags) || send_buf(fd, &o->report) ||
         send_buf(fd, &o->doc) || send_buf(fd, &o->title) ? -1 : 0;
}

/* In the child: check one input, send the outcome, leave without running
** the parent's exit handlers or flushing its stdio buffers. */
static void child_main(const struct dc_run_cfg *cfg,
                       const struct dc_input *in, int fd)
{
  struct dc_outcome o;

  dc_run_one(cfg, in, &o);
  if (send_outcome(fd, &o) != 0)
    _exit(1);
  _exit(0);
}

/* ---- the parent's side ---- */

/* Reads the message in s/len as the child wrote it; -1 when short. */
struct reader {
  const char *s;
  size_t len, at;
};

static int take(struct reader *r, void *p, size_t n)
{
  if (r->len - r->at < n)
    return -1;
  memcpy(p, r->s + r->at, n);
  r->at += n;
  return 0;
}

static int take_buf(struct reader *r, struct dc_buf *b)
{
  uint64_t len;

  if (take(r, &len, sizeof len) != 0)
    return -1;
  if (len == OOM_LEN) {
    b->oom = 1;
    return 0;
  }
  if (r->len - r->at < len)
    return -1;
  dc_buf_add(b, r->s + r->at, (size_t)len);
  r->at += (size_t)len;
  return 0;
}

static int parse_outcome(const struct dc_buf *msg, struct dc_outcome *o)
{
  struct reader r = { msg->s ? msg->s : "", msg->len, 0 };
  int32_t head[3];

  dc_outcome_init(o);
  if (msg->oom || take(&r, head, sizeof head) != 0 ||
      take(&r, &o->counts, sizeof o->counts) != 0)
    return -1;
  o->status = (enum dc_exit)head[0];
  o->emitted = head[1];
  o->has_title = head[2];
  if (take_buf(&r, &o->diags) || take_buf(&r, &o->report) ||
      take_buf(&r, &o->doc) || take_buf(&r, &o->title) || r.at != r.len)
    return -1;
  return 0;
}

/* Start a child for input i; 0 on success, -1 when fork or pipe failed
** (the caller then checks the input itself). */
static int start(const struct dc_run_cfg *cfg, const struct dc_inputs *in,
                 size_t i, struct child *c)
{
  int p[2];
  pid_t pid;

  if (pipe(p) != 0)
    return -1;
  /* Nothing buffered may be written twice, once by each process. */
  fflush(NULL);
  pid = fork();
  if (pid < 0) {
    close(p[0]);
    close(p[1]);
    return -1;
  }
  if (pid == 0) {
    close(p[0]);
    child_main(cfg, &in->v[i], p[1]);
  }
  close(p[1]);
  c->pid = pid;
  c->fd = p[0];
  c->input = i;
  dc_buf_init(&c->got);
  return 0;
}

/* Why a finished child's outcome cannot be used, or NULL when it can. */
static const char *child_failure(int wstatus, char *why, size_t n)
{
  if (WIFSIGNALED(wstatus)) {
    snprintf(why, n, "checking was killed by signal %d",
             WTERMSIG(wstatus));
    return why;
  }
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
    snprintf(why, n, "checking stopped with status %d",
             WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
    return why;
  }
  return NULL;
}

/* The child's pipe is at its end: collect the child and its outcome. */
static void finish(const struct dc_run_cfg *cfg, const struct dc_inputs *in,
                   struct child *c, struct dc_outcome *out)
{
  char why[96];
  const char *fail;
  int wstatus = 0;

  close(c->fd);
  c->fd = -1;
  while (waitpid(c->pid, &wstatus, 0) < 0 && errno == EINTR)
    ;
  fail = child_failure(wstatus, why, sizeof why);
  if (!fail && c->got.oom) {
    dc_run_oom(cfg, in->v[c->input].name, out);   /* ours ran out */
  } else if (!fail && parse_outcome(&c->got, out) != 0) {
    dc_outcome_free(out);
    fail = "the checking process sent an incomplete result";
  }
  if (fail)
    dc_run_lost(cfg, &in->v[c->input], fail, out);
  dc_buf_free(&c->got);
}

/* Read what the child has sent; 1 once its pipe is at its end. */
static int drain(struct child *c)
{
  char chunk[65536];
  ssize_t n = read(c->fd, chunk, sizeof chunk);

  if (n < 0)
    return errno == EINTR || errno == EAGAIN ? 0 : 1;
  if (n == 0)
    return 1;
  dc_buf_add(&c->got, chunk, (size_t)n);
  return 0;
}

struct pool {
  const struct dc_run_cfg *cfg;
  const struct dc_inputs *in;
  struct child *kids;
  size_t nkids;
  struct dc_outcome *done;      /* one per input */
  unsigned char *ready;         /* done[i] holds an outcome */
  size_t next_start, next_deliver;
};

/* Hand over every outcome whose predecessors have all been handed over. */
static void deliver_ready(struct pool *p, dc_deliver_fn deliver, void *ctx)
{
  while (p->next_deliver < p->in->n && p->ready[p->next_deliver]) {
    deliver(ctx, p->next_deliver, &p->done[p->next_deliver]);
    p->next_deliver++;
  }
}

/* Fill the free slots with children (or run an input here when no child
** can be started). */
static void fill(struct pool *p, long jobs)
{
  while (p->nkids < (size_t)jobs && p->next_start < p->in->n) {
    size_t i = p->next_start++;
    if (start(p->cfg, p->in, i, &p->kids[p->nkids]) == 0) {
      p->nkids++;
    } else {
      dc_run_one(p->cfg, &p->in->v[i], &p->done[i]);
      p->ready[i] = 1;
    }
  }
}

/* Wait for data from any child; collect the ones that are done. */
static void step(struct pool *p)
{
  struct pollfd fds[256];
  size_t k, n = p->nkids;

  for (k = 0; k < n; k++) {
    fds[k].fd = p->kids[k].fd;
    fds[k].events = POLLIN;
    fds[k].revents = 0;
  }
  if (poll(fds, (nfds_t)n, -1) < 0)
    return;                     /* EINTR: the caller polls again */
  for (k = n; k-- > 0;) {
    struct child *c = &p->kids[k];
    if (!fds[k].revents || !drain(c))
      continue;
    finish(p->cfg, p->in, c, &p->done[c->input]);
    p->ready[c->input] = 1;
    p->kids[k] = p->kids[--p->nkids];
  }
}

static void run_parallel(const struct dc_run_cfg *cfg,
                         const struct dc_inputs *in, long jobs,
                         dc_deliver_fn deliver, void *ctx)
{
  struct pool p;

  memset(&p, 0, sizeof p);
  p.cfg = cfg;
  p.in = in;
  p.kids = calloc((size_t)jobs, sizeof *p.kids);
  p.done = calloc(in->n, sizeof *p.done);
  p.ready = calloc(in->n, 1);
  if (!p.kids || !p.done || !p.ready) {
    /* No room to keep outcomes: check one by one instead. */
    free(p.kids);
    free(p.done);
    free(p.ready);
    for (p.next_deliver = 0; p.next_deliver < in->n; p.next_deliver++) {
      struct dc_outcome o;
      dc_run_one(cfg, &in->v[p.next_deliver], &o);
      deliver(ctx, p.next_deliver, &o);
    }
    return;
  }
  while (p.next_deliver < in->n) {
    fill(&p, jobs);
    deliver_ready(&p, deliver, ctx);
    if (p.nkids)
      step(&p);
  }
  free(p.kids);
  free(p.done);
  free(p.ready);
}

void dc_jobs_run(const struct dc_run_cfg *cfg, const struct dc_inputs *in,
                 long jobs, dc_deliver_fn deliver, void *ctx)
{
  size_t i;

  if (jobs > 256)
    jobs = 256;                 /* the poll array's size */
  if (jobs > 1 && in->n > 1) {
    run_parallel(cfg, in, jobs, deliver, ctx);
    return;
  }
  for (i = 0; i < in->n; i++) {
    struct dc_outcome o;
    dc_run_one(cfg, &in->v[i], &o);
    deliver(ctx, i, &o);
  }
}
