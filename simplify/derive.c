/*
** derive.c: the step engine (see derive.h).
**
** One normaliser holds the whole problem: the derivative, each Leibniz
** factor's derivative, their top-level terms, and the definitions of the
** candidate names, so they share atoms and every result can be written in
** the names.
*/
#include <stdlib.h>
#include <string.h>
#include "expr/stack.h"
#include "simplify/derive.h"
#include "simplify/cost.h"
#include "simplify/expand.h"
#include "simplify/names.h"
#include "simplify/normal.h"
#include "simplify/present.h"
#include "expr/builtins.h"
#include "expr/plain.h"

#define MAX_NAMES 16
#define MAX_FACTORS 8
#define MAX_TERMS 64
#define MAX_ROOTS 256

/* A value to simplify: its DAG root and its top-level terms' roots. */
struct target {
  size_t root;                  /* index into roots */
  size_t term0, nterms;         /* its terms: roots[term0 .. term0+nterms) */
  int *term_neg;                /* sign of each term */
  struct dc_rf *terms;          /* their normal forms, signs applied */
  struct dc_node *best;         /* simplest presentation */
};

struct problem {
  struct dc_ctx *ctx;
  const struct dc_scope *scope;
  struct dc_nf nf;
  int nf_ok;
  struct dc_node *roots[MAX_ROOTS];
  int neg[MAX_ROOTS];
  size_t nroots;
  struct dc_rf *rfs;            /* one per root */
  struct dc_node *names[MAX_NAMES];  /* candidate names as written */
  size_t name_root[MAX_NAMES];
  size_t nnames;
  struct dc_relation rel[MAX_NAMES];
  size_t nrel;
  struct dc_expansion x;
  struct dc_diags quiet;
};

static const struct dc_def *where_def(const struct dc_scope *sc,
                                      const struct dc_name *n);

/* ---- candidate names ---- */

static int have_name(const struct problem *p, const struct dc_node *t)
{
  size_t i;
  for (i = 0; i < p->nnames; i++)
    if (p->names[i] == t)
      return 1;
  return 0;
}

static void add_name(struct problem *p, struct dc_node *t)
{
  if (t && p->nnames < MAX_NAMES && !have_name(p, t))
    p->names[p->nnames++] = t;
}

/* Is where name n only another name (yhat: a)? */
static int is_alias(const struct dc_def *d)
{
  return d->expr && d->expr->kind == DC_NAME;
}

/* Calls in the written tree that make good names: user functions and the
** hyperbolic builtins (which the normal form writes through exp). */
static void collect_calls(struct problem *p, struct dc_node *e, int depth)
{
  size_t i;
  if (!e || depth > 64)
    return;
  if (e->kind == DC_CALL && e->ival == 0 && e->name &&
      (e->name->func || e->name->builtin == DC_FN_TANH ||
       e->name->builtin == DC_FN_SINH || e->name->builtin == DC_FN_COSH))
    add_name(p, e);
  for (i = 0; i < e->nargs; i++)
    collect_calls(p, e->a[i], depth + 1);
}

struct fn_walk {
  struct problem *p;
  struct dc_node *arg;
};

/* Every one-parameter user function applied to arg. */
static void each_func(struct dc_name *n, void *data)
{
  struct fn_walk *w = data;
  if (n->func && n->func->nparams == 1)
    add_name(w->p, dc_call(w->p->ctx, n, 0, 1, &w->arg));
}

/* The arguments worth naming calls of: the free symbols, and the
** arguments of the calls the author wrote. */
static size_t call_args(struct problem *p, struct dc_node *expr,
                        struct dc_node **args, size_t cap)
{
  struct dc_name *syms[8];
  long ns, i;
  size_t n = 0, k;
  for (k = 0; k < p->nnames && n < cap; k++)
    if (p->names[k]->kind == DC_CALL && p->names[k]->nargs == 1)
      args[n++] = p->names[k]->a[0];
  ns = dc_free_symbols(p->ctx, p->scope, expr, syms, 8);
  for (i = 0; i < ns && i < 8 && n < cap; i++)
    args[n++] = dc_name_node(p->ctx, syms[i]);
  return n;
}

