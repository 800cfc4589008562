/*
** main.c: derivcheck's command line: load each spec, check it, report.
**
** This is the only place that prints diagnostics and picks the exit
** status (SPEC section 1): 0 every link passed, 1 a link failed or was
** undetermined, 2 a usage error or a spec that does not load, 3 an
** internal error.  The operands become a list of inputs (cli/inputs.h);
** each is checked on its own (cli/runone.h), in this process or, with -j,
** in children (cli/jobs.h), and its outcome is written here in input
** order, so one bad spec never stops the others from being checked; the
** status is the most severe one.  Diagnostics go to stderr, the report to
** stdout.
**
** --derive prints its generated chains on stdout (or the --emit document),
** so the report then goes to stderr too.
**
** With --emit the report goes to stderr and the document to stdout or to
** the -o file.  The document of all the specs is composed in memory while
** they are checked and written at the end, in one go (emit/output.h), so
** a failure never leaves half a document.  When any spec does not load
** (exit status 2) nothing is written to -o, so a file is never missing a
** part silently; on standard output the specs that loaded are written.  A failing link does not stop the document: it is the
** author's derivation, and the exit status says 1.  A document or report
** that cannot be written is exit 2, with the reason.
*/
#include <config.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli/oom.h"
#include "cli/inputs.h"
#include "cli/jobs.h"
#include "cli/options.h"
#include "cli/plots.h"
#include "cli/progress.h"
#include "cli/runone.h"
#include "cli/status.h"
#include "cli/watch.h"
#include "emit/document.h"
#include "emit/katex.h"
#include "emit/output.h"
#include "emit/report.h"
#include "expr/node.h"
#include "expr/stack.h"
#include "parser/spec.h"
#include "verify/check.h"

struct run {
  const struct dc_options *opts;
  struct dc_run_cfg cfg;
  struct dc_report *report;
  FILE *report_out;             /* stdout, or stderr with --emit */
  enum dc_exit status;          /* the most severe so far */
  /* --emit: the document's body so far, the specs in it, their totals,
  ** and the title of the first spec that has one (for the front matter
  ** or preamble). */
  struct dc_buf body;
  size_t nemitted;
  struct dc_report_counts emitted;
  char *title;
  /* --watch: each input's outcome is kept here instead of freed. */
  struct dc_outcome *keep;
  size_t delivered, links;      /* for the progress indicator */
};

/* Whether to colour a stream: --color, else NO_COLOR (https://no-color.org:
** set and not empty means no colour), else whether it is a terminal. */
static int use_color(enum dc_color_mode m, FILE *stream)
{
  const char *no_color = getenv("NO_COLOR");

  if (m == DC_COLOR_ALWAYS)
    return 1;
  if (m == DC_COLOR_NEVER)
    return 0;
  if (no_color && *no_color)
    return 0;
  return isatty(fileno(stream));
}

/* Add a checked spec's part to the document being emitted. */
static void add_to_document(struct run *r, struct dc_outcome *o)
{
  if (!o->emitted)
    return;
  if (r->opts->emit == DC_EMIT_JSON && r->nemitted)
    dc_buf_puts(&r->body, ",\n");
  dc_buf_add(&r->body, o->doc.s ? o->doc.s : "", o->doc.len);
  if (o->doc.oom)
    r->body.oom = 1;
  if (!r->title && o->has_title) {
    r->title = strdup(o->title.s ? o->title.s : "");
    if (!r->title)
      r->body.oom = 1;
  }
  dc_report_counts_add(&r->emitted, &o->counts);
  r->nemitted++;
}

/* The first error that writing the report hit: a later fflush of a
** stream already in error no longer says why. */
static int report_errno;

static void flush_report(FILE *out)
{
  errno = 0;
  if (fflush(out) != 0 && !report_errno)
    report_errno = errno ? errno : EIO;
}

