/*
** present_form.c: a rational function in each presentation style, and
** the cheapest of them (see present.h).  The pieces (monomials, atoms,
** tree builders) are in simplify/present.c.
*/
#include <stdlib.h>
#include <string.h>
#include <flint/fmpq_mpoly_factor.h>
#include "simplify/present_int.h"
#include "simplify/factors.h"
#include "simplify/cost.h"
#include "expr/builtins.h"

/* Factoring is tried only on polynomials this small: larger ones are
** printed expanded (the factorisation's cost is not bounded by FLINT). */
#define FACTOR_MAX_TERMS 64
#define FACTOR_MAX_DEGREE 24
#define MAX_FACTORS 32

/* ---- factored forms ---- */

struct factor {
  fmpq_mpoly_t p;
  long e;                       /* > 0 numerator, < 0 denominator */
  int var;                      /* p is this single variable, or -1 */
};

struct fform {
  mpq_t c;
  struct factor f[MAX_FACTORS];
  int n;
};

static void fform_init(struct fform *f)
{
  mpq_init(f->c);
  mpq_set_ui(f->c, 1, 1);
  f->n = 0;
}

static void fform_clear(struct fform *f, struct dc_nf *nf)
{
  int i;
  for (i = 0; i < f->n; i++)
    fmpq_mpoly_clear(f->f[i].p, nf->ring.ctx);
  mpq_clear(f->c);
}

static int single_var(const fmpq_mpoly_t p, struct dc_nf *nf)
{
  ulong exp[DC_RF_MAX_VARS];
  fmpq_t c;
  int v, found = -1, one;
  if (fmpq_mpoly_length(p, nf->ring.ctx) != 1)
    return -1;
  fmpq_init(c);
  fmpq_mpoly_get_term_coeff_fmpq(c, p, 0, nf->ring.ctx);
  one = fmpq_is_one(c);
  fmpq_clear(c);
  if (!one)
    return -1;
  fmpq_mpoly_get_term_exp_ui(exp, p, 0, nf->ring.ctx);
  for (v = 0; v < DC_RF_MAX_VARS; v++)
    if (exp[v]) {
      if (exp[v] != 1 || found >= 0)
        return -1;
      found = v;
    }
  return found;
}

static int has_constant_term(const fmpq_mpoly_t p, struct dc_nf *nf)
{
  slong n = fmpq_mpoly_length(p, nf->ring.ctx);
  ulong exp[DC_RF_MAX_VARS];
  int v;
  if (n == 0)
    return 0;
  fmpq_mpoly_get_term_exp_ui(exp, p, n - 1, nf->ring.ctx);
  for (v = 0; v < DC_RF_MAX_VARS; v++)
    if (exp[v])
      return 0;
  return 1;
}

static int count_negative(const fmpq_mpoly_t p, struct dc_nf *nf)
{
  slong i, n = fmpq_mpoly_length(p, nf->ring.ctx);
  int k = 0;
  fmpq_t c;
  fmpq_init(c);
  for (i = 0; i < n; i++) {
    fmpq_mpoly_get_term_coeff_fmpq(c, p, i, nf->ring.ctx);
    k += fmpq_sgn(c) < 0;
  }
  fmpq_clear(c);
  return k;
}

/* Negate factor i and fix the constant. */
static void flip(struct fform *f, int i, struct dc_nf *nf)
{
  fmpq_mpoly_neg(f->f[i].p, f->f[i].p, nf->ring.ctx);
  if (f->f[i].e % 2)
    mpq_neg(f->c, f->c);
}

/* Push p^e as one factor (p not factored further). */
static int push_factor(struct fform *f, const fmpq_mpoly_t p, long e,
                       struct dc_nf *nf)
{
  if (f->n >= MAX_FACTORS)
    return -1;
  fmpq_mpoly_init(f->f[f->n].p, nf->ring.ctx);
  fmpq_mpoly_set(f->f[f->n].p, p, nf->ring.ctx);
  f->f[f->n].e = e;
  f->f[f->n].var = single_var(p, nf);
  f->n++;
  return 0;
}