/* Does the written tree hold sinh or cosh? */
static int has_hyperbolic(const struct dc_node *e, int depth)
{
  size_t i;
  if (!e || depth > 64)
    return 0;
  if (e->kind == DC_CALL && e->name &&
      (e->name->builtin == DC_FN_SINH || e->name->builtin == DC_FN_COSH))
    return 1;
  for (i = 0; i < e->nargs; i++)
    if (has_hyperbolic(e->a[i], depth + 1))
      return 1;
  return 0;
}

static void collect_names(struct problem *p, struct dc_node *expr)
{
  const struct dc_scope *sc = p->scope;
  struct dc_node *args[16];
  struct dc_name *tanh = has_hyperbolic(expr, 0) ? dc_intern(p->ctx, "tanh", 4)
                                                 : NULL;
  size_t i, n;
  /* The variable of diff(E, v) first when it is a where name, even an
  ** alias (yhat: a): the result of dL/dyhat is written in yhat. */
  if (expr->kind == DC_DIFF && where_def(sc, expr->a[1]->name))
    add_name(p, expr->a[1]);
  for (i = 0; i < sc->nwhere; i++)
    if (!is_alias(&sc->where[i]))
      add_name(p, dc_name_node(p->ctx, sc->where[i].name));
  collect_calls(p, expr, 0);
  n = call_args(p, expr, args, 16);
  for (i = 0; i < n; i++) {
    struct fn_walk w = { p, args[i] };
    if (!args[i])
      continue;
    dc_each_name(p->ctx, each_func, &w);
    /* tanh is how authors write the exponentials of cosh and sinh. */
    if (tanh)
      add_name(p, dc_call(p->ctx, tanh, 0, 1, &args[i]));
  }
}

/* ---- roots and terms ---- */

static long add_root(struct problem *p, struct dc_node *dag, int neg)
{
  if (!dag || p->nroots >= MAX_ROOTS)
    return -1;
  p->roots[p->nroots] = dag;
  p->neg[p->nroots] = neg;
  return (long)p->nroots++;
}

/* Split a DAG into its top-level signed terms. */
static int split(struct problem *p, struct dc_node *e, int neg, size_t *n)
{
  if (dc_stack_low())
    return -1;                  /* a left-deep sum recurses once per term */
  while (e->kind == DC_WITH || e->kind == DC_GUARD || e->kind == DC_PAREN)
    e = e->a[0];
  switch (e->kind) {
  case DC_ADD:
    return split(p, e->a[0], neg, n) || split(p, e->a[1], neg, n);
  case DC_SUB:
    return split(p, e->a[0], neg, n) || split(p, e->a[1], !neg, n);
  case DC_NEG:
    return split(p, e->a[0], !neg, n);
  default:
    if (*n >= MAX_TERMS || add_root(p, e, neg) < 0)
      return -1;
    (*n)++;
    return 0;
  }
}

/* Expand a written tree and register it (with its terms) as a target. */
static int add_target(struct problem *p, struct target *t,
                      struct dc_node *written, struct dc_pos pos)
{
  struct dc_node *dag = dc_expand(p->ctx, p->scope, written, &p->x,
                                  &p->quiet, pos);
  long r = add_root(p, dag, 0);
  size_t n = 0, mark;
  memset(t, 0, sizeof *t);
  if (r < 0)
    return -1;
  t->root = (size_t)r;
  mark = p->nroots;
  if (split(p, dag, 0, &n)) {
    p->nroots = mark;           /* too many terms: treat it whole */
    n = 0;
  }
  t->term0 = mark;
  t->nterms = n;
  return 0;
}

static int open_problem(struct problem *p, struct dc_ctx *ctx,
                        const struct dc_scope *scope, struct dc_node *expr,
                        long work)
{
  memset(p, 0, sizeof *p);
  p->ctx = ctx;
  p->scope = scope;
  dc_expansion_init(&p->x);
  dc_diags_init(&p->quiet);
  if (dc_nf_init(&p->nf, ctx, work))
    return -1;
  p->nf_ok = 1;
  collect_names(p, expr);
  return 0;
}

