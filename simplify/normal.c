/*
** normal.c: expanded DAG -> rational function (see normal.h).
**
** One memoised walk per root.  The exponential atoms need their scale
** before the walk: u_v = exp(s*v) must have every coefficient k of v in
** the arguments of exp as an integer multiple k/s.  The first pass takes
** the first coefficient seen for each symbol; if a later one does not fit
** (exp(z) after exp(2*z)), the pass is redone once with s set to the GCD
** of all coefficients seen, oriented like the first (so with exp(-z)
** written first, u = exp(-z) as the author wrote it).
*/
#include <stdlib.h>
#include <string.h>
#include "expr/stack.h"
#include "simplify/normal.h"
#include "simplify/atoms.h"
#include "simplify/factors.h"
#include "expr/builtins.h"
#include "expr/limits.h"

/* Largest power of an exponential atom, e^n or of a non-linear exp atom
** built from an integer multiple: beyond it the atom is kept whole. */
#define MAX_EXP_POWER 64

/* Coefficients seen per symbol during a pass (for the GCD of a redo). */
struct seen {
  const struct dc_name *sym;
  mpq_t g;                      /* GCD of |k| so far */
  int sign;                     /* sign of the first k */
};

struct walk {
  struct dc_nf *nf;
  struct seen seen[DC_RF_MAX_VARS];
  int nseen;
  int undefined;                /* a division by zero was met */
};

int dc_nf_init(struct dc_nf *nf, struct dc_ctx *ctx, long work)
{
  memset(nf, 0, sizeof *nf);
  nf->ctx = ctx;
  dc_budget_init(&nf->budget, work);
  dc_ring_init(&nf->ring, &nf->budget);
  if (dc_ptrmap_init(&nf->memo)) {
    dc_ring_clear(&nf->ring);
    return -1;
  }
  return 0;
}

static void clear_memo(struct dc_nf *nf)
{
  size_t i;
  for (i = 0; i < nf->memo.cap; i++)
    if (nf->memo.keys[i]) {
      struct dc_rf *f = nf->memo.vals[i];
      dc_rf_clear(f, &nf->ring);
      free(f);
    }
  dc_ptrmap_free(&nf->memo);
}

void dc_nf_free(struct dc_nf *nf)
{
  int i;
  clear_memo(nf);
  dc_nf_factors_free(nf);
  dc_atoms_clear(nf);
  for (i = 0; i < nf->nhints; i++)
    mpq_clear(nf->hints[i].scale);
  dc_ring_clear(&nf->ring);
}

/* gcd of two positive rationals: gcd(numerators) / lcm(denominators). */
static void q_gcd(mpq_t g, const mpq_t a, const mpq_t b)
{
  mpz_t n, d;
  mpz_inits(n, d, NULL);
  mpz_gcd(n, mpq_numref(a), mpq_numref(b));
  mpz_lcm(d, mpq_denref(a), mpq_denref(b));
  mpq_set_num(g, n);
  mpq_set_den(g, d);
  mpq_canonicalize(g);
  mpz_clears(n, d, NULL);
}

static void note_coeff(struct walk *w, const struct dc_name *sym,
                       const mpq_t k)
{
  int i;
  mpq_t a;
  mpq_init(a);
  mpq_abs(a, k);
  for (i = 0; i < w->nseen; i++)
    if (w->seen[i].sym == sym) {
      q_gcd(w->seen[i].g, w->seen[i].g, a);
      mpq_clear(a);
      return;
    }
  if (w->nseen < DC_RF_MAX_VARS) {
    struct seen *s = &w->seen[w->nseen++];
    s->sym = sym;
    mpq_init(s->g);
    mpq_set(s->g, a);
    s->sign = mpq_sgn(k);
  }
  mpq_clear(a);
}

/* The hinted scale of symbol sym, or NULL. */
static const mpq_t *hint(const struct dc_nf *nf, const struct dc_name *sym)
{
  int i;
  for (i = 0; i < nf->nhints; i++)
    if (nf->hints[i].sym == sym)
      return (const mpq_t *)&nf->hints[i].scale;
  return NULL;
}

