/*
** names.c: eliminating atoms in favour of the author's names (names.h).
*/
#include <stdlib.h>
#include "simplify/names.h"
#include "simplify/cost.h"
#include "simplify/present.h"

/* A candidate rewrite: f and its terms after one substitution. */
struct cand {
  struct dc_rf f;
  struct dc_rf *terms;
  size_t nterms;
  struct dc_node *tree;
};

static int cand_init(struct cand *c, struct dc_nf *nf, size_t nterms)
{
  size_t i;
  dc_rf_init(&c->f, &nf->ring);
  c->nterms = nterms;
  c->tree = NULL;
  c->terms = malloc((nterms ? nterms : 1) * sizeof *c->terms);
  if (!c->terms)
    return -1;
  for (i = 0; i < nterms; i++)
    dc_rf_init(&c->terms[i], &nf->ring);
  return 0;
}

static void cand_clear(struct cand *c, struct dc_nf *nf)
{
  size_t i;
  dc_rf_clear(&c->f, &nf->ring);
  for (i = 0; c->terms && i < c->nterms; i++)
    dc_rf_clear(&c->terms[i], &nf->ring);
  free(c->terms);
  c->terms = NULL;
}

static unsigned long ugcd(unsigned long a, unsigned long b)
{
  while (b) {
    unsigned long t = a % b;
    a = b;
    b = t;
  }
  return a;
}

static unsigned long rf_var_gcd(const struct dc_rf *f, int var,
                                const struct dc_nf *nf)
{
  return ugcd(dc_poly_var_gcd(f->num, var, &nf->ring),
              dc_poly_var_gcd(f->den, var, &nf->ring));
}

/* Divide var's exponents in f by g (they are all multiples of it). */
static int deflate_rf(struct dc_rf *f, int var, unsigned long g,
                      const struct dc_nf *nf)
{
  if (g <= 1)
    return 0;
  return dc_poly_deflate(f->num, var, g, &nf->ring) ||
         dc_poly_deflate(f->den, var, g, &nf->ring);
}

/*
** Solve the relation of name `rel` for var t: fills s with t^g's value and
** *g with the power.  0 when solved; 1 when the relation is not of degree 1
** in t^g; -1 on a spent budget.
*/
static int solve(struct dc_nf *nf, const struct dc_relation *rel, int t,
                 const struct dc_rf *target, size_t nterms,
                 const struct dc_rf *terms, struct dc_rf *s, unsigned long *g)
{
  struct dc_ring *r = &nf->ring;
  fmpq_mpoly_t q, a, b, nd;
  slong v = t;
  ulong e0 = 0, e1 = 1;
  unsigned long k;
  size_t i;
  int rc = 1;
  fmpq_mpoly_init(q, r->ctx);
  fmpq_mpoly_init(a, r->ctx);
  fmpq_mpoly_init(b, r->ctx);
  fmpq_mpoly_init(nd, r->ctx);
  /* q = N - n*D */
  fmpq_mpoly_gen(nd, rel->var, r->ctx);
  fmpq_mpoly_mul(nd, nd, rel->def.den, r->ctx);
  fmpq_mpoly_sub(q, rel->def.num, nd, r->ctx);
  k = ugcd(dc_poly_var_gcd(q, t, r), rf_var_gcd(target, t, nf));
  for (i = 0; i < nterms; i++)
    k = ugcd(k, rf_var_gcd(&terms[i], t, nf));
  if (k == 0)
    goto done;
  if (k > 1)
    dc_poly_deflate(q, t, k, r);
  if (fmpq_mpoly_degree_si(q, t, r->ctx) != 1)
    goto done;
  fmpq_mpoly_get_coeff_vars_ui(a, q, &v, &e1, 1, r->ctx);
  fmpq_mpoly_get_coeff_vars_ui(b, q, &v, &e0, 1, r->ctx);
  if (fmpq_mpoly_is_zero(a, r->ctx))
    goto done;
  /* A symbol is solved for only where it stands alone (b = yhat - w*x);
  ** x = (yhat - b)/w would write the result in none of the names. */
  if (nf->vars[t].kind == DC_VAR_SYMBOL && !fmpq_mpoly_is_fmpq(a, r->ctx))
    goto done;
  /* a*t + b = 0: t = -b/a */
  {
    struct dc_rf nb, ra;
    dc_rf_init(&nb, r);
    dc_rf_init(&ra, r);
    fmpq_mpoly_neg(nb.num, b, r->ctx);
    fmpq_mpoly_set(ra.num, a, r->ctx);
    rc = dc_rf_div(s, &nb, &ra, r) == 0 ? 0 : -1;
    dc_rf_clear(&nb, r);
    dc_rf_clear(&ra, r);
  }
  *g = k;
done:
  fmpq_mpoly_clear(q, r->ctx);
  fmpq_mpoly_clear(a, r->ctx);
  fmpq_mpoly_clear(b, r->ctx);
  fmpq_mpoly_clear(nd, r->ctx);
  return rc;
}

