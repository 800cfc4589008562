/*
** latexdoc.c: math blocks as rows of LaTeX, the standalone LaTeX document
** (--emit=latex), and the dispatch of dc_doc_* to the LaTeX or Markdown
** writer.
**
** A block's rows come from its chains as the author laid them out
** (dc_element.line_index): SPEC section 5 asks for a plain display when the
** block has one typeset line and an align environment otherwise.  The
** single expressions are typeset by emit/latex.h; this file only arranges
** them and never changes a formula.
**
** The LaTeX document is one an author could submit: displays unnumbered
** (\[ \] and align*) unless the spec says `latex: {number: true}`, prose
** rendered from Markdown by cmark (emit/prose.h), and a preamble that
** compiles with pdflatex (inputenc, T1 fonts) as well as with lualatex
** (xelatex takes the same branch), which needs neither (iftex tells them
** apart).
*/
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "emit/document.h"
#include "emit/latex.h"
#include "emit/prose.h"

/* ---- rows of a math block ---- */

/* The number of typeset lines of a chain: line_index changes between
** lines (the loader numbers them in order). */
static size_t chain_lines(const struct dc_chain *c)
{
  size_t i, n = c->nelems ? 1 : 0;
  for (i = 1; i < c->nelems; i++)
    if (c->elems[i].line_index != c->elems[i - 1].line_index)
      n++;
  return n;
}

/* Append e's LaTeX to b. */
static void put_elem(struct dc_buf *b, const struct dc_element *e)
{
  char *s = dc_latex_string(e->expr);
  if (!s) {
    b->oom = 1;
    return;
  }
  dc_buf_puts(b, s);
  free(s);
}

/* Finish the row in b and store it; a failed allocation sets *oom. */
static void take_row(struct dc_buf *b, char **rows, size_t *n, int *oom)
{
  if (b->oom || !b->s) {
    *oom = 1;
    dc_buf_free(b);
    rows[(*n)++] = NULL;
  } else {
    rows[(*n)++] = b->s;       /* ownership moves to rows */
  }
  dc_buf_init(b);
}

/* The rows of one chain in an align block: the first expression before
** "& =", then the rest of the first line; every later line "& = ...". */
static void chain_rows(const struct dc_chain *c, char **rows, size_t *n,
                       int *oom)
{
  struct dc_buf b;
  size_t i;

  dc_buf_init(&b);
  for (i = 0; i < c->nelems; i++) {
    const struct dc_element *e = &c->elems[i];
    int new_line = i > 0 && e->line_index != c->elems[i - 1].line_index;
    if (new_line) {
      take_row(&b, rows, n, oom);
      dc_buf_puts(&b, "& = ");
    } else if (i == 1) {
      dc_buf_puts(&b, " & = ");
    } else if (i > 1) {
      dc_buf_puts(&b, " = ");
    }
    put_elem(&b, e);
  }
  take_row(&b, rows, n, oom);
}

size_t dc_math_rows(const struct dc_block *blk, char ***rows_out, int *oom)
{
  size_t total = 0, n = 0, c, i;
  char **rows;
  struct dc_buf b;

  *rows_out = NULL;
  if (blk->kind == DC_BLOCK_TEXT)
    return 0;
  for (c = 0; c < blk->nchains; c++)
    total += chain_lines(&blk->chains[c]);
  /* A derive block whose steps were not generated shows what it derives. */
  if (blk->kind == DC_BLOCK_DERIVE && total == 0 && blk->derive.expr)
    total = 1;
  if (total == 0)
    return 0;
  rows = calloc(total, sizeof *rows);
  if (!rows) {
    *oom = 1;
    return 0;
  }
  dc_buf_init(&b);
  if (blk->nchains == 0) {
    put_elem(&b, &blk->derive);
    take_row(&b, rows, &n, oom);
  } else if (total == 1) {
    /* One line in all: a plain display, no alignment point. */
    const struct dc_chain *ch = &blk->chains[0];
    for (c = 0; c < blk->nchains; c++)
      if (blk->chains[c].nelems)
        ch = &blk->chains[c];
    for (i = 0; i < ch->nelems; i++) {
      if (i)
        dc_buf_puts(&b, " = ");
      put_elem(&b, &ch->elems[i]);
    }
    take_row(&b, rows, &n, oom);
  } else {
    for (c = 0; c < blk->nchains; c++)
      if (blk->chains[c].nelems)
        chain_rows(&blk->chains[c], rows, &n, oom);
  }
  *rows_out = rows;
  return n;
}

