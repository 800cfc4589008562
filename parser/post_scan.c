/*
** post_scan.c: finding the maths of a Markdown post (SPEC section 7,
** "Blocks"): the front matter, display blocks ($$ ... $$, \[ ... \], and
** align, align*, aligned, equation, gather environments outside them),
** and the where comment just before a block.  Fenced code and inline
** $...$ are not maths to check.
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parser/post_int.h"

static int starts(const char *s, size_t n, const char *p)
{
  size_t k = strlen(p);
  return n >= k && memcmp(s, p, k) == 0;
}

/* "> " quoting is no maths: blank it where a line starts with it. */
static void blank_quotes(struct dc_md *md)
{
  size_t i;

  for (i = 0; i < md->nlines; i++) {
    size_t p = md->lines[i];
    while (p < md->len && (md->s[p] == ' ' || md->s[p] == '>')) {
      if (md->s[p] == '>')
        md->s[p] = ' ';
      p++;
    }
  }
}

static int index_lines(struct dc_md *md)
{
  size_t i, n = 1;

  for (i = 0; i < md->len; i++)
    n += md->s[i] == '\n';
  md->lines = malloc(n * sizeof *md->lines);
  if (!md->lines)
    return -1;
  md->lines[0] = 0;
  md->nlines = 1;
  for (i = 0; i < md->len; i++)
    if (md->s[i] == '\n')
      md->lines[md->nlines++] = i + 1;
  return 0;
}