/* An output that could not be written (msg says why; errno holds the
** reason): a full disk or a closed pipe is the environment's fault, not
** a bug of derivcheck, exit 2; memory that ran out is exit 3. */
static enum dc_exit output_failed(const char *msg)
{
  if (errno == ENOMEM) {
    dc_oom_report();
    return DC_EXIT_INTERNAL;
  }
  fprintf(stderr, "derivcheck: error: %s\n", msg);
  return DC_EXIT_USAGE;
}

/* One input's outcome, in input order: its diagnostics, its report, its
** part of the document. */
static void deliver(void *ctx, size_t i, struct dc_outcome *o)
{
  struct run *r = ctx;

  dc_progress_pause();
  if (o->diags.oom)
    dc_oom_report();
  else if (o->diags.len)
    fwrite(o->diags.s, 1, o->diags.len, stderr);
  if (o->report.oom) {
    dc_oom_report();
    r->status = DC_EXIT_INTERNAL;
  }
  dc_report_add(r->report, o->report.s ? o->report.s : "", o->report.len,
                &o->counts);
  /* Flush before the next spec's diagnostics reach stderr, so that a
  ** terminal shows each report next to its own messages. */
  flush_report(r->report_out);
  add_to_document(r, o);
  r->status = dc_exit_worst(r->status, o->status);
  r->links += o->counts.links;
  dc_progress_resume(++r->delivered, r->links);
  if (r->keep)
    r->keep[i] = *o;
  else
    dc_outcome_free(o);
}

/* The whole document around the body: the JSON object holding the specs,
** front matter or preamble for the others. */
static void compose(struct run *r, struct dc_buf *doc)
{
  const struct dc_options *o = r->opts;

  if (o->emit == DC_EMIT_JSON) {
    /* The shape of the --format=json report: the same at any count. */
    dc_buf_puts(doc, "{\"version\":1,\"specs\":[\n");
    dc_buf_add(doc, r->body.s ? r->body.s : "", r->body.len);
    dc_buf_puts(doc, "\n],");
    dc_json_summary(doc, &r->emitted);
    dc_buf_puts(doc, "}\n");
  } else if (o->emit == DC_EMIT_NONE) {
    /* --derive alone: the chains as they are */
    dc_buf_add(doc, r->body.s ? r->body.s : "", r->body.len);
  } else {
    dc_doc_begin(doc, o->emit, r->title);
    dc_buf_add(doc, r->body.s ? r->body.s : "", r->body.len);
    dc_doc_end(doc, o->emit);
  }
  if (r->body.oom)
    doc->oom = 1;
}

/* Write the document (nothing when no spec was emitted); an exit status. */
static enum dc_exit write_document(struct run *r)
{
  /* Without --emit, -o names the html report, not --derive's chains. */
  const char *path = r->opts->emit != DC_EMIT_NONE ? r->opts->output : NULL;
  char msg[DC_OUTPUT_MSG];
  struct dc_buf doc;
  int rc;

  if (r->nemitted == 0)
    return DC_EXIT_PASS;
  fflush(stdout);  /* -o /dev/stdout writes to descriptor 1 itself */
  dc_buf_init(&doc);
  compose(r, &doc);
  if (doc.oom) {
    dc_buf_free(&doc);
    dc_oom_report();
    return DC_EXIT_INTERNAL;
  }
  if (path)
    rc = dc_output_write(path, doc.s, doc.len, msg, sizeof msg);
  else
    rc = dc_output_stream(stdout, "standard output", doc.s, doc.len, msg,
                          sizeof msg);
  dc_buf_free(&doc);
  return rc != 0 ? output_failed(msg) : DC_EXIT_PASS;
  return DC_EXIT_PASS;
}

