/*
** node.c: the context, interned names and hash-consed nodes.
*/
#include <stdlib.h>
#include <string.h>
#include "expr/node.h"
#include "expr/meter.h"
#include "expr/limits.h"
#include "expr/stack.h"
#include "expr/builtins.h"
#include "expr/limits.h"
#include "expr/ptrmap.h"

/* ORDER KIND */
static const char *const kind_names[DC_KIND_COUNT] = {
  "number", "name", "constant", "parameter", "hole", "negation", "sum",
  "difference", "product", "quotient", "power", "parentheses", "brackets",
  "call", "derivative", "prime", "guard", "with",
};

const char *dc_kind_name(enum dc_kind kind)
{
  return kind < DC_KIND_COUNT ? kind_names[kind] : "?";
}

/* FNV-1a over bytes, then mixed; good enough for hash tables. */
static uint32_t hash_bytes(uint32_t h, const void *p, size_t n)
{
  const unsigned char *b = p;
  size_t i;
  for (i = 0; i < n; i++) {
    h ^= b[i];
    h *= 16777619u;
  }
  return h;
}

struct dc_ctx *dc_ctx_new(void)
{
  struct dc_ctx *ctx = calloc(1, sizeof *ctx);
  if (!ctx)
    return NULL;
  dc_arena_init(&ctx->arena, DC_MAX_ARENA_BYTES);
  ctx->names_cap = 256;
  ctx->names = calloc(ctx->names_cap, sizeof *ctx->names);
  ctx->nodes_cap = 1024;
  ctx->nodes = calloc(ctx->nodes_cap, sizeof *ctx->nodes);
  if (!ctx->names || !ctx->nodes) {
    dc_ctx_free(ctx);
    return NULL;
  }
  return ctx;
}

void dc_ctx_free(struct dc_ctx *ctx)
{
  size_t i;
  if (!ctx)
    return;
  for (i = 0; i < ctx->nrationals; i++)
    mpq_clear(*ctx->rationals[i]);
  free(ctx->rationals);
  free(ctx->names);
  free(ctx->nodes);
  dc_arena_free(&ctx->arena);
  free(ctx);
}

mpq_t *dc_new_rational(struct dc_ctx *ctx)
{
  mpq_t *q;
  if (dc_reserve(&ctx->rationals, &ctx->rationals_cap, ctx->nrationals,
                 sizeof *ctx->rationals)) {
    ctx->oom = 1;
    return NULL;
  }
  q = dc_arena_alloc(&ctx->arena, sizeof *q);
  if (!q) {
    ctx->oom = 1;
    return NULL;
  }
  mpq_init(*q);
  ctx->rationals[ctx->nrationals++] = q;
  return q;
}

/* ---- interned names ---- */

static int grow_names(struct dc_ctx *ctx)
{
  size_t cap = ctx->names_cap * 2, i;
  struct dc_name **t = calloc(cap, sizeof *t);
  if (!t)
    return -1;
  for (i = 0; i < ctx->names_cap; i++) {
    struct dc_name *n = ctx->names[i];
    while (n) {
      struct dc_name *next = n->next;
      n->next = t[n->hash & (cap - 1)];
      t[n->hash & (cap - 1)] = n;
      n = next;
    }
  }
  free(ctx->names);
  ctx->names = t;
  ctx->names_cap = cap;
  return 0;
}

struct dc_name *dc_lookup_name(const struct dc_ctx *ctx, const char *s,
                               size_t len)
{
  uint32_t h = hash_bytes(2166136261u, s, len);
  struct dc_name *n;
  for (n = ctx->names[h & (ctx->names_cap - 1)]; n; n = n->next)
    if (n->hash == h && n->len == len && memcmp(n->s, s, len) == 0)
      return n;
  return NULL;
}

struct dc_name *dc_intern(struct dc_ctx *ctx, const char *s, size_t len)
{
  struct dc_name *n = dc_lookup_name(ctx, s, len);
  size_t b;
  if (n)
    return n;
  if (ctx->nnames + 1 > ctx->names_cap && grow_names(ctx) != 0) {
    ctx->oom = 1;
    return NULL;
  }
  n = dc_arena_alloc(&ctx->arena, sizeof *n);
  if (!n || !(n->s = dc_arena_strndup(&ctx->arena, s, len))) {
    ctx->oom = 1;
    return NULL;
  }
  n->len = len;
  n->hash = hash_bytes(2166136261u, s, len);
  n->builtin = dc_builtin_find(s, len);
  b = n->hash & (ctx->names_cap - 1);
  n->next = ctx->names[b];
  ctx->names[b] = n;
  ctx->nnames++;
  return n;
}

