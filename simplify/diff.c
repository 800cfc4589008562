/*
** diff.c: symbolic differentiation of expanded DAGs, and the light
** simplifying constructors it builds its results with.
**
** dc_deriv walks the DAG once per order, memoising the derivative of each
** node, so a shared subexpression is differentiated once.  Each rule below
** is commented with its formula.  The simplifications are local and exact:
** 0*u = 0, 1*u = u, u + 0 = u, u - 0 = u, 0 - u = -u, --u = u, u^1 = u,
** u^0 = 1, and arithmetic on two numbers is folded with GMP rationals
** (never a division by zero).  Nothing here approximates, and nothing
** reorders what it does not have to: the full simplifier lives elsewhere.
*/
#include <stdlib.h>
#include <string.h>
#include "expr/meter.h"
#include "simplify/diff.h"
#include "expr/builtins.h"
#include "expr/limits.h"
#include "expr/ptrmap.h"
#include "expr/stack.h"

/* Powers of two numbers are folded only while the result stays small:
** an exponent up to this size and a result of at most ~FOLD_BITS bits. */
#define FOLD_MAX_EXP 64
#define FOLD_BITS 4096

static int is_num(const struct dc_node *n)
{
  return n && n->kind == DC_NUM;
}

/* A number node holding q (canonical text), or NULL. */
static struct dc_node *num_q(struct dc_ctx *ctx, const mpq_t q)
{
  return dc_num(ctx, q, NULL);
}

/* The number a op b for op in ADD SUB MUL DIV; b != 0 for DIV. */
static struct dc_node *fold(struct dc_ctx *ctx, enum dc_kind op,
                            const struct dc_node *a, const struct dc_node *b)
{
  struct dc_node *r;
  mpq_t q;
  mpq_init(q);
  switch (op) {
  case DC_ADD: mpq_add(q, *a->q, *b->q); break;
  case DC_SUB: mpq_sub(q, *a->q, *b->q); break;
  case DC_MUL: mpq_mul(q, *a->q, *b->q); break;
  default:     mpq_div(q, *a->q, *b->q); break;
  }
  r = num_q(ctx, q);
  mpq_clear(q);
  return r;
}

struct dc_node *dc_s_neg(struct dc_ctx *ctx, struct dc_node *a)
{
  struct dc_node *r;
  mpq_t q;
  if (!a)
    return NULL;
  if (a->kind == DC_NEG)                    /* --u = u */
    return a->a[0];
  if (is_num(a)) {                          /* fold -c */
    if (mpq_sgn(*a->q) == 0)
      return a;
    mpq_init(q);
    mpq_neg(q, *a->q);
    r = num_q(ctx, q);
    mpq_clear(q);
    return r;
  }
  return dc_unary(ctx, DC_NEG, a);
}

struct dc_node *dc_s_add(struct dc_ctx *ctx, struct dc_node *a,
                         struct dc_node *b)
{
  if (!a || !b)
    return NULL;
  if (dc_is_num(a, 0))                      /* 0 + u = u */
    return b;
  if (dc_is_num(b, 0))                      /* u + 0 = u */
    return a;
  if (is_num(a) && is_num(b))
    return fold(ctx, DC_ADD, a, b);
  if (b->kind == DC_NEG)                    /* u + -v = u - v */
    return dc_binary(ctx, DC_SUB, a, b->a[0], 0);
  return dc_binary(ctx, DC_ADD, a, b, 0);
}

struct dc_node *dc_s_sub(struct dc_ctx *ctx, struct dc_node *a,
                         struct dc_node *b)
{
  if (!a || !b)
    return NULL;
  if (dc_is_num(b, 0))                      /* u - 0 = u */
    return a;
  if (dc_is_num(a, 0))                      /* 0 - u = -u */
    return dc_s_neg(ctx, b);
  if (is_num(a) && is_num(b))
    return fold(ctx, DC_SUB, a, b);
  if (b->kind == DC_NEG)                    /* u - -v = u + v */
    return dc_binary(ctx, DC_ADD, a, b->a[0], 0);
  return dc_binary(ctx, DC_SUB, a, b, 0);
}

