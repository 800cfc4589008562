/*
** report.h: the check report, in text, TAP or JSON (SPEC sections 1, 4).
**
** text: one line per spec on success
**   "specs/bce.yaml: 12 chains, 27 links: 27 passed (256 bits, 32 samples,
**    seed 1)"
** and, before it, a compiler-style message per failing or undetermined
** link at the position of its right-hand element (the left one's position
** in the message), with the counterexample.
** tap: TAP version 13, one test per link, a YAML diagnostic block on
** failures.  json: an array with one object per spec (see derivcheck.1).
*/
#ifndef DC_REPORT_H
#define DC_REPORT_H

#include <stdio.h>
#include "parser/spec.h"
#include "verify/check.h"

enum dc_report_format { DC_REPORT_TEXT, DC_REPORT_TAP, DC_REPORT_JSON };

struct dc_report_opts {
  enum dc_report_format format;
  int color;                    /* ANSI colour in text */
  int verbosity;                /* -1 quiet (failures only), 0, 1 verbose */
};

struct dc_report;

/* A report writing to out; spec reports follow one another. */
struct dc_report *dc_report_new(FILE *out, const struct dc_report_opts *o);
/* Report one checked spec. */
void dc_report_spec(struct dc_report *r, const struct dc_spec *spec,
                    const struct dc_check_params *params,
                    const struct dc_spec_result *res);
/* Report a spec that did not load (text: nothing; the diagnostics are
** printed by the caller; TAP: a failed test "spec loads"; JSON: an object
** with "error"). */
void dc_report_spec_error(struct dc_report *r, const char *path,
                          const struct dc_diags *diags);
/* Report a spec that loaded but could not be checked (dc_check_spec
** returned DC_CHECK_INPUT, or DC_CHECK_INTERNAL when internal is set):
** like dc_report_spec_error, with its own TAP description and JSON error. */
void dc_report_check_error(struct dc_report *r, const char *path,
                           const struct dc_diags *diags, int internal);
/* Finish (TAP plan, JSON array close); frees r. */
void dc_report_finish(struct dc_report *r);

/* Print diagnostics as "file:line:col: error: message" to out. */
void dc_print_diags(FILE *out, const struct dc_diags *d, int color);

#endif
