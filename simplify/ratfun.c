/*
** ratfun.c: rational functions num/den over Q with a work budget.
**
** The invariant (num and den coprime, den monic, den = 1 when num = 0)
** is restored by canon() after every operation; see ratfun.h.
*/
#include <stdlib.h>
#include <flint/flint.h>
#include "simplify/ratfun.h"

/* ---- budget ---- */

void dc_budget_init(struct dc_budget *b, long work)
{
  b->work = work;
  b->spent = 0;
  b->why = NULL;
}

int dc_budget_take(struct dc_budget *b, double units, const char *why)
{
  if (b->spent)
    return -1;
  if (units > (double)b->work) {
    b->spent = 1;
    b->why = why;
    b->work = 0;
    return -1;
  }
  b->work -= (long)units + 1;
  return 0;
}

/* ---- FLINT aborts ---- */

static _Thread_local struct dc_rf_try *current_try;

static FLINT_NORETURN void on_flint_abort(void)
{
  if (current_try)
    longjmp(current_try->env, 1);
  abort();
}

void dc_rf_begin_try(struct dc_rf_try *t)
{
  static int installed;
  if (!installed) {
    flint_set_abort(on_flint_abort);
    installed = 1;
  }
  t->outer = current_try;
  current_try = t;
}

void dc_rf_end_try(struct dc_rf_try *t)
{
  current_try = t->outer;
}

/* ---- rings and elements ---- */

void dc_ring_init(struct dc_ring *r, struct dc_budget *b)
{
  fmpq_mpoly_ctx_init(r->ctx, DC_RF_MAX_VARS, ORD_LEX);
  r->budget = b;
}

void dc_ring_clear(struct dc_ring *r)
{
  fmpq_mpoly_ctx_clear(r->ctx);
}

void dc_rf_init(struct dc_rf *f, const struct dc_ring *r)
{
  fmpq_mpoly_init(f->num, r->ctx);
  fmpq_mpoly_init(f->den, r->ctx);
  fmpq_mpoly_one(f->den, r->ctx);
}

void dc_rf_clear(struct dc_rf *f, const struct dc_ring *r)
{
  fmpq_mpoly_clear(f->num, r->ctx);
  fmpq_mpoly_clear(f->den, r->ctx);
}

void dc_rf_set(struct dc_rf *f, const struct dc_rf *g, const struct dc_ring *r)
{
  fmpq_mpoly_set(f->num, g->num, r->ctx);
  fmpq_mpoly_set(f->den, g->den, r->ctx);
}

void dc_rf_set_q(struct dc_rf *f, const mpq_t q, const struct dc_ring *r)
{
  fmpq_t c;
  fmpq_init(c);
  fmpq_set_mpq(c, q);
  fmpq_mpoly_set_fmpq(f->num, c, r->ctx);
  fmpq_mpoly_one(f->den, r->ctx);
  fmpq_clear(c);
}

void dc_rf_set_si(struct dc_rf *f, long v, const struct dc_ring *r)
{
  fmpq_mpoly_set_si(f->num, v, r->ctx);
  fmpq_mpoly_one(f->den, r->ctx);
}

void dc_rf_set_var(struct dc_rf *f, int var, const struct dc_ring *r)
{
  fmpq_mpoly_gen(f->num, var, r->ctx);
  fmpq_mpoly_one(f->den, r->ctx);
}

static double len(const fmpq_mpoly_t p, const struct dc_ring *r)
{
  return (double)fmpq_mpoly_length(p, r->ctx);
}

static long tdeg(const fmpq_mpoly_t p, const struct dc_ring *r)
{
  if (fmpq_mpoly_is_zero(p, r->ctx))
    return 0;
  return fmpq_mpoly_total_degree_si(p, r->ctx);
}

/* Refuse a result that is over the hard size limits. */
static int check_size(const fmpq_mpoly_t p, struct dc_ring *r)
{
  if (len(p, r) > DC_RF_MAX_TERMS) {
    r->budget->spent = 1;
    r->budget->why = "a polynomial with too many terms";
    return -1;
  }
  if (tdeg(p, r) > DC_RF_MAX_DEGREE) {
    r->budget->spent = 1;
    r->budget->why = "a polynomial of too high a degree";
    return -1;
  }
  return 0;
}

