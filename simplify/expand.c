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
#include "expr/meter.h"
#include "simplify/expand_int.h"
#include "expr/builtins.h"
#include "expr/limits.h"
#include "expr/ptrmap.h"
#include "expr/stack.h"

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

int dc_exp_held_in(const struct frame *f, const struct dc_name *n)
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
long dc_exp_frame_holding(struct dc_expander *ex, long fi,
                          const struct dc_name *v)
{
  const struct dc_name **h;
  size_t n = ex->frames[fi].nheld;
  long r;
  if (dc_exp_held_in(&ex->frames[fi], v))
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

struct dc_node *dc_exp_expand(struct dc_expander *ex, long fi,
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
struct dc_node *dc_exp_oom(struct dc_expander *ex)
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
struct dc_node *dc_exp_expand_name(struct dc_expander *ex, long fi,
                                   struct dc_node *e)
{
  const struct dc_scope *scope = ex->frames[fi].scope;
  const struct dc_domain *dom;
  const struct dc_def *def = NULL;
  struct dc_node *r;
  int constant = 0;

  if (dc_exp_held_in(&ex->frames[fi], e->name))
    return dc_hole(ex->ctx, e->name);
  switch (dc_scope_lookup(scope, e->name, &def, &constant)) {
  case DC_BIND_WHERE:
  case DC_BIND_DEF:
    /* The same scope for both: global definitions are late-bound, so a
    ** definition used in a block sees the block's where names. */
    r = dc_exp_expand(ex, fi, def->expr);
    dom = dc_scope_domain(scope, e->name);
    return dom ? dc_guard(ex->ctx, r, dom) : r;
  case DC_BIND_CONST:
    return dc_const(ex->ctx, constant);
  case DC_BIND_SYMBOL:
  default:
    return e;
  }
}

/* Expand every operand of e and rebuild e's kind around them. */
static int expand_args(struct dc_expander *ex, long fi, struct dc_node *e,
                       struct dc_node **args)
{
  uint16_t i;
  for (i = 0; i < e->nargs; i++) {
    args[i] = dc_exp_expand(ex, fi, e->a[i]);
    if (!args[i])
      return -1;
  }
  return 0;
}

/*
** The body of the function named fn with parameter leaves, expanded in
** the global scope with frame fi's H; for a builtin, g(PARAM 0).
*/
struct dc_node *dc_exp_function_body(struct dc_expander *ex, long fi,
                                     const struct dc_name *fn)
{
  struct dc_node *p;
  long gi;
  if (fn->func) {
    gi = frame_with_scope(ex, fi, NULL);
    if (gi < 0)
      return dc_exp_oom(ex);
    return dc_exp_expand(ex, gi, fn->func->body);
  }
  p = dc_param(ex->ctx, fn, 0);
  return dc_call(ex->ctx, fn, 0, 1, &p);
}

COLD static struct dc_node *expand_call(struct dc_expander *ex, long fi,
                                   struct dc_node *e)
{
  struct dc_ctx *ctx = ex->ctx;
  const struct dc_name *fn = e->name;
  struct dc_node *args[DC_MAX_ARGS], *params[DC_MAX_ARGS], *B, *r;
  size_t start, i;

  if (e->ival > 0)
    return dc_exp_call_prime(ex, fi, e);
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
  B = dc_exp_function_body(ex, fi, fn);
  ex->nested--;
  if (!B)
    return NULL;
  for (i = 0; i < e->nargs; i++)
    params[i] = dc_param(ctx, fn, (int)i);
  r = dc_subst(ctx, B, e->nargs, params, args);
  if (!r || dc_exp_subst_records(ex, start, e->nargs, params, args) != 0)
    return dc_exp_oom(ex);
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
    return dc_exp_expand_name(ex, fi, e);
  case DC_PAREN: case DC_BRACKET:            /* grouping disappears */
    return dc_exp_expand(ex, fi, e->a[0]);
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
    return dc_exp_diff(ex, fi, e);
  case DC_PRIME:
    return dc_exp_prime(ex, fi, e);
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

/* The spec's work budget (DC_MAX_CHECK_WORK) was spent building
** expressions: stop before building more. */
struct dc_node *dc_exp_over_budget(struct dc_expander *ex)
{
  char msg[200];
  snprintf(msg, sizeof msg, "check budget exceeded: building this "
           "expression went past the %.3g s of work a spec may use "
           "(derivatives of high order grow fast); lower their orders or "
           "split the spec", dc_meter_limit() / 1e9);
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

struct dc_node *dc_exp_expand(struct dc_expander *ex, long fi,
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
    return dc_exp_oom(ex);
  if (ex->ctx->nnodes - ex->first_node > DC_MAX_EXPAND_NODES)
    return too_big(ex);
  if (dc_meter_over())
    return dc_exp_over_budget(ex);
  /* Following definitions and function bodies can nest far deeper than
  ** any one written expression; the limit keeps the C stack bounded here
  ** and in every later walk of the result. */
  if (ex->depth >= DC_MAX_EXPAND_DEPTH)
    return too_deep(ex);
  ex->depth++;
  r = expand_node(ex, fi, e);
  ex->depth--;
  if (!r)
    return ex->failed || ex->ctx->oom ? NULL : dc_exp_oom(ex);
  if (r->height > DC_MAX_EXPAND_DEPTH)
    return too_deep(ex);
  if (r && dc_ptrmap_put(&ex->frames[fi].memo, e, r) != 0)
    return dc_exp_oom(ex);
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
  if (!ex)
    return;
  frames_free(ex);
  dc_exp_grads_free(ex);
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
    r = dc_exp_expand(ex, fi, e);
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