/* f *= var^m (m may be negative). */
static int mul_var_pow(struct dc_rf *f, int var, long m, struct dc_nf *nf)
{
  struct dc_rf t;
  int rc;
  dc_rf_init(&t, &nf->ring);
  dc_rf_set_var(&t, var, &nf->ring);
  rc = dc_rf_pow(&t, &t, m, &nf->ring);
  if (rc == 0)
    rc = dc_rf_mul(f, f, &t, &nf->ring);
  dc_rf_clear(&t, &nf->ring);
  return rc;
}

/*
** One term k*v of a linear exp argument: f *= u_v^(k/s).  Returns 1 when
** it does not fit the unit (the caller keeps it in the non-linear rest).
*/
static int exp_linear(struct walk *w, struct dc_rf *f, int symvar,
                      const mpq_t k)
{
  struct dc_nf *nf = w->nf;
  const struct dc_name *sym = nf->vars[symvar].name;
  const mpq_t *h = hint(nf, sym);
  int u, i, rc = 1;
  mpq_t m;
  note_coeff(w, sym, k);
  for (u = -1, i = 0; i < nf->nvars; i++)
    if (nf->vars[i].kind == DC_VAR_EXP && nf->vars[i].sym == symvar)
      u = i;
  if (u < 0)
    u = dc_atom_exp_unit(nf, symvar, h ? *h : k);
  if (u < 0)
    return -1;
  mpq_init(m);
  mpq_div(m, k, nf->vars[u].scale);
  if (mpz_cmp_ui(mpq_denref(m), 1) == 0 &&
      mpz_cmpabs_ui(mpq_numref(m), MAX_EXP_POWER) <= 0)
    rc = mul_var_pow(f, u, mpz_get_si(mpq_numref(m)), nf);
  else
    nf->mismatch = 1;
  mpq_clear(m);
  return rc;
}

/* The degree-1 variable of a one-term monomial, or -1. */
static int linear_var(const fmpq_mpoly_t p, slong i, struct dc_nf *nf)
{
  ulong exp[DC_RF_MAX_VARS];
  int v, found = -1;
  fmpq_mpoly_get_term_exp_ui(exp, p, i, nf->ring.ctx);
  for (v = 0; v < DC_RF_MAX_VARS; v++) {
    if (exp[v] == 0)
      continue;
    if (exp[v] != 1 || found >= 0)
      return -1;
    found = v;
  }
  return found >= 0 && nf->vars[found].kind == DC_VAR_SYMBOL ? found : -1;
}

/* f = the atom exp(rest) for a non-linear rest (oriented: an integer
** multiple of a monic argument becomes a power of one atom). */
static int exp_rest(struct dc_rf *f, const struct dc_rf *rest,
                    struct dc_nf *nf)
{
  struct dc_rf key;
  fmpq_t lc;
  long m = 1;
  int a, rc;
  dc_rf_init(&key, &nf->ring);
  dc_rf_set(&key, rest, &nf->ring);
  fmpq_init(lc);
  fmpq_mpoly_get_term_coeff_fmpq(lc, rest->num, 0, nf->ring.ctx);
  if (fmpz_is_one(fmpq_denref(lc)) && fmpz_fits_si(fmpq_numref(lc)) &&
      labs(fmpz_get_si(fmpq_numref(lc))) <= MAX_EXP_POWER) {
    m = fmpz_get_si(fmpq_numref(lc));
    fmpq_inv(lc, lc);
    fmpq_mpoly_scalar_mul_fmpq(key.num, key.num, lc, nf->ring.ctx);
    fmpq_mpoly_reduce(key.num, nf->ring.ctx);
  }
  fmpq_clear(lc);
  a = dc_atom_call(nf, DC_VAR_EXPF, -1, &key, NULL);
  dc_rf_clear(&key, &nf->ring);
  if (a < 0)
    return -1;
  dc_rf_set_si(f, 1, &nf->ring);
  rc = mul_var_pow(f, a, m, nf);
  return rc;
}