/* Multiply f by p^sign, factored when p is small enough. */
static int add_poly(struct fform *f, const fmpq_mpoly_t p, int sign,
                    int factor, struct dc_nf *nf)
{
  fmpq_mpoly_factor_t fac;
  mpq_t c;
  slong i;
  int rc = 0;
  if (fmpq_mpoly_is_zero(p, nf->ring.ctx)) {
    mpq_set_ui(f->c, 0, 1);
    return 0;
  }
  if (fmpq_mpoly_is_fmpq(p, nf->ring.ctx)) {
    fmpq_t k;
    fmpq_init(k);
    fmpq_mpoly_get_term_coeff_fmpq(k, p, 0, nf->ring.ctx);
    mpq_init(c);
    fmpq_get_mpq(c, k);
    if (sign > 0)
      mpq_mul(f->c, f->c, c);
    else
      mpq_div(f->c, f->c, c);
    mpq_clear(c);
    fmpq_clear(k);
    return 0;
  }
  if (!factor || fmpq_mpoly_length(p, nf->ring.ctx) > FACTOR_MAX_TERMS ||
      fmpq_mpoly_total_degree_si(p, nf->ring.ctx) > FACTOR_MAX_DEGREE)
    return push_factor(f, p, sign, nf);
  fmpq_mpoly_factor_init(fac, nf->ring.ctx);
  if (!dc_nf_factor(nf, fac, p)) {
    fmpq_mpoly_factor_clear(fac, nf->ring.ctx);
    return push_factor(f, p, sign, nf);
  }
  mpq_init(c);
  fmpq_get_mpq(c, fac->constant);
  if (sign > 0)
    mpq_mul(f->c, f->c, c);
  else
    mpq_div(f->c, f->c, c);
  mpq_clear(c);
  for (i = 0; i < fac->num && rc == 0; i++)
    rc = push_factor(f, fac->poly + i, sign * fmpz_get_si(fac->exp + i), nf);
  fmpq_mpoly_factor_clear(fac, nf->ring.ctx);
  return rc;
}

/* Orient every factor: a constant term positive; otherwise not all
** terms negative; then, when the constant is negative, flip a factor
** with no constant term and an odd power if that costs no minus sign. */
static void orient(struct fform *f, struct dc_nf *nf, int any_factor)
{
  int i;
  for (i = 0; i < f->n; i++) {
    fmpq_mpoly_struct *p = f->f[i].p;
    slong n = fmpq_mpoly_length(p, nf->ring.ctx);
    if (has_constant_term(p, nf)) {
      fmpq_t k;
      fmpq_init(k);
      fmpq_mpoly_get_term_coeff_fmpq(k, p, n - 1, nf->ring.ctx);
      if (fmpq_sgn(k) < 0)
        flip(f, i, nf);
      fmpq_clear(k);
    } else if (count_negative(p, nf) == n) {
      flip(f, i, nf);
    }
  }
  for (i = 0; i < f->n && mpq_sgn(f->c) < 0; i++) {
    fmpq_mpoly_struct *p = f->f[i].p;
    slong n = fmpq_mpoly_length(p, nf->ring.ctx);
    int neg = count_negative(p, nf);
    /* Flipping costs nothing when it leaves no more negative terms; a
    ** factor with a constant term keeps it positive unless any_factor. */
    if ((any_factor || !has_constant_term(p, nf)) && f->f[i].e % 2 && n > 1 &&
        n - neg <= neg)
      flip(f, i, nf);
  }
}