/* -o must name a writable place, and not one of the specs being read
** (the document would replace the spec).  Checked before any work. */
static int output_ok(const struct dc_options *o, const struct dc_inputs *in)
{
  char msg[DC_OUTPUT_MSG];
  struct stat out, st;
  size_t i;

  if (!o->output)
    return 1;
  if (stat(o->output, &out) == 0 && S_ISREG(out.st_mode))
    for (i = 0; i < in->n; i++)
      if (in->v[i].kind == DC_INPUT_FILE && stat(in->v[i].name, &st) == 0 &&
          st.st_dev == out.st_dev && st.st_ino == out.st_ino) {
        fprintf(stderr, "derivcheck: error: -o '%s' is the spec '%s' itself; "
                "refusing to overwrite it\n", o->output, in->v[i].name);
        dc_options_hint(stderr);
        return 0;
      }
  if (dc_output_check(o->output, msg, sizeof msg) != 0) {
    output_failed(msg);
    return 0;
  }
  return 1;
}

/* What every round of checking needs: where the report goes, colour. */
static void run_config(struct run *r, const struct dc_options *opts)
{
  memset(r, 0, sizeof *r);
  dc_buf_init(&r->body);
  r->opts = opts;
  /* Standard output carries the document or the derivations, if any. */
  r->report_out = opts->emit != DC_EMIT_NONE || opts->nderives ? stderr
                                                               : stdout;
  r->cfg.opts = opts;
  r->cfg.report.format = opts->format;
  r->cfg.report.color = opts->format == DC_REPORT_TEXT &&
                        use_color(opts->color, r->report_out);
  r->cfg.report.verbosity = opts->verbosity;
  r->cfg.diag_color = use_color(opts->color, stderr);
}

/* The html report composed in the memory stream mem, written to path. */
static enum dc_exit write_html_file(const char *path, FILE *mem, char **page,
                                    size_t *len)
{
  char msg[DC_OUTPUT_MSG];
  int err = ferror(mem);

  if (fclose(mem) != 0 || err) {
    free(*page);
    dc_oom_report();
    return DC_EXIT_INTERNAL;
  }
  err = dc_output_write(path, *page ? *page : "", *len, msg, sizeof msg);
  free(*page);
  return err ? output_failed(msg) : DC_EXIT_PASS;
}

/* What the html report's head needs for KaTeX: inlined from the Debian
** install, or referenced with --html-assets.  0, or -1 after a message. */
static int html_head(const struct dc_options *o, struct dc_buf *head)
{
  char msg[DC_OUTPUT_MSG];
  if (o->format != DC_REPORT_HTML)
    return 0;
  if (o->html_assets) {
    dc_katex_link(head, o->html_assets);
    return 0;
  }
  if (dc_katex_inline(head, NULL, msg, sizeof msg) != 0) {
    if (errno == ENOMEM)
      dc_oom_report();
    else
      fprintf(stderr, "derivcheck: error: %s\n", msg);
    return -1;
  }
  return 0;
}

/* --plot-dir names a directory, made when it does not exist yet (one
** level, as mkdir does).  0, or -1 after a message. */
static int plot_dir_ok(const char *dir)
{
  struct stat st;
  if (!dir)
    return 0;
  if (stat(dir, &st) != 0 && mkdir(dir, 0777) != 0 && errno != EEXIST) {
    fprintf(stderr, "derivcheck: error: cannot make the plot directory "
            "'%s': %s\n", dir, strerror(errno));
    return -1;
  }
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) ||
      access(dir, W_OK | X_OK) != 0) {
    fprintf(stderr, "derivcheck: error: cannot write plots to '%s': %s\n",
            dir, S_ISDIR(st.st_mode) ? strerror(errno) : "Not a directory");
    return -1;
  }
  return 0;
}

