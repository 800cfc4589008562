/*
** expand_diff.c: derivatives met while expanding (see expand.c for the
** Leibniz semantics): diff and pdiff by a name or a parameter, primes on
** an expression or a call, and the records the checker cross-checks each
** derivative with.  Many first derivatives of one function come from one
** reverse pass (simplify/gradient.h).
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "expr/meter.h"
#include "simplify/expand_int.h"
#include "simplify/diff.h"
#include "simplify/gradient.h"
#include "expr/builtins.h"
#include "expr/limits.h"
#include "expr/stack.h"

/* ---- derivative records ---- */

static int add_check(struct dc_expander *ex, const struct dc_dcheck *c)
{
  struct dc_expansion *x = ex->x;
  if (dc_reserve(&x->checks, &x->cap, x->nchecks, sizeof *x->checks)) {
    ex->ctx->oom = 1;
    return -1;
  }
  x->checks[x->nchecks++] = *c;
  return 0;
}

/*
** Apply from[i] := to[i] to the records made since `start`.  In a record's
** f its own variable is never replaced: there it is the point of the
** record, not the outer leaf of the same name.
*/
int dc_exp_subst_records(struct dc_expander *ex, size_t start, size_t n,
                         struct dc_node *const *from,
                         struct dc_node *const *to)
{
  struct dc_node *ff[DC_MAX_ARGS], *ft[DC_MAX_ARGS];
  size_t i, k, m;
  for (i = start; i < ex->x->nchecks; i++) {
    struct dc_dcheck *c = &ex->x->checks[i];
    c->sym = dc_subst(ex->ctx, c->sym, n, from, to);
    c->at = dc_subst(ex->ctx, c->at, n, from, to);
    for (k = m = 0; k < n; k++)
      if (from[k] != c->var) {
        ff[m] = from[k];
        ft[m++] = to[k];
      }
    c->f = dc_subst(ex->ctx, c->f, m, ff, ft);
    if (!c->sym || !c->at || !c->f)
      return -1;
  }
  return 0;
}

/*
** A hole standing for v inside one record only, used when v is already
** held outside: the outer hole(v) will later be replaced by v's value,
** which must not touch the record's own variable.  The spelling "v#"
** cannot be written in an expression, so it never meets a real name.
*/
static struct dc_node *private_hole(struct dc_ctx *ctx,
                                    const struct dc_name *v)
{
  char buf[256];
  size_t n = v->len < sizeof buf - 2 ? v->len : sizeof buf - 2;
  memcpy(buf, v->s, n);
  buf[n] = '#';
  return dc_hole(ctx, dc_intern(ctx, buf, n + 1));
}

/*
** A derivative exists only where the function does: S (the derivative of
** F by var, at var = at) is made undefined wherever F itself is undefined
** at that point.  Without this, diff(log(x), x) = 1/abs(x) would "fail" at
** negative x, where the left side's 1/x is computable but log(x) is not.
*/
static struct dc_node *defined_where(struct dc_expander *ex, struct dc_node *S,
                                     struct dc_node *F, struct dc_node *var,
                                     struct dc_node *at)
{
  struct dc_node *value = at == var ? F : dc_subst(ex->ctx, F, 1, &var, &at);
  struct dc_node *r = value ? dc_with(ex->ctx, S, value) : NULL;
  return r ? r : dc_exp_oom(ex);
}

/* Orders are bounded: each one multiplies the size of the result. */
static int order_ok(struct dc_expander *ex, int n)
{
  if (n >= 1 && n <= DC_MAX_DIFF_ORDER)
    return 1;
  dc_error(ex->diags, ex->pos, "derivative of order %d: the order must be "
           "between 1 and %d", n, DC_MAX_DIFF_ORDER);
  ex->failed = 1;
  return 0;
}

/* dc_deriv gave NULL: out of memory, or the derivative grew past
** DC_MAX_DERIV_NODES, an input error (nested derivatives multiply their
** orders) that must not be reported as the machine running out. */
static struct dc_node *deriv_failed(struct dc_expander *ex)
{
  if (ex->ctx->oom || dc_stack_exhausted())
    return dc_exp_oom(ex);
  if (dc_meter_over())
    return dc_exp_over_budget(ex);
  dc_error(ex->diags, ex->pos, "this derivative grows past %d expression "
           "nodes; nested derivatives multiply their orders", DC_MAX_DERIV_NODES);
  ex->failed = 1;
  return NULL;
}

/* grads: F was asked for one leaf (NULL), or its gradient could not be
** made (this address). */
static char no_gradient;

