/*
** expand.c: written trees to the expanded DAGs the evaluator runs, with
** Leibniz semantics for derivatives (SPEC section 3).
**
** One expansion works with a set H of held names.  A held name expands to
** its DC_HOLE; any other name to its where/definition expression (guarded
** by its domain), a constant, or itself as a free symbol.  diff(E, v) adds
** v to H, expands E to F (so F mentions v only as hole(v), whatever v is),
** differentiates F by hole(v), and substitutes v's value, expanded with the
** outer H, for the hole.  A user call expands the function body in the
** global scope with the same H and substitutes the expanded arguments.
**
** Results are memoised per (written node, scope, H) within one dc_expand
** call: the scope matters because a function body resolves names globally
** while a block resolves its where names first.
**
** Every derivative is also recorded (struct dc_dcheck) for the checker's
** finite-difference cross-check.  A record made inside an outer derivative
** or function body still mentions the outer hole or the parameters; when
** that outer level finishes, the same substitution is applied to the
** records made meanwhile, so records reaching the caller mention no hole
** or parameter except their own variable.  This file does not evaluate
** anything and does not simplify beyond what diff.c does.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "simplify/expand.h"
#include "simplify/diff.h"
#include "simplify/gradient.h"
#include "expr/builtins.h"
#include "expr/limits.h"
#include "expr/ptrmap.h"
#include "expr/stack.h"

/* Calls, derivatives and primes keep big arrays and records on the stack.
** Kept out of line, they do not enlarge the frame of every level of
** expand(), the recursion that follows nesting and definition chains: an
** ASan build used 4.4 KiB of stack per chained definition with them
** inlined. */
#if defined(__GNUC__)
#define COLD __attribute__((noinline))
#else
#define COLD
#endif

/* One (scope, H) combination and its memo: written node -> expansion. */
struct frame {
  const struct dc_scope *scope;
  const struct dc_name **held;  /* H, sorted by address; malloc'd */
  size_t nheld;
  struct dc_ptrmap memo;
};

struct dc_expander {
  struct dc_ctx *ctx;
  struct dc_expansion *x;
  struct dc_diags *diags;
  struct dc_pos pos;
  struct frame *frames;         /* malloc'd; looked up linearly (few) */
  size_t nframes, cap;
  int depth;                    /* current recursion depth */
  int failed;                   /* an error was reported: stop */
  size_t first_node;            /* ctx->nnodes when this expansion began */
  struct dc_ptrmap grads;       /* F -> its gradient (see derivative()) */
  int nested;                   /* inside levels whose records get a
                                ** substitution later (held names, bodies) */
};


void dc_expansion_init(struct dc_expansion *x)
{
  memset(x, 0, sizeof *x);
}

void dc_expansion_free(struct dc_expansion *x)
{
  free(x->checks);
  memset(x, 0, sizeof *x);
}

/* ---- frames: (scope, H) with their memo ---- */

static int by_address(const void *a, const void *b)
{
  uintptr_t x = (uintptr_t)*(const struct dc_name *const *)a;
  uintptr_t y = (uintptr_t)*(const struct dc_name *const *)b;
  return x < y ? -1 : x > y;
}

static int held_in(const struct frame *f, const struct dc_name *n)
{
  size_t i;
  for (i = 0; i < f->nheld; i++)
    if (f->held[i] == n)
      return 1;
  return 0;
}

/*
** The index of the frame for scope and the set held[0..n) (sorted, no
** duplicates), made if new; -1 on out-of-memory.
*/
static long frame_for(struct dc_expander *ex, const struct dc_scope *scope,
                      const struct dc_name **held, size_t n)
{
  struct frame *f;
  size_t i;
  for (i = 0; i < ex->nframes; i++) {
    f = &ex->frames[i];
    if (f->scope == scope && f->nheld == n &&
        (n == 0 || memcmp(f->held, held, n * sizeof *held) == 0))
      return (long)i;
  }
  if (dc_reserve(&ex->frames, &ex->cap, ex->nframes, sizeof *ex->frames))
    return -1;
  f = &ex->frames[ex->nframes];
  memset(f, 0, sizeof *f);
  f->scope = scope;
  f->nheld = n;
  if (n) {
    f->held = malloc(n * sizeof *held);
    if (!f->held)
      return -1;
    memcpy(f->held, held, n * sizeof *held);
  }
  if (dc_ptrmap_init(&f->memo) != 0) {
    free(f->held);
    dc_ptrmap_free(&f->memo);
    return -1;
  }
  return (long)ex->nframes++;
}

