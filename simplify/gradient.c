/*
** gradient.c: reverse-mode differentiation (see gradient.h).
**
** The nodes of f in post-order (operands before users) are walked
** backwards, so a node is met only after every user of it.  Its adjoint
** A = df/dnode is then complete, and each operand u that varies (has a
** leaf below it) receives A times the partial derivative of the node by
** u.  The partials are those of diff.c's rules:
**   -u: -1        u + v: 1, 1        u - v: 1, -1       u*v: v, u
**   u/v: 1/v, -(u/v)/v               u^c (c a number): c*u^(c-1)
**   u^w: u^w*w/u, u^w*log(u)         g(u): g'(u) (dc_builtin_outer)
**   GUARD_D(u): WITH(1, GUARD_D(u))  WITH(u, c): WITH(1, c)
** (a product with WITH(1, ...) is written WITH(A, ...)).  A leaf's
** adjoint is the derivative of f by that leaf.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "expr/meter.h"
#include "simplify/gradient.h"
#include "simplify/diff.h"
#include "expr/builtins.h"
#include "expr/limits.h"
#include "expr/ptrmap.h"
#include "expr/walk.h"

struct dc_gradient {
  struct dc_ctx *ctx;
  struct dc_ptrmap leaf;        /* leaf -> its derivative */
};

/* The pass over one f. */
struct pass {
  struct dc_ctx *ctx;
  struct dc_node **order;       /* post-order of f */
  size_t n;
  struct dc_ptrmap index;       /* node -> its position + 1 */
  unsigned char *varies;        /* a leaf below (or at) the node */
  struct dc_node **adj;         /* adjoint so far, NULL for none */
  size_t max_nodes;             /* ctx->nnodes past which it gives up */
};

static size_t position(const struct pass *p, const struct dc_node *e)
{
  int found;
  return (size_t)(uintptr_t)dc_ptrmap_get(&p->index, e, &found) - 1;
}

/* Add contribution c to the adjoint of operand u.  0, or -1. */
static int give(struct pass *p, struct dc_node *u, struct dc_node *c)
{
  size_t i = position(p, u);
  if (!p->varies[i])
    return 0;
  if (!c || p->ctx->nnodes > p->max_nodes || dc_meter_over())
    return -1;
  if (dc_is_num(c, 0))
    return 0;
  p->adj[i] = p->adj[i] ? dc_s_add(p->ctx, p->adj[i], c) : c;
  return p->adj[i] ? 0 : -1;
}

/* u^w: the partials by the base and by the exponent. */
static int give_pow(struct pass *p, struct dc_node *e, struct dc_node *A)
{
  struct dc_ctx *ctx = p->ctx;
  struct dc_node *u = e->a[0], *w = e->a[1], *c, *cm1, *byw;
  mpq_t q;
  mpq_init(q);
  if (dc_numeric_exponent(w, q)) {
    c = dc_num(ctx, q, NULL);
    mpz_sub(mpq_numref(q), mpq_numref(q), mpq_denref(q));  /* q - 1 */
    cm1 = dc_num(ctx, q, NULL);
    mpq_clear(q);
    return give(p, u, dc_s_mul(ctx, A, dc_s_mul(ctx, c,
                                                 dc_s_pow(ctx, u, cm1))));
  }
  mpq_clear(q);
  if (give(p, u, dc_s_mul(ctx, A, dc_s_mul(ctx, e, dc_s_div(ctx, w, u)))))
    return -1;
  if (u->kind == DC_CONST && u->ival == DC_CONST_E)
    byw = e;                                     /* log(e) = 1 */
  else {
    const char *ln = dc_builtin_info(DC_FN_LOG)->name;
    struct dc_name *log = dc_intern(ctx, ln, strlen(ln));
    byw = log ? dc_s_mul(ctx, e, dc_call(ctx, log, 0, 1, &u)) : NULL;
  }
  return give(p, w, dc_s_mul(ctx, A, byw));
}