/* Cancel the GCD of num and den and make den monic. */
static int canon(struct dc_rf *f, struct dc_ring *r)
{
  fmpq_t lc;
  if (check_size(f->num, r) || check_size(f->den, r))
    return -1;
  if (fmpq_mpoly_is_zero(f->num, r->ctx)) {
    fmpq_mpoly_one(f->den, r->ctx);
    return 0;
  }
  if (!fmpq_mpoly_is_fmpq(f->den, r->ctx)) {
    fmpq_mpoly_t g;
    double a = len(f->num, r), b = len(f->den, r);
    if (dc_budget_take(r->budget, (a + b) * (a + b) * 4, "a GCD too large"))
      return -1;
    fmpq_mpoly_init(g, r->ctx);
    if (!fmpq_mpoly_gcd_cofactors(g, f->num, f->den, f->num, f->den,
                                  r->ctx)) {
      fmpq_mpoly_clear(g, r->ctx);
      r->budget->spent = 1;
      r->budget->why = "a GCD FLINT could not compute";
      return -1;
    }
    fmpq_mpoly_clear(g, r->ctx);
  }
  fmpq_init(lc);
  fmpq_mpoly_get_term_coeff_fmpq(lc, f->den, 0, r->ctx);
  if (!fmpq_is_one(lc)) {
    fmpq_inv(lc, lc);
    fmpq_mpoly_scalar_mul_fmpq(f->num, f->num, lc, r->ctx);
    fmpq_mpoly_scalar_mul_fmpq(f->den, f->den, lc, r->ctx);
  }
  fmpq_clear(lc);
  /* FLINT 2.9's scalar multiplication can leave a negative content on a
  ** negated polynomial; equality compares the parts, so reduce them. */
  fmpq_mpoly_reduce(f->num, r->ctx);
  fmpq_mpoly_reduce(f->den, r->ctx);
  return 0;
}

/* p = a * b within the budget. */
static int pmul(fmpq_mpoly_t p, const fmpq_mpoly_t a, const fmpq_mpoly_t b,
                struct dc_ring *r)
{
  if (tdeg(a, r) + tdeg(b, r) > DC_RF_MAX_DEGREE) {
    r->budget->spent = 1;
    r->budget->why = "a polynomial of too high a degree";
    return -1;
  }
  if (dc_budget_take(r->budget, len(a, r) * len(b, r), "a product too large"))
    return -1;
  fmpq_mpoly_mul(p, a, b, r->ctx);
  return check_size(p, r);
}

static int padd(fmpq_mpoly_t p, const fmpq_mpoly_t a, const fmpq_mpoly_t b,
                struct dc_ring *r)
{
  if (dc_budget_take(r->budget, len(a, r) + len(b, r), "a sum too large"))
    return -1;
  fmpq_mpoly_add(p, a, b, r->ctx);
  return check_size(p, r);
}

static int add_or_sub(struct dc_rf *f, const struct dc_rf *g,
                      const struct dc_rf *h, int negate_h, struct dc_ring *r)
{
  struct dc_rf t, hn;
  int rc = -1;
  dc_rf_init(&t, r);
  dc_rf_init(&hn, r);
  if (negate_h)
    dc_rf_neg(&hn, h, r);
  else
    dc_rf_set(&hn, h, r);
  if (fmpq_mpoly_equal(g->den, hn.den, r->ctx)) {
    if (padd(t.num, g->num, hn.num, r) == 0) {
      fmpq_mpoly_set(t.den, g->den, r->ctx);
      rc = 0;
    }
  } else {
    fmpq_mpoly_t x;
    fmpq_mpoly_init(x, r->ctx);
    if (pmul(t.num, g->num, hn.den, r) == 0 &&
        pmul(x, hn.num, g->den, r) == 0 &&
        padd(t.num, t.num, x, r) == 0 &&
        pmul(t.den, g->den, hn.den, r) == 0)
      rc = 0;
    fmpq_mpoly_clear(x, r->ctx);
  }
  if (rc == 0)
    rc = canon(&t, r);
  if (rc == 0)
    dc_rf_set(f, &t, r);
  dc_rf_clear(&t, r);
  dc_rf_clear(&hn, r);
  return rc;
}

int dc_rf_add(struct dc_rf *f, const struct dc_rf *g, const struct dc_rf *h,
              struct dc_ring *r)
{
  return add_or_sub(f, g, h, 0, r);
}

int dc_rf_sub(struct dc_rf *f, const struct dc_rf *g, const struct dc_rf *h,
              struct dc_ring *r)
{
  return add_or_sub(f, g, h, 1, r);
}

void dc_rf_neg(struct dc_rf *f, const struct dc_rf *g, const struct dc_ring *r)
{
  fmpq_mpoly_neg(f->num, g->num, r->ctx);
  fmpq_mpoly_reduce(f->num, r->ctx);
  fmpq_mpoly_set(f->den, g->den, r->ctx);
}

