/*
** post.c: a post becomes a spec (parser/post.h).
**
** The maths is read in a context of its own (the context mapping loaded
** as a spec with one trivial chain), printed in the plain syntax, and
** written out with the context as a YAML spec, one element per line; the
** ordinary loader loads that text, and a table from its lines back to
** the post moves every position home.  So a post means what the same
** chains would mean in a spec, by construction.
*/
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "expr/limits.h"
#include "parser/post_int.h"

int dc_is_post_path(const char *path)
{
  size_t n = strlen(path);
  return (n > 3 && strcmp(path + n - 3, ".md") == 0) ||
         (n > 9 && strcmp(path + n - 9, ".markdown") == 0);
}

/* ---- positions ---- */

struct line_map {
  int yline;
  struct dc_pos pos;
  struct dc_post_elem *elem;    /* the element written there, or NULL */
};

struct gen {
  struct dc_buf y;              /* the YAML */
  int line;                     /* lines written so far */
  struct line_map *map;
  size_t nmap, cap;
  const struct dc_post_context *c;
};

static void put_line(struct gen *g, const char *s)
{
  dc_buf_puts(&g->y, s);
  dc_buf_puts(&g->y, "\n");
  g->line++;
}

/* The next line written comes from pos. */
static int mark(struct gen *g, struct dc_pos pos)
{
  if (g->nmap == g->cap) {
    size_t cap = g->cap ? 2 * g->cap : 64;
    struct line_map *v = realloc(g->map, cap * sizeof *v);
    if (!v)
      return -1;
    g->map = v;
    g->cap = cap;
  }
  g->map[g->nmap].yline = g->line + 1;
  g->map[g->nmap].pos = pos;
  g->map[g->nmap].elem = NULL;
  g->nmap++;
  return 0;
}

/* A position in the generated YAML, moved to where it came from. */
static struct dc_pos home(const struct gen *g, struct dc_pos p)
{
  size_t i, lo, hi;
  struct dc_pos best;

  if (p.line <= 0)
    return p;
  if (p.line <= g->c->nlines) {
    p.file = g->c->file;
    p.line += g->c->line0 - 1;
    p.col += g->c->indent;
    return p;
  }
  if (g->nmap == 0)
    return p;
  /* The last mark at or before the line (marks go by line): a binary
  ** search, as a post of 100,000 rows asks for every row's position. */
  for (lo = 0, hi = g->nmap; hi - lo > 1;) {
    i = lo + (hi - lo) / 2;
    if (g->map[i].yline <= p.line)
      lo = i;
    else
      hi = i;
  }
  best = g->map[lo].pos;
  return best;
}

/* ---- writing the spec ---- */

/* The keys of a where mapping "{a: ..., b: ...}" as extra names. */
static size_t where_names(const char *s, size_t n, char names[][64],
                          size_t cap)
{
  size_t i, k = 0;
  int depth = 0, want = 0;

  for (i = 0; i < n && k < cap; i++) {
    char c = s[i];
    if (c == '{' || c == '(' || c == '[') {
      want = depth == 0 && c == '{';
      depth++;
    } else if (c == '}' || c == ')' || c == ']') {
      depth--;
    } else if (c == ',' && depth == 1) {
      want = 1;
    } else if (want && depth == 1 && (isalnum((unsigned char)c) || c == '_')) {
      size_t j = i;
      while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_'))
        j++;
      if (j - i < 64) {
        memcpy(names[k], s + i, j - i);
        names[k++][j - i] = '\0';
      }
      want = 0;
      i = j - 1;
    }
  }
  return k;
}

/* Record the links of a chain that touch an unreadable element, each
** under the first unreadable element of the link; their count. */
static size_t count_lost(const struct dc_post_chain *c, struct dc_skips *skips)
{
  size_t i, total = 0, *lost = calloc(c->n ? c->n : 1, sizeof *lost);

  if (!lost)
    return 0;
  for (i = 0; i + 1 < c->n; i++)
    if (!c->v[i].expr || !c->v[i + 1].expr)
      lost[c->v[i].expr ? i + 1 : i]++;
  for (i = 0; i < c->n; i++)
    if (!c->v[i].expr && lost[i]) {
      dc_skip_add(skips, c->v[i].pos, lost[i], "%s", c->v[i].reason);
      total += lost[i];
    }
  free(lost);
  return total;
}