void dc_each_name(const struct dc_ctx *ctx,
                  void (*fn)(struct dc_name *, void *), void *arg)
{
  size_t i;
  struct dc_name *n;
  for (i = 0; i < ctx->names_cap; i++)
    for (n = ctx->names[i]; n; n = n->next)
      fn(n, arg);
}

/* ---- hash-consing ---- */

/* The key of a node: everything but hash, id and the chain link. */
static uint32_t node_hash(const struct dc_node *t)
{
  uint32_t h = 2166136261u;
  uint16_t i;
  h = hash_bytes(h, &t->kind, sizeof t->kind);
  h = hash_bytes(h, &t->flags, sizeof t->flags);
  h = hash_bytes(h, &t->nargs, sizeof t->nargs);
  h = hash_bytes(h, &t->ival, sizeof t->ival);
  h = hash_bytes(h, &t->name, sizeof t->name);
  h = hash_bytes(h, &t->dom, sizeof t->dom);
  if (t->text)
    h = hash_bytes(h, t->text, strlen(t->text));
  for (i = 0; i < t->nargs; i++)
    h = hash_bytes(h, &t->a[i]->id, sizeof t->a[i]->id);
  return h;
}

static int node_equal(const struct dc_node *x, const struct dc_node *y)
{
  uint16_t i;
  if (x->kind != y->kind || x->flags != y->flags || x->nargs != y->nargs ||
      x->ival != y->ival || x->name != y->name || x->dom != y->dom)
    return 0;
  if ((x->text == NULL) != (y->text == NULL))
    return 0;
  if (x->text && strcmp(x->text, y->text) != 0)
    return 0;
  if (x->q && mpq_cmp(*x->q, *y->q) != 0)
    return 0;
  for (i = 0; i < x->nargs; i++)
    if (x->a[i] != y->a[i])
      return 0;
  return 1;
}

static int grow_nodes(struct dc_ctx *ctx)
{
  size_t cap = ctx->nodes_cap * 2, i;
  struct dc_node **t = calloc(cap, sizeof *t);
  if (!t)
    return -1;
  for (i = 0; i < ctx->nodes_cap; i++) {
    struct dc_node *n = ctx->nodes[i];
    while (n) {
      struct dc_node *next = n->next;
      n->next = t[n->hash & (cap - 1)];
      t[n->hash & (cap - 1)] = n;
      n = next;
    }
  }
  free(ctx->nodes);
  ctx->nodes = t;
  ctx->nodes_cap = cap;
  return 0;
}

/*
** The canonical node equal to the template t (whose operands are already
** canonical).  The template lives on the caller's stack; a new node is
** copied into the arena only when no equal one exists.
*/
static struct dc_node *intern_node(struct dc_ctx *ctx, struct dc_node *t)
{
  struct dc_node *n;
  uint16_t i;
  size_t b;

  if (ctx->oom)
    return NULL;
  for (i = 0; i < t->nargs; i++)
    if (!t->a[i])
      return NULL;
  t->hash = node_hash(t);
  dc_meter_add(DC_INTERN_WORK_NS);
  for (n = ctx->nodes[t->hash & (ctx->nodes_cap - 1)]; n; n = n->next)
    if (n->hash == t->hash && node_equal(n, t))
      return n;
  if (ctx->nnodes + 1 > ctx->nodes_cap && grow_nodes(ctx) != 0) {
    ctx->oom = 1;
    return NULL;
  }
  n = dc_arena_alloc(&ctx->arena, sizeof *n + t->nargs * sizeof n->a[0]);
  if (!n) {
    ctx->oom = 1;
    return NULL;
  }
  memcpy(n, t, sizeof *n + t->nargs * sizeof n->a[0]);
  n->id = (uint32_t)ctx->nnodes++;
  n->height = 1;
  for (i = 0; i < n->nargs; i++)
    if (n->a[i]->height >= n->height)
      n->height = n->a[i]->height + 1;
  b = n->hash & (ctx->nodes_cap - 1);
  n->next = ctx->nodes[b];
  ctx->nodes[b] = n;
  return n;
}

/* A template with room for up to DC_MAX_ARGS + 2 operands. */
struct tmpl {
  struct dc_node n;
  struct dc_node *args[DC_MAX_ARGS + 2];
};