struct dc_node *dc_s_mul(struct dc_ctx *ctx, struct dc_node *a,
                         struct dc_node *b)
{
  if (!a || !b)
    return NULL;
  if (dc_is_num(a, 0) || dc_is_num(b, 0))  /* 0*u = u*0 = 0 */
    return dc_num_si(ctx, 0);
  if (dc_is_num(a, 1))                      /* 1*u = u */
    return b;
  if (dc_is_num(b, 1))                      /* u*1 = u */
    return a;
  if (is_num(a) && is_num(b))
    return fold(ctx, DC_MUL, a, b);
  if (is_num(b))                            /* u*c = c*u: number first */
    return dc_s_mul(ctx, b, a);
  if (dc_is_num(a, -1))                     /* -1*u = -u */
    return dc_s_neg(ctx, b);
  if (is_num(a) && b->kind == DC_MUL && is_num(b->a[0]))
    return dc_s_mul(ctx, fold(ctx, DC_MUL, a, b->a[0]), b->a[1]);
  if (is_num(a) && b->kind == DC_NEG)       /* c*(-u) = (-c)*u */
    return dc_s_mul(ctx, dc_s_neg(ctx, a), b->a[0]);
  if (a->kind == DC_NEG && b->kind == DC_NEG)  /* (-u)*(-v) = u*v */
    return dc_s_mul(ctx, a->a[0], b->a[0]);
  if (a->kind == DC_NEG)                    /* (-u)*v = -(u*v) */
    return dc_s_neg(ctx, dc_s_mul(ctx, a->a[0], b));
  if (b->kind == DC_NEG)                    /* u*(-v) = -(u*v) */
    return dc_s_neg(ctx, dc_s_mul(ctx, a, b->a[0]));
  return dc_binary(ctx, DC_MUL, a, b, 0);
}

struct dc_node *dc_s_div(struct dc_ctx *ctx, struct dc_node *a,
                         struct dc_node *b)
{
  if (!a || !b)
    return NULL;
  if (dc_is_num(b, 1))                      /* u/1 = u */
    return a;
  if (dc_is_num(b, -1))                     /* u/-1 = -u */
    return dc_s_neg(ctx, a);
  if (is_num(b) && mpq_sgn(*b->q) == 0)     /* never fold u/0 */
    return dc_binary(ctx, DC_DIV, a, b, 0);
  if (dc_is_num(a, 0))                      /* 0/v = 0 */
    return a;
  if (is_num(a) && is_num(b))
    return fold(ctx, DC_DIV, a, b);
  if (a->kind == DC_NEG)                    /* (-u)/v = -(u/v) */
    return dc_s_neg(ctx, dc_s_div(ctx, a->a[0], b));
  return dc_binary(ctx, DC_DIV, a, b, 0);
}

/*
** Fold c^k for numbers c and integer k when the result is small and
** defined (never 0^negative).  NULL when it should not be folded; the
** caller then builds the power node.
*/
static struct dc_node *fold_pow(struct dc_ctx *ctx, const struct dc_node *a,
                                const struct dc_node *b)
{
  struct dc_node *r;
  unsigned long k;
  size_t bits;
  int neg;
  mpq_t q;

  if (mpz_cmp_ui(mpq_denref(*b->q), 1) != 0 ||
      mpz_cmpabs_ui(mpq_numref(*b->q), FOLD_MAX_EXP) > 0)
    return NULL;
  neg = mpq_sgn(*b->q) < 0;
  if (neg && mpq_sgn(*a->q) == 0)
    return NULL;
  k = mpz_get_ui(mpq_numref(*b->q));  /* the absolute value */
  bits = mpz_sizeinbase(mpq_numref(*a->q), 2) +
         mpz_sizeinbase(mpq_denref(*a->q), 2);
  if (bits * k > FOLD_BITS)
    return NULL;
  mpq_init(q);
  mpz_pow_ui(mpq_numref(q), mpq_numref(*a->q), k);
  mpz_pow_ui(mpq_denref(q), mpq_denref(*a->q), k);
  mpq_canonicalize(q);
  if (neg)
    mpq_inv(q, q);
  r = num_q(ctx, q);
  mpq_clear(q);
  return r;
}