/* Emit the runs of two or more readable elements of a chain, each run a
** chain of the spec, each element on a line of its own. */
static int put_chain(struct gen *g, struct dc_post_chain *c)
{
  size_t i, j, k;

  for (i = 0; i < c->n; i = j > i ? j : i + 1) {
    for (j = i; j < c->n && c->v[j].expr; j++)
      ;
    if (j - i < 2)
      continue;
    for (k = i; k < j; k++) {
      char *p = dc_plain_string(c->v[k].expr);
      if (!p || mark(g, c->v[k].pos) != 0) {
        free(p);
        return -1;
      }
      g->map[g->nmap - 1].elem = &c->v[k];
      dc_buf_puts(&g->y, k == i ? "          - - \"" : "            - \"");
      dc_buf_puts(&g->y, p);
      put_line(g, "\"");
      free(p);
    }
  }
  return 0;
}

/* Whether a chain has a readable link. */
static int has_link(const struct dc_post_chain *c)
{
  size_t i;
  for (i = 0; i + 1 < c->n; i++)
    if (c->v[i].expr && c->v[i + 1].expr)
      return 1;
  return 0;
}

/* Diagnostics of the generated YAML, at the places they came from. */
static void move_diags(const struct gen *g, const struct dc_diags *from,
                       struct dc_diags *to)
{
  size_t i;

  for (i = 0; i < from->n; i++) {
    struct dc_pos p = home(g, from->v[i].pos);
    if (from->v[i].sev == DC_SEV_ERROR)
      dc_error(to, p, "%s", from->v[i].msg);
    else if (from->v[i].sev == DC_SEV_WARNING)
      dc_warning(to, p, "%s", from->v[i].msg);
    else
      dc_note(to, p, "%s", from->v[i].msg);
  }
}

static void move_spec(const struct gen *g, struct dc_spec *sp)
{
  size_t i, j, k, m;

  for (i = 0; i < sp->nsections; i++) {
    sp->sections[i].pos = home(g, sp->sections[i].pos);
    for (j = 0; j < sp->sections[i].nblocks; j++) {
      struct dc_block *b = &sp->sections[i].blocks[j];
      b->pos = home(g, b->pos);
      for (k = 0; k < b->nchains; k++) {
        b->chains[k].pos = home(g, b->chains[k].pos);
        for (m = 0; m < b->chains[k].nelems; m++)
          b->chains[k].elems[m].pos = home(g, b->chains[k].elems[m].pos);
      }
    }
  }
}

/*
** The loader refused the spec: an element it names (an ambiguous prime, an
** arity it knows better) is not read after all, with the loader's message
** as the reason.  1 when some element was given up, so the spec is worth
** loading again; 0 when an error lies elsewhere (the context, a where
** comment): the post does not load.
*/
static int give_up_elements(const struct gen *g, const struct dc_diags *d)
{
  size_t i, k;
  int any = 0;

  for (i = 0; i < d->n; i++) {
    struct dc_post_elem *e = NULL;
    if (d->v[i].sev != DC_SEV_ERROR)
      continue;
    for (k = 0; k < g->nmap; k++)
      if (g->map[k].yline == d->v[i].pos.line)
        e = g->map[k].elem;
    if (!e)
      return 0;
    e->expr = NULL;
    snprintf(e->reason, sizeof e->reason, "%.190s", d->v[i].msg);
    any = 1;
  }
  return any;
}

/* The context's names: its text loaded as a spec around a trivial chain,
** in a context of its own (the post's maths is read there). */
static int read_context(struct dc_ctx *rctx, const struct dc_post_context *c,
                        struct dc_diags *diags)
{
  static const char tail[] =
    "\nsections:\n  - blocks:\n      - chains: [\"0 = 0\"]\n";
  struct gen g;
  struct dc_diags d;
  struct dc_buf b;
  int ok;