/*
** The n-th derivative of F by the leaf var.  A loss is differentiated by
** each of its parameters in turn: from the second leaf asked of one F on,
** every first derivative of F comes from one reverse pass (gradient.h),
** so the work grows with F, not with F times the parameters.
*/
static struct dc_node *derivative(struct dc_expander *ex, struct dc_node *F,
                                  struct dc_node *var, int n)
{
  struct dc_gradient *g;
  int found;
  if (n != 1)
    return dc_deriv(ex->ctx, F, var, n);
  g = dc_ptrmap_get(&ex->grads, F, &found);
  if (found && g && g != (void *)&no_gradient)
    return dc_gradient_get(g, var);
  if (found && !g) {
    g = dc_gradient_new(ex->ctx, F);
    if (dc_ptrmap_put(&ex->grads, F, g ? (void *)g : &no_gradient) != 0) {
      dc_gradient_free(g);
      ex->ctx->oom = 1;
      return NULL;
    }
    if (g)
      return dc_gradient_get(g, var);
  } else if (!found && dc_ptrmap_put(&ex->grads, F, NULL) != 0) {
    ex->ctx->oom = 1;
    return NULL;
  }
  return dc_deriv(ex->ctx, F, var, n);
}

/*
** diff(E, var) by a leaf that is independent already, so nothing needs
** holding: E expands as it is (shared with every other derivative of E,
** and with E itself), is differentiated by var and recorded at var.  Two
** kinds of leaf: a function's parameter inside its body (the call that
** substitutes the parameters also fixes the record), and a free symbol
** outside every held name and function body, where holding it would only
** rename its leaf.  Inside those levels a free symbol still needs a hole:
** the outer level later puts values (a held name's, a call's arguments)
** into the record's f that may mention it, and f must stay a function of
** its own variable alone.
*/
static struct dc_node *diff_by_leaf(struct dc_expander *ex, long fi,
                                    struct dc_node *E, struct dc_node *var,
                                    int n)
{
  struct dc_dcheck c;
  struct dc_node *F = dc_exp_expand(ex, fi, E), *S;
  if (!F)
    return NULL;
  S = derivative(ex, F, var, n);
  if (!S)
    return deriv_failed(ex);
  c.sym = S;
  c.f = F;
  c.var = var;
  c.at = var;
  c.order = n;
  if (add_check(ex, &c) != 0)
    return NULL;
  return defined_where(ex, S, F, var, var);
}

/* A name that stands for itself in scope: a free symbol. */
static int free_symbol(const struct dc_scope *scope, const struct dc_name *v)
{
  const struct dc_def *def = NULL;
  int constant = 0;
  return dc_scope_lookup(scope, v, &def, &constant) == DC_BIND_SYMBOL;
}

/*
** The derivative of order n of the expansion of E by the name v, with
** Leibniz semantics (see the file comment); records it.
*/
static struct dc_node *expand_diff_name(struct dc_expander *ex, long fi,
                                        struct dc_node *E,
                                        const struct dc_name *v, int n)
{
  struct dc_ctx *ctx = ex->ctx;
  struct dc_dcheck c;
  struct dc_node *F, *hole, *Sh, *at, *S;
  size_t start = ex->x->nchecks;
  int already = dc_exp_held_in(&ex->frames[fi], v);
  long hi;

  if (!order_ok(ex, n))
    return NULL;
  if (!ex->nested && free_symbol(ex->frames[fi].scope, v)) {
    struct dc_node *var = dc_name_node(ctx, v);
    return var ? diff_by_leaf(ex, fi, E, var, n) : dc_exp_oom(ex);
  }
  hi = dc_exp_frame_holding(ex, fi, v);
  if (hi < 0)
    return dc_exp_oom(ex);
  ex->nested++;
  F = dc_exp_expand(ex, hi, E);
  ex->nested--;
  if (!F)
    return NULL;
  hole = dc_hole(ctx, v);
  at = dc_name_node(ctx, v);
  if (!hole || !at)
    return dc_exp_oom(ex);
  Sh = dc_deriv(ctx, F, hole, n);
  if (!Sh)
    return deriv_failed(ex);
  /* v's value at the point: its own expansion with the outer H. */
  at = dc_exp_expand_name(ex, fi, at);
  S = dc_subst(ctx, Sh, 1, &hole, &at);
  if (!S || !at || dc_exp_subst_records(ex, start, 1, &hole, &at) != 0)
    return ex->failed ? NULL : dc_exp_oom(ex);
  c.sym = S;
  c.f = F;
  c.var = hole;
  c.at = at;
  c.order = n;
  if (already) {
    c.var = private_hole(ctx, v);
    c.f = dc_subst(ctx, F, 1, &hole, &c.var);
    if (!c.f)
      return dc_exp_oom(ex);
  }
  if (add_check(ex, &c) != 0)
    return NULL;
  return defined_where(ex, S, F, hole, at);
}

/* diff(E, p) where p is a parameter of the function whose body is being
** expanded (see diff_by_leaf). */
static struct dc_node *expand_diff_param(struct dc_expander *ex, long fi,
                                         struct dc_node *E,
                                         struct dc_node *p, int n)
{
  return order_ok(ex, n) ? diff_by_leaf(ex, fi, E, p, n) : NULL;
}

COLD struct dc_node *dc_exp_diff(struct dc_expander *ex, long fi,
                                   struct dc_node *e)
{
  struct dc_node *v = e->a[1];
  if (v->kind == DC_PARAM)
    return expand_diff_param(ex, fi, e->a[0], v, e->ival);
  if (v->kind != DC_NAME) {
    dc_error(ex->diags, ex->pos, "the variable of a derivative must be a name");
    ex->failed = 1;
    return NULL;
  }
  return expand_diff_name(ex, fi, e->a[0], v->name, e->ival);
}

