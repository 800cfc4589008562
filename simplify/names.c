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

/* Is (vars, tree) at least as good as (bvars, best)? */
static int no_worse(int vars, struct dc_node *tree, int bvars,
                    struct dc_node *best)
{
  if (!best)
    return 1;
  if (vars != bvars)
    return vars < bvars;
  return dc_cost_cmp(tree, best) <= 0;
}

/* Try every variable of one relation; keep the best into f/terms. */
static int try_relation(struct dc_nf *nf, const struct dc_relation *rel,
                        struct dc_rf *f, size_t nterms, struct dc_rf *terms,
                        struct dc_node **best)
{
  int bvars = plain_vars(f, nf);
  struct cand c, keep;
  struct dc_rf s;
  int t, have = 0, rc = 0;
  if (cand_init(&c, nf, nterms) || cand_init(&keep, nf, nterms)) {
    cand_clear(&c, nf);
    cand_clear(&keep, nf);
    return -1;
  }
  dc_rf_init(&s, &nf->ring);
  for (t = 0; t < nf->nvars && rc == 0; t++) {
    unsigned long g = 1;
    int k;
    if (t == rel->var || nf->vars[t].kind == DC_VAR_NAME ||
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
    c.tree = dc_present_best(nf, &c.f, nterms, c.terms);
    if (c.tree && no_worse(plain_vars(&c.f, nf), c.tree, bvars, *best)) {
      struct cand tmp = keep;
      keep = c;
      c = tmp;
      *best = keep.tree;
      bvars = plain_vars(&keep.f, nf);
      have = 1;
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
  struct dc_node *best = dc_present_best(nf, f, nterms, terms);
  size_t i;
  for (i = 0; i < nrel; i++)
    if (try_relation(nf, &rel[i], f, nterms, terms, &best))
      return -1;
  return 0;
}
