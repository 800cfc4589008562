/*
** report.h: the check report (SPEC sections 1, 4): text, TAP, JSON and
** the CI formats github, junit and sarif.
**
** text: one line per spec on success
**   "specs/bce.yaml: 12 chains, 27 links: 27 passed (256 bits, 32 samples,
**    seed 1)"
** and, before it, a compiler-style message per failing or undetermined
** link at the position of its right-hand element (the left one's position
** in the message), with the counterexample; a total line when more than
** one spec was checked.
** tap: TAP version 13, one test per link, a YAML block on failures that
** TAP::Parser's YAMLish reader (prove) reads; the plan last.
** json: {"version": 1, "specs": [one object per spec], "summary": totals}.
** github: workflow commands (::error file=...,line=...::message).
** junit: JUnit XML, one testsuite per spec, one testcase per link.
** sarif: SARIF 2.1.0, one result per failing link or diagnostic.
** html: one page with every spec typeset and every link marked
**   (emit/html.h).
**
** Two layers.  A piece is the report of one spec alone, rendered without
** knowing the other specs (so another process may render it, for -j);
** dc_report_add joins pieces in input order: TAP numbers, commas, and the
** document around them (json, junit and sarif are written at the end,
** with their totals first).
*/
#ifndef DC_REPORT_H
#define DC_REPORT_H

#include <stdio.h>
#include "expr/plain.h"
#include "parser/spec.h"
#include "verify/check.h"

enum dc_report_format {
  DC_REPORT_TEXT, DC_REPORT_TAP, DC_REPORT_JSON,
  DC_REPORT_GITHUB, DC_REPORT_JUNIT, DC_REPORT_SARIF, DC_REPORT_HTML
};

/* The plot of one failing link (emit/svg.h): the inline SVG for the
** HTML report, and the file it was written to with --plot-dir (or NULL). */
struct dc_link_plot {
  const struct dc_link_result *res;
  char *svg;
  char *file;
};

struct dc_plots {
  struct dc_link_plot *v;
  size_t n;
};

struct dc_skips;                /* parser/post.h */

struct dc_report_opts {
  enum dc_report_format format;
  int color;                    /* ANSI colour in text */
  int verbosity;                /* -1 quiet (failures only), 0, 1 verbose */
  /* html: what goes into <head> to load KaTeX (emit/katex.h). */
  const char *html_head;
  /* The plots of the spec whose piece is being rendered, or NULL. */
  const struct dc_plots *plots;
  /* html: what a post left unread (parser/post.h), sorted by position,
  ** or NULL; each is shown where it stands in the post. */
  const struct dc_skips *skips;
};

/* The plot of the link whose result is res, or NULL. */
const struct dc_link_plot *dc_report_plot_of(const struct dc_report_opts *o,
                                             const struct dc_link_result *res);

/* What one spec (or a whole run) adds up to.  invalid: specs that did not
** load or could not be checked; proved: passed links decided by algebra;
** tests: TAP tests in a piece; skipped: links of posts that were not
** read (the spec's nskipped). */
struct dc_report_counts {
  size_t specs, invalid, chains, links, passed, proved, failed, undetermined;
  size_t skipped;               /* links a post left unchecked */
  size_t skips;                 /* the things skipped (a skip may hold 0
                                ** links: a display that is no chain) */
  size_t tests;
};

/* Add b's counts to a's. */
void dc_report_counts_add(struct dc_report_counts *a,
                          const struct dc_report_counts *b);

/* The totals as a JSON "summary" member (no braces around it):
** "summary":{"ok":...,"specs":N,"invalid":N,"chains":N,...}. */
void dc_json_summary(struct dc_buf *b, const struct dc_report_counts *t);

/* ---- pieces: one spec, rendered alone ---- */

/* The report of one checked spec; adds its counts to c. */
void dc_report_piece_spec(const struct dc_report_opts *o, struct dc_buf *b,
                          const struct dc_spec *spec,
                          const struct dc_check_params *params,
                          const struct dc_spec_result *res,
                          struct dc_report_counts *c);
/* Diagnostics as part of the report: annotations (github) and results
** (sarif); nothing in the other formats, where they go to stderr. */
void dc_report_piece_diags(const struct dc_report_opts *o, struct dc_buf *b,
                           const struct dc_diags *diags);
/* A spec that produced no result: did not load (internal 0, loaded 0),
** could not be checked (loaded 1), or hit an internal error (internal 1).
** Text: nothing (the caller prints the diagnostics); TAP: a failed test;
** JSON: an object with "error"; JUnit: a testcase with an error. */
void dc_report_piece_error(const struct dc_report_opts *o, struct dc_buf *b,
                           const char *path, const struct dc_diags *diags,
                           int loaded, int internal,
                           struct dc_report_counts *c);

/* ---- the report: pieces joined in order ---- */

struct dc_report;

/* A report writing to out. */
struct dc_report *dc_report_new(FILE *out, const struct dc_report_opts *o);
/* Add the next spec's piece (len bytes) and its counts. */
void dc_report_add(struct dc_report *r, const char *piece, size_t len,
                   const struct dc_report_counts *c);
/* The run's exit status, for the reports that show it (html). */
void dc_report_set_status(struct dc_report *r, int status);
/* Finish (total line, TAP plan, the json/junit/sarif document); frees r. */
void dc_report_finish(struct dc_report *r);

/* Convenience: render a piece and add it (one process, in order). */
void dc_report_spec(struct dc_report *r, const struct dc_spec *spec,
                    const struct dc_check_params *params,
                    const struct dc_spec_result *res);
void dc_report_spec_error(struct dc_report *r, const char *path,
                          const struct dc_diags *diags);
void dc_report_check_error(struct dc_report *r, const char *path,
                           const struct dc_diags *diags, int internal);

/* Print diagnostics as "file:line:col: error: message" to b, each
** followed by its source line and a caret under the column, sorted by
** position, with every unprintable character quoted (emit/diagprint.c). */
void dc_format_diags(struct dc_buf *b, const struct dc_diags *d, int color);
/* The same, to out. */
void dc_print_diags(FILE *out, const struct dc_diags *d, int color);

/* The text of the source `name` for excerpts when it is no file (the -e
** chain, "<command line>"; standard input); NULL forgets it. */
void dc_diag_source(const char *name, const char *text, size_t len);

/* Append s[0..n) with what a terminal would act on quoted: control
** characters and bytes that are not UTF-8 as \x1b, bidirectional and C1
** controls as U+202E, a tab as \t. */
struct dc_buf;
void dc_buf_put_printable(struct dc_buf *b, const char *s, size_t n);


/* The errno of the first report or diagnostic write that failed, or 0. */
int dc_report_write_errno(void);

/* Whether a piece of a report ran out of memory and was left out. */
int dc_report_ran_out(void);

#endif
