/*
** diagprint.c: diagnostics printed the way a compiler prints them.
**
**     spec.yaml:3:17: error: 'chains' is empty: ...
**           - chains: []
**                     ^
**
** Each diagnostic with a position is followed by its source line and a
** caret under the column (the line is read again from the file, as GCC
** does, or from a text registered for "<command line>").  Diagnostics are
** sorted by file and position, each note staying after the diagnostic it
** belongs to.  Everything that comes from the input (file names, messages
** quoting names or values, the source line) passes through
** dc_buf_put_printable, so no byte of a spec can drive the terminal.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "emit/document.h"
#include "emit/report.h"
#include "expr/limits.h"

#define ANSI_BOLD "\033[1m"
#define ANSI_RED "\033[1;31m"
#define ANSI_MAGENTA "\033[1;35m"
#define ANSI_CYAN "\033[1;36m"
#define ANSI_GREEN "\033[1;32m"
#define ANSI_RESET "\033[0m"

/* ---- quoting what a terminal would act on ---- */

/* The code point of the UTF-8 sequence at s (n bytes left) and its length
** in *len; -1 with *len = 1 for a byte that starts no valid sequence. */
static long decode(const unsigned char *s, size_t n, size_t *len)
{
  long cp;
  size_t k, want;
  *len = 1;
  if (s[0] < 0x80)
    return s[0];
  if (s[0] >= 0xC2 && s[0] <= 0xDF)
    want = 2, cp = s[0] & 0x1F;
  else if (s[0] >= 0xE0 && s[0] <= 0xEF)
    want = 3, cp = s[0] & 0x0F;
  else if (s[0] >= 0xF0 && s[0] <= 0xF4)
    want = 4, cp = s[0] & 0x07;
  else
    return -1;
  if (want > n)
    return -1;
  for (k = 1; k < want; k++) {
    if ((s[k] & 0xC0) != 0x80)
      return -1;
    cp = (cp << 6) | (s[k] & 0x3F);
  }
  if ((want == 3 && cp < 0x800) || (want == 4 && (cp < 0x10000 ||
      cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
    return -1;
  *len = want;
  return cp;
}

/* Characters that reorder or hide text on a terminal or in an editor:
** the bidirectional controls (the "Trojan Source" ones), line and
** paragraph separators, and the C1 controls. */
static int invisible(long cp)
{
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C || cp == 0x200E ||
         cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

/* How one character of s is shown: its own bytes, or a quoted form in
** out.  Returns the bytes consumed; *shown and *shown_len say what to
** print (a tab is left to the caller). */
static size_t render(const char *s, size_t n, char out[24],
                     const char **shown, size_t *shown_len)
{
  const unsigned char *u = (const unsigned char *)s;
  size_t len;
  long cp = decode(u, n, &len);

  *shown = s;
  *shown_len = len;
  if (cp == '\t')
    return len;
  if (cp < 0 || cp < 0x20 || cp == 0x7F) {
    snprintf(out, 24, "\\x%02x", u[0]);
    *shown = out;
    *shown_len = strlen(out);
  } else if (invisible(cp)) {
    snprintf(out, 24, "U+%04lX", (unsigned long)cp);
    *shown = out;
    *shown_len = strlen(out);
  }
  return len;
}

void dc_buf_put_printable(struct dc_buf *b, const char *s, size_t n)
{
  size_t i = 0;
  while (i < n) {
    char q[24];
    const char *shown;
    size_t shown_len, used = render(s + i, n - i, q, &shown, &shown_len);
    if (s[i] == '\t')
      dc_buf_puts(b, "\\t");
    else
      dc_buf_add(b, shown, shown_len);
    i += used;
  }
}

static void put_printable_str(struct dc_buf *b, const char *s)
{
  if (s)
    dc_buf_put_printable(b, s, strlen(s));
}

/* ---- source lines ---- */

/* One file's text, kept while its diagnostics are printed (they come in
** order, so one entry is enough), and the -e text under its name. */
static struct {
  char *name, *text;
  size_t len;
  int tried;
} cache;
static char *inline_name, *inline_text;
static size_t inline_len;

void dc_diag_source(const char *name, const char *text, size_t len)
{
  free(inline_name);
  free(inline_text);
  inline_name = name && text ? strdup(name) : NULL;
  inline_text = name && text ? malloc(len + 1) : NULL;
  inline_len = inline_text ? len : 0;
  if (inline_text) {
    memcpy(inline_text, text, len);
    inline_text[len] = '\0';
  }
}

/* The file's text, read once; NULL when it cannot be read or is larger
** than a spec may be (the loader refused it then anyway). */
static const char *file_text(const char *name, size_t *len)
{
  FILE *f;
  size_t n;
  if (cache.tried && cache.name && strcmp(cache.name, name) == 0) {
    *len = cache.len;
    return cache.text;
  }
  free(cache.name);
  free(cache.text);
  memset(&cache, 0, sizeof cache);
  cache.tried = 1;
  cache.name = strdup(name);
  f = fopen(name, "rb");
  if (!f || !cache.name) {
    if (f)
      fclose(f);
    return NULL;
  }
  cache.text = malloc(DC_MAX_SPEC_BYTES + 1);
  n = cache.text ? fread(cache.text, 1, DC_MAX_SPEC_BYTES + 1, f) : 0;
  fclose(f);
  if (n > DC_MAX_SPEC_BYTES) {
    free(cache.text);
    cache.text = NULL;
    return NULL;
  }
  cache.len = n;
  /* Columns count from after a UTF-8 byte order mark. */
  if (n >= 3 && memcmp(cache.text, "\xEF\xBB\xBF", 3) == 0) {
    memmove(cache.text, cache.text + 3, n - 3);
    cache.len -= 3;
  }
  *len = cache.len;
  return cache.text;
}

/* Line `line` (1-based) of the source named file: start and length
** without the line break; 0 when there is no such line. */
static int source_line(const char *file, int line, const char **start,
                       size_t *len)
{
  const char *text, *p, *end;
  size_t n;
  int l;
  if (!file || line < 1)
    return 0;
  if (inline_name && strcmp(file, inline_name) == 0) {
    text = inline_text;
    n = inline_len;
  } else {
    text = file_text(file, &n);
  }
  if (!text)
    return 0;
  end = text + n;
  for (p = text, l = 1; l < line; l++) {
    p = memchr(p, '\n', (size_t)(end - p));
    if (!p)
      return 0;
    p++;
  }
  *start = p;
  end = memchr(p, '\n', (size_t)(end - p));
  *len = end ? (size_t)(end - p) : n - (size_t)(p - text);
  if (*len > 0 && p[*len - 1] == '\r')
    (*len)--;
  return 1;
}

/* The source line, then a caret under column col (counted in characters,
** as positions are).  The caret line repeats tabs and pads every other
** character by the width it was printed with. */
static void put_excerpt(struct dc_buf *b, struct dc_pos pos, int color)
{
  const char *line;
  size_t len, i = 0;
  int c = 1;

  if (!source_line(pos.file, pos.line, &line, &len) || len > 4096)
    return;
  dc_buf_puts(b, "  ");
  dc_buf_put_printable(b, line, len);
  dc_buf_puts(b, "\n  ");
  while (i < len && c < pos.col) {
    char q[24];
    const char *shown;
    size_t shown_len, k, pad, used = render(line + i, len - i, q, &shown,
                                            &shown_len);
    if (line[i] == '\t')
      pad = 2;                  /* printed as "\t" */
    else if (shown == q)
      pad = shown_len;          /* printed quoted, as \x1b or U+202E */
    else
      pad = 1;
    for (k = 0; k < pad; k++)
      dc_buf_puts(b, " ");
    i += used;
    c++;
  }
  for (; c < pos.col; c++)
    dc_buf_puts(b, " ");        /* past the end of the line */
  dc_buf_puts(b, color ? ANSI_GREEN "^" ANSI_RESET "\n" : "^\n");
}

/* ---- the messages ---- */

static const char *sev_color(enum dc_severity s)
{
  switch (s) {
  case DC_SEV_ERROR: return ANSI_RED;
  case DC_SEV_WARNING: return ANSI_MAGENTA;
  case DC_SEV_NOTE: return ANSI_CYAN;
  }
  return ANSI_RED;
}

static void put_one(struct dc_buf *b, const struct dc_diag *g, int color)
{
  if (color)
    dc_buf_puts(b, ANSI_BOLD);
  put_printable_str(b, g->pos.file ? g->pos.file : "derivcheck");
  if (g->pos.line > 0)
    dc_buf_printf(b, ":%d:%d", g->pos.line, g->pos.col);
  dc_buf_puts(b, color ? ":" ANSI_RESET " " : ": ");
  if (color)
    dc_buf_puts(b, sev_color(g->sev));
  dc_buf_printf(b, "%s:", dc_severity_word(g->sev));
  if (color)
    dc_buf_puts(b, ANSI_RESET);
  dc_buf_puts(b, " ");
  put_printable_str(b, g->msg);
  dc_buf_puts(b, "\n");
  if (g->pos.line > 0)
    put_excerpt(b, g->pos, color);
}

/* A diagnostic and the notes after it, sorted as one. */
struct group {
  size_t first, n;
};

static const struct dc_diag *sort_base;

static int by_position(const void *x, const void *y)
{
  const struct group *a = x, *b = y;
  const struct dc_pos *p = &sort_base[a->first].pos;
  const struct dc_pos *q = &sort_base[b->first].pos;
  int c = strcmp(p->file ? p->file : "", q->file ? q->file : "");
  if (c)
    return c;
  if (p->line != q->line)
    return p->line < q->line ? -1 : 1;
  if (p->col != q->col)
    return p->col < q->col ? -1 : 1;
  return a->first < b->first ? -1 : a->first > b->first;
}

/* The groups of d in position order; NULL when out of memory (then the
** diagnostics are printed in the order recorded). */
static struct group *sorted_groups(const struct dc_diags *d, size_t *ng)
{
  struct group *g = malloc((d->n ? d->n : 1) * sizeof *g);
  size_t i;
  *ng = 0;
  if (!g)
    return NULL;
  for (i = 0; i < d->n; i++) {
    if (d->v[i].sev == DC_SEV_NOTE && *ng > 0) {
      g[*ng - 1].n++;
      continue;
    }
    g[*ng].first = i;
    g[(*ng)++].n = 1;
  }
  sort_base = d->v;
  qsort(g, *ng, sizeof *g, by_position);
  return g;
}

static void put_more(struct dc_buf *b, size_t more, const char *one,
                     const char *many, int color)
{
  struct dc_diag note;
  if (!more)
    return;
  memset(&note, 0, sizeof note);
  note.sev = DC_SEV_NOTE;
  snprintf(note.msg, sizeof note.msg, "%zu more %s not shown", more,
           more == 1 ? one : many);
  put_one(b, &note, color);
}

void dc_format_diags(struct dc_buf *b, const struct dc_diags *d, int color)
{
  size_t i, k, ng, errors = 0, warnings = 0;
  struct group *g = sorted_groups(d, &ng);

  for (i = 0; i < (g ? ng : d->n); i++)
    for (k = 0; k < (g ? g[i].n : 1); k++) {
      const struct dc_diag *x = &d->v[g ? g[i].first + k : i];
      put_one(b, x, color);
      errors += x->sev == DC_SEV_ERROR;
      warnings += x->sev == DC_SEV_WARNING;
    }
  free(g);
  /* The list keeps only the first ones; say how many more there were. */
  put_more(b, d->nerrors > errors ? d->nerrors - errors : 0, "error",
           "errors", color);
  put_more(b, d->nwarnings > warnings ? d->nwarnings - warnings : 0,
           "warning", "warnings", color);
}

void dc_print_diags(FILE *out, const struct dc_diags *d, int color)
{
  struct dc_buf b;

  dc_buf_init(&b);
  dc_format_diags(&b, d, color);
  if (b.oom)
    fputs("derivcheck: error: out of memory while writing diagnostics\n",
          out);
  else if (b.s)
    fwrite(b.s, 1, b.len, out);
  dc_buf_free(&b);
}