  memset(&g, 0, sizeof g);
  g.c = c;
  dc_buf_init(&b);
  dc_buf_add(&b, c->text ? c->text : "", c->len);
  if (c->len && c->text[c->len - 1] != '\n')
    dc_buf_puts(&b, "\n");
  if (c->funcs)
    dc_buf_puts(&b, c->funcs);
  dc_buf_puts(&b, tail);
  dc_diags_init(&d);
  ok = !b.oom && dc_spec_load_buffer(rctx, c->file, b.s, b.len, &d) != NULL;
  if (!ok)
    move_diags(&g, &d, diags);
  dc_diags_free(&d);
  dc_buf_free(&b);
  return ok ? 0 : -1;
}

/* Does the context load, with c->funcs, in a scratch context? */
static int context_loads(const struct dc_post_context *c)
{
  struct dc_ctx *x = dc_ctx_new();
  struct dc_diags d;
  int ok;
  if (!x)
    return 0;
  dc_diags_init(&d);
  ok = read_context(x, c, &d) == 0;
  dc_diags_free(&d);
  dc_ctx_free(x);
  return ok;
}

/*
** The functions the post defines in its maths (post_funcs.c) join the
** context's: found with the context's names, their bodies read where
** each name is declared (one body may call another), and the context's
** functions key written again with them.  When that does not load (a
** cycle, f(x) = g(x) with g(x) = f(x)), every one is made ambiguous: its
** calls go unchecked.  A context that does not load is left to the main
** reading to report.  -1 on out-of-memory.
*/
static int define_funcs(struct dc_post_context *c, const struct dc_md *md,
                        const struct dc_md_block *blocks, size_t nb,
                        struct dc_post_funcs *F)
{
  struct dc_ctx *x = dc_ctx_new();
  struct dc_diags d;
  char *saved = NULL, *taken = NULL;
  int flow = 0, bad = 0, rc = 0;
  size_t i;

  if (!x)
    return -1;
  dc_diags_init(&d);
  if (read_context(x, c, &d) != 0)
    goto out;
  dc_post_find_funcs(x, md, blocks, nb, F);
  dc_ctx_free(x);
  x = NULL;
  if (F->n == 0)
    goto out;
  if (c->text && !(saved = strdup(c->text))) {
    rc = -1;
    goto out;
  }
  if (c->text)
    taken = dc_post_take_key(c->text, "functions", &flow, &bad);
  if (bad || !(c->funcs = dc_post_funcs_yaml(F, taken, flow, 1)) ||
      !(x = dc_ctx_new()) || read_context(x, c, &d) != 0) {
    /* our functions do not fit this context: leave it as it was */
    if (saved)
      memcpy(c->text, saved, c->len);
    free(c->funcs);
    c->funcs = NULL;
    dc_post_funcs_free(F);
    goto out;
  }
  dc_post_read_funcs(x, md, F);
  free(c->funcs);
  c->funcs = dc_post_funcs_yaml(F, taken, flow, 0);
  if (c->funcs && !context_loads(c)) {
    for (i = 0; i < F->n; i++)
      F->v[i].ambiguous = 1;
    free(c->funcs);
    c->funcs = dc_post_funcs_yaml(F, taken, flow, 0);
  }
  if (!c->funcs)
    rc = -1;
  c->funcs_pos = dc_md_pos(md, F->v[0].head);
out:
  free(saved);
  free(taken);
  dc_diags_free(&d);
  if (x)
    dc_ctx_free(x);
  return rc;
}

static int read_blocks(struct dc_ctx *rctx, struct dc_md *md,
                       const struct dc_post_context *c,
                       struct dc_md_block *blocks, size_t nb,
                       const struct dc_post_funcs *F,
                       struct dc_post_chains *chains,
                       struct dc_skips *skips, struct dc_diags *diags)
{
  size_t bi;

  for (bi = 0; bi < nb; bi++) {
    char names[32][64];
    const char *extra[32];
    size_t wl = 0, n, i;
    const char *w = dc_post_block_where(c, bi, &wl);
    struct dc_latex_env env;

    n = w ? where_names(w, wl, names, 32) : 0;
    for (i = 0; i < n; i++)
      extra[i] = names[i];
    env.extra = extra;
    env.nextra = n;
    env.renames = NULL;
    env.nrenames = 0;
    if (dc_post_read_block(rctx, md, &blocks[bi], bi, &env, F, chains,
                           skips, diags) != 0)
      return -1;
  }
  return 0;
}