/* Says why no variable was found for a prime, listing a few candidates. */
static void prime_error(struct dc_expander *ex, const struct dc_scope *scope,
                        const struct dc_node *E)
{
  struct dc_name *syms[4];
  char list[200];
  long n = dc_free_symbols(ex->ctx, scope, E, syms, 4);
  size_t i, len = 0;

  ex->failed = 1;
  if (n < 0) {
    ex->ctx->oom = 1;
    return;
  }
  if (n == 0) {
    dc_error(ex->diags, ex->pos,
             "cannot tell which variable ' differentiates by: the expression "
             "has no free symbol (use diff(E, v) or give the block a wrt)");
    return;
  }
  list[0] = '\0';
  for (i = 0; i < (size_t)n && i < 4; i++) {
    int w = snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "",
                     syms[i]->s);
    if (w < 0 || (size_t)w >= sizeof list - len)
      break;
    len += (size_t)w;
  }
  dc_error(ex->diags, ex->pos,
           "cannot tell which variable ' differentiates by: the expression "
           "depends on %ld symbols (%s%s); use diff(E, v) or give the block "
           "a wrt", n, list, n > 4 ? ", ..." : "");
}

/*
** Whether the written tree e mentions at most one distinct DC_PARAM leaf
** (stored in *p when there is one).  Function bodies reached through
** calls are not entered: their parameters are their own.
*/
static int only_param(const struct dc_node *e, struct dc_node **p)
{
  uint16_t i;
  if (dc_stack_low())
    return 0;                   /* too deep to tell: not a safe answer */
  if (e->kind == DC_PARAM) {
    if (*p && *p != e)
      return 0;
    *p = (struct dc_node *)e;
    return 1;
  }
  for (i = 0; i < e->nargs; i++)
    if (!only_param(e->a[i], p))
      return 0;
  return 1;
}

/* (E)' with k primes: diff(E, v, k) for the block's wrt or E's only
** free symbol. */
COLD struct dc_node *dc_exp_prime(struct dc_expander *ex, long fi,
                                    struct dc_node *e)
{
  const struct dc_scope *scope = ex->frames[fi].scope;
  struct dc_name *v = dc_prime_variable(ex->ctx, scope, e->a[0]);
  struct dc_node *p = NULL;
  if (v)
    return expand_diff_name(ex, fi, e->a[0], v, e->ival);
  /* Inside a function body, (t^2)' with t the only parameter and no free
  ** symbol differentiates by that parameter. */
  if (!scope && dc_free_symbols(ex->ctx, NULL, e->a[0], &v, 1) == 0 &&
      only_param(e->a[0], &p) && p)
    return expand_diff_param(ex, fi, e->a[0], p, e->ival);
  prime_error(ex, scope, e->a[0]);
  return NULL;
}

/* f'(x), f''(x): the k-th derivative of f's body by its parameter,
** at the expanded argument. */
struct dc_node *dc_exp_call_prime(struct dc_expander *ex, long fi,
                                         struct dc_node *e)
{
  struct dc_ctx *ctx = ex->ctx;
  const struct dc_name *fn = e->name;
  struct dc_dcheck c;
  struct dc_node *B, *p, *Sp, *X, *S;
  size_t start = ex->x->nchecks;

  if (!fn->func && fn->builtin < 0) {
    dc_error(ex->diags, ex->pos, "unknown function %s", fn->s);
    ex->failed = 1;
    return NULL;
  }
  if (e->nargs != 1 || (fn->func && fn->func->nparams != 1)) {
    dc_error(ex->diags, ex->pos,
             "%s' needs a function of one argument", fn->s);
    ex->failed = 1;
    return NULL;
  }
  if (!order_ok(ex, e->ival))
    return NULL;
  ex->nested++;
  B = dc_exp_function_body(ex, fi, fn);
  ex->nested--;
  X = dc_exp_expand(ex, fi, e->a[0]);
  if (!B || !X)
    return NULL;
  p = dc_param(ctx, fn, 0);
  Sp = dc_deriv(ctx, B, p, e->ival);
  if (!Sp)
    return deriv_failed(ex);
  S = dc_subst(ctx, Sp, 1, &p, &X);
  if (!S || dc_exp_subst_records(ex, start, 1, &p, &X) != 0)
    return dc_exp_oom(ex);
  c.sym = S;
  c.f = B;
  c.var = p;
  c.at = X;
  c.order = e->ival;
  if (add_check(ex, &c) != 0)
    return NULL;
  return defined_where(ex, S, B, p, X);
}

void dc_exp_grads_free(struct dc_expander *ex)
{
  size_t i;
  for (i = 0; i < ex->grads.cap; i++)
    if (ex->grads.keys[i] && ex->grads.vals[i] &&
        ex->grads.vals[i] != (void *)&no_gradient)
      dc_gradient_free(ex->grads.vals[i]);
  dc_ptrmap_free(&ex->grads);
}