/* f = exp(arg). */
static int nf_exp(struct walk *w, struct dc_rf *f, const struct dc_rf *arg)
{
  struct dc_nf *nf = w->nf;
  struct dc_rf rest, t;
  slong i, n;
  fmpq_t c, dinv;
  mpq_t k;
  int rc = 0;
  if (!fmpq_mpoly_is_fmpq(arg->den, nf->ring.ctx)) {
    /* exp of a fraction: one atom. */
    int a = dc_atom_call(nf, DC_VAR_EXPF, -1, arg, NULL);
    if (a < 0)
      return -1;
    dc_rf_set_var(f, a, &nf->ring);
    return 0;
  }
  dc_rf_init(&rest, &nf->ring);
  dc_rf_init(&t, &nf->ring);
  fmpq_init(c);
  fmpq_init(dinv);
  mpq_init(k);
  fmpq_mpoly_get_term_coeff_fmpq(dinv, arg->den, 0, nf->ring.ctx);
  fmpq_inv(dinv, dinv);
  dc_rf_set_si(f, 1, &nf->ring);
  n = fmpq_mpoly_length(arg->num, nf->ring.ctx);
  for (i = 0; i < n && rc == 0; i++) {
    int v = linear_var(arg->num, i, nf);
    fmpq_mpoly_get_term_coeff_fmpq(c, arg->num, i, nf->ring.ctx);
    fmpq_mul(c, c, dinv);
    fmpq_get_mpq(k, c);
    rc = v >= 0 ? exp_linear(w, f, v, k) : 1;
    if (rc == 1) {
      /* Not linear in one symbol: it goes to the rest, except an
      ** integer constant, which is a power of e. */
      ulong exp[DC_RF_MAX_VARS];
      int constant = 1, j;
      fmpq_mpoly_get_term_exp_ui(exp, arg->num, i, nf->ring.ctx);
      for (j = 0; j < DC_RF_MAX_VARS; j++)
        constant &= exp[j] == 0;
      rc = 0;
      if (constant && mpz_cmp_ui(mpq_denref(k), 1) == 0 &&
          mpz_cmpabs_ui(mpq_numref(k), MAX_EXP_POWER) <= 0) {
        int e = dc_atom_const(nf, DC_VAR_E);
        rc = e < 0 ? -1 : mul_var_pow(f, e, mpz_get_si(mpq_numref(k)), nf);
      } else {
        fmpq_mpoly_zero(t.num, nf->ring.ctx);
        fmpq_mpoly_push_term_fmpq_ui(t.num, c, exp, nf->ring.ctx);
        fmpq_mpoly_one(t.den, nf->ring.ctx);
        rc = dc_rf_add(&rest, &rest, &t, &nf->ring);
      }
    }
  }
  if (rc == 0 && !dc_rf_is_zero(&rest, &nf->ring)) {
    rc = exp_rest(&t, &rest, nf);
    if (rc == 0)
      rc = dc_rf_mul(f, f, &t, &nf->ring);
  }
  mpq_clear(k);
  fmpq_clear(c);
  fmpq_clear(dinv);
  dc_rf_clear(&rest, &nf->ring);
  dc_rf_clear(&t, &nf->ring);
  return rc;
}

/* f = exp(s*arg) for s = +-1 or 2 (used by sinh, cosh, tanh). */
static int nf_exp_scaled(struct walk *w, struct dc_rf *f,
                         const struct dc_rf *arg, long s)
{
  struct dc_rf t, m;
  int rc;
  dc_rf_init(&t, &w->nf->ring);
  dc_rf_init(&m, &w->nf->ring);
  dc_rf_set_si(&m, s, &w->nf->ring);
  rc = dc_rf_mul(&t, arg, &m, &w->nf->ring);
  if (rc == 0)
    rc = nf_exp(w, f, &t);
  dc_rf_clear(&t, &w->nf->ring);
  dc_rf_clear(&m, &w->nf->ring);
  return rc;
}