/* The context's functions with the post's own, each line from the first
** definition's row (an error in one is an error in the post's maths). */
static int put_funcs(struct gen *g)
{
  const char *p = g->c->funcs;
  while (*p) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    if (mark(g, g->c->funcs_pos) != 0)
      return -1;
    dc_buf_add(&g->y, p, n);
    put_line(g, "");
    p += n + (nl != NULL);
  }
  return 0;
}

/* Write the spec: the context, then a block per display block with
** chains.  The number of chains written, or -1. */
static long write_spec(struct gen *g, const struct dc_md *md,
                       const struct dc_md_block *blocks, size_t nb,
                       struct dc_post_chains *chains)
{
  size_t bi, k;
  long written = 0;

  dc_buf_free(&g->y);
  dc_buf_init(&g->y);
  g->nmap = 0;
  dc_buf_add(&g->y, g->c->text ? g->c->text : "", g->c->len);
  if (g->c->len && g->c->text[g->c->len - 1] != '\n')
    dc_buf_puts(&g->y, "\n");
  g->line = g->c->nlines;
  if (g->c->funcs && put_funcs(g) != 0)
    return -1;
  put_line(g, "sections:");
  put_line(g, "  - blocks:");
  /* Chains are read block by block: those of block bi start at k. */
  for (bi = 0, k = 0; bi < nb; bi++) {
    size_t wl = 0, tl = 0;
    const char *w = dc_post_block_where(g->c, bi, &wl);
    const char *t = dc_post_block_wrt(md, &blocks[bi], g->c, &tl);
    int any = 0;
    for (; k < chains->n && chains->v[k].block <= bi; k++) {
      if (chains->v[k].block != bi || !has_link(&chains->v[k]))
        continue;
      if (!any) {
        struct dc_pos p = { md->path, blocks[bi].line, 1 };
        if (mark(g, p) != 0)
          return -1;
        put_line(g, "      -");
        if (w) {
          dc_buf_puts(&g->y, "        where: ");
          dc_buf_add(&g->y, w, wl);
          put_line(g, "");
        }
        if (t) {
          dc_buf_puts(&g->y, "        wrt: ");
          dc_buf_add(&g->y, t, tl);
          put_line(g, "");
        }
        put_line(g, "        chains:");
        any = 1;
      }
      if (put_chain(g, &chains->v[k]) != 0)
        return -1;
      written++;
    }
  }
  return g->y.oom ? -1 : written;
}

/* Each block of the spec ends at its display's closing delimiter, or at
** the last element of a chain continued into later displays.  The spec's
** blocks are the displays with a readable link, in order (write_spec). */
static void set_block_ends(struct dc_spec *sp, const struct dc_md *md,
                           const struct dc_md_block *blocks, size_t nb,
                           const struct dc_post_chains *chains)
{
  size_t bi, k, j = 0, c, e;
  struct dc_section *sec = sp->nsections ? &sp->sections[0] : NULL;

  for (bi = 0, k = 0; sec && bi < nb && j < sec->nblocks; bi++) {
    struct dc_block *b = &sec->blocks[j];
    int any = 0;
    for (; k < chains->n && chains->v[k].block <= bi; k++)
      any |= chains->v[k].block == bi && has_link(&chains->v[k]);
    if (!any)
      continue;
    b->end_line = dc_md_pos(md, blocks[bi].end).line;
    for (c = 0; c < b->nchains; c++)
      for (e = 0; e < b->chains[c].nelems; e++)
        if (b->chains[c].elems[e].pos.line > b->end_line)
          b->end_line = b->chains[c].elems[e].pos.line;
    j++;
  }
}

static int by_place(const void *a, const void *b)
{
  const struct dc_skip *x = a, *y = b;
  if (x->pos.line != y->pos.line)
    return x->pos.line < y->pos.line ? -1 : 1;
  return (x->pos.col > y->pos.col) - (x->pos.col < y->pos.col);
}

/* The skips, by place, in the spec (its arena), for the reports. */
static void keep_skips(struct dc_ctx *ctx, struct dc_spec *sp,
                       struct dc_skips *skips)
{
  struct dc_skip *v;
  size_t k;

