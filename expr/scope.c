/*
** scope.c: name lookup, domains and dependency walks over written trees.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "expr/scope.h"
#include "expr/ptrmap.h"
#include "expr/stack.h"

static int by_name(const void *a, const void *b)
{
  uintptr_t x = (uintptr_t)(*(const struct dc_def *const *)a)->name;
  uintptr_t y = (uintptr_t)(*(const struct dc_def *const *)b)->name;
  return (x > y) - (x < y);
}

void dc_scope_index(struct dc_scope *scope, const struct dc_def **sorted)
{
  size_t i;
  for (i = 0; i < scope->nwhere; i++)
    sorted[i] = &scope->where[i];
  qsort(sorted, scope->nwhere, sizeof *sorted, by_name);
  scope->sorted = sorted;
}

const struct dc_def *dc_scope_where(const struct dc_scope *scope,
                                    const struct dc_name *name)
{
  size_t i, lo = 0, hi;
  if (!scope)
    return NULL;
  if (!scope->sorted) {
    for (i = 0; i < scope->nwhere; i++)
      if (scope->where[i].name == name)
        return &scope->where[i];
    return NULL;
  }
  for (hi = scope->nwhere; lo < hi;) {  /* binary search by address */
    size_t mid = lo + (hi - lo) / 2;
    const struct dc_def *d = scope->sorted[mid];
    if (d->name == name)
      return d;
    if ((uintptr_t)d->name < (uintptr_t)name)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

enum dc_binding dc_scope_lookup(const struct dc_scope *scope,
                                const struct dc_name *name,
                                const struct dc_def **def, int *constant)
{
  const struct dc_def *w = dc_scope_where(scope, name);
  if (w) {
    *def = w;
    return DC_BIND_WHERE;
  }
  if (name->def) {
    *def = name->def;
    return DC_BIND_DEF;
  }
  if (name->len == 2 && memcmp(name->s, "pi", 2) == 0 && !name->sym) {
    *constant = DC_CONST_PI;
    return DC_BIND_CONST;
  }
  if (name->len == 1 && name->s[0] == 'e' && !name->sym) {
    *constant = DC_CONST_E;
    return DC_BIND_CONST;
  }
  return DC_BIND_SYMBOL;
}

const struct dc_domain *dc_scope_domain(const struct dc_scope *scope,
                                        const struct dc_name *name)
{
  const struct dc_def *def = NULL;
  int c;
  enum dc_binding b = dc_scope_lookup(scope, name, &def, &c);
  if ((b == DC_BIND_WHERE || b == DC_BIND_DEF) && def->dom)
    return def->dom;
  return name->sym ? name->sym->dom : NULL;
}

/*
** Walk the names e reaches.  visit() is called once per free symbol; the
** walk follows where names and definitions (in scope) and function bodies
** (in the global scope).  `seen` keys are nodes and defs already walked.
*/
struct walk {
  struct dc_ptrmap seen;
  int (*visit)(struct walk *, struct dc_name *);
  struct dc_name **out;
  size_t cap, n;
  const struct dc_name *target;
  struct dc_ptrmap *names;      /* when set: every name reached goes in */
  int found, oom;
};

static void walk(struct walk *w, const struct dc_scope *scope,
                 const struct dc_node *e);

static int mark(struct walk *w, const void *key)
{
  int found;
  dc_ptrmap_get(&w->seen, key, &found);
  if (found)
    return 0;
  if (dc_ptrmap_put(&w->seen, key, NULL) != 0) {
    w->oom = 1;
    return 0;
  }
  return 1;
}

static void walk_name(struct walk *w, const struct dc_scope *scope,
                      const struct dc_name *name)
{
  const struct dc_def *def = NULL;
  int c;
  if (w->names && dc_ptrmap_put(w->names, name, NULL) != 0)
    w->oom = 1;
  switch (dc_scope_lookup(scope, name, &def, &c)) {
  case DC_BIND_WHERE:
    if (w->target == name)
      w->found = 1;
    if (mark(w, def))
      walk(w, scope, def->expr);
    break;
  case DC_BIND_DEF:
    if (w->target == name)
      w->found = 1;
    /* Global definitions are late-bound: inside a block their names
    ** resolve in the block's scope, so L sees the block's yhat. */
    if (mark(w, def))
      walk(w, scope, def->expr);
    break;
  case DC_BIND_CONST:
    break;
  case DC_BIND_SYMBOL:
    if (w->target == name)
      w->found = 1;
    if (mark(w, name) && w->visit)
      w->visit(w, (struct dc_name *)name);
    break;
  }
}

