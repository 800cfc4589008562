/*
** main.c: derivcheck's command line: load each spec, check it, report.
**
** This is the only place that prints diagnostics and picks the exit
** status (SPEC section 1): 0 every link passed, 1 a link failed or was
** undetermined, 2 a usage error or a spec that does not load, 3 an
** internal error.  Each spec gets its own context, so one bad spec never
** stops the others from being checked; the status is the most severe one.
** Diagnostics go to stderr, the report to stdout.
*/
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/options.h"
#include "cli/status.h"
#include "emit/report.h"
#include "expr/node.h"
#include "parser/spec.h"
#include "verify/check.h"

#define DEFAULT_PRECISION 256
#define DEFAULT_SAMPLES 32
#define DEFAULT_SEED 1

struct run {
  const struct dc_options *opts;
  struct dc_report *report;
  int diag_color;               /* colour in diagnostics on stderr */
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
  if (st == DC_CHECK_OK)
    dc_report_spec(r->report, spec, &params, &res);
  else
    dc_report_check_error(r->report, spec->path, &diags,
                          st == DC_CHECK_INTERNAL);
  /* Flush before the next spec's diagnostics reach stderr, so that a
  ** terminal shows each report next to its own messages. */
  fflush(stdout);
  dc_spec_result_free(spec, &res);
  dc_diags_free(&diags);
  return status;
}

/* Load, check and report one spec: a file, or a chain when chain is set.
** Returns the spec's exit status. */
static enum dc_exit run_one(struct run *r, const char *path, const char *chain)
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
  spec = chain ? dc_spec_from_chain(ctx, chain, &diags)
               : dc_spec_load(ctx, path, &diags);
  dc_print_diags(stderr, &diags, r->diag_color);
  if (!spec) {
    /* A load failure with no message would leave the user guessing. */
    if (diags.nerrors == 0)
      fprintf(stderr, "derivcheck: %s: the spec does not load\n",
              chain ? "<command line>" : path);
    dc_report_spec_error(r->report, chain ? "<command line>" : path, &diags);
    status = DC_EXIT_USAGE;
  } else {
    status = check_and_report(r, ctx, spec);
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
    status = dc_exit_worst(status, run_one(r, NULL, o->exprs[i]));
  for (i = 0; i < o->nspecs; i++)
    status = dc_exit_worst(status, run_one(r, o->specs[i], NULL));
  return status;
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
  if (opts.unimplemented) {
    fprintf(stderr, "derivcheck: %s is not implemented yet\n",
            opts.unimplemented);
    dc_options_free(&opts);
    return DC_EXIT_USAGE;
  }
  ro.format = opts.format;
  ro.color = opts.format == DC_REPORT_TEXT && use_color(opts.color, stdout);
  ro.verbosity = opts.verbosity;
  r.opts = &opts;
  r.diag_color = use_color(opts.color, stderr);
  r.report = dc_report_new(stdout, &ro);
  if (!r.report) {
    fputs("derivcheck: out of memory\n", stderr);
    dc_options_free(&opts);
    return DC_EXIT_INTERNAL;
  }
  status = run_all(&r);
  dc_report_finish(r.report);
  dc_options_free(&opts);
  /* A report that could not be written is not a verdict to trust. */
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fputs("derivcheck: error writing the report\n", stderr);
    return DC_EXIT_INTERNAL;
  }
  return status;
}