struct dc_node *dc_s_pow(struct dc_ctx *ctx, struct dc_node *a,
                         struct dc_node *b)
{
  struct dc_node *r;
  if (!a || !b)
    return NULL;
  if (dc_is_num(b, 1))                      /* u^1 = u */
    return a;
  if (dc_is_num(b, 0))                      /* u^0 = 1 */
    return dc_num_si(ctx, 1);
  if (is_num(a) && is_num(b) && (r = fold_pow(ctx, a, b)) != NULL)
    return r;
  if (ctx->oom)
    return NULL;
  return dc_binary(ctx, DC_POW, a, b, 0);
}

/* ---- differentiation ---- */

struct job {
  struct dc_ctx *ctx;
  struct dc_node *var;
  struct dc_ptrmap memo;        /* node -> its derivative */
  size_t max_nodes;             /* ctx->nnodes past which d() gives up */
};

static struct dc_node *d(struct job *j, struct dc_node *f);

/*
** When e is a number written as arithmetic on numbers (2, -2, 1/2,
** -(3/4)), store its exact value in q and return 1; else 0.  Lets the power
** rule treat x^-2 and x^(1/2) as numeric exponents.  Only a few levels
** deep: written exponents are short, and the walk has no memo, so a deep
** shared DAG (where names squaring each other) must not be walked whole.
*/
#define NUMERIC_DEPTH 8

static int numeric_value(const struct dc_node *e, mpq_t q, int depth)
{
  mpq_t r;
  int ok;
  if (depth > NUMERIC_DEPTH)
    return 0;
  switch (e->kind) {
  case DC_NUM:
    mpq_set(q, *e->q);
    return 1;
  case DC_NEG:
    if (!numeric_value(e->a[0], q, depth + 1))
      return 0;
    mpq_neg(q, q);
    return 1;
  case DC_ADD: case DC_SUB: case DC_MUL: case DC_DIV:
    if (!numeric_value(e->a[0], q, depth + 1))
      return 0;
    mpq_init(r);
    ok = numeric_value(e->a[1], r, depth + 1);
    if (ok && e->kind == DC_DIV && mpq_sgn(r) == 0)
      ok = 0;
    if (ok) {
      if (e->kind == DC_ADD) mpq_add(q, q, r);
      else if (e->kind == DC_SUB) mpq_sub(q, q, r);
      else if (e->kind == DC_MUL) mpq_mul(q, q, r);
      else mpq_div(q, q, r);
    }
    mpq_clear(r);
    return ok;
  default:
    return 0;
  }
}

/* A call of the builtin `id` on one argument, under its canonical name. */
static struct dc_node *call1(struct dc_ctx *ctx, int id, struct dc_node *u)
{
  const struct dc_builtin_info *b = dc_builtin_info(id);
  struct dc_name *name = dc_intern(ctx, b->name, strlen(b->name));
  if (!u)
    return NULL;
  return dc_call(ctx, name, 0, 1, &u);
}

static struct dc_node *num(struct dc_ctx *ctx, long v)
{
  return dc_num_si(ctx, v);
}

/* d(u^w), the power rule in its two forms. */
static struct dc_node *d_pow(struct job *j, struct dc_node *f)
{
  struct dc_ctx *ctx = j->ctx;
  struct dc_node *u = f->a[0], *w = f->a[1], *du, *dw, *c, *cm1, *t1, *t2;
  mpq_t q;
  int numeric;

  du = d(j, u);
  mpq_init(q);
  numeric = numeric_value(w, q, 0);
  if (numeric) {
    /* d(u^c) = c*u^(c-1)*u' for a number c: no log, so a negative base
    ** with an integer exponent stays defined. */
    c = num_q(ctx, q);
    mpz_sub(mpq_numref(q), mpq_numref(q), mpq_denref(q));  /* q - 1 */
    cm1 = num_q(ctx, q);
    mpq_clear(q);
    return dc_s_mul(ctx, dc_s_mul(ctx, c, dc_s_pow(ctx, u, cm1)), du);
  }
  mpq_clear(q);
  dw = d(j, w);
  if (!du || !dw)
    return NULL;
  /* d(u^w) = u^w*(w'*log(u) + w*u'/u); for u = e, log(e) = 1. */
  if (u->kind == DC_CONST && u->ival == DC_CONST_E)
    t1 = dw;
  else
    t1 = dc_is_num(dw, 0) ? dw : dc_s_mul(ctx, dw, call1(ctx, DC_FN_LOG, u));
  t2 = dc_is_num(du, 0) ? du : dc_s_div(ctx, dc_s_mul(ctx, w, du), u);
  return dc_s_mul(ctx, f, dc_s_add(ctx, t1, t2));
}