/* The line (0-based) that holds byte off. */
static size_t line_of(const struct dc_md *md, size_t off)
{
  size_t lo = 0, hi = md->nlines;

  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (md->lines[mid] <= off)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

struct dc_pos dc_md_pos(const struct dc_md *md, size_t off)
{
  struct dc_pos p;
  size_t l = line_of(md, off), i;

  p.file = md->path;
  p.line = (int)l + 1;
  p.col = 1;
  for (i = md->lines[l]; i < off && i < md->len; i++)
    if (((unsigned char)md->s[i] & 0xC0) != 0x80)
      p.col++;
  return p;
}

/* A line that is exactly "---" (the front matter's fences). */
static int fence_line(const struct dc_md *md, size_t l)
{
  size_t p = md->lines[l], e = l + 1 < md->nlines ? md->lines[l + 1]
                                                  : md->len;
  while (e > p && (md->s[e - 1] == '\n' || md->s[e - 1] == '\r' ||
                   md->s[e - 1] == ' '))
    e--;
  return e - p == 3 && memcmp(md->s + p, "---", 3) == 0;
}

static void front_matter(struct dc_md *md)
{
  size_t l;

  if (md->nlines < 2 || !fence_line(md, 0))
    return;
  for (l = 1; l < md->nlines; l++)
    if (fence_line(md, l)) {
      md->fm_off = md->lines[1];
      md->fm_len = md->lines[l] - md->lines[1];
      md->body = l + 1 < md->nlines ? md->lines[l + 1] : md->len;
      return;
    }
}

int dc_md_init(struct dc_md *md, const char *path, const char *text,
               size_t len)
{
  memset(md, 0, sizeof *md);
  md->path = path;
  md->s = malloc(len + 1);
  if (!md->s)
    return -1;
  memcpy(md->s, text, len);
  md->s[len] = '\0';
  md->len = len;
  if (index_lines(md) != 0)
    return -1;
  front_matter(md);
  blank_quotes(md);
  return 0;
}

void dc_md_free(struct dc_md *md)
{
  free(md->s);
  free(md->lines);
  memset(md, 0, sizeof *md);
}

/* ---- blocks ---- */

static const char *const envs[] = {
  "align*", "align", "aligned", "equation*", "equation", "gather*",
  "gather", "split", "eqnarray*", "eqnarray", "multline*", "multline"
};

/* The length of "\begin{env}" (or \end) at s when env is a display
** environment, else 0. */
static size_t env_tag(const char *s, size_t n, const char *which)
{
  size_t k = strlen(which), i;

  if (!starts(s, n, which))
    return 0;
  for (i = 0; i < sizeof envs / sizeof envs[0]; i++) {
    size_t e = strlen(envs[i]);
    if (n >= k + e + 2 && s[k] == '{' && memcmp(s + k + 1, envs[i], e) == 0 &&
        s[k + 1 + e] == '}')
      return k + e + 2;
  }
  return 0;
}

/* Blank every \begin{env} and \end{env} of a display environment inside
** [off, end): the rows between are what is read. */
static void blank_envs(struct dc_md *md, size_t off, size_t end)
{
  size_t i, k;

  for (i = off; i < end; i++) {
    if (md->s[i] != '\\')
      continue;
    k = env_tag(md->s + i, end - i, "\\begin");
    if (!k)
      k = env_tag(md->s + i, end - i, "\\end");
    if (k)
      memset(md->s + i, ' ', k);
  }
}

/* A name after "wrt" in s[0..n): its offset and length (0: none). */
static size_t wrt_name(const char *s, size_t n, size_t *len)
{
  size_t i, j;

  for (i = 0; i + 4 < n; i++)
    if (memcmp(s + i, "wrt", 3) == 0 && (s[i + 3] == ' ' || s[i + 3] == ':')) {
      for (j = i + 4; j < n && (s[j] == ' ' || s[j] == ':'); j++)
        ;
      for (i = j; j < n && (isalnum((unsigned char)s[j]) || s[j] == '_'); j++)
        ;
      *len = j - i;
      return i;
    }
  *len = 0;
  return 0;
}

/*
** The comment "<!-- derivcheck: where {...} wrt x -->" on the nearest
** non-blank line before off: the where mapping's "{...}" and the wrt
** name, either of which may be left out.
*/
static void block_comment(const struct dc_md *md, size_t off,
                          struct dc_md_block *b)
{
  static const char head[] = "<!-- derivcheck:";
  size_t l = line_of(md, off), p = 0, e = 0, k, n;
  const char *w, *close, *end;
  int found = 0;

  while (!found && l > 0) {
    l--;
    p = md->lines[l];
    e = md->lines[l + 1];
    while (p < e && (md->s[p] == ' ' || md->s[p] == '\t'))
      p++;
    found = p < e && md->s[p] != '\n' && md->s[p] != '\r';
  }
  if (!found || !starts(md->s + p, e - p, head))
    return;
  end = strstr(md->s + p, "-->");
  if (!end || end > md->s + e)
    return;
  n = (size_t)(end - (md->s + p));
  k = wrt_name(md->s + p, n, &b->wrt_len);
  b->wrt_off = p + k;
  w = strstr(md->s + p, "where");
  if (!w || w > end || !(w = memchr(w, '{', (size_t)(end - w))))
    return;
  for (close = end; close > w && close[-1] != '}'; close--)
    ;
  if (close <= w || (b->wrt_len && b->wrt_off > (size_t)(w - md->s) &&
                     b->wrt_off < (size_t)(close - md->s)))
    return;
  b->where_off = (size_t)(w - md->s);
  b->where_len = (size_t)(close - w);
}

static int push_block(struct dc_md *md, struct dc_md_block **v, size_t *n,
                      size_t *cap, size_t open, size_t off, size_t end)
{
  struct dc_md_block *b;

  if (*n == *cap) {
    size_t c = *cap ? 2 * *cap : 16;
    struct dc_md_block *nv = realloc(*v, c * sizeof *nv);
    if (!nv)
      return -1;
    *v = nv;
    *cap = c;
  }
  b = &(*v)[(*n)++];
  memset(b, 0, sizeof *b);
  b->off = off;
  b->end = end;
  b->line = dc_md_pos(md, open).line;
  block_comment(md, open, b);
  blank_envs(md, off, end);
  return 0;
}

/* Past a fenced code block starting at line start p (``` or ~~~). */
static size_t skip_fence(const struct dc_md *md, size_t p)
{
  char f = md->s[p];
  size_t l = line_of(md, p) + 1;

  for (; l < md->nlines; l++) {
    size_t q = md->lines[l];
    while (q < md->len && md->s[q] == ' ')
      q++;
    if (starts(md->s + q, md->len - q, f == '`' ? "```" : "~~~"))
      return l + 1 < md->nlines ? md->lines[l + 1] : md->len;
  }
  return md->len;
}

static int at_line_start(const struct dc_md *md, size_t i)
{
  while (i > 0 && md->s[i - 1] == ' ')
    i--;
  return i == 0 || md->s[i - 1] == '\n';
}

/* Where the closer `close` is found from i on, or len. */
static size_t find(const struct dc_md *md, size_t i, const char *close)
{
  const char *p = strstr(md->s + i, close);
  return p ? (size_t)(p - md->s) : md->len;
}

/* Past a code span starting at the backtick run at i (CommonMark: it
** ends at the next run of as many backticks); a run with no closer is
** only itself.  `$$` in prose is code, not maths. */
static size_t skip_code_span(const struct dc_md *md, size_t i)
{
  size_t k = 0, j;

  while (i + k < md->len && md->s[i + k] == '`')
    k++;
  for (j = i + k; j < md->len; j++) {
    size_t r = 0;
    if (md->s[j] != '`')
      continue;
    while (j + r < md->len && md->s[j + r] == '`')
      r++;
    if (r == k)
      return j + r;
    j += r - 1;
  }
  return i + k;
}

int dc_md_blocks(struct dc_md *md, struct dc_md_block **out, size_t *n)
{
  size_t i = md->body, cap = 0, k, e;

  *out = NULL;
  *n = 0;
  while (i < md->len) {
    const char *s = md->s + i;
    size_t rest = md->len - i;
    if ((s[0] == '`' || s[0] == '~') && at_line_start(md, i) &&
        (starts(s, rest, "```") || starts(s, rest, "~~~"))) {
      i = skip_fence(md, i);
    } else if (s[0] == '`') {
      i = skip_code_span(md, i);
    } else if (starts(s, rest, "$$")) {
      e = find(md, i + 2, "$$");
      if (push_block(md, out, n, &cap, i, i + 2, e) != 0)
        return -1;
      i = e + 2;
    } else if (s[0] == '$') {            /* inline maths: not read ... */
      size_t j = i + 1;
      e = find(md, i + 1, "$");
      while (j < e && isspace((unsigned char)md->s[j]))
        j++;
      /* ... unless it is a display environment between single dollars
      ** (Obsidian, some Jekyll themes): that is a display block. */
      if (j < e && env_tag(md->s + j, e - j, "\\begin") != 0 &&
          push_block(md, out, n, &cap, i, i + 1, e) != 0)
        return -1;
      i = e + 1;
    } else if (starts(s, rest, "\\[")) {
      e = find(md, i + 2, "\\]");
      if (push_block(md, out, n, &cap, i, i + 2, e) != 0)
        return -1;
      i = e + 2;
    } else if ((k = env_tag(s, rest, "\\begin")) != 0) {
      char close[32];
      snprintf(close, sizeof close, "\\end%.*s", (int)(k - 6), s + 6);
      e = find(md, i + k, close);
      if (push_block(md, out, n, &cap, i, i, e + strlen(close)) != 0)
        return -1;
      i = e + strlen(close);
    } else if (s[0] == '\\' && rest > 1) {
      i += 2;                            /* \$ is a dollar sign */
    } else {
      i++;
    }
  }
  return 0;
}
