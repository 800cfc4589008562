/*
** report_int.h: what the report writers share (emit/report.c for text,
** TAP and JSON; emit/report_ci.c for the CI formats).  Not a public
** interface: only emit/ includes it.
**
** Every writer renders one spec into a "piece" that does not depend on the
** specs before it; emit/report.c joins the pieces (TAP numbers, commas,
** the document around them), so that pieces may be computed in other
** processes (-j) and still give the bytes of a sequential run.
*/
#ifndef DC_REPORT_INT_H
#define DC_REPORT_INT_H

#include "expr/plain.h"
#include "emit/report.h"

/* One link of a spec and where it sits, for the per-format writers. */
struct link_ref {
  const struct dc_spec *spec;
  const struct dc_element *left, *right;
  const struct dc_link_result *res;
  size_t step;                  /* the right-hand element's step number */
};

typedef void (*dc_link_fn)(const struct dc_report_opts *o, struct dc_buf *b,
                           const struct link_ref *l);

/* Call fn for every checked link of spec, in spec order. */
void dc_report_each_link(const struct dc_report_opts *o, struct dc_buf *b,
                         const struct dc_spec *spec,
                         const struct dc_spec_result *res, dc_link_fn fn);

/* "file:line:col", "file" when there is no line, else fallback, else
** "derivcheck". */
void dc_report_put_pos(struct dc_buf *b, struct dc_pos p,
                       const char *fallback);

/* The one-line message of a failing or undetermined link:
** "step 3 does not equal step 2 (line 23)" or "step 3 could not be
** checked: REASON". */
void dc_report_link_message(struct dc_buf *b, const struct link_ref *l);

/* The lines under that message, each indented by two spaces and ending
** in a newline: both expressions, the point, both values. */
void dc_report_link_details(struct dc_buf *b, const struct link_ref *l);
/* The notes of a failing link's diagnosis (simplify/diagnose.h). */
void dc_report_diagnosis(struct dc_buf *b, const struct dc_link_result *lr);

/* The length of the valid UTF-8 sequence at s, or 0 when it is not one
** (shared with emit/json.c's string escaping). */
size_t dc_utf8_len(const unsigned char *s);

/* The CI formats (emit/report_ci.c).  A piece for one spec's links; a
** piece for its diagnostics; a piece for a spec without a result. */
void dc_ci_spec(const struct dc_report_opts *o, struct dc_buf *b,
                const struct dc_spec *spec,
                const struct dc_check_params *params,
                const struct dc_spec_result *res);
void dc_ci_diags(const struct dc_report_opts *o, struct dc_buf *b,
                 const struct dc_diags *diags);
void dc_ci_broken(const struct dc_report_opts *o, struct dc_buf *b,
                  const char *path, const struct dc_diags *diags,
                  const char *what, const char *error);
/* The document around the pieces of JUnit and SARIF, with the totals. */
void dc_ci_begin(const struct dc_report_opts *o, struct dc_buf *b,
                 const struct dc_report_counts *total);
void dc_ci_end(const struct dc_report_opts *o, struct dc_buf *b);

/* The text summary line of one spec (text and github formats). */
void dc_report_text_summary(struct dc_buf *b, const struct dc_spec *spec,
                            const struct dc_check_params *p,
                            const struct dc_spec_result *res);

#endif
