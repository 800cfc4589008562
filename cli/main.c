/*
** main.c: derivcheck's command line: load each spec, check it, report.
**
** This is the only place that prints diagnostics and picks the exit
** status (SPEC section 1): 0 every link passed, 1 a link failed or was
** undetermined, 2 a usage error or a spec that does not load, 3 an
** internal error.  Each spec gets its own context, so one bad spec never
** stops the others from being checked; the status is the most severe one.
** Diagnostics go to stderr, the report to stdout.
**
** With --emit the report goes to stderr and the document to stdout or to
** the -o file.  The document of all the specs is composed in memory while
** they are checked and written at the end, in one go (emit/output.h), so
** a failure never leaves half a document; a spec that does not load (or
** cannot be checked) contributes nothing.  A failing link does not stop the
** document: it is the author's derivation, and the exit status says 1.
** A document that cannot be written is exit 3, like an unwritable report.
*/
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli/options.h"
#include "cli/status.h"
#include "emit/document.h"
#include "emit/output.h"
#include "emit/report.h"
#include "expr/node.h"
#include "expr/plain.h"
#include "parser/spec.h"
#include "verify/check.h"

#define DEFAULT_PRECISION 256
#define DEFAULT_SAMPLES 32
#define DEFAULT_SEED 1

struct run {
  const struct dc_options *opts;
  struct dc_report *report;
  FILE *report_out;             /* stdout, or stderr with --emit */
  int diag_color;               /* colour in diagnostics on stderr */
  /* --emit: the document's body so far, the specs in it, and the title of
  ** the first spec that has one (for the front matter / preamble). */
  struct dc_buf body;
  size_t nemitted;
  char *title;
};

static int use_color(enum dc_color_mode m, FILE *stream)
{
  if (m == DC_COLOR_ALWAYS)
    return 1;
  if (m == DC_COLOR_NEVER)
    return 0;
  return isatty(fileno(stream));
}

/* The settings for one spec: command line, else the spec's check:, else
** the defaults. */
static struct dc_check_params merge_params(const struct dc_options *o,
                                           const struct dc_spec *spec)
{
  struct dc_check_params p;
  const struct dc_check_opts *c = &spec->check;

  p.precision = o->has_precision ? o->precision
                : c->has_precision ? c->precision : DEFAULT_PRECISION;
  p.samples = o->has_samples ? o->samples
              : c->has_samples ? c->samples : DEFAULT_SAMPLES;
  p.seed = o->has_seed ? o->seed : c->has_seed ? c->seed : DEFAULT_SEED;
  return p;
}

/* Add a checked spec to the document being emitted. */
static void emit_spec(struct run *r, const struct dc_spec *spec,
                      const struct dc_check_params *params,
                      const struct dc_spec_result *res)
{
  enum dc_emit_format f = r->opts->emit;

  if (f == DC_EMIT_NONE)
    return;
  if (f == DC_EMIT_JSON) {
    if (r->nemitted)
      dc_buf_puts(&r->body, ",\n");
    dc_json_spec(&r->body, spec, params, res);
  } else {
    if (!r->title && spec->title) {
      r->title = strdup(spec->title);
      if (!r->title)
        r->body.oom = 1;
    }
    dc_doc_spec(&r->body, f, spec);
  }
  r->nemitted++;
}

/* Check a loaded spec and report it; returns its exit status. */
static enum dc_exit check_and_report(struct run *r, struct dc_ctx *ctx,
                                     const struct dc_spec *spec)
{
  struct dc_check_params params = merge_params(r->opts, spec);
  struct dc_spec_result res;
  struct dc_diags diags;
  enum dc_check_status st;
  enum dc_exit status;

  memset(&res, 0, sizeof res);
  dc_diags_init(&diags);
  st = dc_check_spec(ctx, spec, &params, &res, &diags);
  dc_print_diags(stderr, &diags, r->diag_color);
  status = dc_exit_for_check(st, &res);
  if (st == DC_CHECK_OK) {
    dc_report_spec(r->report, spec, &params, &res);
    emit_spec(r, spec, &params, &res);
  } else
    dc_report_check_error(r->report, spec->path, &diags,
                          st == DC_CHECK_INTERNAL);
  /* Flush before the next spec's diagnostics reach stderr, so that a
  ** terminal shows each report next to its own messages. */
  fflush(r->report_out);
  dc_spec_result_free(spec, &res);
  dc_diags_free(&diags);
  return status;
}

/* --derive without --emit: the generated chain in plain syntax, one step
** a line, on standard output. */
static void print_derivation(const struct dc_spec *spec)
{
  const struct dc_block *b = &spec->sections[0].blocks[0];
  size_t i;
  if (b->nchains == 0)
    return;
  for (i = 0; i < b->chains[0].nelems; i++) {
    char *s = dc_plain_string(b->chains[0].elems[i].expr);
    printf("%s%s\n", i ? "  = " : "", s ? s : "?");
    free(s);
  }
}

