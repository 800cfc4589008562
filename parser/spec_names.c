/*
** spec_names.c: what the loader checks about names once expressions parse.
**
**   - a function name used as a variable is an error;
**   - an undeclared name is a free real symbol, but one edit away from a
**     declared or defined name (a swap of two neighbours counts as one
**     edit) it is probably a typo: warn once, with a did-you-mean, at its
**     first use;
**   - definitions, functions and where names must not depend on
**     themselves: the cycle is reported by name ("L -> yhat -> L");
**   - a postfix prime needs a variable: the block's wrt, else the single
**     free symbol of the primed expression.
*/
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parser/spec_int.h"
#include "simplify/expand.h"
#include "expr/stack.h"

static int is_constant(const struct dc_name *n)
{
  return strcmp(n->s, "pi") == 0 || strcmp(n->s, "e") == 0;
}

static int in_where(const struct dc_scope *scope, const struct dc_name *n)
{
  return dc_scope_where(scope, n) != NULL;
}

/*
** Is a probably a typo of b?  One edit apart, but not among very short
** names (x and y are one edit apart and both ordinary), and not when the
** one difference is a digit for a digit (z4 next to z1, z2, z3 is a
** family, not a typo).
*/
static int one_edit(const struct dc_name *a, const struct dc_name *b)
{
  size_t i;
  if (!b || a == b || (a->len < 3 && b->len < 3))
    return 0;
  if (dc_edit_distance(a->s, a->len, b->s, b->len, 1) != 1)
    return 0;
  if (a->len == b->len)
    for (i = 0; i < a->len; i++)
      if (a->s[i] != b->s[i])
        return !(isdigit((unsigned char)a->s[i]) &&
                 isdigit((unsigned char)b->s[i]));
  return 1;
}

/*
** The declared names (symbols, then definitions, then functions) indexed
** for near-miss search: every name once as it is and once with each of
** its bytes deleted.  Two names one edit apart (a substitution, an
** insertion or deletion, or a swap of two neighbours) always share one
** such variant, so a search looks up the variants of the undeclared name
** instead of comparing it with every declared one: linear in the spec,
** where comparing all pairs took 27 s for 20,000 names.
*/
struct near_entry {
  uint32_t hash;
  uint32_t del;                 /* the byte deleted; len for none */
  uint32_t rank;                /* the order of the linear search */
  const struct dc_name *name;
};

struct dc_near {
  struct near_entry *v;         /* open addressing; name NULL = empty */
  size_t cap, n;
};

/* Names longer than this get no did-you-mean: the variants of a name are
** as many as its bytes, and each costs its length to hash. */
#define NEAR_MAX_LEN 64

static uint32_t variant_hash(const struct dc_name *n, size_t del)
{
  uint32_t h = 2166136261u;
  size_t i;
  for (i = 0; i < n->len; i++)
    if (i != del) {
      h ^= (unsigned char)n->s[i];
      h *= 16777619u;
    }
  return h;
}

static int variant_equal(const struct dc_name *a, size_t da,
                         const struct dc_name *b, size_t db)
{
  size_t i = 0, j = 0;
  size_t la = a->len - (da < a->len), lb = b->len - (db < b->len);
  if (la != lb)
    return 0;
  while (i < a->len && j < b->len) {
    if (i == da) {
      i++;
      continue;
    }
    if (j == db) {
      j++;
      continue;
    }
    if (a->s[i++] != b->s[j++])
      return 0;
  }
  return 1;
}

static void near_put(struct dc_near *x, const struct dc_name *n, size_t del,
                     uint32_t rank)
{
  uint32_t h = variant_hash(n, del);
  size_t i = h & (x->cap - 1);
  while (x->v[i].name)
    i = (i + 1) & (x->cap - 1);
  x->v[i].hash = h;
  x->v[i].del = (uint32_t)del;
  x->v[i].rank = rank;
  x->v[i].name = n;
  x->n++;
}

static size_t near_variants(const struct dc_name *n)
{
  return n && n->len <= NEAR_MAX_LEN ? n->len + 1 : 0;
}