/* The frame with the same H as frame fi but another scope. */
static long frame_with_scope(struct dc_expander *ex, long fi,
                             const struct dc_scope *scope)
{
  struct frame *f = &ex->frames[fi];
  if (f->scope == scope)
    return fi;
  return frame_for(ex, scope, f->held, f->nheld);
}

/* The frame for frame fi's scope with v added to its H. */
static long frame_holding(struct dc_expander *ex, long fi,
                          const struct dc_name *v)
{
  const struct dc_name **h;
  size_t n = ex->frames[fi].nheld;
  long r;
  if (held_in(&ex->frames[fi], v))
    return fi;
  h = malloc((n + 1) * sizeof *h);
  if (!h)
    return -1;
  if (n)
    memcpy(h, ex->frames[fi].held, n * sizeof *h);
  h[n] = v;
  qsort(h, n + 1, sizeof *h, by_address);
  r = frame_for(ex, ex->frames[fi].scope, h, n + 1);
  free(h);
  return r;
}

static void frames_free(struct dc_expander *ex)
{
  size_t i;
  for (i = 0; i < ex->nframes; i++) {
    free(ex->frames[i].held);
    dc_ptrmap_free(&ex->frames[i].memo);
  }
  free(ex->frames);
}

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
static int subst_records(struct dc_expander *ex, size_t start, size_t n,
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

/* Keep the first record of each sym; later duplicates go. */
static int dedup_records(struct dc_expansion *x)
{
  struct dc_ptrmap seen;
  size_t i, n = 0;
  int found;
  if (dc_ptrmap_init(&seen) != 0) {
    dc_ptrmap_free(&seen);
    return -1;
  }
  for (i = 0; i < x->nchecks; i++) {
    dc_ptrmap_get(&seen, x->checks[i].sym, &found);
    if (found)
      continue;
    if (dc_ptrmap_put(&seen, x->checks[i].sym, NULL) != 0) {
      dc_ptrmap_free(&seen);
      return -1;
    }
    x->checks[n++] = x->checks[i];
  }
  x->nchecks = n;
  dc_ptrmap_free(&seen);
  return 0;
}

/* ---- expansion ---- */

static struct dc_node *expand(struct dc_expander *ex, long fi,
                              struct dc_node *e);

/* Stop the expansion with an input error at the element's position. */
static struct dc_node *input_error(struct dc_expander *ex, const char *msg)
{
  if (!ex->failed)
    dc_error(ex->diags, ex->pos, "%s", msg);
  ex->failed = 1;
  return NULL;
}

/* A step gave NULL without reporting anything: either a walk ran out of
** stack (an input that nests too deeply, exit 2) or memory ran out. */
static struct dc_node *oom(struct dc_expander *ex)
{
  char msg[160];
  if (ex->failed)
    return NULL;
  if (dc_stack_exhausted()) {
    snprintf(msg, sizeof msg, "expression nests too deeply for the stack "
             "once definitions and functions are expanded (%zu KiB; see "
             "ulimit -s)", dc_stack_limit() >> 10);
    return input_error(ex, msg);
  }
  ex->ctx->oom = 1;
  return NULL;
}

/* A name: held -> hole; where/definition -> its expansion (guarded);
** pi, e -> constant; otherwise the free symbol itself. */
static struct dc_node *expand_name(struct dc_expander *ex, long fi,
                                   struct dc_node *e)
{
  const struct dc_scope *scope = ex->frames[fi].scope;
  const struct dc_domain *dom;
  const struct dc_def *def = NULL;
  struct dc_node *r;
  int constant = 0;

  if (held_in(&ex->frames[fi], e->name))
    return dc_hole(ex->ctx, e->name);
  switch (dc_scope_lookup(scope, e->name, &def, &constant)) {
  case DC_BIND_WHERE:
  case DC_BIND_DEF:
    /* The same scope for both: global definitions are late-bound, so a
    ** definition used in a block sees the block's where names. */
    r = expand(ex, fi, def->expr);
    dom = dc_scope_domain(scope, e->name);
    return dom ? dc_guard(ex->ctx, r, dom) : r;
  case DC_BIND_CONST:
    return dc_const(ex->ctx, constant);
  case DC_BIND_SYMBOL:
  default:
    return e;
  }
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
  return r ? r : oom(ex);
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
    return oom(ex);
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
  struct dc_node *F = expand(ex, fi, E), *S;
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
  int already = held_in(&ex->frames[fi], v);
  long hi;

  if (!order_ok(ex, n))
    return NULL;
  if (!ex->nested && free_symbol(ex->frames[fi].scope, v)) {
    struct dc_node *var = dc_name_node(ctx, v);
    return var ? diff_by_leaf(ex, fi, E, var, n) : oom(ex);
  }
  hi = frame_holding(ex, fi, v);
  if (hi < 0)
    return oom(ex);
  ex->nested++;
  F = expand(ex, hi, E);
  ex->nested--;
  if (!F)
    return NULL;
  hole = dc_hole(ctx, v);
  at = dc_name_node(ctx, v);
  if (!hole || !at)
    return oom(ex);
  Sh = dc_deriv(ctx, F, hole, n);
  if (!Sh)
    return deriv_failed(ex);
  /* v's value at the point: its own expansion with the outer H. */
  at = expand_name(ex, fi, at);
  S = dc_subst(ctx, Sh, 1, &hole, &at);
  if (!S || !at || subst_records(ex, start, 1, &hole, &at) != 0)
    return ex->failed ? NULL : oom(ex);
  c.sym = S;
  c.f = F;
  c.var = hole;
  c.at = at;
  c.order = n;
  if (already) {
    c.var = private_hole(ctx, v);
    c.f = dc_subst(ctx, F, 1, &hole, &c.var);
    if (!c.f)
      return oom(ex);
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

COLD static struct dc_node *expand_diff(struct dc_expander *ex, long fi,
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
COLD static struct dc_node *expand_prime(struct dc_expander *ex, long fi,
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

/* Expand every operand of e and rebuild e's kind around them. */
static int expand_args(struct dc_expander *ex, long fi, struct dc_node *e,
                       struct dc_node **args)
{
  uint16_t i;
  for (i = 0; i < e->nargs; i++) {
    args[i] = expand(ex, fi, e->a[i]);
    if (!args[i])
      return -1;
  }
  return 0;
}

/*
** The body of the function named fn with parameter leaves, expanded in
** the global scope with frame fi's H; for a builtin, g(PARAM 0).
*/
static struct dc_node *function_body(struct dc_expander *ex, long fi,
                                     const struct dc_name *fn)
{
  struct dc_node *p;
  long gi;
  if (fn->func) {
    gi = frame_with_scope(ex, fi, NULL);
    if (gi < 0)
      return oom(ex);
    return expand(ex, gi, fn->func->body);
  }
  p = dc_param(ex->ctx, fn, 0);
  return dc_call(ex->ctx, fn, 0, 1, &p);
}

/* f'(x), f''(x): the k-th derivative of f's body by its parameter,
** at the expanded argument. */
static struct dc_node *expand_call_prime(struct dc_expander *ex, long fi,
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
  B = function_body(ex, fi, fn);
  ex->nested--;
  X = expand(ex, fi, e->a[0]);
  if (!B || !X)
    return NULL;
  p = dc_param(ctx, fn, 0);
  Sp = dc_deriv(ctx, B, p, e->ival);
  if (!Sp)
    return deriv_failed(ex);
  S = dc_subst(ctx, Sp, 1, &p, &X);
  if (!S || subst_records(ex, start, 1, &p, &X) != 0)
    return oom(ex);
  c.sym = S;
  c.f = B;
  c.var = p;
  c.at = X;
  c.order = e->ival;
  if (add_check(ex, &c) != 0)
    return NULL;
  return defined_where(ex, S, B, p, X);
}

COLD static struct dc_node *expand_call(struct dc_expander *ex, long fi,
                                   struct dc_node *e)
{
  struct dc_ctx *ctx = ex->ctx;
  const struct dc_name *fn = e->name;
  struct dc_node *args[DC_MAX_ARGS], *params[DC_MAX_ARGS], *B, *r;
  size_t start, i;

  if (e->ival > 0)
    return expand_call_prime(ex, fi, e);
  if (!fn->func && fn->builtin < 0) {
    dc_error(ex->diags, ex->pos, "unknown function %s", fn->s);
    ex->failed = 1;
    return NULL;
  }
  if (fn->func && fn->func->nparams != (int)e->nargs) {
    dc_error(ex->diags, ex->pos, "%s takes %d arguments, not %u", fn->s,
             fn->func->nparams, (unsigned)e->nargs);
    ex->failed = 1;
    return NULL;
  }
  if (!fn->func && dc_builtin_info(fn->builtin)->arity != (int)e->nargs) {
    dc_error(ex->diags, ex->pos, "%s takes %d argument%s, not %u", fn->s,
             dc_builtin_info(fn->builtin)->arity,
             dc_builtin_info(fn->builtin)->arity == 1 ? "" : "s",
             (unsigned)e->nargs);
    ex->failed = 1;
    return NULL;
  }
  if (expand_args(ex, fi, e, args) != 0)
    return NULL;
  if (!fn->func)
    return dc_call(ctx, fn, 0, e->nargs, args);
  /* f(args) = body with PARAM i := args[i]; records made inside the body
  ** get the same substitution. */
  start = ex->x->nchecks;
  ex->nested++;
  B = function_body(ex, fi, fn);
  ex->nested--;
  if (!B)
    return NULL;
  for (i = 0; i < e->nargs; i++)
    params[i] = dc_param(ctx, fn, (int)i);
  r = dc_subst(ctx, B, e->nargs, params, args);
  if (!r || subst_records(ex, start, e->nargs, params, args) != 0)
    return oom(ex);
  return r;
}

/* The expansion of e without the memo. */
static struct dc_node *expand_node(struct dc_expander *ex, long fi,
                                   struct dc_node *e)
{
  struct dc_node *args[DC_MAX_ARGS + 2];
  switch ((enum dc_kind)e->kind) {
  case DC_NUM: case DC_CONST: case DC_PARAM: case DC_HOLE:
    return e;
  case DC_NAME:
    return expand_name(ex, fi, e);
  case DC_PAREN: case DC_BRACKET:            /* grouping disappears */
    return expand(ex, fi, e->a[0]);
  case DC_NEG:
    /* Arithmetic as written, unsimplified: the checker must evaluate what
    ** the author wrote. */
    return expand_args(ex, fi, e, args) ? NULL
                                        : dc_unary(ex->ctx, DC_NEG, args[0]);
  case DC_ADD: case DC_SUB: case DC_MUL: case DC_DIV: case DC_POW:
    return expand_args(ex, fi, e, args) ? NULL
           : dc_binary(ex->ctx, (enum dc_kind)e->kind, args[0], args[1],
                       e->flags);
  case DC_CALL:
    return expand_call(ex, fi, e);
  case DC_DIFF:
    return expand_diff(ex, fi, e);
  case DC_PRIME:
    return expand_prime(ex, fi, e);
  case DC_GUARD:
    return expand_args(ex, fi, e, args) ? NULL
                                        : dc_guard(ex->ctx, args[0], e->dom);
  case DC_WITH:
    return expand_args(ex, fi, e, args) ? NULL
                                        : dc_with(ex->ctx, args[0], args[1]);
  default:
    return NULL;
  }
}

/* Function bodies substituted into each other can double the depth of
** the result at every level (f1(x): f0(f0(x)), ...) while the written
** specs stay tiny; the limit on the result's height bounds every later
** walk of it. */
static struct dc_node *too_deep(struct dc_expander *ex)
{
  char msg[160];
  snprintf(msg, sizeof msg, "expression nests deeper than %d levels once "
           "definitions and functions are expanded", DC_MAX_EXPAND_DEPTH);
  return input_error(ex, msg);
}

/* Substitution can also double the size at each level (f1(x, y):
** f0(x + y, x - y), ...): a budget of nodes per expanded element. */
static struct dc_node *too_big(struct dc_expander *ex)
{
  char msg[160];
  snprintf(msg, sizeof msg, "expression grows past %d nodes once "
           "definitions and functions are expanded", DC_MAX_EXPAND_NODES);
  return input_error(ex, msg);
}

static struct dc_node *expand(struct dc_expander *ex, long fi,
                              struct dc_node *e)
{
  struct dc_node *r;
  int found;

  if (!e || ex->failed || ex->ctx->oom)
    return NULL;
  r = dc_ptrmap_get(&ex->frames[fi].memo, e, &found);
  if (found)
    return r;
  if (dc_stack_low())
    return oom(ex);
  if (ex->ctx->nnodes - ex->first_node > DC_MAX_EXPAND_NODES)
    return too_big(ex);
  /* Following definitions and function bodies can nest far deeper than
  ** any one written expression; the limit keeps the C stack bounded here
  ** and in every later walk of the result. */
  if (ex->depth >= DC_MAX_EXPAND_DEPTH)
    return too_deep(ex);
  ex->depth++;
  r = expand_node(ex, fi, e);
  ex->depth--;
  if (!r)
    return ex->failed || ex->ctx->oom ? NULL : oom(ex);
  if (r->height > DC_MAX_EXPAND_DEPTH)
    return too_deep(ex);
  if (r && dc_ptrmap_put(&ex->frames[fi].memo, e, r) != 0)
    return oom(ex);
  return r;
}

struct dc_expander *dc_expander_new(struct dc_ctx *ctx,
                                    struct dc_expansion *x,
                                    struct dc_diags *diags)
{
  struct dc_expander *ex = calloc(1, sizeof *ex);
  if (!ex || dc_ptrmap_init(&ex->grads) != 0) {
    if (ex)
      dc_ptrmap_free(&ex->grads);
    free(ex);
    return NULL;
  }
  ex->ctx = ctx;
  ex->x = x;
  ex->diags = diags;
  return ex;
}

void dc_expander_free(struct dc_expander *ex)
{
  size_t i;
  if (!ex)
    return;
  frames_free(ex);
  for (i = 0; i < ex->grads.cap; i++)
    if (ex->grads.keys[i] && ex->grads.vals[i] &&
        ex->grads.vals[i] != (void *)&no_gradient)
      dc_gradient_free(ex->grads.vals[i]);
  dc_ptrmap_free(&ex->grads);
  free(ex);
}

struct dc_node *dc_expander_run(struct dc_expander *ex,
                                const struct dc_scope *scope,
                                struct dc_node *e, struct dc_pos pos)
{
  struct dc_ctx *ctx = ex->ctx;
  struct dc_expansion *x = ex->x;
  struct dc_node *r = NULL;
  size_t start = x->nchecks;
  long fi;

  if (ex->failed)
    return NULL;
  dc_stack_clear();
  ex->first_node = ctx->nnodes;
  ex->pos = pos;
  ex->depth = 0;
  ex->nested = 0;
  fi = frame_for(ex, scope, NULL, 0);
  if (fi < 0)
    ctx->oom = 1;
  else
    r = expand(ex, fi, e);
  if (!r) {
    x->nchecks = start;  /* drop records of a failed expansion */
    return NULL;
  }
  if (dedup_records(x) != 0) {
    ctx->oom = 1;
    return NULL;
  }
  return r;
}

struct dc_node *dc_expand(struct dc_ctx *ctx, const struct dc_scope *scope,
                          struct dc_node *e, struct dc_expansion *x,
                          struct dc_diags *diags, struct dc_pos pos)
{
  struct dc_expander *ex = dc_expander_new(ctx, x, diags);
  struct dc_node *r;
  if (!ex) {
    ctx->oom = 1;
    return NULL;
  }
  r = dc_expander_run(ex, scope, e, pos);
  dc_expander_free(ex);
  return r;
}

struct dc_name *dc_prime_variable(struct dc_ctx *ctx,
                                  const struct dc_scope *scope,
                                  const struct dc_node *e)
{
  struct dc_name *out[2];
  if (scope && scope->wrt)
    return scope->wrt;
  if (dc_free_symbols(ctx, scope, e, out, 2) == 1)
    return out[0];
  return NULL;
}