/* The product of the factors whose exponent has sign `sign`, as a tree
** (NULL for none): single variables first in print order, then sums.
** Exponential atoms in the denominator are moved up with -e. */
static struct dc_node *factors_tree(struct dc_nf *nf, const struct fform *f,
                                    int sign, const int *order)
{
  struct dc_node *t = NULL;
  long le[DC_RF_MAX_VARS];
  int i, k;
  for (k = 0; k < nf->nvars; k++)
    le[k] = 0;
  for (k = 0; k < nf->nvars; k++)
    for (i = 0; i < f->n; i++) {
      const struct factor *x = &f->f[i];
      int exp_atom = x->var >= 0 && (nf->vars[x->var].kind == DC_VAR_EXP ||
                                     nf->vars[x->var].kind == DC_VAR_EXPF ||
                                     nf->vars[x->var].kind == DC_VAR_E);
      int here = sign > 0 ? (x->e > 0 || exp_atom) : (x->e < 0 && !exp_atom);
      if (x->var != order[k] || !here)
        continue;
      if (dc_pres_linear_exp(nf, x->var))
        le[x->var] += sign > 0 ? x->e : -x->e;
      else
        t = dc_pres_mul(nf->ctx, t,
                        dc_pres_var_pow(nf, x->var, sign > 0 ? x->e : -x->e));
    }
  t = dc_pres_mul(nf->ctx, t, dc_pres_exp_group(nf, le, order));
  {
    /* Sums last, the shorter first: (1 - a)*(1 - 2*a). */
    struct dc_node *sums[MAX_FACTORS];
    int ns = 0, j;
    for (i = 0; i < f->n; i++) {
      const struct factor *x = &f->f[i];
      if (x->var < 0 && (sign > 0 ? x->e > 0 : x->e < 0)) {
        struct dc_node *s = dc_pres_poly_tree(nf, x->p, order);
        long e = x->e < 0 ? -x->e : x->e;
        if (e != 1)
          s = dc_binary(nf->ctx, DC_POW, s, dc_num_si(nf->ctx, e), 0);
        for (j = ns++; j > 0 && dc_cost_cmp(s, sums[j - 1]) < 0; j--)
          sums[j] = sums[j - 1];
        sums[j] = s;
      }
    }
    for (j = 0; j < ns; j++)
      t = dc_pres_mul(nf->ctx, t, sums[j]);
  }
  return t;
}

/* num/den as a tree: c * N / D with the sign in front. */
static struct dc_node *fraction(struct dc_nf *nf, const mpq_t c,
                                struct dc_node *n, struct dc_node *d)
{
  struct dc_ctx *ctx = nf->ctx;
  struct dc_node *t;
  mpz_t a;
  mpz_init(a);
  mpz_abs(a, mpq_numref(c));
  t = n;
  if (mpz_cmp_ui(a, 1) != 0 || !t) {
    t = dc_pres_int_node(ctx, a);
    if (n)
      t = dc_pres_mul(ctx, t, n);
  }
  if (mpz_cmp_ui(mpq_denref(c), 1) != 0)
    d = d ? dc_pres_mul(ctx, dc_pres_int_node(ctx, mpq_denref(c)), d)
          : dc_pres_int_node(ctx, mpq_denref(c));
  if (d)
    t = dc_binary(ctx, DC_DIV, t, d, 0);
  mpz_clear(a);
  return mpq_sgn(c) < 0 ? dc_unary(ctx, DC_NEG, t) : t;
}

