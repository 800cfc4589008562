/*
** runone.c: one input loaded, checked and rendered (cli/runone.h).
**
** Nothing here prints: diagnostics, the report piece and the document
** piece all go to the outcome's buffers.  Each input gets its own
** context, so one bad spec never stops the others.
*/
#include <config.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/plots.h"
#include "cli/runone.h"
#include "emit/document.h"
#include "emit/report.h"
#include "expr/node.h"
#include "expr/stack.h"
#include "parser/post.h"
#include "parser/spec.h"
#include "verify/check.h"

#define DEFAULT_PRECISION 256
#define DEFAULT_SAMPLES 32
#define DEFAULT_SEED 1

void dc_outcome_init(struct dc_outcome *o)
{
  memset(o, 0, sizeof *o);
  dc_buf_init(&o->diags);
  dc_buf_init(&o->report);
  dc_buf_init(&o->doc);
  dc_buf_init(&o->title);
}

void dc_outcome_free(struct dc_outcome *o)
{
  dc_buf_free(&o->diags);
  dc_buf_free(&o->report);
  dc_buf_free(&o->doc);
  dc_buf_free(&o->title);
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

/* --werror: every warning becomes an error, so that the spec does not
** load (or check); returns whether there was one. */
static int werror(struct dc_diags *d)
{
  size_t i, n = d->nwarnings;
  for (i = 0; i < d->n; i++)
    if (d->v[i].sev == DC_SEV_WARNING) {
      size_t len = strlen(d->v[i].msg);
      d->v[i].sev = DC_SEV_ERROR;
      snprintf(d->v[i].msg + len, sizeof d->v[i].msg - len, " [--werror]");
    }
  d->nerrors += n;
  d->nwarnings = 0;
  return n > 0;
}

/* Diagnostics to the stderr text and, in the CI formats, the report. */
static void take_diags(const struct dc_run_cfg *cfg, struct dc_outcome *out,
                       const struct dc_diags *d)
{
  dc_format_diags(&out->diags, d, cfg->diag_color);
  dc_report_piece_diags(&cfg->report, &out->report, d);
}

/* A LaTeX or Markdown part: its warnings (prose pdflatex cannot set) go
** with the spec's other diagnostics; with --werror they are errors and
** the function returns 1. */
static int emit_document(const struct dc_run_cfg *cfg,
                         struct dc_outcome *out, enum dc_emit_format f,
                         const struct dc_spec *spec)
{
  struct dc_diags diags;
  int failed;

  dc_diags_init(&diags);
  dc_doc_spec_diags(&out->doc, f, spec, &diags);
  failed = cfg->opts->werror && werror(&diags);
  take_diags(cfg, out, &diags);
  dc_diags_free(&diags);
  return failed;
}

/* The spec's part of the document being emitted. */
static void emit_spec(const struct dc_run_cfg *cfg, struct dc_outcome *out,
                      const struct dc_spec *spec,
                      const struct dc_check_params *params,
                      const struct dc_spec_result *res)
{
  enum dc_emit_format f = cfg->opts->emit;

  if (f == DC_EMIT_NONE)
    return;
  dc_stack_clear();
  if (f == DC_EMIT_JSON)
    dc_json_spec(&out->doc, spec, params, res);
  else if (emit_document(cfg, out, f, spec)) {
    /* --werror: a character pdflatex cannot set is an error of the input,
    ** exit 2, and the spec contributes nothing. */
    dc_buf_free(&out->doc);
    dc_buf_init(&out->doc);
    out->status = dc_exit_worst(out->status, DC_EXIT_USAGE);
    return;
  }
  /* A printer that ran out of stack fails the buffer as memory would:
  ** that is an input too deep, exit 2, and the spec contributes nothing. */
  if (out->doc.oom && dc_stack_exhausted()) {
    dc_buf_printf(&out->diags, "derivcheck: error: %s: a formula nests too "
                  "deeply for the stack to be typeset (%zu KiB; see ulimit "
                  "-s)\n", spec->path, dc_stack_limit() >> 10);
    dc_buf_free(&out->doc);
    dc_buf_init(&out->doc);
    out->status = dc_exit_worst(out->status, DC_EXIT_USAGE);
    return;
  }
  if (spec->title) {
    out->has_title = 1;
    dc_buf_puts(&out->title, spec->title);
  }
  out->emitted = 1;
}

/*
** Whether memory ran out while loading or checking (not an arena's
** budget: that is an input too large, reported as such).  Besides the
** flags, errno: a failed malloc sets it to ENOMEM, and code that can only
** give up (a did-you-mean search, libfyaml) leaves it there, so it is
** cleared before each stage and read after it.
*/
static int ran_out(const struct dc_ctx *ctx, const struct dc_diags *d)
{
  return d->oom || (ctx->oom && !ctx->arena.budget_spent) ||
         errno == ENOMEM;
}

void dc_run_oom(const struct dc_run_cfg *cfg, const char *name,
                struct dc_outcome *out)
{
  dc_outcome_init(out);
  dc_buf_puts(&out->diags, "derivcheck: error: out of memory\n");
  dc_report_piece_error(&cfg->report, &out->report, name, NULL, 1, 1,
                        &out->counts);
  out->status = DC_EXIT_INTERNAL;
}

static void check_loaded(const struct dc_run_cfg *cfg, struct dc_ctx *ctx,
                         const struct dc_input *in,
                         const struct dc_spec *spec,
                         const struct dc_skips *skips, struct dc_outcome *out)
{
  struct dc_check_params params = merge_params(cfg->opts, spec);
  struct dc_spec_result res;
  struct dc_diags diags;
  enum dc_check_status st;

  memset(&res, 0, sizeof res);
  dc_diags_init(&diags);
  errno = 0;
  st = dc_check_spec(ctx, spec, &params, &res, &diags);
  if (ran_out(ctx, &diags)) {
    dc_outcome_free(out);
    dc_run_oom(cfg, spec->path, out);
    dc_spec_result_free(spec, &res);
    dc_diags_free(&diags);
    return;
  }
  if (cfg->opts->werror && werror(&diags) && st == DC_CHECK_OK)
    st = DC_CHECK_INPUT;
  take_diags(cfg, out, &diags);
  out->status = dc_exit_for_check(st, &res);
  if (st == DC_CHECK_OK) {
    struct dc_report_opts ro = cfg->report;
    struct dc_plots plots;
    struct dc_plot_pick pick = { cfg->opts, in };
    memset(&plots, 0, sizeof plots);
    ro.skips = skips;
    if (ro.format == DC_REPORT_HTML || cfg->opts->plot_dir) {
      /* A plot that cannot be written, or one asked for where no link
      ** stands, is an error, exit 2. */
      if (dc_plots_make(ctx, spec, &params, &res,
                        ro.format == DC_REPORT_HTML, &pick, &plots,
                        &out->diags) != 0)
        out->status = dc_exit_worst(out->status, DC_EXIT_USAGE);
      ro.plots = &plots;
    }
    dc_report_piece_spec(&ro, &out->report, spec, &params, &res,
                         &out->counts);
    dc_plots_free(&plots);
    emit_spec(cfg, out, spec, &params, &res);
  } else {
    dc_report_piece_error(&cfg->report, &out->report, spec->path, &diags, 1,
                          st == DC_CHECK_INTERNAL, &out->counts);
  }
  dc_spec_result_free(spec, &res);
  dc_diags_free(&diags);
}

/* --derive without --emit: the generated chain in plain syntax, one step
** a line; main() writes it to standard output like a document. */
static void put_derivation(struct dc_outcome *out, const struct dc_spec *spec)
{
  const struct dc_block *b = &spec->sections[0].blocks[0];
  size_t i;
  if (b->nchains == 0)
    return;
  for (i = 0; i < b->chains[0].nelems; i++) {
    if (i)
      dc_buf_puts(&out->doc, "  = ");
    dc_print_plain(&out->doc, b->chains[0].elems[i].expr);
    dc_buf_puts(&out->doc, "\n");
  }
  out->emitted = 1;
}

static int by_place(const void *a, const void *b)
{
  const struct dc_skip *x = a, *y = b;
  if (x->pos.line != y->pos.line)
    return x->pos.line < y->pos.line ? -1 : 1;
  return (x->pos.col > y->pos.col) - (x->pos.col < y->pos.col);
}

/* What a post left unchecked: with -v each skip with its place and
** reason (an excerpt under it), else only the count in the report line. */
static void put_skips(const struct dc_run_cfg *cfg, struct dc_outcome *out,
                      struct dc_skips *skips)
{
  struct dc_diags d;
  size_t i;

  if (cfg->opts->verbosity < 1 || skips->n == 0)
    return;
  dc_diags_init(&d);
  for (i = 0; i < skips->n; i++)
    dc_note(&d, skips->v[i].pos, "skipped (%zu link%s): %s",
            skips->v[i].links, skips->v[i].links == 1 ? "" : "s",
            skips->v[i].reason);
  dc_format_diags(&out->diags, &d, cfg->diag_color);
  dc_diags_free(&d);
}

/* Load one input of any kind. */
static struct dc_spec *load(const struct dc_run_cfg *cfg, struct dc_ctx *ctx,
                            const struct dc_input *in, struct dc_diags *diags,
                            struct dc_skips *skips)
{
  if (in->kind == DC_INPUT_CHAIN)
    return dc_spec_from_chain(ctx, in->text, diags);
  if (in->kind == DC_INPUT_DERIVE)
    return dc_spec_from_derive(ctx, in->text, diags);
  if (in->kind == DC_INPUT_TEXT)
    return dc_spec_load_buffer(ctx, in->name, in->text, in->len, diags);
  if (dc_is_post_path(in->name))
    return dc_post_load(ctx, in->name, cfg->opts->context, diags, skips);
  return dc_spec_load(ctx, in->name, diags);
}

void dc_run_one(const struct dc_run_cfg *cfg, const struct dc_input *in,
                struct dc_outcome *out)
{
  struct dc_skips skips = { NULL, 0, 0 };
  struct dc_ctx *ctx;
  struct dc_diags diags;
  struct dc_spec *spec;

  dc_outcome_init(out);
  ctx = dc_ctx_new();
  if (!ctx) {
    dc_buf_puts(&out->diags, "derivcheck: error: out of memory\n");
    out->status = DC_EXIT_INTERNAL;
    return;
  }
  dc_diags_init(&diags);
  /* Excerpts of texts that are no file (-e, --derive) come from here. */
  if (in->kind == DC_INPUT_FILE)
    dc_diag_source(NULL, NULL, 0);
  else
    dc_diag_source(in->name, in->text, in->kind == DC_INPUT_TEXT
                   ? in->len : strlen(in->text));
  errno = 0;
  spec = load(cfg, ctx, in, &diags, &skips);
  if (ran_out(ctx, &diags)) {
    dc_outcome_free(out);
    dc_run_oom(cfg, in->name, out);
    dc_skips_free(&skips);
    dc_diags_free(&diags);
    dc_ctx_free(ctx);
    return;
  }
  if (spec && cfg->opts->werror && werror(&diags))
    spec = NULL;
  take_diags(cfg, out, &diags);
  /* In the order of the post, for -v and for the html report. */
  if (skips.n)
    qsort(skips.v, skips.n, sizeof *skips.v, by_place);
  put_skips(cfg, out, &skips);
  if (!spec) {
    /* A load failure with no message would leave the user guessing. */
    if (diags.nerrors == 0)
      dc_buf_printf(&out->diags, "derivcheck: error: %s: the spec does not "
                    "load\n",
                    in->name);
    dc_report_piece_error(&cfg->report, &out->report, in->name, &diags, 0, 0,
                          &out->counts);
    out->status = DC_EXIT_USAGE;
  } else {
    check_loaded(cfg, ctx, in, spec, &skips, out);
    if (in->kind == DC_INPUT_DERIVE && cfg->opts->emit == DC_EMIT_NONE)
      put_derivation(out, spec);
  }
  dc_skips_free(&skips);
  dc_diags_free(&diags);
  dc_ctx_free(ctx);
}

void dc_run_lost(const struct dc_run_cfg *cfg, const struct dc_input *in,
                 const char *why, struct dc_outcome *out)
{
  dc_outcome_init(out);
  dc_buf_printf(&out->diags, "derivcheck: %s: internal error: %s\n",
                in->name, why);
  dc_report_piece_error(&cfg->report, &out->report, in->name, NULL, 1, 1,
                        &out->counts);
  out->status = DC_EXIT_INTERNAL;
}