int dc_numeric_exponent(const struct dc_node *e, mpq_t q)
{
  return numeric_value(e, q, 0);
}

struct dc_node *dc_builtin_outer(struct dc_ctx *ctx, int id,
                                 struct dc_node *f, struct dc_node *u)
{
  struct dc_node *one = num(ctx, 1), *two = num(ctx, 2);
  switch (id) {
  case DC_FN_EXP:   /* exp' = exp */
    return f;
  case DC_FN_LOG:   /* log'(u) = 1/u */
    return dc_s_div(ctx, one, u);
  case DC_FN_SQRT:  /* sqrt'(u) = 1/(2*sqrt(u)) */
    return dc_s_div(ctx, one, dc_s_mul(ctx, two, f));
  case DC_FN_SIN:   /* sin' = cos */
    return call1(ctx, DC_FN_COS, u);
  case DC_FN_COS:   /* cos' = -sin */
    return dc_s_neg(ctx, call1(ctx, DC_FN_SIN, u));
  case DC_FN_TAN:   /* tan' = 1 + tan^2 */
    return dc_s_add(ctx, one, dc_s_pow(ctx, f, two));
  case DC_FN_SINH:  /* sinh' = cosh */
    return call1(ctx, DC_FN_COSH, u);
  case DC_FN_COSH:  /* cosh' = sinh */
    return call1(ctx, DC_FN_SINH, u);
  case DC_FN_TANH:  /* tanh' = 1 - tanh^2 */
    return dc_s_sub(ctx, one, dc_s_pow(ctx, f, two));
  case DC_FN_ASIN:  /* asin'(u) = 1/sqrt(1 - u^2) */
    return dc_s_div(ctx, one, call1(ctx, DC_FN_SQRT,
                    dc_s_sub(ctx, one, dc_s_pow(ctx, u, two))));
  case DC_FN_ACOS:  /* acos'(u) = -1/sqrt(1 - u^2) */
    return dc_s_neg(ctx, dc_s_div(ctx, one, call1(ctx, DC_FN_SQRT,
                    dc_s_sub(ctx, one, dc_s_pow(ctx, u, two)))));
  case DC_FN_ATAN:  /* atan'(u) = 1/(1 + u^2) */
    return dc_s_div(ctx, one, dc_s_add(ctx, one, dc_s_pow(ctx, u, two)));
  case DC_FN_ERF:   /* erf'(u) = 2/sqrt(pi)*exp(-u^2) */
    return dc_s_mul(ctx,
                    dc_s_div(ctx, two, call1(ctx, DC_FN_SQRT,
                                             dc_const(ctx, DC_CONST_PI))),
                    call1(ctx, DC_FN_EXP,
                          dc_s_neg(ctx, dc_s_pow(ctx, u, two))));
  case DC_FN_ABS:   /* abs'(u) = u/abs(u), undefined at 0 as it should be */
    return dc_s_div(ctx, u, f);
  default:
    return NULL;
  }
}

/* d g(u) = g'(u)*u' for a one-argument builtin g. */
static struct dc_node *d_call(struct job *j, struct dc_node *f)
{
  struct dc_node *u, *du;
  if (f->name->builtin < 0 || f->nargs != 1 || f->ival != 0)
    return NULL;  /* user calls and primes are expanded before this */
  u = f->a[0];
  du = d(j, u);
  if (!du)
    return NULL;
  if (dc_is_num(du, 0))
    return du;
  return dc_s_mul(j->ctx, dc_builtin_outer(j->ctx, f->name->builtin, f, u),
                  du);
}