static void near_add(struct dc_near *x, const struct dc_name *n,
                     uint32_t rank)
{
  size_t d, k = near_variants(n);
  for (d = 0; d < k; d++)
    near_put(x, n, d, rank);
}

/* An empty index with room for want variants; NULL when out of memory. */
static struct dc_near *near_new(size_t want)
{
  struct dc_near *x = calloc(1, sizeof *x);
  if (!x)
    return NULL;
  for (x->cap = 16; x->cap < 2 * want; x->cap *= 2)
    ;
  x->v = calloc(x->cap, sizeof *x->v);
  if (!x->v) {
    free(x);
    return NULL;
  }
  return x;
}

static void near_drop(struct dc_near *x)
{
  if (x) {
    free(x->v);
    free(x);
  }
}

/* The index of the spec's global names; NULL when out of memory (then
** there is simply no did-you-mean). */
static struct dc_near *near_index(struct loader *ld)
{
  const struct dc_spec *sp = ld->spec;
  struct dc_near *x;
  size_t i, want = 0;
  if (ld->near)
    return ld->near;
  for (i = 0; i < sp->nsymbols; i++)
    want += near_variants(sp->symbols[i].name);
  for (i = 0; i < sp->ndefs; i++)
    want += near_variants(sp->defs[i].name);
  for (i = 0; i < sp->nfuncs; i++)
    want += near_variants(sp->funcs[i].name);
  if (!(x = near_new(want)))
    return NULL;
  for (i = 0; i < sp->nsymbols; i++)
    near_add(x, sp->symbols[i].name, (uint32_t)i);
  for (i = 0; i < sp->ndefs; i++)
    near_add(x, sp->defs[i].name, (uint32_t)(sp->nsymbols + i));
  for (i = 0; i < sp->nfuncs; i++)
    near_add(x, sp->funcs[i].name,
             (uint32_t)(sp->nsymbols + sp->ndefs + i));
  ld->near = x;
  return x;
}

/* The index of one block's where names, kept for the block being loaded
** (blocks are loaded one after the other); NULL when out of memory. */
static struct dc_near *near_where_index(struct loader *ld,
                                        const struct dc_scope *scope)
{
  struct dc_near *x;
  size_t i, want = 0;
  if (ld->near_where && ld->near_scope == scope)
    return ld->near_where;
  near_drop(ld->near_where);
  ld->near_where = NULL;
  for (i = 0; i < scope->nwhere; i++)
    want += near_variants(scope->where[i].name);
  if (!(x = near_new(want)))
    return NULL;
  for (i = 0; i < scope->nwhere; i++)
    near_add(x, scope->where[i].name, (uint32_t)i);
  ld->near_where = x;
  ld->near_scope = scope;
  return x;
}

void dc_spec_near_free(struct loader *ld)
{
  near_drop(ld->near);
  near_drop(ld->near_where);
  ld->near = ld->near_where = NULL;
  ld->near_scope = NULL;
}

/* The first name of index x (by rank) one edit away from n, or NULL. */
static const struct dc_name *near_find(const struct dc_near *x,
                                       const struct dc_name *n)
{
  const struct dc_name *best = NULL;
  uint32_t best_rank = UINT32_MAX;
  size_t d, k = near_variants(n);
  for (d = 0; x && d < k; d++) {
    uint32_t h = variant_hash(n, d);
    size_t i;
    for (i = h & (x->cap - 1); x->v[i].name; i = (i + 1) & (x->cap - 1)) {
      const struct near_entry *e = &x->v[i];
      if (e->hash == h && e->rank < best_rank &&
          variant_equal(n, d, e->name, e->del) && one_edit(n, e->name)) {
        best = e->name;
        best_rank = e->rank;
      }
    }
  }
  return best;
}