void dc_math_rows_free(char **rows, size_t n)
{
  size_t i;
  for (i = 0; rows && i < n; i++)
    free(rows[i]);
  free(rows);
}

/* ---- text ---- */

size_t dc_text_math_span(const char *s)
{
  size_t i;

  if (s[0] != '$')
    return 0;
  if (s[1] == '$') {
    for (i = 2; s[i]; i++) {
      if (s[i] == '\\' && s[i + 1]) {
        i++;
        continue;
      }
      if (s[i] == '$' && s[i + 1] == '$')
        return i + 2;
    }
    return 0;
  }
  for (i = 1; s[i]; i++) {
    if (s[i] == '\\' && s[i + 1]) {
      i++;
      continue;
    }
    if (s[i] == '$')
      return i > 1 ? i + 1 : 0;   /* "$$" was handled above */
  }
  return 0;
}

/* One text character, escaped for LaTeX. */
static void latex_char(struct dc_buf *b, char c)
{
  switch (c) {
  case '\\': dc_buf_puts(b, "\\textbackslash{}"); return;
  case '~': dc_buf_puts(b, "\\textasciitilde{}"); return;
  case '^': dc_buf_puts(b, "\\textasciicircum{}"); return;
  case '<': dc_buf_puts(b, "\\textless{}"); return;
  case '>': dc_buf_puts(b, "\\textgreater{}"); return;
  case '|': dc_buf_puts(b, "\\textbar{}"); return;
  case '_': case '%': case '&': case '#': case '$': case '{': case '}':
    dc_buf_add(b, "\\", 1);
    dc_buf_add(b, &c, 1);
    return;
  default:
    dc_buf_add(b, &c, 1);
  }
}

void dc_latex_escape_text(struct dc_buf *b, const char *s)
{
  size_t m;

  while (s && *s) {
    if (*s == '$' && (m = dc_text_math_span(s)) > 0) {
      dc_buf_add(b, s, m);             /* math is already LaTeX */
      s += m;
    } else if (*s == '\\' && s[1] && ispunct((unsigned char)s[1])) {
      latex_char(b, s[1]);             /* a Markdown escape: \* is '*' */
      s += 2;
    } else {
      latex_char(b, *s);
      s++;
    }
  }
}

/* A title: plain text on one line.  Every special is escaped, '$' and
** '\\' included, so a title can never hold live TeX; newlines become
** spaces. */
static void latex_line(struct dc_buf *b, const char *s)
{
  struct dc_buf t;

  dc_buf_init(&t);
  dc_buf_add(&t, "", 0);
  for (; s && *s; s++)
    latex_char(&t, *s == '\n' || *s == '\r' ? ' ' : *s);
  if (t.oom)
    b->oom = 1;
  else
    dc_latex_unicode(b, t.s, t.len);   /* pdflatex has no σ */
  dc_buf_free(&t);
}

/* ---- the LaTeX document ---- */

/* The packages: UTF-8 input and T1 fonts for pdflatex only (lualatex and
** xelatex read UTF-8 and have their own fonts); amssymb for the symbols
** prose may map to (\mathbb); hyperref for cmark's \href and \url (its
** default boxes around links show on screen like a rendering fault, so
** hidelinks), graphicx for its \includegraphics; headings in prose
** unnumbered like the sections. */
static const char latex_preamble[] =
  "\\documentclass{article}\n"
  "\\usepackage{iftex}\n"
  "\\ifPDFTeX\n"
  "\\usepackage[utf8]{inputenc}\n"
  "\\usepackage[T1]{fontenc}\n"
  "\\usepackage{lmodern}\n"
  "\\fi\n"
  "\\usepackage{amsmath}\n"
  "\\usepackage{amssymb}\n"
  "\\usepackage{graphicx}\n"
  "\\usepackage[hidelinks]{hyperref}\n"
  "\\setcounter{secnumdepth}{0}\n";

static void latex_begin(struct dc_buf *b, const char *title)
{
  dc_buf_puts(b, latex_preamble);
  if (title) {
    dc_buf_puts(b, "\\title{");
    latex_line(b, title);
    /* No \today: the same spec gives the same bytes on every day. */
    dc_buf_puts(b, "}\n\\date{}\n");
  }
  dc_buf_puts(b, "\\begin{document}\n");
  if (title)
    dc_buf_puts(b, "\\maketitle\n");
}

