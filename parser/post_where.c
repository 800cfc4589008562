/*
** post_where.c: where names for every display of a post.
**
** A context (the front matter's derivcheck: mapping, a context comment or
** --context FILE) may hold a top-level `where:` whose names hold in every
** display block, as if each block's where comment held them too; a
** block's own where names (its comment, or a `blocks:` entry of the
** context) come after them and replace one of the same name.  The
** mapping is written as YAML flow, `where: {yhat: w*x + b}`, or as a
** block mapping of `name: value` lines indented under `where:`.
*/
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "parser/post_int.h"

/* The entries of a flow mapping's inside s[0..n), split at top-level
** commas, each trimmed; calls fn for each. */
static void each_entry(const char *s, size_t n,
                       void (*fn)(const char *, size_t, void *), void *arg)
{
  size_t i, start = 0;
  int depth = 0;
  char quote = 0;

  for (i = 0; i <= n; i++) {
    char c = i < n ? s[i] : ',';
    if (quote) {
      quote = c == quote ? 0 : quote;
      continue;
    }
    if (c == '"' || c == '\'')
      quote = c;
    else if (c == '{' || c == '(' || c == '[')
      depth++;
    else if (c == '}' || c == ')' || c == ']')
      depth--;
    else if (c == ',' && depth == 0) {
      size_t a = start, b = i;
      while (a < b && isspace((unsigned char)s[a]))
        a++;
      while (b > a && isspace((unsigned char)s[b - 1]))
        b--;
      if (b > a)
        fn(s + a, b - a, arg);
      start = i + 1;
    }
  }
}

/* The name of an entry "name: value". */
static size_t entry_name(const char *e, size_t n)
{
  size_t k = 0;
  while (k < n && (isalnum((unsigned char)e[k]) || e[k] == '_'))
    k++;
  return k;
}

struct merge {
  struct dc_buf *out;
  const char *blk;              /* the block's mapping inside, or NULL */
  size_t blen;
  int any;
};

static void find_name(const char *e, size_t n, void *arg)
{
  struct merge *m = arg;
  size_t k = entry_name(e, n);
  if (k && k == m->blen && memcmp(e, m->blk, k) == 0)
    m->any = 1;
}

/* A global entry, unless the block has an entry of the same name. */
static void put_global(const char *e, size_t n, void *arg)
{
  struct merge *m = arg, probe;
  probe.out = NULL;
  probe.blk = e;
  probe.blen = entry_name(e, n);
  probe.any = 0;
  if (m->blk)
    each_entry(m->blk, m->blen, find_name, &probe);
  if (probe.any)
    return;
  if (m->out->len > 1)
    dc_buf_puts(m->out, ", ");
  dc_buf_add(m->out, e, n);
}

char *dc_post_merge_where(const char *global, const char *blk, size_t blen)
{
  struct dc_buf b;
  struct merge m;

  if (!global && !blk)
    return NULL;
  /* Inside the braces of the block's "{...}". */
  if (blk && blen >= 2 && blk[0] == '{' && blk[blen - 1] == '}') {
    blk++;
    blen -= 2;
  }
  dc_buf_init(&b);
  dc_buf_puts(&b, "{");
  m.out = &b;
  m.blk = blk;
  m.blen = blk ? blen : 0;
  m.any = 0;
  if (global)
    each_entry(global + 1, strlen(global) - 2, put_global, &m);
  if (blk && blen) {
    if (b.len > 1)
      dc_buf_puts(&b, ", ");
    dc_buf_add(&b, blk, blen);
  }
  dc_buf_puts(&b, "}");
  if (b.oom) {
    dc_buf_free(&b);
    return NULL;
  }
  return b.s;
}

/* The end of the line at p. */
static char *line_end(char *p)
{
  char *nl = strchr(p, '\n');
  return nl ? nl : p + strlen(p);
}

char *dc_post_take_key(char *text, const char *key, int *flow, int *bad_line)
{
  char *line = text, *p, *e, *end;
  size_t klen = strlen(key);
  struct dc_buf b;
  int lineno = 1;

  *bad_line = 0;
  *flow = 0;
  while (line && *line && !(strncmp(line, key, klen) == 0 &&
                            line[klen] == ':')) {
    p = strchr(line, '\n');
    line = p ? p + 1 : NULL;
    lineno++;
  }
  if (!line || !*line)
    return NULL;
  dc_buf_init(&b);
  end = line_end(line);
  for (p = line + klen + 1; p < end && (*p == ' ' || *p == '\t'); p++)
    ;
  if (p < end && *p == '{') {
    /* Flow: up to the matching brace on this line. */
    for (e = end; e > p && e[-1] != '}'; e--)
      ;
    if (e == p) {
      *bad_line = lineno;
      dc_buf_free(&b);
      return NULL;
    }
    dc_buf_add(&b, p, (size_t)(e - p));
    memset(line, ' ', (size_t)(end - line));
    *flow = 1;
  } else if (p == end || *p == '#') {
    /* Block: the indented lines below, as they are. */
    memset(line, ' ', (size_t)(end - line));
    dc_buf_add(&b, "", 0);
    for (line = *end ? end + 1 : end; *line == ' ' || *line == '\t' ||
         *line == '\n'; line = *end ? end + 1 : end) {
      end = line_end(line);
      dc_buf_add(&b, line, (size_t)(end - line));
      dc_buf_puts(&b, "\n");
      memset(line, ' ', (size_t)(end - line));
      if (!*end)
        break;
    }
  } else {
    *bad_line = lineno;
    dc_buf_free(&b);
    return NULL;
  }
  if (b.oom) {
    dc_buf_free(&b);
    return NULL;
  }
  return b.s;
}

/* The entries of block lines "  name: value\n..." as a flow "{...}". */
static char *block_to_flow(const char *lines)
{
  struct dc_buf b;
  const char *line = lines;
  dc_buf_init(&b);
  dc_buf_puts(&b, "{");
  while (*line) {
    const char *end = strchr(line, '\n');
    size_t a, n = end ? (size_t)(end - line) : strlen(line);
    for (a = 0; a < n && isspace((unsigned char)line[a]); a++)
      ;
    if (a < n && line[a] != '#') {
      if (b.len > 1)
        dc_buf_puts(&b, ", ");
      dc_buf_add(&b, line + a, n - a);
    }
    line += n + (end != NULL);
  }
  dc_buf_puts(&b, "}");
  if (b.oom) {
    dc_buf_free(&b);
    return NULL;
  }
  return b.s;
}

char *dc_post_take_where(char *text, int *bad_line)
{
  int flow;
  char *t = dc_post_take_key(text, "where", &flow, bad_line), *f;
  if (!t || flow)
    return t;
  f = block_to_flow(t);
  free(t);
  return f;
}