/* sinh = (e^x - e^-x)/2, cosh = (e^x + e^-x)/2, tanh = (1 - e^-2x)/(1 +
** e^-2x): exact identities at every real x. */
static int nf_hyperbolic(struct walk *w, struct dc_rf *f, int fn,
                         const struct dc_rf *arg)
{
  struct dc_ring *r = &w->nf->ring;
  struct dc_rf p, q, one, two;
  int rc;
  dc_rf_init(&p, r);
  dc_rf_init(&q, r);
  dc_rf_init(&one, r);
  dc_rf_init(&two, r);
  dc_rf_set_si(&one, 1, r);
  dc_rf_set_si(&two, 2, r);
  if (fn == DC_FN_TANH) {
    rc = nf_exp_scaled(w, &p, arg, -2);
    if (rc == 0)
      rc = dc_rf_sub(&q, &one, &p, r);
    if (rc == 0)
      rc = dc_rf_add(&p, &one, &p, r);
    if (rc == 0)
      rc = dc_rf_div(f, &q, &p, r);
  } else {
    rc = nf_exp_scaled(w, &p, arg, 1);
    if (rc == 0)
      rc = nf_exp_scaled(w, &q, arg, -1);
    if (rc == 0)
      rc = fn == DC_FN_SINH ? dc_rf_sub(&p, &p, &q, r)
                            : dc_rf_add(&p, &p, &q, r);
    if (rc == 0)
      rc = dc_rf_div(f, &p, &two, r);
  }
  dc_rf_clear(&p, r);
  dc_rf_clear(&q, r);
  dc_rf_clear(&one, r);
  dc_rf_clear(&two, r);
  return rc;
}

static int walk(struct walk *w, const struct dc_node *e, struct dc_rf *out);

/* Is variable v an exponential (exp(s*x), e, exp(R))? */
static int exp_kind(const struct dc_nf *nf, int v)
{
  enum dc_var_kind k = nf->vars[v].kind;
  return k == DC_VAR_EXP || k == DC_VAR_E || k == DC_VAR_EXPF;
}

/* The log of a monomial p of exponentials with coefficient 1, added to
** out with sign sgn: log(e^k * u^m ...) = k + m*s*x + ...  1 when done,
** 0 when p is not such a monomial, -1 on a spent budget. */
static int add_log_monomial(struct dc_nf *nf, struct dc_rf *out,
                            const fmpq_mpoly_t p, long sgn)
{
  ulong e[DC_RF_MAX_VARS];
  fmpq_t c;
  int v, one, rc = 0;
  if (fmpq_mpoly_length(p, nf->ring.ctx) != 1)
    return 0;
  fmpq_init(c);
  fmpq_mpoly_get_term_coeff_fmpq(c, p, 0, nf->ring.ctx);
  one = fmpq_is_one(c);
  fmpq_clear(c);
  if (!one)
    return 0;
  fmpq_mpoly_get_term_exp_ui(e, p, 0, nf->ring.ctx);
  for (v = 0; v < nf->nvars; v++)
    if (e[v] && !exp_kind(nf, v))
      return 0;
  for (v = 0; v < nf->nvars && rc == 0; v++) {
    struct dc_rf t, k;
    if (!e[v])
      continue;
    dc_rf_init(&t, &nf->ring);
    dc_rf_init(&k, &nf->ring);
    if (nf->vars[v].kind == DC_VAR_EXP) {
      dc_rf_set_var(&t, nf->vars[v].sym, &nf->ring);
      dc_rf_set_q(&k, nf->vars[v].scale, &nf->ring);
      rc = dc_rf_mul(&t, &t, &k, &nf->ring);
    } else if (nf->vars[v].kind == DC_VAR_EXPF) {
      dc_rf_set(&t, &nf->vars[v].arg, &nf->ring);
    } else {
      dc_rf_set_si(&t, 1, &nf->ring);
    }
    dc_rf_set_si(&k, sgn * (long)e[v], &nf->ring);
    if (rc == 0)
      rc = dc_rf_mul(&t, &t, &k, &nf->ring);
    if (rc == 0)
      rc = dc_rf_add(out, out, &t, &nf->ring);
    dc_rf_clear(&t, &nf->ring);
    dc_rf_clear(&k, &nf->ring);
  }
  return rc ? -1 : 1;
}

