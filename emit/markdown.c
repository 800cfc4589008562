/*
** markdown.c: the Markdown post (--emit=markdown), laid out exactly as the
** reference post is: front matter (layout, title, mathjax), "## title" per
** section, text blocks passed through (they are Markdown already), each
** math block between "$$" lines, one blank line between blocks.
**
** Only the section titles and the front-matter title are produced here
** from plain strings, so only they are escaped: the title as a YAML scalar,
** the headings for Markdown outside $...$ math.
*/
#include <stdlib.h>
#include <string.h>
#include "emit/document.h"

/* ---- the front matter ---- */

/* YAML words that a plain scalar would turn into a boolean or null. */
static int yaml_special_word(const char *s)
{
  static const char *const words[] = {
    "null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"
  };
  size_t i, j;

  for (i = 0; i < sizeof words / sizeof words[0]; i++) {
    const char *w = words[i];
    for (j = 0; s[j] && w[j]; j++) {
      char c = s[j];
      if (c >= 'A' && c <= 'Z')
        c = (char)(c - 'A' + 'a');
      if (c != w[j])
        break;
    }
    if (!s[j] && !w[j])
      return 1;
  }
  return 0;
}

/* Whether YAML reads s back unchanged as a plain string scalar.  The test
** is conservative: anything doubtful is quoted, which is always correct. */
static int yaml_plain_ok(const char *s)
{
  size_t len = strlen(s), i;

  if (len == 0 || s[0] == ' ' || s[len - 1] == ' ' || s[len - 1] == ':')
    return 0;
  /* Indicators, and starts that could read as a number or a date. */
  if (strchr("-?:,[]{}#&*!|>'\"%@`.+0123456789", s[0]))
    return 0;
  if (yaml_special_word(s))
    return 0;
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == 0x7F)
      return 0;
    if (c == ':' && s[i + 1] == ' ')
      return 0;
    if (c == '#' && i > 0 && s[i - 1] == ' ')
      return 0;
  }
  return 1;
}

void dc_md_yaml_scalar(struct dc_buf *b, const char *s)
{
  if (yaml_plain_ok(s)) {
    dc_buf_puts(b, s);
    return;
  }
  dc_buf_add(b, "\"", 1);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      dc_buf_add(b, "\\", 1);
      dc_buf_add(b, s, 1);
    } else if (c == '\n') {
      dc_buf_puts(b, "\\n");
    } else if (c == '\t') {
      dc_buf_puts(b, "\\t");
    } else if (c < 0x20 || c == 0x7F) {
      dc_buf_printf(b, "\\x%02X", c);
    } else {
      dc_buf_add(b, s, 1);
    }
  }
  dc_buf_add(b, "\"", 1);
}

void dc_md_front_matter(struct dc_buf *b, const char *title)
{
  dc_buf_puts(b, "---\nlayout: post\n");
  if (title) {
    dc_buf_puts(b, "title: ");
    dc_md_yaml_scalar(b, title);
    dc_buf_puts(b, "\n");
  }
  dc_buf_puts(b, "mathjax: true\n---\n");
}

/* ---- sections and blocks ---- */

void dc_md_escape_title(struct dc_buf *b, const char *s)
{
  size_t m;

  while (s && *s) {
    if (*s == '$' && (m = dc_text_math_span(s)) > 0) {
      dc_buf_add(b, s, m);             /* MathJax reads it as written */
      s += m;
      continue;
    }
    if (*s == '\n' || *s == '\r') {
      dc_buf_add(b, " ", 1);           /* a heading is one line */
    } else {
      if (strchr("\\*_#[]<>`", *s))
        dc_buf_add(b, "\\", 1);
      dc_buf_add(b, s, 1);
    }
    s++;
  }
}

/* A text block: its Markdown as written, without trailing newlines. */
static void md_text(struct dc_buf *b, const char *text)
{
  size_t len = strlen(text);

  while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
    len--;
  if (!len)
    return;
  dc_buf_puts(b, "\n");
  dc_buf_add(b, text, len);
  dc_buf_puts(b, "\n");
}

/* A math block between $$ lines; several rows make an align. */
static void md_math(struct dc_buf *b, char **rows, size_t n)
{
  size_t i;

  dc_buf_puts(b, "\n$$\n");
  if (n == 1) {
    dc_buf_printf(b, "%s\n$$\n", rows[0] ? rows[0] : "");
    return;
  }
  dc_buf_puts(b, "\\begin{align}\n");
  for (i = 0; i < n; i++)
    dc_buf_printf(b, "%s%s\n", rows[i] ? rows[i] : "",
                  i + 1 < n ? " \\\\" : "");
  dc_buf_puts(b, "\\end{align}\n$$\n");
}

void dc_md_section(struct dc_buf *b, const struct dc_section *sec)
{
  size_t k, n;
  char **rows;
  int oom = 0;

  if (sec->title) {
    dc_buf_puts(b, "\n## ");
    dc_md_escape_title(b, sec->title);
    dc_buf_puts(b, "\n");
  }
  for (k = 0; k < sec->nblocks; k++) {
    const struct dc_block *blk = &sec->blocks[k];
    if (blk->kind == DC_BLOCK_TEXT) {
      if (blk->text)
        md_text(b, blk->text);
      continue;
    }
    n = dc_math_rows(blk, &rows, &oom);
    if (n)
      md_math(b, rows, n);
    dc_math_rows_free(rows, n);
  }
  if (oom)
    b->oom = 1;
}