/* A where name of the block, else a declared or defined name, one edit
** away from n; NULL when there is none.  A short where list is scanned;
** a long one is indexed like the global names. */
static const struct dc_name *near_miss(struct loader *ld,
                                       const struct dc_scope *scope,
                                       const struct dc_name *n)
{
  const struct dc_name *w = NULL;
  size_t i;
  if (scope && scope->nwhere <= 32) {
    for (i = 0; i < scope->nwhere; i++)
      if (one_edit(n, scope->where[i].name))
        return scope->where[i].name;
  } else if (scope) {
    w = near_find(near_where_index(ld, scope), n);
  }
  return w ? w : near_find(near_index(ld), n);
}

static void warn_undeclared(struct loader *ld, const struct dc_scope *scope,
                            const struct dc_name *n, struct dc_pos pos)
{
  const struct dc_name *near;
  int found;
  if (!ld->warned_ok) {
    if (dc_ptrmap_init(&ld->warned) != 0)
      return;
    ld->warned_ok = 1;
  }
  dc_ptrmap_get(&ld->warned, n, &found);
  if (found)
    return;
  near = near_miss(ld, scope, n);
  if (!near)
    return;
  /* Warn once per name; later uses of the same typo add nothing. */
  if (dc_ptrmap_put(&ld->warned, n, NULL) != 0)
    return;
  dc_warning(ld->diags, pos, "undeclared symbol '%s' (did you mean '%s'?)",
             n->s, near->s);
}

void dc_spec_check_uses(struct loader *ld, const struct dc_scope *scope,
                        const struct dc_func *func,
                        const struct dc_spec_parse *p)
{
  size_t i;
  int k;
  for (i = 0; i < p->out.nuses; i++) {
    const struct dc_name *n = p->out.uses[i].name;
    struct dc_pos pos = dc_spec_parsed_pos(ld, p, p->out.uses[i].off);
    int param = 0;
    if (!n)
      continue;
    for (k = 0; func && k < func->nparams; k++)
      param |= func->params[k] == n;
    if (param)
      continue;
    if (n->func || n->builtin >= 0) {
      dc_error(ld->diags, pos,
               "'%s' is a function, not a variable: call it as %s(...)",
               n->s, n->s);
      continue;
    }
    if (p->out.uses[i].diff_var && is_constant(n) && !in_where(scope, n) &&
        !n->def && !n->sym) {
      dc_error(ld->diags, pos, "cannot differentiate by the constant %s: "
               "the variable of a derivative must be a symbol", n->s);
      continue;
    }
    if (in_where(scope, n) || n->def || n->sym || is_constant(n))
      continue;
    warn_undeclared(ld, scope, n, pos);
  }
}

/* --- cycles --- */

enum { G_DEF, G_FUNC, G_WHERE };

struct gitem {
  const struct dc_name *name;
  const struct dc_node *expr;
  struct dc_pos pos;
  int kind;
  size_t *adj, nadj, adjcap;
  int adj_done, color;          /* 0 unvisited, 1 on the path, 2 done */
};

struct graph {
  struct loader *ld;
  struct gitem *items;
  size_t n;
  struct dc_ptrmap index;       /* name (or func) -> item index + 1 */
  int follow_calls;
  int oom;
};

static int add_item(struct graph *g, const void *key,
                    const struct dc_name *name, const struct dc_node *expr,
                    struct dc_pos pos, int kind)
{
  int found;
  struct gitem *it;
  dc_ptrmap_get(&g->index, key, &found);
  if (found || !name)
    return 0;                   /* shadowed, or a name that failed to load */
  it = &g->items[g->n];
  memset(it, 0, sizeof *it);
  it->name = name;
  it->expr = expr;
  it->pos = pos;
  it->kind = kind;
  if (dc_ptrmap_put(&g->index, key, (void *)(g->n + 1)) != 0)
    return -1;
  g->n++;
  return 0;
}

static void add_edge(struct graph *g, struct gitem *it, const void *key)
{
  int found;
  void *v = dc_ptrmap_get(&g->index, key, &found);
  if (!found)
    return;
  if (dc_reserve(&it->adj, &it->adjcap, it->nadj, sizeof *it->adj)) {
    g->oom = 1;
    return;
  }
  it->adj[it->nadj++] = (size_t)v - 1;
}

