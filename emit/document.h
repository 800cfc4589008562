/*
** document.h: whole documents from a spec: a Markdown post, a standalone
** LaTeX document, and the JSON form of a spec with its verdicts
** (SPEC sections 1 and 5).
**
** The writers append to a dc_buf and never print: the command line decides
** where the bytes go (emit/output.h).  Several specs make one document:
** dc_doc_begin writes the front matter or preamble, dc_doc_spec each spec's
** sections, dc_doc_end closes the document.  The output depends only on the
** specs, so it is byte-for-byte deterministic.
**
** Math blocks (SPEC 5): a block whose chains hold one typeset line in all
** is a plain display; with more lines it is an align environment, the first
** expression of each chain before "& =", the rest of the chain's first line
** joined by " = ", every later line of the chain (dc_element.line_index) a
** continuation "& = ...", rows separated by " \\".
*/
#ifndef DC_DOCUMENT_H
#define DC_DOCUMENT_H

#include "expr/plain.h"
#include "expr/diag.h"
#include "parser/spec.h"
#include "verify/check.h"

enum dc_emit_format {
  DC_EMIT_NONE,
  DC_EMIT_LATEX,
  DC_EMIT_MARKDOWN,
  DC_EMIT_JSON
};

/* ---- Markdown and LaTeX documents ---- */

/* Start a document; title may be NULL (no title line / no \maketitle). */
void dc_doc_begin(struct dc_buf *b, enum dc_emit_format f, const char *title);
/* Append the sections of spec. */
void dc_doc_spec(struct dc_buf *b, enum dc_emit_format f,
                 const struct dc_spec *spec);
/* The same, with warnings about the document (a character in prose that
** pdflatex cannot set) added to diags, which may be NULL. */
void dc_doc_spec_diags(struct dc_buf *b, enum dc_emit_format f,
                       const struct dc_spec *spec, struct dc_diags *diags);
/* Finish the document. */
void dc_doc_end(struct dc_buf *b, enum dc_emit_format f);

/* The rows of one math block, each row's LaTeX without the " \\" that
** separates rows; returns the number of rows (0 for a text block).  The
** caller frees *rows with dc_math_rows_free. */
size_t dc_math_rows(const struct dc_block *blk, char ***rows, int *oom);
void dc_math_rows_free(char **rows, size_t n);

/* The rows of a multi-row math block as an environment env ("align",
** "align*"), rows separated by " \\". */
void dc_align_rows(struct dc_buf *b, char **rows, size_t n, const char *env);

/* What a writer may need besides the text: the spec (its settings), the
** block being written, and where warnings go (may be NULL). */
struct dc_doc_env {
  const struct dc_spec *spec;
  const struct dc_block *blk;
  struct dc_diags *diags;
};

/* What one document format writes for a section title, a text block
** (its text without trailing newlines, len > 0) and a math block's rows;
** dc_doc_sections walks a spec and calls them in order. */
struct dc_doc_style {
  void (*title)(struct dc_buf *b, const char *title);
  void (*text)(struct dc_buf *b, const char *text, size_t len,
               const struct dc_doc_env *env);
  void (*math)(struct dc_buf *b, char **rows, size_t n,
               const struct dc_doc_env *env);
  /* Optional (NULL: nothing): before a spec's sections, before a block's
  ** math; Markdown writes there what derivcheck needs to read the post
  ** back (emit/mdcontext.c). */
  void (*context)(struct dc_buf *b, const struct dc_spec *spec);
  void (*block)(struct dc_buf *b, const struct dc_block *blk);
};
void dc_doc_sections(struct dc_buf *b, const struct dc_spec *spec,
                     const struct dc_doc_style *style,
                     struct dc_diags *diags);

/* Markdown: the post's front matter and the writers of its parts. */
void dc_md_front_matter(struct dc_buf *b, const char *title);
extern const struct dc_doc_style dc_md_style;
/* The spec's symbols, functions and definitions as a context comment,
** "<!-- derivcheck:" ... "-->", that the post reader takes for its
** context (parser/post.h); nothing when the spec declares none. */
void dc_md_context(struct dc_buf *b, const struct dc_spec *spec);
/* "<!-- derivcheck: where {...} wrt x -->" before a block that has where
** names or a wrt; nothing for other blocks. */
void dc_md_block_comment(struct dc_buf *b, const struct dc_block *blk);
/* A section title with Markdown's specials escaped outside $...$ math. */
void dc_md_escape_title(struct dc_buf *b, const char *s);
/* A YAML scalar for the title: plain when YAML reads it back unchanged as
** a string, else double-quoted. */
void dc_md_yaml_scalar(struct dc_buf *b, const char *s);

/* The length of the $...$ or $$...$$ math span at s (s[0] is '$'), the
** delimiters included; 0 when no closing delimiter follows (a lone '$'). */
size_t dc_text_math_span(const char *s);

/* LaTeX: Markdown prose as LaTeX text: outside $...$ math the specials
** \ _ % & # $ { } ~ ^ are escaped, a Markdown backslash escape of a
** punctuation character (\*, \$) becomes that character; math is kept. */
void dc_latex_escape_text(struct dc_buf *b, const char *s);

/* ---- JSON (shared by --emit=json and --format=json) ---- */

/* s as a JSON string: quotes, backslashes and control characters escaped,
** valid UTF-8 passed through, an invalid byte replaced by U+FFFD. */
void dc_json_str(struct dc_buf *b, const char *s);
/* One spec as a JSON object (README.md "JSON"): its settings, sections,
** blocks, chains, elements (expr, source, latex, line, col, typeset_line),
** links with their verdicts, and a summary.  res may be NULL (no links). */
void dc_json_spec(struct dc_buf *b, const struct dc_spec *spec,
                  const struct dc_check_params *params,
                  const struct dc_spec_result *res);
/* A spec that could not be loaded or checked: file, error, diagnostics. */
void dc_json_spec_error(struct dc_buf *b, const char *path, const char *error,
                        const struct dc_diags *diags);

#endif