/* log of a quotient of products of exponentials: valid at every real
** point.  1 when done, 0 when a is not one, -1 on a spent budget. */
static int log_of_exps(struct walk *w, struct dc_rf *out, const struct dc_rf *a)
{
  struct dc_nf *nf = w->nf;
  struct dc_rf t;
  int rc;
  dc_rf_init(&t, &nf->ring);
  rc = add_log_monomial(nf, &t, a->num, 1);
  if (rc == 1 && !fmpq_mpoly_is_one(a->den, nf->ring.ctx))
    rc = add_log_monomial(nf, &t, a->den, -1);
  if (rc == 1)
    dc_rf_set(out, &t, &nf->ring);
  dc_rf_clear(&t, &nf->ring);
  return rc;
}

/* exp(log(x)) = x wherever the left side is defined (x > 0 there). */
static int exp_of_log(struct dc_nf *nf, struct dc_rf *out, const struct dc_rf *a)
{
  int v;
  for (v = 0; v < nf->nvars; v++)
    if (nf->vars[v].kind == DC_VAR_CALL && nf->vars[v].fn == DC_FN_LOG &&
        fmpq_mpoly_is_gen(a->num, v, nf->ring.ctx) &&
        fmpq_mpoly_is_one(a->den, nf->ring.ctx)) {
      dc_rf_set(out, &nf->vars[v].arg, &nf->ring);
      return 1;
    }
  return 0;
}

/* out = f(a) for a builtin call. */
static int nf_call(struct walk *w, const struct dc_node *e, struct dc_rf *out)
{
  struct dc_nf *nf = w->nf;
  struct dc_rf a;
  int fn = e->name ? e->name->builtin : -1, rc, v;
  if (fn < 0 || e->nargs != 1 || e->ival != 0) {
    nf->why = "a call the normal form does not know";
    return -1;
  }
  dc_rf_init(&a, &nf->ring);
  rc = walk(w, e->a[0], &a);
  if (rc == 0 && fn == DC_FN_EXP && exp_of_log(nf, out, &a)) {
    rc = 0;
  } else if (rc == 0 && fn == DC_FN_LOG && (rc = log_of_exps(w, out, &a))) {
    rc = rc < 0 ? -1 : 0;
  } else if (rc == 0) {
    if (fn == DC_FN_EXP)
      rc = nf_exp(w, out, &a);
    else if (fn == DC_FN_SINH || fn == DC_FN_COSH || fn == DC_FN_TANH)
      rc = nf_hyperbolic(w, out, fn, &a);
    else {
      /* tan = sin/cos where tan is defined; the rest are atoms. */
      int tan = fn == DC_FN_TAN;
      v = dc_atom_call(nf, DC_VAR_CALL, tan ? DC_FN_SIN : fn, &a, NULL);
      rc = v < 0 ? -1 : 0;
      if (rc == 0)
        dc_rf_set_var(out, v, &nf->ring);
      if (rc == 0 && tan) {
        struct dc_rf c;
        int cv = dc_atom_call(nf, DC_VAR_CALL, DC_FN_COS, &a, NULL);
        dc_rf_init(&c, &nf->ring);
        rc = cv < 0 ? -1 : 0;
        if (rc == 0) {
          dc_rf_set_var(&c, cv, &nf->ring);
          rc = dc_rf_div(out, out, &c, &nf->ring);
        }
        dc_rf_clear(&c, &nf->ring);
      }
    }
  }
  dc_rf_clear(&a, &nf->ring);
  return rc;
}

/* Is f the constant e? */
static int is_e(const struct dc_rf *f, struct dc_nf *nf)
{
  int v;
  for (v = 0; v < nf->nvars; v++)
    if (nf->vars[v].kind == DC_VAR_E)
      return fmpq_mpoly_is_gen(f->num, v, nf->ring.ctx) &&
             fmpq_mpoly_is_one(f->den, nf->ring.ctx);
  return 0;
}

