/*
** post_context.c: where a post's context comes from (SPEC section 7,
** "Context"): the front matter's derivcheck: mapping, a context comment,
** or a --context file, with their where names (global, per block by line,
** and each display's own comment) taken out of the YAML.
*/
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parser/post_int.h"

char *dc_post_read_file(const char *path, size_t *len, struct dc_diags *d)
{
  struct dc_pos pos = { path, 0, 0 };
  FILE *f = fopen(path, "rb");
  size_t cap = 1 << 16, n = 0, got;
  char *buf;

  if (!f) {
    dc_error(d, pos, "cannot open: %s", strerror(errno));
    return NULL;
  }
  buf = malloc(cap + 1);
  while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      char *b = cap > DC_MAX_SPEC_BYTES ? NULL : realloc(buf, 2 * cap + 1);
      if (!b) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = b;
      cap *= 2;
    }
  }
  fclose(f);
  if (!buf) {
    dc_error(d, pos, "too large or out of memory");
    return NULL;
  }
  buf[n] = '\0';
  *len = n;
  return buf;
}

static int count_lines(const char *s, size_t n)
{
  int k = 0;
  size_t i;
  for (i = 0; i < n; i++)
    k += s[i] == '\n';
  return k + (n > 0 && s[n - 1] != '\n');
}

/* The "{...}" after key in line s[0..n), braces balanced; NULL if none. */
static const char *braced_after(const char *s, size_t n, const char *key,
                                size_t *len)
{
  const char *k = strstr(s, key), *p;
  int depth = 0;

  if (!k || k >= s + n || !(p = memchr(k, '{', (size_t)(s + n - k))))
    return NULL;
  for (k = p; k < s + n; k++) {
    if (*k == '{')
      depth++;
    else if (*k == '}' && --depth == 0) {
      *len = (size_t)(k - p) + 1;
      return p;
    }
  }
  return NULL;
}

/* The name after "wrt:" in line s[0..n), into out. */
static void copy_wrt(const char *s, size_t n, char *out, size_t cap)
{
  const char *w = strstr(s, "wrt:");
  size_t k = 0;

  out[0] = '\0';
  if (!w || w >= s + n)
    return;
  for (w += 4; *w == ' '; w++)
    ;
  while (k + 1 < cap && (isalnum((unsigned char)w[k]) || w[k] == '_'))
    k++;
  memcpy(out, w, k);
  out[k] = '\0';
}

/* Take the `blocks:` key out of a context file's text (blanked, so the
** line numbers stay) into c->at. */
static int take_blocks(struct dc_post_context *c)
{
  char *s = c->text, *line = s;
  int in_blocks = 0;

  while (line && *line) {
    char *nl = strchr(line, '\n');
    size_t n = nl ? (size_t)(nl - line) : strlen(line);
    if (strncmp(line, "blocks:", 7) == 0)
      in_blocks = 1;
    else if (n > 0 && !isspace((unsigned char)line[0]) && line[0] != '-' &&
             line[0] != '#')
      in_blocks = 0;
    if (in_blocks) {
      const char *ln = strstr(line, "line:"), *w;
      size_t wl = 0;
      if (ln && ln < line + n) {
        struct dc_where_at *v = realloc(c->at, (c->nat + 1) * sizeof *v);
        if (!v)
          return -1;
        c->at = v;
        memset(&v[c->nat], 0, sizeof v[c->nat]);
        v[c->nat].line = atoi(ln + 5);
        if ((w = braced_after(line, n, "where:", &wl)) &&
            !(v[c->nat].text = strndup(w, wl)))
          return -1;
        copy_wrt(line, n, v[c->nat].wrt, sizeof v[c->nat].wrt);
        c->nat++;
      }
      memset(line, ' ', n);
    }
    line = nl ? nl + 1 : NULL;
  }
  return 0;
}

/* The front matter's `derivcheck:` mapping, dedented. */
static int from_front_matter(struct dc_post_context *c,
                             const struct dc_md *md)
{
  const char *fm = md->s + md->fm_off, *end = fm + md->fm_len, *p = fm;
  int line = 2, indent = -1;
  struct dc_buf b;

  dc_buf_init(&b);
  dc_buf_add(&b, "", 0);
  c->file = md->path;
  while (p < end && !(strncmp(p, "derivcheck:", 11) == 0 &&
                      strspn(p + 11, " \t") == strcspn(p + 11, "\n#"))) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    p = nl ? nl + 1 : end;
    line++;
  }
  c->line0 = line + 1;
  if (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    for (p = nl ? nl + 1 : end; p < end; p = nl ? nl + 1 : end) {
      size_t n, sp;
      nl = memchr(p, '\n', (size_t)(end - p));
      n = nl ? (size_t)(nl - p) : (size_t)(end - p);
      sp = strspn(p, " ");
      if (sp >= n) {                     /* blank: keep the line */
        dc_buf_puts(&b, "\n");
        continue;
      }
      if (sp == 0)
        break;
      if (indent < 0)
        indent = (int)sp;
      dc_buf_add(&b, p + ((int)sp < indent ? sp : (size_t)indent),
                 n - ((int)sp < indent ? sp : (size_t)indent));
      dc_buf_puts(&b, "\n");
    }
  }
  c->indent = indent < 0 ? 0 : indent;
  if (b.oom)
    return -1;
  c->text = b.s;
  c->len = b.len;
  return 0;
}