/* Pass the adjoint A of e on to its operands.  0, or -1. */
static int back(struct pass *p, struct dc_node *e, struct dc_node *A)
{
  struct dc_ctx *ctx = p->ctx;
  struct dc_node *u = e->nargs > 0 ? e->a[0] : NULL;
  struct dc_node *v = e->nargs > 1 ? e->a[1] : NULL;
  switch ((enum dc_kind)e->kind) {
  case DC_NUM: case DC_CONST: case DC_NAME: case DC_HOLE: case DC_PARAM:
    return 0;
  case DC_NEG:
    return give(p, u, dc_s_neg(ctx, A));
  case DC_PAREN: case DC_BRACKET:
    return give(p, u, A);
  case DC_ADD:
    return give(p, u, A) || give(p, v, A);
  case DC_SUB:
    return give(p, u, A) || give(p, v, dc_s_neg(ctx, A));
  case DC_MUL:
    return give(p, u, dc_s_mul(ctx, A, v)) || give(p, v, dc_s_mul(ctx, A, u));
  case DC_DIV:
    return give(p, u, dc_s_div(ctx, A, v)) ||
           give(p, v, dc_s_neg(ctx, dc_s_div(ctx, dc_s_mul(ctx, A, e), v)));
  case DC_POW:
    return give_pow(p, e, A);
  case DC_CALL:
    if (!e->name || e->name->builtin < 0 || e->nargs != 1 || e->ival != 0)
      return -1;                /* user calls are expanded before this */
    return give(p, u, dc_s_mul(ctx, A, dc_builtin_outer(
                                           ctx, e->name->builtin, e, u)));
  case DC_GUARD:
    return give(p, u, dc_with(ctx, A, e));
  case DC_WITH:
    return give(p, u, dc_with(ctx, A, v));
  default:
    return -1;                  /* DIFF and PRIME never reach here */
  }
}

/* Order f, mark what varies; the root's adjoint is 1.  0, or -1. */
static int prepare(struct pass *p, struct dc_node *f)
{
  size_t i, k;
  if (dc_post_order(&f, 1, &p->order, &p->n) != 0 ||
      dc_ptrmap_init(&p->index) != 0)
    return -1;
  p->varies = calloc(p->n ? p->n : 1, 1);
  p->adj = calloc(p->n ? p->n : 1, sizeof *p->adj);
  if (!p->varies || !p->adj)
    return -1;
  for (i = 0; i < p->n; i++) {
    struct dc_node *e = p->order[i];
    if (dc_ptrmap_put(&p->index, e, (void *)(uintptr_t)(i + 1)) != 0)
      return -1;
    p->varies[i] = (unsigned char)dc_is_variable(e);
    for (k = 0; k < e->nargs && !p->varies[i]; k++)
      p->varies[i] = p->varies[position(p, e->a[k])];
  }
  p->adj[p->n - 1] = dc_num_si(p->ctx, 1);
  return p->adj[p->n - 1] ? 0 : -1;
}

static void pass_free(struct pass *p)
{
  free(p->order);
  free(p->varies);
  free(p->adj);
  dc_ptrmap_free(&p->index);
}

struct dc_gradient *dc_gradient_new(struct dc_ctx *ctx, struct dc_node *f)
{
  struct pass p = { 0 };
  struct dc_gradient *g = calloc(1, sizeof *g);
  size_t i;
  int rc = -1;
  if (!f || !g || dc_ptrmap_init(&g->leaf) != 0)
    goto done;
  g->ctx = ctx;
  p.ctx = ctx;
  p.max_nodes = ctx->nnodes + DC_MAX_DERIV_NODES;
  if (prepare(&p, f) != 0)
    goto done;
  for (i = p.n; i-- > 0;)
    if (p.adj[i] && back(&p, p.order[i], p.adj[i]) != 0)
      goto done;
  for (i = 0; i < p.n; i++)
    if (dc_is_variable(p.order[i]) && p.adj[i] &&
        dc_ptrmap_put(&g->leaf, p.order[i], p.adj[i]) != 0)
      goto done;
  rc = 0;
done:
  pass_free(&p);
  if (rc != 0) {
    dc_gradient_free(g);
    return NULL;
  }
  return g;
}

struct dc_node *dc_gradient_get(struct dc_gradient *g,
                                const struct dc_node *var)
{
  int found;
  struct dc_node *d = dc_ptrmap_get(&g->leaf, var, &found);
  return found ? d : dc_num_si(g->ctx, 0);
}

void dc_gradient_free(struct dc_gradient *g)
{
  if (!g)
    return;
  dc_ptrmap_free(&g->leaf);
  free(g);
}