/* Multiply f by p written as its content: number times the monomial GCD
** of its terms times what is left, unfactored (2*(1 - t^2), x*(1 - h^2)). */
static int add_content(struct fform *f, const fmpq_mpoly_t p,
                       struct dc_nf *nf)
{
  ulong e[DC_RF_MAX_VARS], g[DC_RF_MAX_VARS];
  fmpq_mpoly_t q, m;
  fmpq_t c;
  mpq_t cq;
  slong i, n = fmpq_mpoly_length(p, nf->ring.ctx);
  int v, rc = 0;
  if (n == 0 || fmpq_mpoly_is_fmpq(p, nf->ring.ctx))
    return add_poly(f, p, 1, 0, nf);
  fmpq_mpoly_init(q, nf->ring.ctx);
  fmpq_mpoly_init(m, nf->ring.ctx);
  fmpq_init(c);
  mpq_init(cq);
  for (i = 0; i < n; i++) {
    fmpq_mpoly_get_term_exp_ui(e, p, i, nf->ring.ctx);
    for (v = 0; v < DC_RF_MAX_VARS; v++)
      g[v] = i == 0 || e[v] < g[v] ? e[v] : g[v];
  }
  fmpq_set(c, fmpq_mpoly_content_ref((fmpq_mpoly_struct *)p, nf->ring.ctx));
  fmpq_get_mpq(cq, c);
  mpq_mul(f->c, f->c, cq);
  fmpq_inv(c, c);
  fmpq_mpoly_scalar_mul_fmpq(q, p, c, nf->ring.ctx);
  fmpq_mpoly_reduce(q, nf->ring.ctx);
  fmpq_one(c);
  fmpq_mpoly_set_coeff_fmpq_ui(m, c, g, nf->ring.ctx);
  if (!fmpq_mpoly_divides(q, q, m, nf->ring.ctx))
    rc = -1;
  for (v = 0; v < nf->nvars && rc == 0; v++)
    if (g[v]) {
      fmpq_mpoly_gen(m, v, nf->ring.ctx);
      rc = push_factor(f, m, (long)g[v], nf);
    }
  if (rc == 0 && !fmpq_mpoly_is_one(q, nf->ring.ctx))
    rc = push_factor(f, q, 1, nf);
  mpq_clear(cq);
  fmpq_clear(c);
  fmpq_mpoly_clear(q, nf->ring.ctx);
  fmpq_mpoly_clear(m, nf->ring.ctx);
  return rc;
}

static struct dc_node *present_content(struct dc_nf *nf, const struct dc_rf *f,
                                       const int *order)
{
  struct fform ff;
  struct dc_node *t = NULL;
  fform_init(&ff);
  if (add_content(&ff, f->num, nf) == 0 &&
      add_poly(&ff, f->den, -1, 1, nf) == 0) {
    orient(&ff, nf, 1);
    t = fraction(nf, ff.c, factors_tree(nf, &ff, 1, order),
                 factors_tree(nf, &ff, -1, order));
  }
  fform_clear(&ff, nf);
  return t;
}

static struct dc_node *present_factored(struct dc_nf *nf,
                                        const struct dc_rf *f,
                                        const int *order, int any_factor)
{
  struct fform ff;
  struct dc_node *t = NULL;
  fform_init(&ff);
  if (add_poly(&ff, f->num, 1, 1, nf) == 0 &&
      add_poly(&ff, f->den, -1, 1, nf) == 0) {
    orient(&ff, nf, any_factor);
    t = fraction(nf, ff.c, factors_tree(nf, &ff, 1, order),
                 factors_tree(nf, &ff, -1, order));
  }
  fform_clear(&ff, nf);
  return t;
}