int dc_rf_mul(struct dc_rf *f, const struct dc_rf *g, const struct dc_rf *h,
              struct dc_ring *r)
{
  struct dc_rf t;
  int rc = -1;
  dc_rf_init(&t, r);
  if (pmul(t.num, g->num, h->num, r) == 0 &&
      pmul(t.den, g->den, h->den, r) == 0)
    rc = canon(&t, r);
  if (rc == 0)
    dc_rf_set(f, &t, r);
  dc_rf_clear(&t, r);
  return rc;
}

int dc_rf_div(struct dc_rf *f, const struct dc_rf *g, const struct dc_rf *h,
              struct dc_ring *r)
{
  struct dc_rf inv;
  int rc;
  if (fmpq_mpoly_is_zero(h->num, r->ctx))
    return -2;
  dc_rf_init(&inv, r);
  fmpq_mpoly_set(inv.num, h->den, r->ctx);
  fmpq_mpoly_set(inv.den, h->num, r->ctx);
  rc = canon(&inv, r);
  if (rc == 0)
    rc = dc_rf_mul(f, g, &inv, r);
  dc_rf_clear(&inv, r);
  return rc;
}

/* An upper bound on the terms of p^e (the count of monomials of degree e
** in len(p) unknowns), capped so it stays a finite double. */
static double pow_terms(double n, long e)
{
  double t = 1;
  long i;
  for (i = 1; i <= e && t < 1e12; i++)
    t = t * (n + (double)i - 1) / (double)i;
  return t;
}

static int ppow(fmpq_mpoly_t p, const fmpq_mpoly_t a, unsigned long e,
                struct dc_ring *r)
{
  double n = len(a, r);
  if ((double)tdeg(a, r) * (double)e > DC_RF_MAX_DEGREE) {
    r->budget->spent = 1;
    r->budget->why = "a power of too high a degree";
    return -1;
  }
  if (n > 1 && pow_terms(n, (long)e) > DC_RF_MAX_TERMS) {
    r->budget->spent = 1;
    r->budget->why = "a power with too many terms";
    return -1;
  }
  if (dc_budget_take(r->budget, n * pow_terms(n, (long)e),
                     "a power too large"))
    return -1;
  if (!fmpq_mpoly_pow_ui(p, a, e, r->ctx)) {
    r->budget->spent = 1;
    r->budget->why = "a power FLINT could not compute";
    return -1;
  }
  return check_size(p, r);
}

int dc_rf_pow(struct dc_rf *f, const struct dc_rf *g, long e,
              struct dc_ring *r)
{
  struct dc_rf t;
  unsigned long m = e < 0 ? (unsigned long)-(e + 1) + 1 : (unsigned long)e;
  int rc = -1;
  if (e < 0 && fmpq_mpoly_is_zero(g->num, r->ctx))
    return -2;
  dc_rf_init(&t, r);
  /* num and den stay coprime under powers: no GCD needed, only the
  ** orientation of the denominator. */
  if (ppow(e < 0 ? t.den : t.num, g->num, m, r) == 0 &&
      ppow(e < 0 ? t.num : t.den, g->den, m, r) == 0)
    rc = canon(&t, r);
  if (rc == 0)
    dc_rf_set(f, &t, r);
  dc_rf_clear(&t, r);
  return rc;
}

int dc_rf_is_zero(const struct dc_rf *f, const struct dc_ring *r)
{
  return fmpq_mpoly_is_zero(f->num, r->ctx);
}

int dc_rf_equal(const struct dc_rf *f, const struct dc_rf *g,
                const struct dc_ring *r)
{
  return fmpq_mpoly_equal(f->num, g->num, r->ctx) &&
         fmpq_mpoly_equal(f->den, g->den, r->ctx);
}

int dc_rf_is_const(const struct dc_rf *f, mpq_t q, const struct dc_ring *r)
{
  fmpq_t c;
  if (!fmpq_mpoly_is_fmpq(f->num, r->ctx) ||
      !fmpq_mpoly_is_fmpq(f->den, r->ctx))
    return 0;
  if (q) {
    fmpq_init(c);
    if (fmpq_mpoly_is_zero(f->num, r->ctx))
      fmpq_zero(c);
    else
      fmpq_mpoly_get_term_coeff_fmpq(c, f->num, 0, r->ctx);
    fmpq_get_mpq(q, c);
    fmpq_clear(c);
  }
  return 1;
}

int dc_rf_uses(const struct dc_rf *f, int var, const struct dc_ring *r)
{
  return fmpq_mpoly_degree_si(f->num, var, r->ctx) > 0 ||
         fmpq_mpoly_degree_si(f->den, var, r->ctx) > 0;
}