/* Normalise every root, then the names' definitions, and add the names. */
static int normalise(struct problem *p, struct dc_pos pos)
{
  size_t i, base = p->nroots;
  for (i = 0; i < p->nnames; i++) {
    struct dc_node *dag = dc_expand(p->ctx, p->scope, p->names[i], &p->x,
                                    &p->quiet, pos);
    long r = add_root(p, dag, 0);
    p->name_root[i] = r < 0 ? (size_t)-1 : (size_t)r;
  }
  p->rfs = malloc(p->nroots * sizeof *p->rfs);
  if (!p->rfs)
    return -1;
  for (i = 0; i < p->nroots; i++)
    dc_rf_init(&p->rfs[i], &p->nf.ring);
  if (dc_nf_normalise(&p->nf, p->nroots, p->roots, p->rfs))
    return -1;
  for (i = 0; i < p->nroots; i++)
    if (p->neg[i])
      dc_rf_neg(&p->rfs[i], &p->rfs[i], &p->nf.ring);
  for (i = 0; i < p->nnames; i++) {
    int v;
    if (p->name_root[i] == (size_t)-1 || p->name_root[i] < base)
      continue;
    v = dc_nf_add_name(&p->nf, p->names[i]);
    if (v < 0)
      break;
    p->rel[p->nrel].var = v;
    p->rel[p->nrel].def = p->rfs[p->name_root[i]];
    p->rel[p->nrel].atoms_only = p->names[i]->kind != DC_NAME;
    p->nrel++;
  }
  p->nf.rel = p->rel;
  p->nf.nrel = p->nrel;
  return 0;
}

/* Rewrite a target in the names and find its simplest presentation. */
static int finish_target(struct problem *p, struct target *t)
{
  struct dc_rf *f = &p->rfs[t->root];
  size_t i;
  t->terms = t->nterms ? &p->rfs[t->term0] : NULL;
  dc_present_unrationalize(&p->nf, f);
  for (i = 0; i < t->nterms; i++)
    dc_present_unrationalize(&p->nf, &t->terms[i]);
  if (dc_names_rewrite(&p->nf, p->nrel, p->rel, f, t->nterms, t->terms))
    return -1;
  t->best = dc_present_best(&p->nf, f, t->nterms, t->terms);
  return t->best ? 0 : -1;
}

static void close_problem(struct problem *p)
{
  size_t i;
  if (p->rfs) {
    for (i = 0; i < p->nroots; i++)
      dc_rf_clear(&p->rfs[i], &p->nf.ring);
    free(p->rfs);
  }
  if (p->nf_ok)
    dc_nf_free(&p->nf);
  dc_expansion_free(&p->x);
  dc_diags_free(&p->quiet);
}

/* ---- the Leibniz chain ---- */

struct refs {
  const struct dc_name *where[16];
  size_t n;
  int direct;                   /* references the variable itself */
  int opaque;                   /* holds a derivative: no chain */
};

static void find_refs(const struct dc_scope *sc, const struct dc_node *e,
                      const struct dc_name *v, struct refs *r, int depth)
{
  size_t i;
  const struct dc_def *d;
  int c;
  if (!e || depth > 64) {
    r->opaque = 1;
    return;
  }
  if (e->kind == DC_DIFF || e->kind == DC_PRIME ||
      (e->kind == DC_CALL && e->ival)) {
    r->opaque = 1;
    return;
  }
  if (e->kind == DC_NAME && e->name == v) {
    r->direct = 1;              /* v itself, even when it is a where name */
    return;
  }
  if (e->kind == DC_NAME) {
    switch (dc_scope_lookup(sc, e->name, &d, &c)) {
    case DC_BIND_WHERE:
      for (i = 0; i < r->n; i++)
        if (r->where[i] == e->name)
          return;
      if (r->n < 16)
        r->where[r->n++] = e->name;
      else
        r->opaque = 1;
      return;
    case DC_BIND_DEF:
      find_refs(sc, d->expr, v, r, depth + 1);
      return;
    default:
      if (e->name == v)
        r->direct = 1;
      return;
    }
  }
  for (i = 0; i < e->nargs; i++)
    find_refs(sc, e->a[i], v, r, depth + 1);
}

static const struct dc_def *where_def(const struct dc_scope *sc,
                                      const struct dc_name *n)
{
  size_t i;
  for (i = 0; i < sc->nwhere; i++)
    if (sc->where[i].name == n)
      return &sc->where[i];
  return NULL;
}