/* Numerator expanded (divided by the denominator's constant), the
** denominator factored (flat: expanded). */
static struct dc_node *present_expanded(struct dc_nf *nf,
                                        const struct dc_rf *f, int flat,
                                        const int *order)
{
  struct fform ff;
  struct dc_node *n = NULL, *d, *up;
  fmpq_mpoly_t num;
  fmpq_t k;
  slong len;
  fform_init(&ff);
  fmpq_mpoly_init(num, nf->ring.ctx);
  fmpq_init(k);
  if (add_poly(&ff, f->den, -1, !flat, nf) == 0) {
    orient(&ff, nf, 0);
    fmpq_set_mpq(k, ff.c);
    fmpq_mpoly_scalar_mul_fmpq(num, f->num, k, nf->ring.ctx);
    len = fmpq_mpoly_length(num, nf->ring.ctx);
    d = factors_tree(nf, &ff, -1, order);
    /* ff holds only the denominator: its numerator side is the
    ** exponentials moved up. */
    up = factors_tree(nf, &ff, 1, order);
    if (len == 1) {
      /* One term: its sign goes in front of the fraction. */
      struct mono m;
      dc_pres_get_mono(&m, num, 0, nf);
      n = dc_pres_mul(nf->ctx, dc_pres_mono_tree(nf, &m, order), up);
      if (d)
        n = dc_binary(nf->ctx, DC_DIV, n, d, 0);
      if (mpq_sgn(m.c) < 0)
        n = dc_unary(nf->ctx, DC_NEG, n);
      mpq_clear(m.c);
    } else {
      n = dc_pres_mul(nf->ctx, up, dc_pres_poly_tree(nf, num, order));
      if (d)
        n = dc_binary(nf->ctx, DC_DIV, n, d, 0);
    }
  }
  fmpq_clear(k);
  fmpq_mpoly_clear(num, nf->ring.ctx);
  fform_clear(&ff, nf);
  return n;
}

struct dc_node *dc_present(struct dc_nf *nf, const struct dc_rf *f,
                           enum dc_style style)
{
  int order[DC_RF_MAX_VARS];
  if (dc_rf_is_zero(f, &nf->ring))
    return dc_num_si(nf->ctx, 0);
  dc_pres_var_order(nf, f, 1, order);
  if (style == DC_STYLE_CONTENT)
    return present_content(nf, f, order);
  if (style == DC_STYLE_FACTORED || style == DC_STYLE_SIGNED)
    return present_factored(nf, f, order, style == DC_STYLE_SIGNED);
  return present_expanded(nf, f, style == DC_STYLE_FLAT, order);
}

static struct dc_node *add_term(struct dc_ctx *ctx, struct dc_node *acc,
                                struct dc_node *t)
{
  int neg = t && t->kind == DC_NEG;
  return dc_pres_sum_add(ctx, acc, neg ? t->a[0] : t, neg);
}

struct dc_node *dc_present_sum(struct dc_nf *nf, size_t n,
                               const struct dc_rf *terms, enum dc_style style)
{
  struct dc_node *acc = NULL;
  size_t i;
  for (i = 0; i < n; i++)
    acc = add_term(nf->ctx, acc, dc_present(nf, &terms[i], style));
  return acc ? acc : dc_num_si(nf->ctx, 0);
}

