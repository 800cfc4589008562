/*
** present.c: the pieces every presentation is made of (see present.h):
** small tree builders, atoms as trees, and monomials and expanded sums in
** print order.  The styles of whole rational functions (factored, content,
** expanded) and the choice among them are in simplify/present_form.c.
*/
#include <stdlib.h>
#include <string.h>
#include "simplify/present_int.h"
#include "expr/builtins.h"

/* ---- small tree builders ---- */

static struct dc_node *builtin_call(struct dc_ctx *ctx, const char *fn,
                                    struct dc_node *arg)
{
  struct dc_name *n = dc_intern(ctx, fn, strlen(fn));
  return n && arg ? dc_call(ctx, n, 0, 1, &arg) : NULL;
}

/* A non-negative integer as a number node. */
struct dc_node *dc_pres_int_node(struct dc_ctx *ctx, const mpz_t z)
{
  struct dc_node *r;
  mpq_t q;
  mpq_init(q);
  mpq_set_z(q, z);
  r = dc_num(ctx, q, NULL);
  mpq_clear(q);
  return r;
}

/* a*b with b's factors appended one by one, so products stay left-nested
** as an author types them: 3*x*(x + 2), not 3*(x*(x + 2)). */
struct dc_node *dc_pres_mul(struct dc_ctx *ctx, struct dc_node *a,
                            struct dc_node *b)
{
  if (!a)
    return b;
  if (!b)
    return a;
  if (b->kind == DC_MUL)
    return dc_binary(ctx, DC_MUL, dc_pres_mul(ctx, a, b->a[0]), b->a[1], 0);
  return dc_binary(ctx, DC_MUL, a, b, 0);
}

/* c*v for a rational c != 0 and a tree v (|c| = 1: v or -v). */
static struct dc_node *scaled(struct dc_ctx *ctx, const mpq_t c,
                              struct dc_node *v)
{
  struct dc_node *t = v;
  mpz_t a;
  mpz_init(a);
  mpz_abs(a, mpq_numref(c));
  if (mpz_cmp_ui(a, 1) != 0)
    t = dc_pres_mul(ctx, dc_pres_int_node(ctx, a), v);
  if (mpz_cmp_ui(mpq_denref(c), 1) != 0)
    t = dc_binary(ctx, DC_DIV, t, dc_pres_int_node(ctx, mpq_denref(c)), 0);
  mpz_clear(a);
  return mpq_sgn(c) < 0 ? dc_unary(ctx, DC_NEG, t) : t;
}

/* ---- variables ---- */

/* An atom's argument: a name when it is exactly a name's definition
** (exp(u) with u = x^2), else its simplest form. */
static struct dc_node *present_arg(struct dc_nf *nf, const struct dc_rf *a)
{
  size_t i;
  for (i = 0; i < nf->nrel; i++)
    if (dc_rf_equal(&nf->rel[i].def, a, &nf->ring))
      return dc_present_var(nf, nf->rel[i].var);
  return dc_present_best(nf, a, 0, NULL);
}

/* var^e as a tree; e may be negative only for exponential atoms. */
struct dc_node *dc_pres_var_pow(struct dc_nf *nf, int var, long e)
{
  struct dc_var *v = &nf->vars[var];
  struct dc_ctx *ctx = nf->ctx;
  if (v->kind == DC_VAR_EXP) {
    mpq_t c;
    struct dc_node *arg;
    mpq_init(c);
    mpq_set_si(c, e, 1);
    mpq_mul(c, c, v->scale);
    arg = scaled(ctx, c, dc_present_var(nf, v->sym));
    mpq_clear(c);
    return builtin_call(ctx, "exp", arg);
  }
  if (v->kind == DC_VAR_EXPF) {
    mpq_t c;
    struct dc_node *arg;
    /* Cached: every monomial holding the atom asks for its argument, and
    ** presenting it tries every style of every atom nested in it, so
    ** without the cache the work grows as 5^depth (a sigmoid network's
    ** nested exponentials took seconds). */
    if (!v->argtree)
      v->argtree = present_arg(nf, &v->arg);
    if (!v->argtree)
      return NULL;
    mpq_init(c);
    mpq_set_si(c, e, 1);
    arg = scaled(ctx, c, v->argtree);
    mpq_clear(c);
    return builtin_call(ctx, "exp", arg);
  }
  if (v->kind == DC_VAR_E) {
    struct dc_node *n = dc_num_si(ctx, e < 0 ? -e : e);
    return builtin_call(ctx, "exp", e < 0 ? dc_unary(ctx, DC_NEG, n) : n);
  }
  if (e == 1)
    return dc_present_var(nf, var);
  return dc_binary(ctx, DC_POW, dc_present_var(nf, var), dc_num_si(ctx, e), 0);
}