/* Does where name n depend on v (or is it v)? */
static int depends(const struct dc_scope *sc, const struct dc_name *n,
                   const struct dc_name *v, int depth)
{
  struct refs r;
  const struct dc_def *d = where_def(sc, n);
  size_t i;
  if (n == v)
    return 1;
  if (!d || depth > 16)
    return 0;
  memset(&r, 0, sizeof r);
  find_refs(sc, d->expr, v, &r, 0);
  if (r.direct || r.opaque)
    return 1;
  for (i = 0; i < r.n; i++)
    if (depends(sc, r.where[i], v, depth + 1))
      return 1;
  return 0;
}

/* The factors diff(X_i, n_i) of the chain rule from F down to v. */
static size_t leibniz(struct dc_ctx *ctx, const struct dc_scope *sc,
                      struct dc_node *f, const struct dc_name *v,
                      struct dc_node **fx, const struct dc_name **fv)
{
  struct dc_node *cur = f;
  size_t n = 0, i;
  while (n + 1 < MAX_FACTORS) {
    struct refs r;
    const struct dc_name *next = NULL;
    const struct dc_def *d;
    memset(&r, 0, sizeof r);
    /* A where name stands for its definition. */
    d = cur->kind == DC_NAME ? where_def(sc, cur->name) : NULL;
    find_refs(sc, d ? d->expr : cur, v, &r, 0);
    if (r.direct || r.opaque)
      break;
    for (i = 0; i < r.n; i++)
      if (depends(sc, r.where[i], v, 0)) {
        if (next) {
          next = NULL;          /* two paths: a sum, not one product */
          break;
        }
        next = r.where[i];
      }
    if (!next)
      break;
    while (next != v && (d = where_def(sc, next)) && is_alias(d) &&
           where_def(sc, d->expr->name))
      next = d->expr->name;
    if (next == v)
      break;
    fx[n] = cur;
    fv[n++] = next;
    cur = dc_name_node(ctx, next);
    if (!cur)
      return 0;                 /* out of memory: the caller fails too */
  }
  fx[n] = cur;
  fv[n++] = v;
  return n;
}

/* X as written is (or names) a call f(v) of a one-parameter user
** function: its body at v with a prime, else NULL. */
static struct dc_node *prime_form(struct dc_ctx *ctx,
                                  const struct dc_scope *sc,
                                  struct dc_node *x, const struct dc_name *v)
{
  const struct dc_def *d;
  struct dc_node *from, *to, *body, *pr;
  const struct dc_func *fn;
  if (x->kind == DC_NAME && (d = where_def(sc, x->name)))
    x = d->expr;
  if (!x || x->kind != DC_CALL || x->ival || !x->name->func ||
      x->nargs != 1 || x->a[0]->kind != DC_NAME || x->a[0]->name != v)
    return NULL;
  fn = x->name->func;
  if (fn->nparams != 1 || !fn->written)
    return NULL;
  from = dc_name_node(ctx, fn->params[0]);
  to = x->a[0];
  body = from ? dc_subst(ctx, fn->written, 1, &from, &to) : NULL;
  pr = body ? dc_prime(ctx, dc_unary(ctx, DC_PAREN, body), 1) : NULL;
  /* The checker must read the prime as a derivative by v. */
  if (!pr || dc_prime_variable(ctx, sc, pr) != v)
    return NULL;
  return pr;
}

/* ---- assembling the chain ---- */

struct chain {
  struct dc_node **steps;
  size_t n, cap;
};

static void push(struct chain *c, struct dc_node *t)
{
  if (t && c->n < c->cap && (c->n == 0 || c->steps[c->n - 1] != t))
    c->steps[c->n++] = t;
}

static struct dc_node *group(struct dc_ctx *ctx, struct dc_node *t)
{
  if (!t || t->kind == DC_NAME || t->kind == DC_NUM || t->kind == DC_CALL ||
      t->kind == DC_PAREN)
    return t;
  return dc_unary(ctx, DC_PAREN, t);
}

/* The product of f[0..n), leaving out factors 1 (a derivative
** dyhat/db = 1 is not worth a factor on the line). */
static struct dc_node *product(struct dc_ctx *ctx, size_t n,
                               struct dc_node *const *f)
{
  struct dc_node *t = NULL;
  size_t i;
  size_t k = 0;
  for (i = 0; i < n; i++)
    if (!dc_is_num(f[i], 1)) {
      t = t ? dc_binary(ctx, DC_MUL, t, f[i], 0) : f[i];
      k++;
    }
  if (k == 1 && t->kind == DC_PAREN)
    t = t->a[0];                /* a lone factor needs no parentheses */
  return t ? t : dc_num_si(ctx, 1);
}