/* out = P(var := a/b) * b^deg_var(P), a polynomial; *deg gets deg_var(P). */
static int homog_subst(fmpq_mpoly_t out, long *deg, const fmpq_mpoly_t p,
                       int var, const fmpq_mpoly_t a, const fmpq_mpoly_t b,
                       struct dc_ring *r)
{
  slong v = var;
  long d = fmpq_mpoly_degree_si(p, var, r->ctx), k;
  fmpq_mpoly_t c, ak, t;
  int rc = 0;
  *deg = d < 0 ? 0 : d;
  fmpq_mpoly_zero(out, r->ctx);
  fmpq_mpoly_init(c, r->ctx);
  fmpq_mpoly_init(ak, r->ctx);
  fmpq_mpoly_init(t, r->ctx);
  fmpq_mpoly_one(ak, r->ctx);
  for (k = 0; k <= *deg && rc == 0; k++) {
    ulong e = (ulong)k;
    fmpq_mpoly_get_coeff_vars_ui(c, p, &v, &e, 1, r->ctx);
    if (!fmpq_mpoly_is_zero(c, r->ctx)) {
      rc = ppow(t, b, (unsigned long)(*deg - k), r);
      if (rc == 0)
        rc = pmul(t, t, ak, r);
      if (rc == 0)
        rc = pmul(t, t, c, r);
      if (rc == 0)
        rc = padd(out, out, t, r);
    }
    if (rc == 0 && k < *deg)
      rc = pmul(ak, ak, a, r);
  }
  fmpq_mpoly_clear(c, r->ctx);
  fmpq_mpoly_clear(ak, r->ctx);
  fmpq_mpoly_clear(t, r->ctx);
  return rc;
}

int dc_rf_subst(struct dc_rf *f, const struct dc_rf *g, int var,
                const struct dc_rf *s, struct dc_ring *r)
{
  struct dc_rf n, d, bpow;
  long dn, dd;
  int rc;
  dc_rf_init(&n, r);
  dc_rf_init(&d, r);
  dc_rf_init(&bpow, r);
  /* g = N/D; N(s) = Nh / b^dn and D(s) = Dh / b^dd, so
  ** g(s) = Nh * b^(dd - dn) / Dh. */
  rc = homog_subst(n.num, &dn, g->num, var, s->num, s->den, r);
  if (rc == 0)
    rc = homog_subst(d.num, &dd, g->den, var, s->num, s->den, r);
  if (rc == 0) {
    fmpq_mpoly_set(bpow.num, s->den, r->ctx);
    rc = dc_rf_pow(&bpow, &bpow, dd - dn, r);
  }
  if (rc == 0)
    rc = canon(&n, r);
  if (rc == 0)
    rc = dc_rf_mul(&n, &n, &bpow, r);
  if (rc == 0)
    rc = canon(&d, r);
  if (rc == 0)
    rc = dc_rf_div(f, &n, &d, r);
  dc_rf_clear(&n, r);
  dc_rf_clear(&d, r);
  dc_rf_clear(&bpow, r);
  return rc;
}

unsigned long dc_poly_var_gcd(const fmpq_mpoly_t p, int var,
                              const struct dc_ring *r)
{
  slong i, n = fmpq_mpoly_length(p, r->ctx);
  ulong *exp = malloc(sizeof *exp * DC_RF_MAX_VARS);
  unsigned long g = 0;
  if (!exp)
    return 1;
  for (i = 0; i < n; i++) {
    unsigned long a, b;
    fmpq_mpoly_get_term_exp_ui(exp, p, i, r->ctx);
    a = exp[var];
    b = g;
    while (b) {
      unsigned long t = a % b;
      a = b;
      b = t;
    }
    g = a;
  }
  free(exp);
  return g;
}

int dc_poly_deflate(fmpq_mpoly_t p, int var, unsigned long k,
                    const struct dc_ring *r)
{
  slong i, n = fmpq_mpoly_length(p, r->ctx);
  ulong *exp = malloc(sizeof *exp * DC_RF_MAX_VARS);
  fmpq_mpoly_t q;
  fmpq_t c;
  if (!exp)
    return -1;
  fmpq_mpoly_init(q, r->ctx);
  fmpq_init(c);
  for (i = 0; i < n; i++) {
    fmpq_mpoly_get_term_exp_ui(exp, p, i, r->ctx);
    fmpq_mpoly_get_term_coeff_fmpq(c, p, i, r->ctx);
    exp[var] /= k;
    fmpq_mpoly_push_term_fmpq_ui(q, c, exp, r->ctx);
  }
  fmpq_mpoly_sort_terms(q, r->ctx);
  fmpq_mpoly_combine_like_terms(q, r->ctx);
  fmpq_mpoly_swap(p, q, r->ctx);
  fmpq_mpoly_clear(q, r->ctx);
  fmpq_clear(c);
  free(exp);
  return 0;
}