struct dc_node *dc_present_var(struct dc_nf *nf, int var)
{
  struct dc_var *v = &nf->vars[var];
  struct dc_ctx *ctx = nf->ctx;
  struct dc_node *t = v->tree;
  if (t)
    return t;
  switch (v->kind) {
  case DC_VAR_SYMBOL:
    t = dc_name_node(ctx, v->name);
    break;
  case DC_VAR_PI: {
    struct dc_name *pi = dc_intern(ctx, "pi", 2);
    t = pi ? dc_name_node(ctx, pi) : NULL;
    break;
  }
  case DC_VAR_E: case DC_VAR_EXP:
    t = dc_pres_var_pow(nf, var, 1);
    break;
  case DC_VAR_CALL:
    t = builtin_call(ctx, dc_builtin_info(v->fn)->name,
                     present_arg(nf, &v->arg));
    break;
  case DC_VAR_EXPF:
    t = dc_pres_var_pow(nf, var, 1);
    break;
  case DC_VAR_POW:
    t = dc_binary(ctx, DC_POW, present_arg(nf, &v->arg),
                  present_arg(nf, &v->arg2), 0);
    break;
  case DC_VAR_NAME:
    break;
  }
  v->tree = t;
  return t;
}

/* ---- monomials and expanded sums ---- */


/* Variables in print order: those f[0..n) use, sorted by key, then the
** others (whose keys are not needed, and may not be made: an atom's key
** is its printed form, which must not need the atom itself). */
void dc_pres_var_order(struct dc_nf *nf, const struct dc_rf *f, size_t n,
                       int *order)
{
  int i, j, k = 0, used[DC_RF_MAX_VARS];
  size_t t;
  for (i = 0; i < nf->nvars; i++) {
    used[i] = 0;
    for (t = 0; t < n && !used[i]; t++)
      used[i] = dc_rf_uses(&f[t], i, &nf->ring);
    if (used[i])
      order[k++] = i;
  }
  for (i = 0; i < nf->nvars; i++)
    if (!used[i])
      order[k++] = i;
  for (k = 0; k < nf->nvars && used[order[k]]; k++)
    ;
  for (i = 1; i < k; i++)
    for (j = i; j > 0 && strcmp(dc_nf_var_key(nf, order[j - 1]),
                                dc_nf_var_key(nf, order[j])) > 0; j--) {
      int tmp = order[j];
      order[j] = order[j - 1];
      order[j - 1] = tmp;
    }
}

/* Is var an exponential of a linear argument (exp(s*x) or e)?  Such
** factors print as one exp of their summed arguments, exp(x + y), which
** normalises back to the same atoms. */
int dc_pres_linear_exp(const struct dc_nf *nf, int var)
{
  return nf->vars[var].kind == DC_VAR_EXP || nf->vars[var].kind == DC_VAR_E;
}

/* exp(sum of e[v] * arg(v)) over the linear exponentials with e[v] != 0
** (in print order); NULL when there are none. */
struct dc_node *dc_pres_exp_group(struct dc_nf *nf, const long *e,
                                  const int *order)
{
  struct dc_node *sum = NULL, *one = NULL;
  int i, n = 0;
  for (i = 0; i < nf->nvars; i++) {
    int v = order[i];
    if (!e[v] || !dc_pres_linear_exp(nf, v))
      continue;
    one = dc_pres_var_pow(nf, v, e[v]);
    if (one && one->kind == DC_CALL) {
      struct dc_node *arg = one->a[0];
      int neg = arg->kind == DC_NEG;
      sum = dc_pres_sum_add(nf->ctx, sum, neg ? arg->a[0] : arg, neg);
    }
    n++;
  }
  if (n <= 1)
    return one;
  return sum ? builtin_call(nf->ctx, "exp", sum) : NULL;
}

/* |c| * monomial, the sign left to the caller. */
struct dc_node *dc_pres_mono_tree(struct dc_nf *nf, const struct mono *m,
                                  const int *order)
{
  struct dc_node *t = NULL;
  long e[DC_RF_MAX_VARS];
  mpq_t a;
  int i;
  for (i = 0; i < nf->nvars; i++) {
    int v = order[i];
    e[v] = (long)m->exp[v];
    if (m->exp[v] && !dc_pres_linear_exp(nf, v))
      t = dc_pres_mul(nf->ctx, t, dc_pres_var_pow(nf, v, (long)m->exp[v]));
  }
  t = dc_pres_mul(nf->ctx, t, dc_pres_exp_group(nf, e, order));
  mpq_init(a);
  mpq_abs(a, m->c);
  if (!t) {
    struct dc_node *num = dc_pres_int_node(nf->ctx, mpq_numref(a));
    t = mpz_cmp_ui(mpq_denref(a), 1) == 0 ? num
        : dc_binary(nf->ctx, DC_DIV, num,
                    dc_pres_int_node(nf->ctx, mpq_denref(a)), 0);
  } else
    t = scaled(nf->ctx, a, t);
  mpq_clear(a);
  return t;
}