/* The distributed product of the factors' forms: the first factor that
** is a sum of several terms, each term times the other factors. */
static int distribute(struct problem *p, struct target *fac, size_t nf,
                      struct dc_rf **out, size_t *nout)
{
  struct dc_ring *r = &p->nf.ring;
  struct dc_rf rest;
  size_t s, i, k = 0;
  for (s = 0; s < nf; s++)
    if (fac[s].best && dc_cost_of(fac[s].best).terms > 1 && fac[s].nterms > 1)
      break;
  if (s == nf || nf < 2)
    return 1;
  dc_rf_init(&rest, r);
  dc_rf_set_si(&rest, 1, r);
  for (i = 0; i < nf; i++)
    if (i != s && dc_rf_mul(&rest, &rest, &p->rfs[fac[i].root], r)) {
      dc_rf_clear(&rest, r);
      return -1;
    }
  *out = malloc(fac[s].nterms * sizeof **out);
  if (!*out) {
    dc_rf_clear(&rest, r);
    return -1;
  }
  for (i = 0; i < fac[s].nterms; i++) {
    dc_rf_init(&(*out)[k], r);
    if (dc_rf_mul(&(*out)[k], &fac[s].terms[i], &rest, r)) {
      dc_rf_clear(&(*out)[k], r);
      break;
    }
    k++;
  }
  dc_rf_clear(&rest, r);
  *nout = k;
  return k == fac[s].nterms ? 0 : -1;
}

static void free_rfs(struct problem *p, struct dc_rf *v, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++)
    dc_rf_clear(&v[i], &p->nf.ring);
  free(v);
}

/* The arena's budget spent is an input too large (exit 2); any other
** failed allocation is memory running out (exit 3). */
static void arena_or_oom(struct dc_ctx *ctx, struct dc_diags *diags,
                         struct dc_pos pos)
{
  if (ctx->arena.budget_spent)
    dc_error(diags, pos, "derive: the expressions need more than %zu MiB",
             (size_t)(ctx->arena.budget >> 20));
  else
    dc_error_oom(diags, pos);
}

/* Steps 4-6 from the factors' product to the simplest form. */
static void algebra(struct problem *p, struct chain *c, struct target *fac,
                    size_t nf, struct dc_node *final)
{
  struct dc_rf *d = NULL;
  size_t nd = 0;
  if (distribute(p, fac, nf, &d, &nd) == 0) {
    struct dc_node *t = dc_present_sum(&p->nf, nd, d, DC_STYLE_FACTORED);
    if (t && t != final) {
      push(c, t);
      t = dc_present_distributed(&p->nf, nd, d);
      if (t && dc_cost_cmp(t, final) != 0)
        push(c, t);
    }
  }
  if (d)
    free_rfs(p, d, nd);
  push(c, final);
}

static void budget_error(struct problem *p, struct dc_diags *diags,
                         struct dc_pos pos, const char *step)
{
  const char *why = p->nf.why ? p->nf.why : "the step budget";
  dc_error(diags, pos, "derive: could not simplify %s within the step "
           "budget (%s)", step, why);
}

static int derive_body(struct dc_ctx *ctx, const struct dc_scope *scope,
                       struct dc_node *expr, struct dc_node **steps,
                       size_t cap, size_t *n, struct dc_diags *diags,
                       struct dc_pos pos)
{
  struct problem p;
  struct chain c = { steps, 0, cap };
  struct target whole, fac[MAX_FACTORS];
  struct dc_node *fx[MAX_FACTORS], *shown[MAX_FACTORS], *primes[MAX_FACTORS];
  const struct dc_name *fv[MAX_FACTORS];
  size_t nfac = 0, i;
  int any_prime = 0, rc = -1;

