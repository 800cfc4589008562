/*
** html.h: the HTML report (--format=html): one page for the whole run.
**
** At the top the counts and the exit status, then every failing or
** undetermined link, each a link to its step; then per spec its sections
** and blocks as the post shows them (text blocks as plain text with their
** $...$ math, math blocks typeset by KaTeX in the browser), and under each
** math block every link with its verdict (pass, proved, fail,
** undetermined), its position file:line:col, both sides typeset, and for
** a failure the counterexample and the plot (emit/svg.h; other links
** too when plotted on request).  What a post left unread (its skips) is
** marked "skipped" with its position, the links it leaves unchecked, its
** reason and the source line, before the first block below it; the
** summary counts the skipped links.
**
** Everything that comes from a spec is escaped as text: no title, text
** block or expression can open an element or a script.  The page is also
** well-formed XML (scripts and styles in CDATA sections), so tests can
** read it with an XML parser.
**
** Like the other reports it is built from pieces, one per spec (for -j):
** a piece holds the spec's failure-list items, then PIECE_BODY, then its
** section; dc_html_page puts every piece's items first.
*/
#ifndef DC_HTML_H
#define DC_HTML_H

#include "emit/report.h"

/* The piece of one checked spec, and of one that has no result. */
void dc_html_spec(const struct dc_report_opts *o, struct dc_buf *b,
                  const struct dc_spec *spec,
                  const struct dc_check_params *params,
                  const struct dc_spec_result *res);
void dc_html_broken(const struct dc_report_opts *o, struct dc_buf *b,
                    const char *path, const struct dc_diags *diags,
                    const char *error);

/* The page around the pieces (pieces[0..len), joined in order). */
void dc_html_page(const struct dc_report_opts *o, struct dc_buf *b,
                  const char *pieces, size_t len,
                  const struct dc_report_counts *total, int status);

/* s[0..n) as HTML text: & < > " ' as references, an invalid UTF-8 byte
** or a control character other than tab and newline as U+FFFD. */
void dc_html_text(struct dc_buf *b, const char *s, size_t n);

#endif