/* The derivative of f by j->var, without the memo. */
static struct dc_node *d_node(struct job *j, struct dc_node *f)
{
  struct dc_ctx *ctx = j->ctx;
  struct dc_node *u, *v, *du, *dv;

  switch ((enum dc_kind)f->kind) {
  case DC_NUM: case DC_CONST:               /* dc/dx = 0 */
    return num(ctx, 0);
  case DC_NAME: case DC_HOLE: case DC_PARAM:  /* dx/dx = 1, dy/dx = 0 */
    return num(ctx, f == j->var ? 1 : 0);
  case DC_NEG:                              /* (-u)' = -u' */
    return dc_s_neg(ctx, d(j, f->a[0]));
  case DC_PAREN: case DC_BRACKET:           /* grouping is transparent */
    return d(j, f->a[0]);
  case DC_ADD:                              /* (u + v)' = u' + v' */
    return dc_s_add(ctx, d(j, f->a[0]), d(j, f->a[1]));
  case DC_SUB:                              /* (u - v)' = u' - v' */
    return dc_s_sub(ctx, d(j, f->a[0]), d(j, f->a[1]));
  case DC_MUL:                              /* (u*v)' = u'*v + u*v' */
    u = f->a[0];
    v = f->a[1];
    return dc_s_add(ctx, dc_s_mul(ctx, d(j, u), v),
                    dc_s_mul(ctx, u, d(j, v)));
  case DC_DIV:
    u = f->a[0];
    v = f->a[1];
    du = d(j, u);
    dv = d(j, v);
    if (!du || !dv)
      return NULL;
    if (dc_is_num(dv, 0))                   /* (u/c)' = u'/c */
      return dc_s_div(ctx, du, v);
    /* (u/v)' = (u'*v - u*v')/v^2 */
    return dc_s_div(ctx, dc_s_sub(ctx, dc_s_mul(ctx, du, v),
                                  dc_s_mul(ctx, u, dv)),
                    dc_s_pow(ctx, v, num(ctx, 2)));
  case DC_POW:
    return d_pow(j, f);
  case DC_CALL:
    return d_call(j, f);
  case DC_GUARD:
    /* d GUARD_D(u) = WITH(u', GUARD_D(u)): defined only where u is in D */
    return dc_with(ctx, d(j, f->a[0]), f);
  case DC_WITH:                             /* d WITH(a, c) = WITH(a', c) */
    return dc_with(ctx, d(j, f->a[0]), f->a[1]);
  default:
    return NULL;  /* DIFF and PRIME never reach an expanded DAG */
  }
}

static struct dc_node *d(struct job *j, struct dc_node *f)
{
  struct dc_node *r;
  int found;
  /* A NULL result is not memoised, so without these checks a failure
  ** (out of memory, or the node budget spent) would make every later
  ** visit of a shared node walk its whole subtree again: exponential
  ** time on a DAG.  Stopping at once keeps the failure linear. */
  if (!f || j->ctx->oom || j->ctx->nnodes > j->max_nodes || dc_stack_low() ||
      dc_meter_over())
    return NULL;
  r = dc_ptrmap_get(&j->memo, f, &found);
  if (found)
    return r;
  r = d_node(j, f);
  if (r && dc_ptrmap_put(&j->memo, f, r) != 0) {
    j->ctx->oom = 1;
    return NULL;
  }
  return r;
}

struct dc_node *dc_deriv(struct dc_ctx *ctx, struct dc_node *f,
                         struct dc_node *var, int order)
{
  struct job j;
  int k;
  if (!f || !var || order < 1)
    return NULL;
  j.ctx = ctx;
  j.var = var;
  j.max_nodes = ctx->nnodes + DC_MAX_DERIV_NODES;
  /* The n-th derivative: differentiate n times, a fresh memo each time
  ** (the memo maps a node to its derivative of one order). */
  for (k = 0; k < order && f; k++) {
    if (dc_ptrmap_init(&j.memo) != 0) {
      dc_ptrmap_free(&j.memo);
      ctx->oom = 1;
      return NULL;
    }
    f = d(&j, f);
    dc_ptrmap_free(&j.memo);
  }
  return f;
}
