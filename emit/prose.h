/*
** prose.h: the Markdown prose of text blocks as LaTeX, for --emit=latex.
**
** The Markdown is parsed and rendered by cmark (CommonMark's reference
** implementation, its LaTeX renderer), so emphasis, links, code, lists and
** paragraphs become \emph, \href, \texttt, itemize ... as any CommonMark
** reader would see them.  Inline $...$ and display $$...$$ math is not
** Markdown: it is taken out before cmark runs and put back, as written,
** afterwards ($$...$$ as \[...\]).  The Markdown emitter does not use this:
** its prose is Markdown already.
**
** pdflatex sets only the characters its input encoding knows (Latin-1,
** Latin Extended-A and typographic punctuation with T1 fonts); Greek
** letters and common mathematical symbols are mapped to their commands
** (σ -> \ensuremath{\sigma}, which works in text and in math); any other
** character is left as it is and reported, at its position in the spec.
*/
#ifndef DC_PROSE_H
#define DC_PROSE_H

#include <stddef.h>
#include "expr/diag.h"
#include "expr/plain.h"

/* Append the LaTeX of Markdown text[0..len).  m (may be NULL) places the
** text in its file; characters pdflatex cannot set that have no command
** are reported to diags (may be NULL) as warnings, once per character. */
void dc_prose_latex(struct dc_buf *b, const char *text, size_t len,
                    const struct dc_srcmap *m, struct dc_diags *diags);

/* Append s[0..n) with the characters that have a command mapped to it
** (\ensuremath{\sigma}); everything else is copied.  The contents of
** verbatim environments are copied unchanged.  s is NUL-terminated (at
** s[n] or later). */
void dc_latex_unicode(struct dc_buf *b, const char *s, size_t n);

/* The command for code point cp ("\\sigma"), or NULL when it has none. */
const char *dc_unicode_command(unsigned long cp);

/* Whether pdflatex with inputenc utf8 and T1 fonts sets cp as it is. */
int dc_unicode_settable(unsigned long cp);

#endif