/* The items expression e refers to: names (where names shadow
** definitions through the index) and, for the global graph, functions. */
static void collect_edges(struct graph *g, struct gitem *it,
                          const struct dc_node *e)
{
  uint16_t i;
  if (!e || g->oom)
    return;
  if (dc_stack_low()) {         /* reported by graph_failed() */
    g->oom = 1;
    return;
  }
  if (e->kind == DC_NAME)
    add_edge(g, it, e->name);
  else if (e->kind == DC_CALL && g->follow_calls && e->name->func)
    add_edge(g, it, e->name->func);
  for (i = 0; i < e->nargs; i++)
    collect_edges(g, it, e->a[i]);
}

/* The cycle search stopped: a walk ran out of stack (an expression too
** deep for it) or memory ran out. */
static void graph_failed(struct loader *ld, struct dc_pos pos)
{
  if (dc_stack_exhausted())
    dc_error(ld->diags, pos, "expression nests too deeply for the stack "
             "(%zu KiB; see ulimit -s)", dc_stack_limit() >> 10);
  else
    dc_error_oom(ld->diags, pos);
}

static void report_cycle(struct graph *g, const size_t *path, size_t len,
                         size_t back)
{
  char msg[DC_DIAG_MSG - 64];
  size_t used = 0, i;
  int kinds = 0;
  const char *what;
  for (i = 0; i < len; i++)
    kinds |= 1 << g->items[path[i]].kind;
  what = kinds & (1 << G_WHERE) ? "where names"
       : kinds == (1 << G_FUNC) ? "functions"
       : kinds == (1 << G_DEF) ? "definitions" : "definitions and functions";
  msg[0] = 0;
  for (i = 0; i <= len && used + 8 < sizeof msg; i++) {
    const char *s = g->items[i < len ? path[i] : back].name->s;
    int w = snprintf(msg + used, sizeof msg - used, "%s%s", i ? " -> " : "",
                     s);
    if (w < 0 || (size_t)w >= sizeof msg - used) {
      strcpy(msg + sizeof msg - 5, "...");
      break;
    }
    used += (size_t)w;
  }
  dc_error(g->ld->diags, g->items[back].pos, "cycle in %s: %s", what, msg);
}

/* Depth-first search from each start item; every edge back onto the
** current path closes a cycle. */
static size_t find_cycles(struct graph *g, size_t nstarts)
{
  size_t *path, *next, depth, s, found = 0;
  path = malloc((g->n + 1) * sizeof *path);
  next = malloc((g->n + 1) * sizeof *next);
  if (!path || !next) {
    free(path);
    free(next);
    g->oom = 1;
    return 0;
  }
  for (s = 0; s < nstarts && !g->oom; s++) {
    if (g->items[s].color)
      continue;
    depth = 0;
    path[depth] = s;
    next[depth++] = 0;
    g->items[s].color = 1;
    while (depth > 0 && !g->oom) {
      struct gitem *it = &g->items[path[depth - 1]];
      size_t t, k;
      if (!it->adj_done) {
        collect_edges(g, it, it->expr);
        it->adj_done = 1;
      }
      if (next[depth - 1] >= it->nadj) {
        it->color = 2;
        depth--;
        continue;
      }
      t = it->adj[next[depth - 1]++];
      if (g->items[t].color == 0) {
        g->items[t].color = 1;
        path[depth] = t;
        next[depth++] = 0;
      } else if (g->items[t].color == 1) {
        for (k = 0; path[k] != t; k++)
          ;
        report_cycle(g, path + k, depth - k, t);
        found++;
      }
    }
  }
  free(path);
  free(next);
  return found;
}

static int graph_init(struct graph *g, struct loader *ld, size_t cap)
{
  memset(g, 0, sizeof *g);
  g->ld = ld;
  g->items = malloc((cap ? cap : 1) * sizeof *g->items);
  if (!g->items || dc_ptrmap_init(&g->index) != 0) {
    free(g->items);
    g->items = NULL;
    return -1;
  }
  return 0;
}