/* out = b^x: integer exponents exactly, others as an atom. */
static int nf_pow(struct walk *w, const struct dc_node *e, struct dc_rf *out)
{
  struct dc_nf *nf = w->nf;
  struct dc_rf b, x;
  mpq_t q;
  int rc, v;
  dc_rf_init(&b, &nf->ring);
  dc_rf_init(&x, &nf->ring);
  mpq_init(q);
  rc = walk(w, e->a[0], &b);
  if (rc == 0)
    rc = walk(w, e->a[1], &x);
  if (rc == 0 && is_e(&b, nf)) {
    rc = nf_exp(w, out, &x);    /* e^x = exp(x) */
  } else if (rc == 0 && dc_rf_is_const(&x, q, &nf->ring) &&
      mpz_cmp_ui(mpq_denref(q), 1) == 0 && mpz_fits_slong_p(mpq_numref(q)) &&
      mpz_cmpabs_ui(mpq_numref(q), DC_RF_MAX_DEGREE) <= 0) {
    rc = dc_rf_pow(out, &b, mpz_get_si(mpq_numref(q)), &nf->ring);
  } else if (rc == 0) {
    v = dc_atom_call(nf, DC_VAR_POW, -1, &b, &x);
    rc = v < 0 ? -1 : 0;
    if (rc == 0)
      dc_rf_set_var(out, v, &nf->ring);
  }
  mpq_clear(q);
  dc_rf_clear(&b, &nf->ring);
  dc_rf_clear(&x, &nf->ring);
  return rc;
}

/* p with s^2 written as a (s = sqrt(a)): sum of c_j a^(j/2) s^(j mod 2). */
static int reduce_poly(struct dc_nf *nf, struct dc_rf *out,
                       const fmpq_mpoly_t p, int s, const struct dc_rf *a)
{
  struct dc_ring *r = &nf->ring;
  slong v = s, j, d = fmpq_mpoly_degree_si(p, s, r->ctx);
  struct dc_rf c, t, apow;
  int rc = 0;
  dc_rf_init(&c, r);
  dc_rf_init(&t, r);
  dc_rf_init(&apow, r);
  dc_rf_set_si(out, 0, r);
  for (j = 0; j <= d && rc == 0; j++) {
    ulong e = (ulong)j;
    fmpq_mpoly_get_coeff_vars_ui(c.num, p, &v, &e, 1, r->ctx);
    fmpq_mpoly_one(c.den, r->ctx);
    if (fmpq_mpoly_is_zero(c.num, r->ctx))
      continue;
    rc = dc_rf_pow(&apow, a, j / 2, r);
    if (rc == 0)
      rc = dc_rf_mul(&t, &c, &apow, r);
    if (rc == 0 && j % 2) {
      dc_rf_set_var(&apow, s, r);
      rc = dc_rf_mul(&t, &t, &apow, r);
    }
    if (rc == 0)
      rc = dc_rf_add(out, out, &t, r);
  }
  dc_rf_clear(&c, r);
  dc_rf_clear(&t, r);
  dc_rf_clear(&apow, r);
  return rc;
}