/* Check every input and write the report and the document; the exit
** status of the whole run.  With keep (--watch), each input's outcome is
** left in keep[i]. */
static enum dc_exit run(const struct dc_options *opts,
                        const struct dc_inputs *in, struct dc_outcome *keep,
                        const char *html_head)
{
  struct run r;
  enum dc_exit status;
  /* The html report to -o: composed in memory, then written atomically
  ** like a document. */
  int html_file = opts->format == DC_REPORT_HTML && opts->output &&
                  opts->emit == DC_EMIT_NONE;
  char *page = NULL;
  size_t page_len = 0;

  run_config(&r, opts);
  r.keep = keep;
  r.cfg.report.html_head = html_head;
  if (html_file && !(r.report_out = open_memstream(&page, &page_len))) {
    dc_oom_report();
    return DC_EXIT_INTERNAL;
  }
  r.report = dc_report_new(r.report_out, &r.cfg.report);
  if (!r.report) {
    dc_oom_report();
    return DC_EXIT_INTERNAL;
  }
  /* A watch runs for hours: its first round shows no indicator. */
  if (!keep)
    dc_progress_start(in->n);
  dc_jobs_run(&r.cfg, in, opts->jobs, deliver, &r);
  dc_progress_stop();
  dc_report_set_status(r.report, r.status);
  dc_report_finish(r.report);
  flush_report(r.report_out);
  if (dc_report_ran_out())
    dc_oom_report();
  status = r.status;
  if (html_file)
    status = dc_exit_worst(status, write_html_file(opts->output, r.report_out,
                                                   &page, &page_len));
  /* A file missing the specs that did not load would look complete when
  ** it is read later: with exit status 2 or 3 nothing is written to -o.
  ** On standard output the reader sees the status, and the document
  ** lists the specs that loaded. */
  if (!opts->output || status == DC_EXIT_PASS ||
      status == DC_EXIT_CHECK_FAILED)
    status = dc_exit_worst(status, write_document(&r));
  dc_buf_free(&r.body);
  free(r.title);
  return status;
}

/* ---- --watch ---- */

/* The inputs of the last round and their outcomes, one each. */
struct watched {
  struct dc_inputs in;
  struct dc_outcome *out;
};

/* One round after a save: the inputs now, and for each the index of its
** outcome in the last round (NONE for a new input). */
#define NONE ((size_t)-1)
struct round {
  struct run *r;
  const struct watched *before;
  struct dc_outcome *next;      /* the outcomes of this round */
  size_t *prev;                 /* per input now: index in before, or NONE */
  size_t *map;                  /* per input checked again: index now */
};

static int same_buf(const struct dc_buf *a, const struct dc_buf *b)
{
  return a->len == b->len && (!a->len || memcmp(a->s, b->s, a->len) == 0);
}

/* An input checked again: its messages and report only when they are not
** what the last round printed. */
static void deliver_changed(void *ctx, size_t k, struct dc_outcome *o)
{
  struct round *w = ctx;
  size_t i = w->map[k];
  const struct dc_outcome *old =
      w->prev[i] == NONE ? NULL : &w->before->out[w->prev[i]];

  if (!old || !same_buf(&old->diags, &o->diags) ||
      !same_buf(&old->report, &o->report)) {
    fwrite(o->diags.s ? o->diags.s : "", 1, o->diags.len, stderr);
    fwrite(o->report.s ? o->report.s : "", 1, o->report.len,
           w->r->report_out);
    flush_report(w->r->report_out);
  }
  w->next[i] = *o;
}

/* The last round's input that is the same as a (a file by its path, a
** chain by its text), not claimed yet; NONE when a is new. */
static size_t find_before(const struct watched *b,
                          const unsigned char *claimed,
                          const struct dc_input *a)
{
  size_t j;
  for (j = 0; j < b->in.n; j++) {
    const struct dc_input *x = &b->in.v[j];
    if (!claimed[j] && x->kind == a->kind && strcmp(x->name, a->name) == 0 &&
        (a->kind == DC_INPUT_FILE || x->text == a->text))
      return j;
  }
  return NONE;
}

