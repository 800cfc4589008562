/*
** runone.h: loading and checking one input, with everything it prints
** kept in memory (an "outcome"), so that it can run in another process
** (-j, cli/jobs.h) and be written later, in input order, by main().
*/
#ifndef DC_CLI_RUNONE_H
#define DC_CLI_RUNONE_H

#include "cli/inputs.h"
#include "cli/options.h"
#include "cli/status.h"
#include "expr/plain.h"
#include "emit/report.h"

struct dc_outcome {
  enum dc_exit status;
  struct dc_report_counts counts;
  struct dc_buf diags;          /* for stderr: the spec's diagnostics */
  struct dc_buf report;         /* the report piece (emit/report.h) */
  struct dc_buf doc;            /* --emit: the spec's part of the document */
  int emitted;                  /* the spec contributes to the document */
  int has_title;
  struct dc_buf title;          /* the spec's title: when has_title */
};

/* What every run of one input needs. */
struct dc_run_cfg {
  const struct dc_options *opts;
  struct dc_report_opts report;
  int diag_color;
};

void dc_outcome_init(struct dc_outcome *o);
void dc_outcome_free(struct dc_outcome *o);

/* Load, check and render one input into out (initialised here). */
void dc_run_one(const struct dc_run_cfg *cfg, const struct dc_input *in,
                struct dc_outcome *out);

/* The outcome of an input for which memory ran out: one message,
** "derivcheck: error: out of memory", and exit status 3, in place of its
** diagnostics (which may be its echoes).  out is initialised here. */
void dc_run_oom(const struct dc_run_cfg *cfg, const char *name,
                struct dc_outcome *out);

/* An outcome for an input whose run was lost (its process died): an
** internal error, reported as such. */
void dc_run_lost(const struct dc_run_cfg *cfg, const struct dc_input *in,
                 const char *why, struct dc_outcome *out);

#endif