/* sqrt(a)^2 = a wherever sqrt(a) is defined: reduce every square root
** atom to degree at most 1 in f's numerator and denominator. */
static int reduce_roots(struct dc_nf *nf, struct dc_rf *f)
{
  struct dc_rf n, d;
  int v, rc = 0;
  for (v = 0; v < nf->nvars && rc == 0; v++) {
    const struct dc_var *x = &nf->vars[v];
    if (x->kind != DC_VAR_CALL || x->fn != DC_FN_SQRT ||
        (fmpq_mpoly_degree_si(f->num, v, nf->ring.ctx) < 2 &&
         fmpq_mpoly_degree_si(f->den, v, nf->ring.ctx) < 2))
      continue;
    dc_rf_init(&n, &nf->ring);
    dc_rf_init(&d, &nf->ring);
    rc = reduce_poly(nf, &n, f->num, v, &x->arg);
    if (rc == 0)
      rc = reduce_poly(nf, &d, f->den, v, &x->arg);
    if (rc == 0)
      rc = dc_rf_div(f, &n, &d, &nf->ring);
    dc_rf_clear(&n, &nf->ring);
    dc_rf_clear(&d, &nf->ring);
  }
  /* A root that divides the denominator once moves up: x/sqrt(x) =
  ** x*sqrt(x)/x = sqrt(x).  The denominator held it, so it is not 0
  ** wherever f is defined. */
  for (v = 0; v < nf->nvars && rc == 0; v++) {
    const struct dc_var *x = &nf->vars[v];
    struct dc_rf s, d0;
    if (x->kind != DC_VAR_CALL || x->fn != DC_FN_SQRT ||
        fmpq_mpoly_degree_si(f->den, v, nf->ring.ctx) != 1)
      continue;
    dc_rf_init(&s, &nf->ring);
    dc_rf_init(&d0, &nf->ring);
    dc_rf_init(&n, &nf->ring);
    dc_rf_set_var(&s, v, &nf->ring);
    if (fmpq_mpoly_divides(d0.num, f->den, s.num, nf->ring.ctx) &&
        fmpq_mpoly_degree_si(d0.num, v, nf->ring.ctx) == 0) {
      fmpq_mpoly_set(n.num, f->num, nf->ring.ctx);
      rc = dc_rf_mul(&n, &n, &s, &nf->ring);           /* num * s */
      if (rc == 0)
        rc = dc_rf_mul(&d0, &d0, &x->arg, &nf->ring);  /* d0 * a */
      if (rc == 0)
        rc = dc_rf_div(f, &n, &d0, &nf->ring);
    }
    dc_rf_clear(&s, &nf->ring);
    dc_rf_clear(&d0, &nf->ring);
    dc_rf_clear(&n, &nf->ring);
  }
  return rc;
}

static int binary(struct walk *w, const struct dc_node *e, struct dc_rf *out)
{
  struct dc_ring *r = &w->nf->ring;
  struct dc_rf a, b;
  int rc;
  dc_rf_init(&a, r);
  dc_rf_init(&b, r);
  rc = walk(w, e->a[0], &a);
  if (rc == 0)
    rc = walk(w, e->a[1], &b);
  if (rc == 0)
    switch (e->kind) {
    case DC_ADD: rc = dc_rf_add(out, &a, &b, r); break;
    case DC_SUB: rc = dc_rf_sub(out, &a, &b, r); break;
    case DC_MUL: rc = dc_rf_mul(out, &a, &b, r); break;
    default:
      rc = dc_rf_div(out, &a, &b, r);
      if (rc == -2) {
        w->undefined = 1;
        w->nf->why = "a division by zero";
      }
      break;
    }
  dc_rf_clear(&a, r);
  dc_rf_clear(&b, r);
  return rc;
}

static int walk_node(struct walk *w, const struct dc_node *e,
                     struct dc_rf *out)
{
  struct dc_nf *nf = w->nf;
  int v;
  switch (e->kind) {
  case DC_NUM:
    dc_rf_set_q(out, *e->q, &nf->ring);
    return 0;
  case DC_NAME: case DC_HOLE:
    v = dc_atom_symbol(nf, e->name);
    if (v < 0)
      return -1;
    dc_rf_set_var(out, v, &nf->ring);
    return 0;
  case DC_CONST:
    v = dc_atom_const(nf, e->ival == DC_CONST_PI ? DC_VAR_PI : DC_VAR_E);
    if (v < 0)
      return -1;
    dc_rf_set_var(out, v, &nf->ring);
    return 0;
  case DC_NEG: {
    int rc = walk(w, e->a[0], out);
    if (rc == 0)
      dc_rf_neg(out, out, &nf->ring);
    return rc;
  }
  case DC_ADD: case DC_SUB:
    return binary(w, e, out);
  case DC_MUL: case DC_DIV: {
    int rc = binary(w, e, out);
    return rc ? rc : reduce_roots(nf, out);
  }
  case DC_POW: {
    int rc = nf_pow(w, e, out);
    return rc ? rc : reduce_roots(nf, out);
  }
  case DC_PAREN: case DC_BRACKET: case DC_GUARD: case DC_WITH:
    /* Grouping and domain checks do not change a value where it exists. */
    return walk(w, e->a[0], out);
  case DC_CALL:
    return nf_call(w, e, out);
  default:
    nf->why = "a node the normal form does not take";
    return -1;
  }
}