  *n = 0;
  if (open_problem(&p, ctx, scope, expr, DC_DERIVE_BUDGET)) {
    dc_error_oom(diags, pos);
    return -1;
  }
  push(&c, expr);
  if (expr->kind == DC_DIFF && expr->ival == 1)
    nfac = leibniz(ctx, scope, expr->a[0], expr->a[1]->name, fx, fv);
  if (add_target(&p, &whole, expr, pos))
    goto fail;
  for (i = 0; i < nfac; i++) {
    struct dc_node *var = dc_name_node(ctx, fv[i]);
    struct dc_node *d = var ? dc_diff(ctx, fx[i], var, 1, 0) : NULL;
    shown[i] = d;
    if (!d || add_target(&p, &fac[i], d, pos))
      goto fail;
  }
  if (normalise(&p, pos) || finish_target(&p, &whole)) {
    budget_error(&p, diags, pos, "the derivative");
    goto out;
  }
  for (i = 0; i < nfac; i++)
    if (finish_target(&p, &fac[i])) {
      budget_error(&p, diags, pos, "a factor of the chain rule");
      goto out;
    }
  if (nfac > 1)
    push(&c, product(ctx, nfac, shown));
  for (i = 0; i < nfac; i++) {
    primes[i] = prime_form(ctx, scope, fx[i], fv[i]);
    any_prime |= primes[i] != NULL;
  }
  if (nfac == 1 && !primes[0]) {
    push(&c, whole.best);
  } else if (nfac >= 1) {
    struct dc_node *line[MAX_FACTORS];
    if (any_prime) {
      for (i = 0; i < nfac; i++)
        line[i] = primes[i] ? primes[i] : group(ctx, fac[i].best);
      push(&c, nfac == 1 ? line[0] : product(ctx, nfac, line));
    }
    for (i = 0; i < nfac; i++)
      line[i] = nfac == 1 ? fac[i].best : group(ctx, fac[i].best);
    push(&c, product(ctx, nfac, line));
    algebra(&p, &c, fac, nfac, whole.best);
  } else {
    push(&c, whole.best);
  }
  if (ctx->oom) {
    arena_or_oom(ctx, diags, pos);
    goto out;
  }
  if (c.n < 2)
    push(&c, whole.best);       /* nothing to do: expr = expr would loop */
  *n = c.n;
  rc = 0;
  goto out;
fail:
  if (ctx->oom)
    arena_or_oom(ctx, diags, pos);
  else if (p.quiet.n)
    dc_error(diags, pos, "derive: %s", p.quiet.v[0].msg);
  else
    dc_error(diags, pos, "derive: too many terms or factors");
out:
  close_problem(&p);
  return rc;
}

/* FLINT aborts (on arithmetic it finds unreasonable) come back here as
** an error at the derive, never as a dead process. */
int dc_derive(struct dc_ctx *ctx, const struct dc_scope *scope,
              struct dc_node *expr, struct dc_node **steps, size_t cap,
              size_t *n, struct dc_diags *diags, struct dc_pos pos)
{
  struct dc_rf_try t;
  volatile int rc = -1;
  *n = 0;
  if (DC_RF_TRY(&t))
    rc = derive_body(ctx, scope, expr, steps, cap, n, diags, pos);
  else
    dc_error(diags, pos, "derive: FLINT gave up on an operation");
  dc_rf_end_try(&t);
  return rc;
}

static struct dc_node *simplest_body(struct dc_ctx *ctx,
                                     const struct dc_scope *scope,
                                     struct dc_node *expr, long work);

struct dc_node *dc_simplest(struct dc_ctx *ctx, const struct dc_scope *scope,
                            struct dc_node *expr)
{
  return dc_simplest_within(ctx, scope, expr, DC_DERIVE_BUDGET);
}

struct dc_node *dc_simplest_within(struct dc_ctx *ctx,
                                   const struct dc_scope *scope,
                                   struct dc_node *expr, long work)
{
  struct dc_rf_try t;
  struct dc_node *volatile best = NULL;
  if (DC_RF_TRY(&t))
    best = simplest_body(ctx, scope, expr, work);
  dc_rf_end_try(&t);
  return best;
}

static struct dc_node *simplest_body(struct dc_ctx *ctx,
                                     const struct dc_scope *scope,
                                     struct dc_node *expr, long work)
{
  struct problem p;
  struct target t;
  struct dc_node *best = NULL;
  struct dc_pos pos = { NULL, 0, 0 };
  if (open_problem(&p, ctx, scope, expr, work) == 0 &&
      add_target(&p, &t, expr, pos) == 0 && normalise(&p, pos) == 0 &&
      finish_target(&p, &t) == 0)
    best = t.best;
  close_problem(&p);
  return best;
}