/* The numerator of one term multiplied out factor by factor. */
static struct dc_node *distribute_one(struct dc_nf *nf, const struct dc_rf *f,
                                      const int *order, struct dc_node *acc)
{
  struct fform ff;
  fmpq_mpoly_struct *list = NULL;
  size_t n = 0, i;
  int k, ok = 0;
  fmpq_mpoly_t one;
  struct dc_node *d = NULL;
  fform_init(&ff);
  fmpq_mpoly_init(one, nf->ring.ctx);
  if (add_poly(&ff, f->num, 1, 1, nf) || add_poly(&ff, f->den, -1, 1, nf))
    goto done;
  orient(&ff, nf, 0);
  /* Start from c times the single-variable factors. */
  {
    fmpq_t c;
    fmpq_init(c);
    fmpq_set_mpq(c, ff.c);
    fmpq_mpoly_set_fmpq(one, c, nf->ring.ctx);
    fmpq_clear(c);
  }
  for (k = 0; k < ff.n; k++)
    if (ff.f[k].e > 0 && ff.f[k].var >= 0) {
      fmpq_mpoly_t pw;
      fmpq_mpoly_init(pw, nf->ring.ctx);
      fmpq_mpoly_pow_ui(pw, ff.f[k].p, (ulong)ff.f[k].e, nf->ring.ctx);
      fmpq_mpoly_mul(one, one, pw, nf->ring.ctx);
      fmpq_mpoly_clear(pw, nf->ring.ctx);
    }
  list = malloc(sizeof *list);
  if (!list)
    goto done;
  fmpq_mpoly_init(list, nf->ring.ctx);
  fmpq_mpoly_set(list, one, nf->ring.ctx);
  n = 1;
  for (k = 0; k < ff.n; k++) {
    long e;
    if (ff.f[k].e <= 0 || ff.f[k].var >= 0)
      continue;
    for (e = 0; e < ff.f[k].e; e++) {
      size_t nt, j, m = 0;
      struct mono *t = dc_pres_sorted_terms(nf, ff.f[k].p, &nt, order);
      fmpq_mpoly_struct *next;
      if (!t || n * nt > DC_RF_MAX_TERMS) {
        if (t)
          dc_pres_free_terms(t, nt);
        goto done;
      }
      next = malloc(n * nt * sizeof *next);
      if (!next) {
        dc_pres_free_terms(t, nt);
        goto done;
      }
      for (i = 0; i < n; i++)
        for (j = 0; j < nt; j++, m++) {
          fmpq_t c;
          fmpq_mpoly_init(next + m, nf->ring.ctx);
          fmpq_init(c);
          fmpq_set_mpq(c, t[j].c);
          fmpq_mpoly_zero(next + m, nf->ring.ctx);
          fmpq_mpoly_push_term_fmpq_ui(next + m, c, t[j].exp, nf->ring.ctx);
          fmpq_mpoly_mul(next + m, next + m, list + i, nf->ring.ctx);
          fmpq_clear(c);
        }
      for (i = 0; i < n; i++)
        fmpq_mpoly_clear(list + i, nf->ring.ctx);
      free(list);
      list = next;
      n = m;
      dc_pres_free_terms(t, nt);
    }
  }
  d = factors_tree(nf, &ff, -1, order);
  ok = 1;
done:
  if (ok) {
    struct dc_node *num = NULL;
    for (i = 0; i < n; i++) {
      struct mono m;
      dc_pres_get_mono(&m, list + i, 0, nf);
      if (d)
        num = dc_pres_sum_add(nf->ctx, num, dc_pres_mono_tree(nf, &m, order),
                              mpq_sgn(m.c) < 0);
      else
        acc = dc_pres_sum_add(nf->ctx, acc, dc_pres_mono_tree(nf, &m, order),
                              mpq_sgn(m.c) < 0);
      mpq_clear(m.c);
    }
    if (d)
      acc = add_term(nf->ctx, acc, dc_binary(nf->ctx, DC_DIV, num, d, 0));
  } else
    acc = NULL;
  for (i = 0; i < n; i++)
    fmpq_mpoly_clear(list + i, nf->ring.ctx);
  free(list);
  fmpq_mpoly_clear(one, nf->ring.ctx);
  fform_clear(&ff, nf);
  return acc;
}

struct dc_node *dc_present_distributed(struct dc_nf *nf, size_t n,
                                       const struct dc_rf *terms)
{
  int order[DC_RF_MAX_VARS];
  struct dc_node *acc = NULL;
  size_t i;
  dc_pres_var_order(nf, terms, n, order);
  for (i = 0; i < n; i++) {
    if (dc_rf_is_zero(&terms[i], &nf->ring))
      continue;
    acc = distribute_one(nf, &terms[i], order, acc);
    if (!acc)
      return NULL;
  }
  return acc ? acc : dc_num_si(nf->ctx, 0);
}

