/*
** markdown.c: the Markdown post (--emit=markdown), laid out exactly as the
** reference post is: front matter (layout, title, mathjax), "## title" per
** section, text blocks passed through (they are Markdown already), each
** math block between "$$" lines, one blank line between blocks.
**
** Only the section titles and the front-matter title are produced here
** from plain strings, so only they are escaped: the title as a YAML scalar,
** the headings as plain text (math in a title is not typeset).
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

/* A title is plain text, never markup: every character Markdown, HTML or
** MathJax could read as syntax is backslash-escaped, '$' included (a
** title of "$<img onerror=...>$" must not become math or HTML). */
void dc_md_escape_title(struct dc_buf *b, const char *s)
{
  while (s && *s) {
    if (*s == '\n' || *s == '\r') {
      dc_buf_add(b, " ", 1);           /* a heading is one line */
    } else {
      if (strchr("\\*_#[]<>`$&|~!", *s))
        dc_buf_add(b, "\\", 1);
      dc_buf_add(b, s, 1);
    }
    s++;
  }
}

/* A section heading. */
static void md_title(struct dc_buf *b, const char *title)
{
  dc_buf_puts(b, "\n## ");
  dc_md_escape_title(b, title);
  dc_buf_puts(b, "\n");
}

/* A text block: its Markdown as written. */
static void md_text(struct dc_buf *b, const char *text, size_t len,
                    const struct dc_doc_env *env)
{
  dc_buf_puts(b, "\n");
  dc_buf_add(b, text, len);
  dc_buf_puts(b, "\n");
}

/* A math block between $$ lines; several rows make an align. */
/* MathJax numbers no align rows unless configured to, as in the
** reference post. */
static void md_math(struct dc_buf *b, char **rows, size_t n,
                    const struct dc_doc_env *env)
{
  dc_buf_puts(b, "\n$$\n");
  if (n == 1)
    dc_buf_printf(b, "%s\n", rows[0] ? rows[0] : "");
  else
    dc_align_rows(b, rows, n, "align");
  dc_buf_puts(b, "$$\n");
}

const struct dc_doc_style dc_md_style = {
  md_title, md_text, md_math, dc_md_context, dc_md_block_comment
};