void dc_pres_get_mono(struct mono *m, const fmpq_mpoly_t p, slong i,
                      struct dc_nf *nf)
{
  fmpq_t c;
  int v;
  fmpq_init(c);
  fmpq_mpoly_get_term_coeff_fmpq(c, p, i, nf->ring.ctx);
  mpq_init(m->c);
  fmpq_get_mpq(m->c, c);
  fmpq_clear(c);
  fmpq_mpoly_get_term_exp_ui(m->exp, p, i, nf->ring.ctx);
  m->deg = 0;
  for (v = 0; v < DC_RF_MAX_VARS; v++)
    m->deg += (long)m->exp[v];
}

/* Print order of two monomials: falling degree, then by variables. */
static int mono_cmp(const struct mono *a, const struct mono *b,
                    const int *order, int nvars)
{
  int i;
  if (a->deg != b->deg)
    return a->deg > b->deg ? -1 : 1;
  for (i = 0; i < nvars; i++)
    if (a->exp[order[i]] != b->exp[order[i]])
      return a->exp[order[i]] > b->exp[order[i]] ? -1 : 1;
  return 0;
}

/* Does every one of m[0..n) hold a call (an atom, or a name printed as a
** call such as sigma(x))? */
static int all_atoms(struct dc_nf *nf, const struct mono *m, size_t n)
{
  size_t i;
  int v;
  for (i = 0; i < n; i++) {
    int call = 0;
    for (v = 0; v < nf->nvars; v++)
      if (m[i].exp[v] && strncmp(dc_nf_var_key(nf, v), "~", 1) == 0)
        call = 1;
    if (!call)
      return 0;
  }
  return 1;
}

/* The terms of p in print order (malloc'd, *n of them; NULL on OOM). */
struct mono *dc_pres_sorted_terms(struct dc_nf *nf, const fmpq_mpoly_t p,
                                  size_t *n, const int *order)
{
  size_t len = (size_t)fmpq_mpoly_length(p, nf->ring.ctx), i, j;
  struct mono *m = malloc((len ? len : 1) * sizeof *m);
  if (!m)
    return NULL;
  for (i = 0; i < len; i++)
    dc_pres_get_mono(&m[i], p, (slong)i, nf);
  for (i = 1; i < len; i++)
    for (j = i; j > 0 && mono_cmp(&m[j - 1], &m[j], order, nf->nvars) > 0;
         j--) {
      struct mono t = m[j];
      m[j] = m[j - 1];
      m[j - 1] = t;
    }
  /* A constant next to calls goes first, as authors write 1 + exp(-x)
  ** and 1 - tanh(x)^2, and so does the constant of a binomial of higher
  ** degree, 1 + x^2 (x + 1 stays; 1 - a comes from the positive-first
  ** rule below). */
  if (len > 1 && m[len - 1].deg == 0 &&
      ((len == 2 && m[0].deg > 1) || all_atoms(nf, m, len - 1))) {
    struct mono t = m[len - 1];
    memmove(&m[1], &m[0], (len - 1) * sizeof *m);
    m[0] = t;
  }
  /* A positive term first when there is one. */
  for (i = 0; i < len && mpq_sgn(m[i].c) < 0; i++)
    ;
  if (i > 0 && i < len) {
    struct mono t = m[i];
    memmove(&m[1], &m[0], i * sizeof *m);
    m[0] = t;
  }
  *n = len;
  return m;
}

void dc_pres_free_terms(struct mono *m, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++)
    mpq_clear(m[i].c);
  free(m);
}

/* Append signed term t to the sum acc. */
struct dc_node *dc_pres_sum_add(struct dc_ctx *ctx, struct dc_node *acc,
                                struct dc_node *t, int negative)
{
  if (!acc)
    return negative ? dc_unary(ctx, DC_NEG, t) : t;
  return dc_binary(ctx, negative ? DC_SUB : DC_ADD, acc, t, 0);
}

static struct dc_node *monos_tree(struct dc_nf *nf, const struct mono *m,
                                  size_t n, const int *order)
{
  struct dc_node *acc = NULL;
  size_t i;
  if (n == 0)
    return dc_num_si(nf->ctx, 0);
  for (i = 0; i < n; i++)
    acc = dc_pres_sum_add(nf->ctx, acc, dc_pres_mono_tree(nf, &m[i], order),
                          mpq_sgn(m[i].c) < 0);
  return acc;
}

/* p expanded, in print order. */
struct dc_node *dc_pres_poly_tree(struct dc_nf *nf, const fmpq_mpoly_t p,
                                  const int *order)
{
  size_t n;
  struct mono *m = dc_pres_sorted_terms(nf, p, &n, order);
  struct dc_node *t;
  if (!m)
    return NULL;
  t = monos_tree(nf, m, n, order);
  dc_pres_free_terms(m, n);
  return t;
}