static struct dc_node *leaf(struct dc_ctx *ctx, enum dc_kind kind, int ival,
                            const struct dc_name *name)
{
  struct tmpl t;
  memset(&t, 0, sizeof t);
  t.n.kind = (uint8_t)kind;
  t.n.ival = ival;
  t.n.name = name;
  return intern_node(ctx, &t.n);
}

struct dc_node *dc_num(struct dc_ctx *ctx, const mpq_t q, const char *text)
{
  struct tmpl t;
  struct dc_node *n;
  char *canon = NULL;
  mpq_t *copy;

  if (ctx->oom)
    return NULL;
  if (!text) {
    canon = mpq_get_str(NULL, 10, q);
    if (!canon) {
      ctx->oom = 1;
      return NULL;
    }
    text = canon;
  }
  memset(&t, 0, sizeof t);
  t.n.kind = DC_NUM;
  t.n.text = text;
  t.n.q = (mpq_t *)q;  /* for the lookup only; replaced below if new */
  n = NULL;
  t.n.hash = node_hash(&t.n);
  for (n = ctx->nodes[t.n.hash & (ctx->nodes_cap - 1)]; n; n = n->next)
    if (n->hash == t.n.hash && node_equal(n, &t.n))
      break;
  if (!n) {
    copy = dc_new_rational(ctx);
    t.n.text = copy ? dc_arena_strndup(&ctx->arena, text, strlen(text)) : NULL;
    if (!copy || !t.n.text) {
      ctx->oom = 1;
      free(canon);
      return NULL;
    }
    mpq_set(*copy, q);
    t.n.q = copy;
    n = intern_node(ctx, &t.n);
  }
  free(canon);
  return n;
}

struct dc_node *dc_num_si(struct dc_ctx *ctx, long v)
{
  struct dc_node *n;
  mpq_t q;
  mpq_init(q);
  mpq_set_si(q, v, 1);
  n = dc_num(ctx, q, NULL);
  mpq_clear(q);
  return n;
}

struct dc_node *dc_name_node(struct dc_ctx *ctx, const struct dc_name *name)
{
  return name ? leaf(ctx, DC_NAME, 0, name) : NULL;
}

struct dc_node *dc_const(struct dc_ctx *ctx, int which)
{
  return leaf(ctx, DC_CONST, which, NULL);
}

struct dc_node *dc_param(struct dc_ctx *ctx, const struct dc_name *func,
                         int index)
{
  return func ? leaf(ctx, DC_PARAM, index, func) : NULL;
}

struct dc_node *dc_hole(struct dc_ctx *ctx, const struct dc_name *name)
{
  return name ? leaf(ctx, DC_HOLE, 0, name) : NULL;
}

static struct dc_node *inner(struct dc_ctx *ctx, enum dc_kind kind,
                             unsigned flags, int ival,
                             const struct dc_name *name, size_t nargs,
                             struct dc_node *const *args)
{
  struct tmpl t;
  if (nargs > DC_MAX_ARGS + 2)
    return NULL;
  memset(&t, 0, sizeof t);
  t.n.kind = (uint8_t)kind;
  t.n.flags = (uint8_t)flags;
  t.n.ival = ival;
  t.n.name = name;
  t.n.nargs = (uint16_t)nargs;
  if (nargs)
    memcpy(t.args, args, nargs * sizeof args[0]);
  return intern_node(ctx, &t.n);
}

struct dc_node *dc_unary(struct dc_ctx *ctx, enum dc_kind kind,
                         struct dc_node *a)
{
  return inner(ctx, kind, 0, 0, NULL, 1, &a);
}

struct dc_node *dc_binary(struct dc_ctx *ctx, enum dc_kind kind,
                          struct dc_node *a, struct dc_node *b,
                          unsigned flags)
{
  struct dc_node *args[2] = { a, b };
  return inner(ctx, kind, flags, 0, NULL, 2, args);
}

struct dc_node *dc_call(struct dc_ctx *ctx, const struct dc_name *fn,
                        int primes, size_t nargs, struct dc_node *const *args)
{
  if (!fn || nargs > DC_MAX_ARGS)
    return NULL;
  return inner(ctx, DC_CALL, 0, primes, fn, nargs, args);
}

struct dc_node *dc_diff(struct dc_ctx *ctx, struct dc_node *e,
                        struct dc_node *var, int order, unsigned flags)
{
  struct dc_node *args[2] = { e, var };
  return inner(ctx, DC_DIFF, flags, order, NULL, 2, args);
}

struct dc_node *dc_prime(struct dc_ctx *ctx, struct dc_node *e, int count)
{
  return inner(ctx, DC_PRIME, 0, count, NULL, 1, &e);
}