/* c = (f, terms) with t^g := s.  0, or -1. */
static int substitute(struct dc_nf *nf, struct cand *c, const struct dc_rf *f,
                      size_t nterms, const struct dc_rf *terms, int t,
                      unsigned long g, const struct dc_rf *s)
{
  struct dc_rf x;
  size_t i;
  int rc = 0;
  dc_rf_init(&x, &nf->ring);
  for (i = 0; i <= nterms && rc == 0; i++) {
    dc_rf_set(&x, i == nterms ? f : &terms[i], &nf->ring);
    deflate_rf(&x, t, g, nf);
    rc = dc_rf_subst(i == nterms ? &c->f : &c->terms[i], &x, t, s,
                     &nf->ring);
  }
  dc_rf_clear(&x, &nf->ring);
  return rc ? -1 : 0;
}

/* Replace every factor P of p by the name n (P = n): p = P^k q becomes
** n^k q.  Returns k. */
static long take_factor(fmpq_mpoly_t p, const fmpq_mpoly_t P, int n,
                        struct dc_nf *nf)
{
  fmpq_mpoly_t q, g;
  long k = 0;
  fmpq_mpoly_init(q, nf->ring.ctx);
  fmpq_mpoly_init(g, nf->ring.ctx);
  fmpq_mpoly_gen(g, n, nf->ring.ctx);
  while (k < 64 && !fmpq_mpoly_is_zero(p, nf->ring.ctx) &&
         fmpq_mpoly_divides(q, p, P, nf->ring.ctx)) {
    fmpq_mpoly_mul(p, q, g, nf->ring.ctx);
    k++;
  }
  fmpq_mpoly_clear(q, nf->ring.ctx);
  fmpq_mpoly_clear(g, nf->ring.ctx);
  return k;
}

/* A name whose definition is a polynomial P of several terms (u = 1 +
** x^2): its factors P in f become the name, 2*x/(1 + x^2) = 2*x/u.
** 1 when c holds a changed copy, 0 when nothing changed, -1 on error. */
static int factor_subst(struct dc_nf *nf, const struct dc_relation *rel,
                        struct cand *c, const struct dc_rf *f, size_t nterms,
                        const struct dc_rf *terms)
{
  fmpq_mpoly_t P;
  fmpq_t k;
  size_t i;
  long hits = 0;
  int rc = 0;
  if (!fmpq_mpoly_is_fmpq(rel->def.den, nf->ring.ctx) ||
      fmpq_mpoly_length(rel->def.num, nf->ring.ctx) < 2)
    return 0;
  fmpq_mpoly_init(P, nf->ring.ctx);
  fmpq_init(k);
  /* P = num/den; the factor is taken up to a constant, which then moves
  ** into the name: num = den*n. */
  fmpq_mpoly_get_term_coeff_fmpq(k, rel->def.den, 0, nf->ring.ctx);
  fmpq_inv(k, k);
  fmpq_mpoly_scalar_mul_fmpq(P, rel->def.num, k, nf->ring.ctx);
  fmpq_mpoly_reduce(P, nf->ring.ctx);
  for (i = 0; i <= nterms && rc == 0; i++) {
    struct dc_rf *out = i == nterms ? &c->f : &c->terms[i];
    struct dc_rf t;
    dc_rf_init(&t, &nf->ring);
    dc_rf_set(&t, i == nterms ? f : &terms[i], &nf->ring);
    hits += take_factor(t.num, P, rel->var, nf);
    hits += take_factor(t.den, P, rel->var, nf);
    /* restore the invariant: cancel and orient */
    {
      struct dc_rf one;
      dc_rf_init(&one, &nf->ring);
      dc_rf_set_si(&one, 1, &nf->ring);
      rc = dc_rf_mul(out, &t, &one, &nf->ring);
      dc_rf_clear(&one, &nf->ring);
    }
    dc_rf_clear(&t, &nf->ring);
  }
  fmpq_clear(k);
  fmpq_mpoly_clear(P, nf->ring.ctx);
  return rc ? -1 : hits > 0;
}

static int uses_any(const struct dc_rf *f, size_t nterms,
                    const struct dc_rf *terms, int t, const struct dc_nf *nf)
{
  size_t i;
  if (dc_rf_uses(f, t, &nf->ring))
    return 1;
  for (i = 0; i < nterms; i++)
    if (dc_rf_uses(&terms[i], t, &nf->ring))
      return 1;
  return 0;
}

/* Variables of f that are not names: a rewrite in the names should
** leave fewer of them (eliminating x from w*x + b = yhat in favour of b
** and w would be shorter, but not written in the names). */
static int plain_vars(const struct dc_rf *f, const struct dc_nf *nf)
{
  int v, k = 0;
  for (v = 0; v < nf->nvars; v++)
    k += nf->vars[v].kind != DC_VAR_NAME && dc_rf_uses(f, v, &nf->ring);
  return k;
}