/* Load, check and report one spec: a file, a chain (-e) or a derive
** expression (--derive).  Returns the spec's exit status. */
static enum dc_exit run_one(struct run *r, const char *path, const char *chain,
                            const char *derive)
{
  struct dc_ctx *ctx = dc_ctx_new();
  struct dc_diags diags;
  struct dc_spec *spec;
  enum dc_exit status;

  if (!ctx) {
    fputs("derivcheck: out of memory\n", stderr);
    return DC_EXIT_INTERNAL;
  }
  dc_diags_init(&diags);
  if (!path)
    path = "<command line>";
  spec = chain ? dc_spec_from_chain(ctx, chain, &diags)
         : derive ? dc_spec_from_derive(ctx, derive, &diags)
                  : dc_spec_load(ctx, path, &diags);
  dc_print_diags(stderr, &diags, r->diag_color);
  if (!spec) {
    /* A load failure with no message would leave the user guessing. */
    if (diags.nerrors == 0)
      fprintf(stderr, "derivcheck: %s: the spec does not load\n", path);
    dc_report_spec_error(r->report, path, &diags);
    status = DC_EXIT_USAGE;
  } else {
    status = check_and_report(r, ctx, spec);
    if (derive && r->opts->emit == DC_EMIT_NONE)
      print_derivation(spec);
  }
  dc_diags_free(&diags);
  dc_ctx_free(ctx);
  return status;
}

/* Check every -e chain, then every SPEC; the most severe status wins. */
static enum dc_exit run_all(struct run *r)
{
  const struct dc_options *o = r->opts;
  enum dc_exit status = DC_EXIT_PASS;
  size_t i;

  for (i = 0; i < o->nexprs; i++)
    status = dc_exit_worst(status, run_one(r, NULL, o->exprs[i], NULL));
  for (i = 0; i < o->nderives; i++)
    status = dc_exit_worst(status, run_one(r, NULL, NULL, o->derives[i]));
  for (i = 0; i < o->nspecs; i++)
    status = dc_exit_worst(status, run_one(r, o->specs[i], NULL, NULL));
  return status;
}

/* The whole document around the body: one JSON object, or an array when
** several specs were given; front matter or preamble for the others. */
static void compose(struct run *r, struct dc_buf *doc)
{
  const struct dc_options *o = r->opts;

  if (o->emit == DC_EMIT_JSON) {
    int array = o->nspecs + o->nexprs + o->nderives > 1;
    dc_buf_puts(doc, array ? "[\n" : "");
    dc_buf_add(doc, r->body.s ? r->body.s : "", r->body.len);
    dc_buf_puts(doc, array ? "\n]\n" : "\n");
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
  const char *path = r->opts->output;
  char msg[DC_OUTPUT_MSG];
  struct dc_buf doc;
  int rc;

  if (r->opts->emit == DC_EMIT_NONE || r->nemitted == 0)
    return DC_EXIT_PASS;
  dc_buf_init(&doc);
  compose(r, &doc);
  if (doc.oom) {
    dc_buf_free(&doc);
    fputs("derivcheck: out of memory while writing the document\n", stderr);
    return DC_EXIT_INTERNAL;
  }
  if (path)
    rc = dc_output_write(path, doc.s, doc.len, msg, sizeof msg);
  else
    rc = dc_output_stream(stdout, "standard output", doc.s, doc.len, msg,
                          sizeof msg);
  dc_buf_free(&doc);
  if (rc != 0) {
    fprintf(stderr, "derivcheck: %s\n", msg);
    return DC_EXIT_INTERNAL;
  }
  return DC_EXIT_PASS;
}

/* -o must name a writable place, and not one of the specs being read
** (the document would replace the spec).  Checked before any work. */
static int output_ok(const struct dc_options *o)
{
  char msg[DC_OUTPUT_MSG];
  struct stat out, in;
  size_t i;

  if (!o->output)
    return 1;
  if (stat(o->output, &out) == 0 && S_ISREG(out.st_mode))
    for (i = 0; i < o->nspecs; i++)
      if (stat(o->specs[i], &in) == 0 && in.st_dev == out.st_dev &&
          in.st_ino == out.st_ino) {
        fprintf(stderr, "derivcheck: -o '%s' is the spec '%s' itself; "
                "refusing to overwrite it\n", o->output, o->specs[i]);
        dc_options_hint(stderr);
        return 0;
      }
  if (dc_output_check(o->output, msg, sizeof msg) != 0) {
    fprintf(stderr, "derivcheck: %s\n", msg);
    return 0;
  }
  return 1;
}

int main(int argc, char **argv)
{
  struct dc_options opts;
  struct dc_report_opts ro;
  struct run r;
  enum dc_exit status;

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
  if (!output_ok(&opts)) {
    dc_options_free(&opts);
    return DC_EXIT_USAGE;
  }
  memset(&r, 0, sizeof r);
  dc_buf_init(&r.body);
  /* Standard output carries the document or the derivation, if any. */
  r.report_out = opts.emit != DC_EMIT_NONE || opts.nderives ? stderr : stdout;
  ro.format = opts.format;
  ro.color = opts.format == DC_REPORT_TEXT && use_color(opts.color,
                                                         r.report_out);
  ro.verbosity = opts.verbosity;
  r.opts = &opts;
  r.diag_color = use_color(opts.color, stderr);
  r.report = dc_report_new(r.report_out, &ro);
  if (!r.report) {
    fputs("derivcheck: out of memory\n", stderr);
    dc_options_free(&opts);
    return DC_EXIT_INTERNAL;
  }
  status = run_all(&r);
  dc_report_finish(r.report);
  fflush(r.report_out);
  status = dc_exit_worst(status, write_document(&r));
  dc_buf_free(&r.body);
  free(r.title);
  /* A report that could not be written is not a verdict to trust. */
  if (opts.emit == DC_EMIT_NONE && (fflush(stdout) != 0 || ferror(stdout))) {
    fputs("derivcheck: error writing the report\n", stderr);
    status = DC_EXIT_INTERNAL;
  }
  dc_options_free(&opts);
  return status;
}