static void graph_free(struct graph *g)
{
  size_t i;
  for (i = 0; i < g->n; i++)
    free(g->items[i].adj);
  free(g->items);
  dc_ptrmap_free(&g->index);
}

void dc_spec_global_cycles(struct loader *ld)
{
  struct dc_spec *sp = ld->spec;
  struct graph g;
  size_t i;
  dc_stack_clear();
  if (graph_init(&g, ld, sp->ndefs + sp->nfuncs) != 0) {
    dc_error_oom(ld->diags, (struct dc_pos){ ld->file, 0, 0 });
    return;
  }
  g.follow_calls = 1;
  for (i = 0; i < sp->ndefs && !g.oom; i++)
    g.oom = add_item(&g, sp->defs[i].name, sp->defs[i].name,
                     sp->defs[i].expr, sp->defs[i].pos, G_DEF) != 0;
  for (i = 0; i < sp->nfuncs && !g.oom; i++)
    g.oom = add_item(&g, &sp->funcs[i], sp->funcs[i].name, sp->funcs[i].body,
                     sp->funcs[i].pos, G_FUNC) != 0;
  if (!g.oom && find_cycles(&g, g.n) > 0)
    ld->global_cycle = 1;
  if (g.oom)
    graph_failed(ld, (struct dc_pos){ ld->file, 0, 0 });
  graph_free(&g);
}

size_t dc_spec_where_cycles(struct loader *ld, const struct dc_block *b)
{
  struct dc_spec *sp = ld->spec;
  struct graph g;
  size_t i, nwhere, found = 0;
  if (b->scope.nwhere == 0)
    return 0;
  dc_stack_clear();
  if (graph_init(&g, ld, b->scope.nwhere + sp->ndefs) != 0) {
    dc_error_oom(ld->diags, b->pos);
    return 1;
  }
  for (i = 0; i < b->scope.nwhere && !g.oom; i++)
    g.oom = add_item(&g, b->scope.where[i].name, b->scope.where[i].name,
                     b->scope.where[i].expr, b->scope.where[i].pos,
                     G_WHERE) != 0;
  nwhere = g.n;
  /* Definitions are late-bound (expr/scope.h): inside this block their
  ** names resolve to where names, so L: f(yhat) with where yhat: L loops.
  ** Cyclic definitions were reported already; don't follow them again. */
  for (i = 0; i < sp->ndefs && !ld->global_cycle && !g.oom; i++)
    g.oom = add_item(&g, sp->defs[i].name, sp->defs[i].name,
                     sp->defs[i].expr, sp->defs[i].pos, G_DEF) != 0;
  if (!g.oom)
    found = find_cycles(&g, nwhere);
  if (g.oom) {
    graph_failed(ld, b->pos);
    found++;
  }
  graph_free(&g);
  return found;
}

/* --- primes --- */

static const struct dc_node *first_bad_prime(struct loader *ld,
                                             const struct dc_scope *scope,
                                             const struct dc_node *e)
{
  uint16_t i;
  if (!e)
    return NULL;
  if (dc_stack_low())
    return e;                   /* stop; the caller tells the two apart */
  if (e->kind == DC_PRIME && !dc_prime_variable(ld->ctx, scope, e->a[0]))
    return e;
  for (i = 0; i < e->nargs; i++) {
    const struct dc_node *bad = first_bad_prime(ld, scope, e->a[i]);
    if (bad)
      return bad;
  }
  return NULL;
}

void dc_spec_check_primes(struct loader *ld, const struct dc_scope *scope,
                          const struct dc_element *el)
{
  const struct dc_node *bad;
  if (scope->wrt || !el->expr)
    return;
  dc_stack_clear();
  bad = first_bad_prime(ld, scope, el->expr);
  if (dc_stack_exhausted())
    dc_error(ld->diags, el->pos, "expression nests too deeply for the stack "
             "(%zu KiB; see ulimit -s)", dc_stack_limit() >> 10);
  else if (bad)
    dc_error(ld->diags, el->pos,
             "cannot tell which variable ' differentiates by: add wrt: to "
             "the block");
}