/* Rewrite -o from every input's outcome, unless one does not load (the
** same rule as a single run: never a document missing a spec). */
static void rewrite_document(struct run *r, const struct watched *w)
{
  enum dc_exit st = DC_EXIT_PASS;
  size_t i;

  dc_buf_free(&r->body);
  dc_buf_init(&r->body);
  free(r->title);
  r->title = NULL;
  r->nemitted = 0;
  memset(&r->emitted, 0, sizeof r->emitted);
  for (i = 0; i < w->in.n; i++) {
    st = dc_exit_worst(st, w->out[i].status);
    add_to_document(r, &w->out[i]);
  }
  if (st == DC_EXIT_PASS || st == DC_EXIT_CHECK_FAILED)
    write_document(r);
}

static void free_watched(struct watched *w)
{
  size_t i;
  for (i = 0; i < w->in.n; i++)
    dc_outcome_free(&w->out[i]);
  free(w->out);
  dc_inputs_free(&w->in);
}

/* Sort the inputs of now: an unchanged one takes over its outcome of the
** last round; a changed or new one goes into sub, to be checked again. */
static void plan(struct round *rd, struct watched *w,
                 const struct dc_inputs *now, unsigned char *claimed,
                 const struct dc_watch *dw, struct dc_inputs *sub)
{
  size_t i;

  for (i = 0; i < now->n; i++) {
    size_t j = find_before(w, claimed, &now->v[i]);
    rd->prev[i] = j;
    if (j != NONE)
      claimed[j] = 1;
    if (j != NONE && (now->v[i].kind != DC_INPUT_FILE ||
                      !dc_watch_changed(dw, now->v[i].name))) {
      rd->next[i] = w->out[j];
      dc_outcome_init(&w->out[j]);  /* moved: nothing left to free */
    } else {
      rd->map[sub->n] = i;
      sub->v[sub->n++] = now->v[i];
    }
  }
}

/* Check again the inputs of now that changed or are new; keep the other
** outcomes.  Takes over now; -1 when out of memory. */
static int recheck(struct run *r, struct watched *w, struct dc_inputs *now,
                   const struct dc_watch *dw)
{
  struct round rd = { r, w, NULL, NULL, NULL };
  unsigned char *claimed = calloc(w->in.n + 1, 1);
  struct dc_inputs sub;
  size_t n = now->n + 1;
  int rc = -1;

  memset(&sub, 0, sizeof sub);
  rd.next = calloc(n, sizeof *rd.next);
  rd.prev = calloc(n, sizeof *rd.prev);
  rd.map = calloc(n, sizeof *rd.map);
  sub.v = calloc(n, sizeof *sub.v);
  if (claimed && rd.next && rd.prev && rd.map && sub.v) {
    plan(&rd, w, now, claimed, dw, &sub);
    dc_jobs_run(&r->cfg, &sub, r->opts->jobs, deliver_changed, &rd);
    free_watched(w);
    w->in = *now;
    w->out = rd.next;
    rc = 0;
  } else {
    dc_oom_report();
    free(rd.next);
    dc_inputs_free(now);
  }
  free(claimed);
  free(rd.prev);
  free(rd.map);
  free(sub.v);
  return rc;
}

/* --watch: a whole run, then a round after every save, until SIGINT or
** SIGTERM (exit 0: stopping is how a watch ends).  Takes over in. */
static enum dc_exit watch(const struct dc_options *opts,
                          struct dc_inputs *in)
{
  struct watched w = { *in, calloc(in->n + 1, sizeof *w.out) };
  struct dc_watch *dw = w.out ? dc_watch_open() : NULL;
  struct run r;
  int rc = -1;