/* A math block: \[ ... \] for one row, align* for several; equation and
** align when the spec numbers its displays.  No blank line before it: a
** display belongs to the paragraph it follows. */
static void latex_math(struct dc_buf *b, char **rows, size_t n,
                       const struct dc_doc_env *env)
{
  int number = env->spec && env->spec->latex.number;

  if (n > 1)
    dc_align_rows(b, rows, n, number ? "align" : "align*");
  else if (number)
    dc_buf_printf(b, "\\begin{equation}\n%s\n\\end{equation}\n",
                  rows[0] ? rows[0] : "");
  else
    dc_buf_printf(b, "\\[\n%s\n\\]\n", rows[0] ? rows[0] : "");
}

static void latex_title(struct dc_buf *b, const char *title)
{
  dc_buf_puts(b, "\n\\section*{");
  latex_line(b, title);
  dc_buf_puts(b, "}\n");
}

/* A text block: its Markdown rendered as LaTeX, math kept. */
static void latex_text(struct dc_buf *b, const char *text, size_t len,
                       const struct dc_doc_env *env)
{
  const struct dc_pos *p = env->blk ? &env->blk->text_pos : NULL;
  struct dc_srcmap m;

  if (p && p->line > 0)
    m = (struct dc_srcmap){ p->file, p->line, p->col, p->col - 1 };
  dc_buf_puts(b, "\n");
  dc_prose_latex(b, text, len, p && p->line > 0 ? &m : NULL, env->diags);
  dc_buf_puts(b, "\n");
}

static const struct dc_doc_style latex_style = {
  latex_title, latex_text, latex_math, NULL, NULL
};

void dc_align_rows(struct dc_buf *b, char **rows, size_t n, const char *env)
{
  size_t i;

  dc_buf_printf(b, "\\begin{%s}\n", env);
  for (i = 0; i < n; i++)
    dc_buf_printf(b, "%s%s\n", rows[i] ? rows[i] : "",
                  i + 1 < n ? " \\\\" : "");
  dc_buf_printf(b, "\\end{%s}\n", env);
}

void dc_doc_sections(struct dc_buf *b, const struct dc_spec *spec,
                     const struct dc_doc_style *style,
                     struct dc_diags *diags)
{
  size_t s, k, n;
  char **rows;
  int oom = 0;
  struct dc_doc_env env = { spec, NULL, diags };

  if (style->context)
    style->context(b, spec);
  for (s = 0; s < spec->nsections; s++) {
    const struct dc_section *sec = &spec->sections[s];
    if (sec->title)
      style->title(b, sec->title);
    for (k = 0; k < sec->nblocks; k++) {
      const struct dc_block *blk = &sec->blocks[k];
      env.blk = blk;
      if (blk->kind == DC_BLOCK_TEXT) {
        /* A YAML block scalar ends in newlines; the block ends in one. */
        size_t len = blk->text ? strlen(blk->text) : 0;
        while (len && (blk->text[len - 1] == '\n' ||
                       blk->text[len - 1] == '\r'))
          len--;
        if (len)
          style->text(b, blk->text, len, &env);
        continue;
      }
      n = dc_math_rows(blk, &rows, &oom);
      if (n && style->block)
        style->block(b, blk);
      if (n)
        style->math(b, rows, n, &env);
      dc_math_rows_free(rows, n);
    }
  }
  if (oom)
    b->oom = 1;
}

/* ---- dispatch ---- */

void dc_doc_begin(struct dc_buf *b, enum dc_emit_format f, const char *title)
{
  if (f == DC_EMIT_LATEX)
    latex_begin(b, title);
  else if (f == DC_EMIT_MARKDOWN)
    dc_md_front_matter(b, title);
}

void dc_doc_spec_diags(struct dc_buf *b, enum dc_emit_format f,
                       const struct dc_spec *spec, struct dc_diags *diags)
{
  if (f == DC_EMIT_LATEX)
    dc_doc_sections(b, spec, &latex_style, diags);
  else if (f == DC_EMIT_MARKDOWN)
    dc_doc_sections(b, spec, &dc_md_style, diags);
}

void dc_doc_spec(struct dc_buf *b, enum dc_emit_format f,
                 const struct dc_spec *spec)
{
  dc_doc_spec_diags(b, f, spec, NULL);
}

void dc_doc_end(struct dc_buf *b, enum dc_emit_format f)
{
  if (f == DC_EMIT_LATEX)
    dc_buf_puts(b, "\n\\end{document}\n");
}