struct dc_node *dc_guard(struct dc_ctx *ctx, struct dc_node *a,
                         const struct dc_domain *dom)
{
  struct tmpl t;
  memset(&t, 0, sizeof t);
  t.n.kind = DC_GUARD;
  t.n.dom = dom;
  t.n.nargs = 1;
  t.args[0] = a;
  return intern_node(ctx, &t.n);
}

struct dc_node *dc_with(struct dc_ctx *ctx, struct dc_node *value,
                        struct dc_node *cond)
{
  struct dc_node *args[2] = { value, cond };
  return inner(ctx, DC_WITH, 0, 0, NULL, 2, args);
}

int dc_is_num(const struct dc_node *n, long v)
{
  return n && n->kind == DC_NUM && mpz_cmp_ui(mpq_denref(*n->q), 1) == 0 &&
         mpz_cmp_si(mpq_numref(*n->q), v) == 0;
}

int dc_is_variable(const struct dc_node *n)
{
  return n->kind == DC_NAME || n->kind == DC_HOLE || n->kind == DC_PARAM;
}

/* ---- substitution and walks ---- */

/* Rebuild n with new operands (same kind, flags and payload). */
static struct dc_node *with_args(struct dc_ctx *ctx, const struct dc_node *n,
                                 struct dc_node *const *args)
{
  struct tmpl t;
  memset(&t, 0, sizeof t);
  memcpy(&t.n, n, sizeof t.n);
  t.n.next = NULL;
  memcpy(t.args, args, n->nargs * sizeof args[0]);
  return intern_node(ctx, &t.n);
}

struct subst_job {
  struct dc_ctx *ctx;
  size_t n;
  struct dc_node *const *from, *const *to;
  struct dc_ptrmap memo;
};

static struct dc_node *subst_rec(struct subst_job *j, struct dc_node *x,
                                 int depth)
{
  struct dc_node *args[DC_MAX_ARGS + 2], *r;
  int found, changed = 0;
  size_t i;

  if (!x)
    return NULL;
  if (dc_stack_low())
    return NULL;  /* reported by the caller as nesting (expr/stack.h) */
  for (i = 0; i < j->n; i++)
    if (x == j->from[i])
      return j->to[i];
  if (x->nargs == 0)
    return x;
  r = dc_ptrmap_get(&j->memo, x, &found);
  if (found)
    return r;
  for (i = 0; i < x->nargs; i++) {
    args[i] = subst_rec(j, x->a[i], depth + 1);
    if (!args[i])
      return NULL;
    changed |= args[i] != x->a[i];
  }
  r = changed ? with_args(j->ctx, x, args) : x;
  if (r && dc_ptrmap_put(&j->memo, x, r) != 0) {
    j->ctx->oom = 1;
    return NULL;
  }
  return r;
}

struct dc_node *dc_subst(struct dc_ctx *ctx, struct dc_node *root, size_t n,
                         struct dc_node *const *from,
                         struct dc_node *const *to)
{
  struct subst_job j = { ctx, n, from, to, { 0 } };
  struct dc_node *r;
  if (!root || dc_ptrmap_init(&j.memo) != 0) {
    dc_ptrmap_free(&j.memo);
    return NULL;
  }
  r = subst_rec(&j, root, 0);
  dc_ptrmap_free(&j.memo);
  return r;
}

/* Distinct nodes under x not yet seen, added to *total; stops once
** *total passes limit. */
static void count_rec(struct dc_ptrmap *seen, const struct dc_node *x,
                      size_t *total, size_t limit)
{
  int found;
  uint16_t i;
  if (*total > limit)
    return;
  if (dc_stack_low())
    return;  /* too deep a DAG counts short, never crashes */
  dc_ptrmap_get(seen, x, &found);
  if (found)
    return;
  if (dc_ptrmap_put(seen, x, NULL) != 0)
    return;
  (*total)++;
  for (i = 0; i < x->nargs; i++)
    count_rec(seen, x->a[i], total, limit);
}

size_t dc_dag_size_upto(const struct dc_node *root, size_t limit)
{
  struct dc_ptrmap seen;
  size_t n = 0;
  if (!root || dc_ptrmap_init(&seen) != 0)
    return 0;
  count_rec(&seen, root, &n, limit);
  dc_ptrmap_free(&seen);
  return n;
}

size_t dc_dag_size(const struct dc_node *root)
{
  return dc_dag_size_upto(root, SIZE_MAX - 1);
}