  if (dw && dc_watch_dirs(dw, &w.in, opts->specs, opts->nspecs) == 0) {
    run(opts, &w.in, w.out, NULL);
    run_config(&r, opts);
    while ((rc = dc_watch_wait(dw)) == 1) {
      struct dc_inputs now;
      /* A folder emptied for a moment is reported; the last round's
      ** inputs stay until it has specs again. */
      if (dc_inputs_expand(&now, (const char *const *)opts->exprs,
                           opts->nexprs, NULL, 0, opts->specs,
                           opts->nspecs) != 0)
        continue;
      if (recheck(&r, &w, &now, dw) != 0 ||
          dc_watch_dirs(dw, &w.in, opts->specs, opts->nspecs) != 0)
        break;
      if (opts->output)
        rewrite_document(&r, &w);
    }
    dc_buf_free(&r.body);
    free(r.title);
  }
  dc_watch_close(dw);
  free_watched(&w);
  return rc == 0 ? DC_EXIT_PASS : DC_EXIT_USAGE;
}

/* Whether the report on stdout could not be written (a closed pipe, a
** full disk): said on stderr, since a verdict nobody read is no verdict. */
static int report_failed(void)
{
  int err;
  errno = 0;
  if (fflush(stdout) == 0 && !ferror(stdout))
    return 0;
  err = report_errno ? report_errno : dc_report_write_errno();
  if (!err)
    err = errno ? errno : EIO;
  fprintf(stderr, "derivcheck: error: error writing the report to standard "
          "output: %s\n", strerror(err));
  return 1;
}

static int run_main(int argc, char **argv)
{
  struct dc_options opts;
  struct dc_inputs in;
  enum dc_exit status;
  struct dc_buf head;

  dc_buf_init(&head);
  dc_stack_init();  /* the top of the stack, for the recursion guard */
  /* A reader that goes away (| head -1) must give EPIPE, reported with
  ** exit status 2, not kill derivcheck by a signal. */
  signal(SIGPIPE, SIG_IGN);
  switch (dc_options_parse(&opts, argc, argv)) {
  case DC_OPTIONS_EXIT_OK:
    dc_options_free(&opts);
    return fflush(stdout) == 0 && !ferror(stdout) ? DC_EXIT_PASS
                                                  : DC_EXIT_INTERNAL;
  case DC_OPTIONS_USAGE:
    dc_options_free(&opts);
    return DC_EXIT_USAGE;
  case DC_OPTIONS_RUN:
    break;
  }
  /* "-o -" is standard output, as usual. */
  if (opts.output && strcmp(opts.output, "-") == 0)
    opts.output = NULL;
  if (dc_inputs_expand(&in, (const char *const *)opts.exprs, opts.nexprs,
                       (const char *const *)opts.derives, opts.nderives,
                       opts.specs, opts.nspecs) != 0 ||
      !output_ok(&opts, &in) || plot_dir_ok(opts.plot_dir) != 0 ||
      dc_plot_reqs_resolve(opts.plots, opts.nplots, &in) != 0 ||
      html_head(&opts, &head) != 0 || head.oom) {
    if (head.oom)
      dc_oom_report();
    dc_buf_free(&head);
    dc_inputs_free(&in);
    dc_options_free(&opts);
    return DC_EXIT_USAGE;
  }
  if (opts.watch) {
    dc_buf_free(&head);
    status = watch(&opts, &in);   /* takes over in */
    dc_options_free(&opts);
    return status;
  }
  status = run(&opts, &in, NULL, head.s);
  dc_buf_free(&head);
  /* A report that could not be written is not a verdict to trust. */
  if (opts.emit == DC_EMIT_NONE && report_failed())
    status = dc_exit_worst(status, DC_EXIT_USAGE);
  dc_inputs_free(&in);
  dc_options_free(&opts);
  return status;
}

int main(int argc, char **argv)
{
  int status;
  dc_oom_install();
  status = run_main(argc, argv);
  dc_oom_release_caches();
  /* Memory that ran out anywhere makes the run an internal error, even
  ** where the code that saw it could only give up (exit status 3). */
  return dc_oom_seen() ? DC_EXIT_INTERNAL : status;
}