int dc_present_unrationalize(struct dc_nf *nf, struct dc_rf *f)
{
  int v, changed = 0;
  for (v = 0; v < nf->nvars; v++) {
    const struct dc_var *x = &nf->vars[v];
    fmpq_mpoly_t n, d, s;
    if (x->kind != DC_VAR_CALL || x->fn != DC_FN_SQRT ||
        !fmpq_mpoly_is_one(x->arg.den, nf->ring.ctx) ||
        fmpq_mpoly_degree_si(f->num, v, nf->ring.ctx) != 1)
      continue;
    fmpq_mpoly_init(n, nf->ring.ctx);
    fmpq_mpoly_init(d, nf->ring.ctx);
    fmpq_mpoly_init(s, nf->ring.ctx);
    fmpq_mpoly_gen(s, v, nf->ring.ctx);
    /* num = s*n and den = a*d: num/den = n/(s*d), as a/sqrt(a) = sqrt(a) */
    if (fmpq_mpoly_divides(n, f->num, s, nf->ring.ctx) &&
        fmpq_mpoly_degree_si(n, v, nf->ring.ctx) == 0 &&
        fmpq_mpoly_divides(d, f->den, x->arg.num, nf->ring.ctx)) {
      fmpq_mpoly_mul(d, d, s, nf->ring.ctx);
      fmpq_mpoly_swap(f->num, n, nf->ring.ctx);
      fmpq_mpoly_swap(f->den, d, nf->ring.ctx);
      changed = 1;
    }
    fmpq_mpoly_clear(n, nf->ring.ctx);
    fmpq_mpoly_clear(d, nf->ring.ctx);
    fmpq_mpoly_clear(s, nf->ring.ctx);
  }
  return changed;
}

/* The best of f's own styles. */
static struct dc_node *best_single(struct dc_nf *nf, const struct dc_rf *f)
{
  struct dc_node *b = dc_present(nf, f, DC_STYLE_FACTORED);
  b = dc_cost_min(b, dc_present(nf, f, DC_STYLE_SIGNED));
  b = dc_cost_min(b, dc_present(nf, f, DC_STYLE_CONTENT));
  b = dc_cost_min(b, dc_present(nf, f, DC_STYLE_EXPANDED));
  return dc_cost_min(b, dc_present(nf, f, DC_STYLE_FLAT));
}

static long den_degree(const struct dc_rf *f, struct dc_nf *nf)
{
  return fmpq_mpoly_is_zero(f->den, nf->ring.ctx) ? 0
         : fmpq_mpoly_total_degree_si(f->den, nf->ring.ctx);
}

struct dc_node *dc_present_best(struct dc_nf *nf, const struct dc_rf *f,
                                size_t nterms, const struct dc_rf *terms)
{
  struct dc_rf *groups;
  size_t ng = 0, i, j;
  long degsum = 0;
  struct dc_node *sum = NULL, *whole;
  if (nterms < 2 || !terms)
    return best_single(nf, f);
  groups = malloc(nterms * sizeof *groups);
  if (!groups)
    return NULL;
  /* Terms over the same denominator are added: that always simplifies. */
  for (i = 0; i < nterms; i++) {
    for (j = 0; j < ng; j++)
      if (fmpq_mpoly_equal(groups[j].den, terms[i].den, nf->ring.ctx))
        break;
    if (j == ng) {
      dc_rf_init(&groups[ng], &nf->ring);
      dc_rf_set(&groups[ng++], &terms[i], &nf->ring);
    } else if (dc_rf_add(&groups[j], &groups[j], &terms[i], &nf->ring)) {
      break;                    /* budget spent: present what we have */
    }
  }
  for (j = 0; j < ng; j++) {
    if (dc_rf_is_zero(&groups[j], &nf->ring))
      continue;
    degsum += den_degree(&groups[j], nf);
    sum = add_term(nf->ctx, sum, best_single(nf, &groups[j]));
  }
  if (!sum)
    sum = dc_num_si(nf->ctx, 0);
  /* One fraction over a common denominator only when something cancels. */
  whole = ng < 2 || den_degree(f, nf) < degsum ? best_single(nf, f) : NULL;
  for (j = 0; j < ng; j++)
    dc_rf_clear(&groups[j], &nf->ring);
  free(groups);
  return dc_cost_min(whole, sum);
}