/* Scope-keyed nodes: the same node may mean different things inside a
** function body (global scope) and in a block, so the key pairs both. */
static void walk(struct walk *w, const struct dc_scope *scope,
                 const struct dc_node *e)
{
  uint16_t i;
  if (!e || w->oom || w->found)
    return;
  /* A chain of definitions can nest as deep as the spec is long; stopping
  ** counts as a failure, and dc_stack_exhausted() tells which kind. */
  if (dc_stack_low()) {
    w->oom = 1;
    return;
  }
  if (e->kind == DC_NAME) {
    walk_name(w, scope, e->name);
    return;
  }
  if (e->kind == DC_CALL && e->name->func) {
    if (mark(w, e->name->func))
      walk(w, NULL, e->name->func->body);
  }
  for (i = 0; i < e->nargs; i++)
    walk(w, scope, e->a[i]);
}

static int collect(struct walk *w, struct dc_name *name)
{
  if (w->n < w->cap)
    w->out[w->n] = name;
  w->n++;
  return 0;
}

static int by_spelling(const void *x, const void *y)
{
  const struct dc_name *a = *(struct dc_name *const *)x;
  const struct dc_name *b = *(struct dc_name *const *)y;
  return strcmp(a->s, b->s);
}

long dc_free_symbols(struct dc_ctx *ctx, const struct dc_scope *scope,
                     const struct dc_node *e, struct dc_name **out,
                     size_t cap)
{
  struct walk w;
  (void)ctx;
  memset(&w, 0, sizeof w);
  if (dc_ptrmap_init(&w.seen) != 0) {
    dc_ptrmap_free(&w.seen);
    return -1;
  }
  w.visit = collect;
  w.out = out;
  w.cap = cap;
  walk(&w, scope, e);
  dc_ptrmap_free(&w.seen);
  if (w.oom)
    return -1;
  qsort(out, w.n < cap ? w.n : cap, sizeof *out, by_spelling);
  return (long)w.n;
}

int dc_depends_on(const struct dc_scope *scope, const struct dc_node *e,
                  const struct dc_name *name)
{
  struct walk w;
  memset(&w, 0, sizeof w);
  if (dc_ptrmap_init(&w.seen) != 0) {
    dc_ptrmap_free(&w.seen);
    return 1;  /* the safe answer for a derivative: assume dependence */
  }
  w.target = name;
  walk(&w, scope, e);
  dc_ptrmap_free(&w.seen);
  return w.found || w.oom;
}

int dc_reached_names(const struct dc_scope *scope,
                     const struct dc_node *const *e, size_t n,
                     struct dc_ptrmap *names)
{
  struct walk w;
  size_t i;
  memset(&w, 0, sizeof w);
  w.names = names;
  if (dc_ptrmap_init(&w.seen) != 0) {
    dc_ptrmap_free(&w.seen);
    return -1;
  }
  for (i = 0; i < n; i++)
    walk(&w, scope, e[i]);
  dc_ptrmap_free(&w.seen);
  return w.oom ? -1 : 0;
}

int dc_reaches(const struct dc_ptrmap *names, const struct dc_name *name)
{
  int found;
  if (!names)
    return 1;                   /* unknown: assume it does */
  dc_ptrmap_get(names, name, &found);
  return found;
}

int dc_domain_contains_q(const struct dc_domain *dom, const mpq_t x)
{
  if (!dom)
    return 1;
  if (!dom->lo_inf) {
    int c = mpq_cmp(x, *dom->lo);
    if (c < 0 || (c == 0 && dom->lo_open))
      return 0;
  }
  if (!dom->hi_inf) {
    int c = mpq_cmp(x, *dom->hi);
    if (c > 0 || (c == 0 && dom->hi_open))
      return 0;
  }
  return 1;
}