/* A context comment in the body: "<!-- derivcheck:" alone on its line,
** the YAML mapping on the lines after it, "-->" on a line of its own (what
** --emit=markdown writes).  0 when there is none. */
static int from_comment(struct dc_post_context *c, const struct dc_md *md)
{
  static const char head[] = "<!-- derivcheck:";
  const char *p = md->s + md->body, *end;

  while ((p = strstr(p, head)) != NULL) {
    const char *q = p + strlen(head);
    q += strspn(q, " \t\r");
    if (*q == '\n' && (p == md->s || p[-1] == '\n'))
      break;
    p = q;
  }
  if (!p || !(end = strstr(p, "\n-->")))
    return 0;
  p = strchr(p, '\n') + 1;
  free(c->text);
  if (!(c->text = strndup(p, (size_t)(end - p) + 1)))
    return -1;
  c->len = (size_t)(end - p) + 1;
  c->line0 = dc_md_pos(md, (size_t)(p - md->s)).line;
  c->indent = 0;
  return 0;
}

int dc_post_context_load(struct dc_post_context *c, const struct dc_md *md,
                         const char *context_path, struct dc_diags *d)
{
  int bad = 0;

  memset(c, 0, sizeof *c);
  if (context_path) {
    c->file = context_path;
    c->line0 = 1;
    if (!(c->text = dc_post_read_file(context_path, &c->len, d)))
      return -1;
  } else if (from_front_matter(c, md) != 0 ||
             (c->len == 0 && from_comment(c, md) != 0)) {
    return -1;
  }
  /* Where names are not spec keys: blocks: and where: are taken out of
  ** every kind of context alike. */
  if (c->text && (take_blocks(c) != 0 ||
                  (!(c->where = dc_post_take_where(c->text, &bad)) && bad))) {
    if (bad) {
      struct dc_pos p = { c->file, c->line0 + bad - 1, 1 + c->indent };
      dc_error(d, p, "'where' must be a mapping of names to expressions, "
               "such as where: {yhat: w*x + b}");
    }
    return -1;
  }
  c->nlines = count_lines(c->text, c->len);
  return 0;
}

void dc_post_context_free(struct dc_post_context *c)
{
  size_t i;
  for (i = 0; i < c->nat; i++)
    free(c->at[i].text);
  free(c->at);
  for (i = 0; i < c->nmerged; i++)
    free(c->merged[i]);
  free(c->merged);
  free(c->where);
  free(c->funcs);
  free(c->text);
}

/* The block's own where mapping: its comment, else the context's entry
** for its line. */
static const char *own_where(const struct dc_md *md,
                             const struct dc_md_block *b,
                             const struct dc_post_context *c, size_t *len)
{
  size_t i;

  if (b->where_len) {
    *len = b->where_len;
    return md->s + b->where_off;
  }
  for (i = 0; i < c->nat; i++)
    if (c->at[i].line == b->line && c->at[i].text) {
      *len = strlen(c->at[i].text);
      return c->at[i].text;
    }
  return NULL;
}

/* Every block's where mapping, the context's where: merged in. */
int dc_post_merge_wheres(struct dc_post_context *c, const struct dc_md *md,
                         const struct dc_md_block *blocks, size_t nb)
{
  size_t bi;

  c->merged = calloc(nb ? nb : 1, sizeof *c->merged);
  if (!c->merged)
    return -1;
  c->nmerged = nb;
  for (bi = 0; bi < nb; bi++) {
    size_t len = 0;
    const char *w = own_where(md, &blocks[bi], c, &len);
    if ((w || c->where) &&
        !(c->merged[bi] = dc_post_merge_where(c->where, w, len)))
      return -1;
  }
  return 0;
}

/* The where mapping of block bi (merge_wheres), or NULL. */
const char *dc_post_block_where(const struct dc_post_context *c, size_t bi,
                                size_t *len)
{
  if (bi >= c->nmerged || !c->merged[bi])
    return NULL;
  *len = strlen(c->merged[bi]);
  return c->merged[bi];
}

/* The wrt name of a block: its comment's, else the context's; NULL. */
const char *dc_post_block_wrt(const struct dc_md *md,
                              const struct dc_md_block *b,
                              const struct dc_post_context *c, size_t *len)
{
  size_t i;

  if (b->wrt_len) {
    *len = b->wrt_len;
    return md->s + b->wrt_off;
  }
  for (i = 0; i < c->nat; i++)
    if (c->at[i].line == b->line && c->at[i].wrt[0]) {
      *len = strlen(c->at[i].wrt);
      return c->at[i].wrt;
    }
  return NULL;
}