static int walk(struct walk *w, const struct dc_node *e, struct dc_rf *out)
{
  struct dc_nf *nf = w->nf;
  struct dc_rf *m;
  int found, rc;
  m = dc_ptrmap_get(&nf->memo, e, &found);
  if (found) {
    dc_rf_set(out, m, &nf->ring);
    return 0;
  }
  if (++nf->depth > DC_MAX_EXPAND_DEPTH || dc_stack_low()) {
    nf->why = "an expression nested too deeply";
    nf->depth--;
    return -1;
  }
  if (dc_budget_take(&nf->budget, 1, "the step budget")) {
    nf->depth--;
    return -1;
  }
  rc = walk_node(w, e, out);
  nf->depth--;
  if (rc)
    return rc;
  m = malloc(sizeof *m);
  if (!m) {
    nf->why = "out of memory";
    return -1;
  }
  dc_rf_init(m, &nf->ring);
  dc_rf_set(m, out, &nf->ring);
  if (dc_ptrmap_put(&nf->memo, e, m)) {
    dc_rf_clear(m, &nf->ring);
    free(m);
    nf->why = "out of memory";
    return -1;
  }
  return 0;
}

static void seen_clear(struct walk *w)
{
  int i;
  for (i = 0; i < w->nseen; i++)
    mpq_clear(w->seen[i].g);
  w->nseen = 0;
}

/* Turn what a pass saw into hints for the next one. */
static void take_hints(struct dc_nf *nf, struct walk *w)
{
  int i;
  for (i = 0; i < w->nseen && nf->nhints < DC_RF_MAX_VARS; i++) {
    struct dc_exp_hint *h = &nf->hints[nf->nhints++];
    h->sym = w->seen[i].sym;
    h->sign = w->seen[i].sign;
    mpq_init(h->scale);
    mpq_set(h->scale, w->seen[i].g);
    if (h->sign < 0)
      mpq_neg(h->scale, h->scale);
  }
}

static int one_pass(struct walk *w, size_t n, struct dc_node *const *roots,
                    struct dc_rf *out)
{
  size_t i;
  volatile int rc = 0;
  struct dc_rf_try t;
  if (DC_RF_TRY(&t)) {
    for (i = 0; i < n && rc == 0; i++)
      rc = walk(w, roots[i], &out[i]);
  } else {
    w->nf->budget.spent = 1;
    w->nf->why = "FLINT gave up on an operation";
    rc = -1;
  }
  dc_rf_end_try(&t);
  return rc;
}

int dc_nf_normalise(struct dc_nf *nf, size_t n,
                    struct dc_node *const *roots, struct dc_rf *out)
{
  struct walk w;
  int rc, pass;
  memset(&w, 0, sizeof w);
  w.nf = nf;
  for (pass = 0; pass < 2; pass++) {
    nf->mismatch = 0;
    rc = one_pass(&w, n, roots, out);
    if (rc == 0 && nf->mismatch && pass == 0 && nf->nhints == 0) {
      /* Start again with the GCD scales: forget every variable. */
      take_hints(nf, &w);
      seen_clear(&w);
      clear_memo(nf);
      dc_atoms_clear(nf);
      if (dc_ptrmap_init(&nf->memo))
        return -1;
      continue;
    }
    break;
  }
  seen_clear(&w);
  if (rc == 0 && nf->mismatch) {
    nf->why = "exponentials with unrelated scales";
    rc = -1;
  }
  if (nf->budget.spent && !nf->why)
    nf->why = nf->budget.why;
  if (rc && w.undefined)
    return -2;
  return rc ? -1 : 0;
}