  if (skips->n == 0)
    return;                     /* v may be NULL: no qsort of it */
  qsort(skips->v, skips->n, sizeof *skips->v, by_place);
  for (k = 0; k < skips->n; k++)
    sp->nskipped += skips->v[k].links;
  if (!(v = dc_arena_alloc(&ctx->arena, skips->n * sizeof *v)))
    return;
  memcpy(v, skips->v, skips->n * sizeof *v);
  sp->skips = v;
  sp->nskips = skips->n;
}

struct dc_spec *dc_post_load_buffer(struct dc_ctx *ctx, const char *path,
                                    const char *text, size_t len,
                                    const char *context_path,
                                    struct dc_diags *diags,
                                    struct dc_skips *skips)
{
  struct dc_pos file = { path, 0, 0 };
  struct dc_md md;
  struct dc_post_context c;
  struct dc_ctx *rctx = dc_ctx_new();
  struct dc_md_block *blocks = NULL;
  struct dc_post_chains chains;
  struct dc_post_funcs funcs;
  struct dc_spec *sp = NULL;
  struct dc_diags ld;
  struct gen g;
  size_t nb = 0, k;
  long nchains = 0;
  int round;

  memset(&chains, 0, sizeof chains);
  memset(&funcs, 0, sizeof funcs);
  memset(&g, 0, sizeof g);
  memset(&c, 0, sizeof c);
  memset(&md, 0, sizeof md);    /* freed below even when never started */
  dc_diags_init(&ld);
  dc_buf_init(&g.y);
  if (!rctx || dc_md_init(&md, path, text, len) != 0) {
    dc_error_oom(diags, file);
    goto out;
  }
  if (dc_post_context_load(&c, &md, context_path, diags) != 0)
    goto out;
  if (dc_md_blocks(&md, &blocks, &nb) != 0 ||
      define_funcs(&c, &md, blocks, nb, &funcs) != 0) {
    dc_error_oom(diags, file);
    goto out;
  }
  if (read_context(rctx, &c, diags) != 0 ||
      dc_post_merge_wheres(&c, &md, blocks, nb) != 0 ||
      read_blocks(rctx, &md, &c, blocks, nb, &funcs, &chains, skips,
                  diags) != 0)
    goto out;
  g.c = &c;
  for (round = 0; round < 16; round++) {
    if ((nchains = write_spec(&g, &md, blocks, nb, &chains)) < 0) {
      dc_error_oom(diags, file);
      goto out;
    }
    if (nchains == 0)
      break;
    dc_diags_free(&ld);
    dc_diags_init(&ld);
    if ((sp = dc_spec_load_buffer(ctx, path, g.y.s, g.y.len, &ld)) != NULL ||
        !give_up_elements(&g, &ld))
      break;
  }
  for (k = 0; k < chains.n; k++)
    count_lost(&chains.v[k], skips);
  if (nchains == 0) {
    struct dc_pos first = { path, 1, 1 };
    dc_error(diags, first, "no chain of equalities could be read from the "
             "post (%zu skipped; -v lists why)", skips->n);
    goto out;
  }
  move_diags(&g, &ld, diags);
  if (sp) {
    move_spec(&g, sp);
    set_block_ends(sp, &md, blocks, nb, &chains);
    keep_skips(ctx, sp, skips);
  }
out:
  dc_diags_free(&ld);
  dc_buf_free(&g.y);
  free(g.map);
  free(blocks);
  dc_post_chains_free(&chains);
  dc_post_funcs_free(&funcs);
  dc_post_context_free(&c);
  dc_md_free(&md);
  if (rctx)
    dc_ctx_free(rctx);
  return sp;
}

struct dc_spec *dc_post_load(struct dc_ctx *ctx, const char *path,
                             const char *context_path,
                             struct dc_diags *diags, struct dc_skips *skips)
{
  size_t len;
  char *text = dc_post_read_file(path, &len, diags);
  struct dc_spec *sp;

  if (!text)
    return NULL;
  sp = dc_post_load_buffer(ctx, path, text, len, context_path, diags, skips);
  free(text);
  return sp;
}