/* A result's score.  A candidate must be no longer than the target was
** before any name was tried (`limit`): a name that lengthens the result
** is no help (5*x^4 is not 5*relu2(x)^2).  Among those the cheaper tree
** wins, then the one with fewer plain variables (so a tie goes to the
** names). */
struct score {
  int vars;
  struct dc_node *tree;
  long limit;
};

static int no_worse(const struct score *a, const struct score *b)
{
  if (dc_cost_of(a->tree).size > a->limit)
    return 0;
  if (!b->tree)
    return 1;
  if (dc_cost_of(a->tree).size != dc_cost_of(b->tree).size)
    return dc_cost_of(a->tree).size < dc_cost_of(b->tree).size;
  if (a->vars != b->vars)
    return a->vars < b->vars;
  return dc_cost_cmp(a->tree, b->tree) <= 0;
}

/* Try every variable of one relation; keep the best into f/terms. */
static int try_relation(struct dc_nf *nf, const struct dc_relation *rel,
                        struct dc_rf *f, size_t nterms, struct dc_rf *terms,
                        struct score *best)
{
  struct cand c, keep;
  struct dc_rf s;
  int t, have = 0, rc = 0;
  if (cand_init(&c, nf, nterms)) {
    cand_clear(&c, nf);         /* keep was never started */
    return -1;
  }
  if (cand_init(&keep, nf, nterms)) {
    cand_clear(&c, nf);
    cand_clear(&keep, nf);
    return -1;
  }
  dc_rf_init(&s, &nf->ring);
  /* -1 stands for the factor substitution, then every variable. */
  for (t = -1; t < nf->nvars && rc == 0; t++) {
    unsigned long g = 1;
    int k;
    if (t < 0) {
      k = factor_subst(nf, rel, &c, f, nterms, terms);
      if (k < 0)
        rc = -1;
      if (k <= 0)
        continue;
      goto scored;
    }
    if (t == rel->var || nf->vars[t].kind == DC_VAR_NAME ||
        (rel->atoms_only && nf->vars[t].kind == DC_VAR_SYMBOL) ||
        !dc_rf_uses(&rel->def, t, &nf->ring) ||
        !uses_any(f, nterms, terms, t, nf))
      continue;
    k = solve(nf, rel, t, f, nterms, terms, &s, &g);
    if (k < 0)
      rc = -1;
    if (k != 0)
      continue;
    if (substitute(nf, &c, f, nterms, terms, t, g, &s)) {
      rc = nf->budget.spent ? -1 : 0;
      continue;
    }
  scored:
    c.tree = dc_present_best(nf, &c.f, nterms, c.terms);
    if (c.tree) {
      struct score sc = { plain_vars(&c.f, nf), c.tree, best->limit };
      if (no_worse(&sc, best)) {
        struct cand tmp = keep;
        keep = c;
        c = tmp;
        *best = sc;
        have = 1;
      }
    }
  }
  if (have) {
    size_t i;
    dc_rf_set(f, &keep.f, &nf->ring);
    for (i = 0; i < nterms; i++)
      dc_rf_set(&terms[i], &keep.terms[i], &nf->ring);
  }
  dc_rf_clear(&s, &nf->ring);
  cand_clear(&c, nf);
  cand_clear(&keep, nf);
  return rc;
}

int dc_names_rewrite(struct dc_nf *nf, size_t nrel,
                     const struct dc_relation *rel, struct dc_rf *f,
                     size_t nterms, struct dc_rf *terms)
{
  struct score best = { plain_vars(f, nf),
                        dc_present_best(nf, f, nterms, terms), 0 };
  struct cand trial;
  char used[64] = { 0 };
  size_t round, i, k;
  int rc = 0;
  if (nrel > sizeof used)
    nrel = sizeof used;
  if (!best.tree)
    return -1;
  if (cand_init(&trial, nf, nterms)) {
    cand_clear(&trial, nf);
    return -1;
  }
  best.limit = dc_cost_of(best.tree).size;
  /* Best first: each round tries every unused name from the same start
  ** and applies the one that gives the best result, so a name that
  ** contains another (swish = x*sigma) does not take an atom first. */
  for (round = 0; round < nrel && rc == 0; round++) {
    long pick = -1;
    struct score round_best = best;
    for (i = 0; i < nrel && rc == 0; i++) {
      struct score b = round_best;
      if (used[i])
        continue;
      dc_rf_set(&trial.f, f, &nf->ring);
      for (k = 0; k < nterms; k++)
        dc_rf_set(&trial.terms[k], &terms[k], &nf->ring);
      rc = try_relation(nf, &rel[i], &trial.f, nterms, trial.terms, &b);
      if (rc == 0 && b.tree != round_best.tree) {
        round_best = b;
        pick = (long)i;
      }
    }
    if (pick < 0 || rc)
      break;
    used[pick] = 1;
    best = round_best;
    best.limit = dc_cost_of(best.tree).size;   /* no round may lengthen it */
    /* Apply it for real: the same search finds the same substitution. */
    round_best.tree = NULL;
    rc = try_relation(nf, &rel[pick], f, nterms, terms, &round_best);
  }
  cand_clear(&trial, nf);
  return rc;
}
