/*
** guard.c: finding points inside the domains of where names.
**
** A where name or definition with a domain is expanded as DC_GUARD(value,
** domain), and a point where the value falls outside is rejected.  When
** the domain is narrow compared with where the value usually lands
** (x^2 in [0.999, 1], exp(x) in (1e-9, 2e-9)), almost every drawn point
** is rejected and a true link would end UNDETERMINED.  For such a link the
** checker asks this file to move a drawn point into the guards.
**
** The guards a link's sides reach are collected operands-first (an inner
** guard before one whose value contains it), and their values become the
** roots of a small tape of their own.  For each guard that does not hold,
** one input it depends on is varied (picked at random): a target c is
** drawn inside the domain; the positions x0 +- j * 2^k * max(|x0|, 1) and
** +-j * 2^k (k from LADDER_LO to LADDER_HI, j random in [1, 2)), sorted,
** are visited outwards from x0, both ways in a random order, looking for
** two neighbouring positions where value - c changes sign; bisection
** between them stops at the first
** point whose value lies in the domain.  Aiming at a random c rather than
** at a bound lands the value inside, spread over the domain.  Only
** positions inside the input's own domain are visited (an interval, so
** bisection stays inside too).  The guards are visited in turn,
** GUARD_PASSES times, since moving for one may break another; the point
** counts only when all of them hold at the end.
**
** Everything is bounded: moving for one guard evaluates the small tape at
** most NPOS - 1 + 2 * BISECT_STEPS = 540 times, one search at most
** 2 + GUARD_PASSES * guards * 540 times, and the checker runs at most
** DC_GUARD_SEARCHES_PER_SAMPLE * samples searches per link, stopping after
** DC_GUARD_SEARCH_MISSES in a row that found nothing (expr/limits.h).
** Values have the precision of the drawn points (every bit random), and
** the generator alone makes every choice, so a seed gives the same points.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "verify/checkint.h"
#include "verify/internal.h"
#include "expr/limits.h"
#include "expr/ptrmap.h"

/* Steps are 2^k * max(|x0|, 1) and positions +-2^k for k in [LADDER_LO,
** LADDER_HI]: from a billionth of the point's scale (a value that changes
** fast) to 2^40 times it (x*y in [0.5, 0.51] with y = 10^-12). */
#define LADDER_LO (-30)
#define LADDER_HI 40

/* Positions scanned along one input: x0 and four per k. */
#define NPOS (4 * (LADDER_HI - LADDER_LO + 1) + 1)

/* Bisection steps: enough to shrink any bracket of the ladder far below
** the width of the narrowest band a spec writes. */
#define BISECT_STEPS 128

/* Rounds over all guards of a link. */
#define GUARD_PASSES 2

struct guard {
  const struct dc_domain *dom;
  size_t *vary;                 /* search-tape inputs the value depends on */
  size_t nvary;
};

struct dc_guard_search {
  struct dc_tape *tape;         /* root i: the value guard i guards */
  size_t nin;
  size_t *map;                  /* search-tape input -> main-tape input */
  const struct dc_domain **idom;/* the domain each input is drawn from */
  mpfr_ptr *x;                  /* the point's values, in the main inputs */
  mpfr_srcptr *in;              /* the same, for dc_tape_eval */
  struct guard *g;
  size_t ng;
  mpfr_t c;                     /* the target inside the domain */
  mpfr_t x0, t, lo, hi;         /* positions along the varied input */
  mpfr_t pos[NPOS];             /* the positions to scan (ladder()) */
  mpfr_ptr order[NPOS];         /* the same, sorted */
};

/* ---- collecting the guards ---- */


/* The search-tape inputs guard value v depends on, into g. 0 or -1. */
static int find_vary(struct dc_guard_search *s, struct guard *g,
                     struct dc_node *v)
{
  return dc_tape_inputs_of(s->tape, v, &g->vary, &g->nvary);
}

const struct dc_domain *dc_input_domain(const struct dc_node *leaf)
{
  if ((leaf->kind == DC_NAME || leaf->kind == DC_HOLE) && leaf->name &&
      leaf->name->sym)
    return leaf->name->sym->dom;
  return NULL;
}

/* The tape of the guarded values and the input maps.  0, -1 (OOM) or 1
** (an input missing from the main tape: nothing to search). */
static int build_tape(struct dc_guard_search *s, struct dc_node **vals,
                      const struct dc_tape *main_tape)
{
  size_t j;
  s->tape = dc_tape_build(vals, s->ng, NULL);
  if (!s->tape)
    return -1;
  s->nin = dc_tape_ninputs(s->tape);
  s->map = malloc((s->nin ? s->nin : 1) * sizeof *s->map);
  s->idom = malloc((s->nin ? s->nin : 1) * sizeof *s->idom);
  s->x = calloc(s->nin ? s->nin : 1, sizeof *s->x);
  s->in = calloc(s->nin ? s->nin : 1, sizeof *s->in);
  if (!s->map || !s->idom || !s->x || !s->in)
    return -1;
  for (j = 0; j < s->nin; j++) {
    const struct dc_node *leaf = dc_tape_input(s->tape, j);
    long m = dc_tape_input_index(main_tape, leaf);
    if (m < 0)
      return 1;
    s->map[j] = (size_t)m;
    s->idom[j] = dc_input_domain(leaf);
  }
  return 0;
}

/* Fill s from the guards among the nodes reachable from a and b. */
static int setup(struct dc_guard_search *s, const struct dc_tape *main_tape,
                 struct dc_node *a, struct dc_node *b)
{
  struct dc_node *roots[2], **all, **vals;
  size_t n, i;
  int rc;
  roots[0] = a;
  roots[1] = b;
  if (dc_post_order(roots, 2, &all, &n) != 0)
    return -1;
  vals = malloc(DC_GUARD_SEARCH_GUARDS * sizeof *vals);
  s->g = calloc(DC_GUARD_SEARCH_GUARDS, sizeof *s->g);
  if (!vals || !s->g) {
    free(all);
    free(vals);
    return -1;
  }
  for (i = 0; i < n && s->ng < DC_GUARD_SEARCH_GUARDS; i++)
    if (all[i]->kind == DC_GUARD && all[i]->nargs == 1 && all[i]->dom) {
      s->g[s->ng].dom = all[i]->dom;
      vals[s->ng++] = all[i]->a[0];
    }
  free(all);
  rc = s->ng ? build_tape(s, vals, main_tape) : 1;
  for (i = 0; i < s->ng && rc == 0; i++)
    rc = find_vary(s, &s->g[i], vals[i]);
  free(vals);
  return rc;
}

struct dc_guard_search *dc_guard_search_new(const struct dc_tape *main_tape,
                                            struct dc_node *a,
                                            struct dc_node *b,
                                            mpfr_prec_t bits, int *none)
{
  struct dc_guard_search *s = calloc(1, sizeof *s);
  size_t i;
  int rc;
  *none = 0;
  if (!s)
    return NULL;
  mpfr_inits2(bits, s->c, s->x0, s->t, s->lo, s->hi, (mpfr_ptr)0);
  for (i = 0; i < NPOS; i++)
    mpfr_init2(s->pos[i], bits);
  rc = setup(s, main_tape, a, b);
  if (rc != 0) {
    *none = rc > 0;
    dc_guard_search_free(s);
    return NULL;
  }
  return s;
}

void dc_guard_search_free(struct dc_guard_search *s)
{
  size_t i;
  if (!s)
    return;
  for (i = 0; i < s->ng; i++)
    free(s->g[i].vary);
  free(s->g);
  dc_tape_free(s->tape);
  free(s->map);
  free(s->idom);
  free(s->x);
  free(s->in);
  mpfr_clears(s->c, s->x0, s->t, s->lo, s->hi, (mpfr_ptr)0);
  for (i = 0; i < NPOS; i++)
    mpfr_clear(s->pos[i]);
  free(s);
}

/* ---- the search ---- */

/* Guard i holds at the point the tape was last evaluated at. */
static int holds(const struct dc_guard_search *s, size_t i)
{
  return dc_tape_defined(s->tape, i, NULL) &&
         dc_domain_contains_fr(s->g[i].dom, dc_tape_value(s->tape, i));
}

/* Which side of the target guard i's value is on: -1 or 1, 0 when it is
** undefined (no sign to compare). */
static int side(const struct dc_guard_search *s, size_t i)
{
  if (!dc_tape_defined(s->tape, i, NULL))
    return 0;
  return mpfr_cmp(dc_tape_value(s->tape, i), s->c) < 0 ? -1 : 1;
}

/* Evaluate with input v at t.  1 when guard i holds there, 0 if not, -1
** on out-of-memory. */
static int try_at(struct dc_guard_search *s, size_t i, mpfr_ptr x,
                  mpfr_srcptr t, mpfr_prec_t prec)
{
  mpfr_set(x, t, MPFR_RNDN);
  if (dc_tape_eval(s->tape, prec, s->in) != 0)
    return -1;
  return holds(s, i);
}

/*
** Guard i's value is on side `slo` of the target at lo and on the other
** side at hi: halve [lo, hi] until a point holds.  1, 0 or -1.
*/
static int bisect(struct dc_guard_search *s, size_t i, mpfr_ptr x, int slo,
                  mpfr_prec_t prec)
{
  int k, r;
  for (k = 0; k < BISECT_STEPS; k++) {
    int sm;
    /* a + b rounded to the points' precision, halved exactly: inside. */
    mpfr_add(s->t, s->lo, s->hi, MPFR_RNDN);
    mpfr_div_2ui(s->t, s->t, 1, MPFR_RNDN);
    if (mpfr_equal_p(s->t, s->lo) || mpfr_equal_p(s->t, s->hi))
      return 0;
    r = try_at(s, i, x, s->t, prec);
    if (r != 0)
      return r;
    sm = side(s, i);
    if (sm == 0)
      return 0;                 /* undefined inside: a pole or a gap */
    mpfr_set(sm == slo ? s->lo : s->hi, s->t, MPFR_RNDN);
  }
  return 0;
}

/* qsort order of positions. */
static int cmp_pos(const void *a, const void *b)
{
  int c = mpfr_cmp(*(mpfr_ptr const *)a, *(mpfr_ptr const *)b);
  return (c > 0) - (c < 0);
}

/*
** The positions to scan along input v, sorted, without repeats: x0,
** x0 +- j*2^(e + k) (steps on the point's scale 2^e) and +-j*2^k (through
** zero on a log scale: x0 = 10^12 reaches x in [0.9995, 1], which steps
** from x0 alone jump over), for k in [LADDER_LO, LADDER_HI], only those
** inside v's domain; j (the jitter) is in [1, 2).  Returns how many, with
** *at the index of x0.
*/
static size_t ladder(struct dc_guard_search *s, size_t v, mpfr_exp_t e,
                     double jitter, size_t *at)
{
  size_t n = 0, m = 0, i;
  int k, d;
  mpfr_set_prec(s->pos[0], mpfr_get_prec(s->x0));
  mpfr_set(s->pos[n++], s->x0, MPFR_RNDN);
  for (k = LADDER_LO; k <= LADDER_HI; k++)
    for (d = -1; d <= 1; d += 2) {
      mpfr_set_d(s->pos[n], d * jitter, MPFR_RNDN);         /* exact */
      mpfr_mul_2si(s->pos[n], s->pos[n], e + k, MPFR_RNDN);
      mpfr_add(s->pos[n], s->pos[n], s->x0, MPFR_RNDN);
      n++;
      mpfr_set_d(s->pos[n], d * jitter, MPFR_RNDN);
      mpfr_mul_2si(s->pos[n], s->pos[n], k, MPFR_RNDN);
      n++;
    }
  for (i = 0; i < n; i++)
    if (mpfr_number_p(s->pos[i]) &&
        dc_domain_contains_fr(s->idom[v], s->pos[i]))
      s->order[m++] = s->pos[i];
  qsort(s->order, m, sizeof *s->order, cmp_pos);
  for (i = 0, n = 0; i < m; i++)
    if (n == 0 || !mpfr_equal_p(s->order[i], s->order[n - 1]))
      s->order[n++] = s->order[i];
  for (i = 0; i < n; i++)
    if (mpfr_equal_p(s->order[i], s->x0))
      *at = i;
  return n;
}

/*
** Walk one way (dir = +-1) through the positions from x0.  1 when a point
** holds (x is left there), 0 when none was found, -1 on OOM.
*/
static int walk(struct dc_guard_search *s, size_t i, mpfr_ptr x, int dir,
                size_t n, size_t at, int s0, mpfr_prec_t prec)
{
  mpfr_srcptr prev = s->order[at];
  size_t j = at;
  int sp = s0, r;
  while (dir > 0 ? j + 1 < n : j > 0) {
    int st;
    j = dir > 0 ? j + 1 : j - 1;
    r = try_at(s, i, x, s->order[j], prec);
    if (r != 0)
      return r;
    st = side(s, i);
    if (sp != 0 && st != 0 && sp != st) {
      /* lo is the end on side sp: the nearer point. */
      mpfr_set(s->lo, prev, MPFR_RNDN);
      mpfr_set(s->hi, s->order[j], MPFR_RNDN);
      return bisect(s, i, x, sp, prec);
    }
    prev = s->order[j];
    sp = st;
  }
  return 0;
}

/*
** Bring guard i into its domain by moving one input it depends on.  The
** tape holds the values at the current point.  1 (the point moved and
** the tape holds its values), 0 (the point is as it was), -1 on OOM.
*/
static int move_into(struct dc_guard_search *s, size_t i,
                     struct dc_rng *rng, mpfr_prec_t prec)
{
  const struct guard *g = &s->g[i];
  size_t v, n, at = 0;
  mpfr_ptr x;
  mpfr_exp_t e;
  int s0, first, d, r = 0;
  if (g->nvary == 0)
    return 0;
  v = g->vary[dc_rng_next(rng) % g->nvary];
  x = s->x[v];
  first = (int)(dc_rng_next(rng) >> 63);
  dc_sample_domain(rng, g->dom, s->c);
  s0 = side(s, i);
  mpfr_set_prec(s->x0, mpfr_get_prec(x));   /* restored exactly */
  mpfr_set(s->x0, x, MPFR_RNDN);
  /* The scale: the exponent of max(|x0|, 1). */
  e = mpfr_regular_p(s->x0) && mpfr_cmpabs_ui(s->x0, 1) > 0
        ? mpfr_get_exp(s->x0) : 1;
  /* Scaled by a random factor in [1, 2): exact powers of two such as
  ** x = 1 are special points (x^2 = 1 at a bound, log(x) = 0) that
  ** could hide a wrong step. */
  n = ladder(s, v, e, 1.0 + dc_rng_unit(rng), &at);
  for (d = 0; d < 2 && r == 0; d++)
    r = walk(s, i, x, (d == first) ? 1 : -1, n, at, s0, prec);
  if (r == 0)
    mpfr_set(x, s->x0, MPFR_RNDN);
  return r;
}

/* ---- moving every input at once ----
**
** Moving one input per guard fails when two guards pull apart: x + y in a
** band and x - y in another need x and y to move together.  So the
** search also takes Gauss-Newton steps on all the guards at once: each
** guard aims at a target (its value where it holds, a draw inside its
** domain where not), the Jacobian comes from forward differences, and the
** step is the least-norm one, J^T (J J^T + eps I)^-1 r, in doubles (the
** point itself stays in MPFR; a step only has to land inside a band, and
** the next one corrects it).  A step that leaves an input's domain is
** halved.
*/

/* Steps of the joint search, and halvings of a step that leaves a domain. */
#define NEWTON_STEPS 12
#define NEWTON_HALVINGS 20

struct newton {
  double *jac;                  /* ng x nin, row-major */
  double *res, *y, *a, *step;
  mpfr_t *target;               /* one per guard */
};

/* Solve the n x n system a y = r in place (partial pivoting).  0, or -1
** when it is singular. */
static int solve(double *a, double *r, size_t n)
{
  size_t i, j, k;
  for (k = 0; k < n; k++) {
    size_t p = k;
    for (i = k + 1; i < n; i++)
      if (fabs(a[i * n + k]) > fabs(a[p * n + k]))
        p = i;
    if (a[p * n + k] == 0.0 || !isfinite(a[p * n + k]))
      return -1;
    for (j = 0; j < n; j++) {
      double t = a[k * n + j];
      a[k * n + j] = a[p * n + j];
      a[p * n + j] = t;
    }
    { double t = r[k]; r[k] = r[p]; r[p] = t; }
    for (i = k + 1; i < n; i++) {
      double f = a[i * n + k] / a[k * n + k];
      for (j = k; j < n; j++)
        a[i * n + j] -= f * a[k * n + j];
      r[i] -= f * r[k];
    }
  }
  for (k = n; k-- > 0;) {
    for (j = k + 1; j < n; j++)
      r[k] -= a[k * n + j] * r[j];
    r[k] /= a[k * n + k];
  }
  return 0;
}

/* value_i - target_i for every guard into nw->res.  0, or -1 when one is
** undefined (no direction to go). */
static int residuals(struct dc_guard_search *s, struct newton *nw,
                     double *out)
{
  size_t i;
  for (i = 0; i < s->ng; i++) {
    if (!dc_tape_defined(s->tape, i, NULL))
      return -1;
    mpfr_sub(s->t, dc_tape_value(s->tape, i), nw->target[i], MPFR_RNDN);
    out[i] = mpfr_get_d(s->t, MPFR_RNDN);
    if (!isfinite(out[i]))
      return -1;
  }
  return 0;
}

/* The Jacobian by forward differences at the current point (the tape is
** left at it).  0, -1 (not usable) or -2 (OOM). */
static int jacobian(struct dc_guard_search *s, struct newton *nw,
                    mpfr_prec_t prec)
{
  size_t i, j;
  for (j = 0; j < s->nin; j++) {
    mpfr_ptr x = s->x[j];
    /* h = 2^-30 of the input's scale: far above the rounding of the
    ** values, far below the width of the bands the search is for. */
    mpfr_exp_t e = mpfr_regular_p(x) && mpfr_cmpabs_ui(x, 1) > 0
                     ? mpfr_get_exp(x) : 1;
    double h = ldexp(1.0, (int)(e - 30));
    mpfr_set(s->x0, x, MPFR_RNDN);
    mpfr_add_d(x, x, h, MPFR_RNDN);
    if (dc_tape_eval(s->tape, prec, s->in) != 0)
      return -2;
    if (residuals(s, nw, nw->y) != 0) {
      mpfr_set(x, s->x0, MPFR_RNDN);
      return -1;
    }
    for (i = 0; i < s->ng; i++)
      nw->jac[i * s->nin + j] = (nw->y[i] - nw->res[i]) / h;
    mpfr_set(x, s->x0, MPFR_RNDN);
  }
  return dc_tape_eval(s->tape, prec, s->in) != 0 ? -2 : 0;
}

/* The least-norm step -J^T (J J^T + eps I)^-1 r into nw->step. */
static int newton_step(struct dc_guard_search *s, struct newton *nw)
{
  size_t i, k, j, ng = s->ng, n = s->nin;
  for (i = 0; i < ng; i++) {
    double diag = 0.0;
    for (k = 0; k < ng; k++) {
      double d = 0.0;
      for (j = 0; j < n; j++)
        d += nw->jac[i * n + j] * nw->jac[k * n + j];
      nw->a[i * ng + k] = d;
      if (i == k)
        diag = d;
    }
    nw->a[i * ng + i] = diag * (1.0 + 1e-12) + 1e-300;
    nw->y[i] = nw->res[i];
  }
  if (solve(nw->a, nw->y, ng) != 0)
    return -1;
  for (j = 0; j < n; j++) {
    double d = 0.0;
    for (i = 0; i < ng; i++)
      d -= nw->jac[i * n + j] * nw->y[i];
    nw->step[j] = d;
  }
  return 0;
}

/* Move the point by t * step (t = 2^-h), every input inside its domain.
** 1 when it moved, 0 when no halving stays inside. */
static int take_step(struct dc_guard_search *s, struct newton *nw)
{
  size_t j;
  int h;
  for (h = 0; h < NEWTON_HALVINGS; h++) {
    int inside = 1;
    for (j = 0; j < s->nin && inside; j++) {
      mpfr_set_d(s->t, ldexp(nw->step[j], -h), MPFR_RNDN);
      mpfr_add(s->t, s->x[j], s->t, MPFR_RNDN);
      inside = mpfr_number_p(s->t) &&
               dc_domain_contains_fr(s->idom[j], s->t);
    }
    if (!inside)
      continue;
    for (j = 0; j < s->nin; j++) {
      mpfr_set_d(s->t, ldexp(nw->step[j], -h), MPFR_RNDN);
      mpfr_add(s->x[j], s->x[j], s->t, MPFR_RNDN);
    }
    return 1;
  }
  return 0;
}

static int all_hold(const struct dc_guard_search *s)
{
  size_t i;
  for (i = 0; i < s->ng; i++)
    if (!holds(s, i))
      return 0;
  return 1;
}

/* Gauss-Newton iterations from the current point (the tape holds its
** values).  1 when every guard holds, 0 when not, -1 on OOM. */
static int newton_iterate(struct dc_guard_search *s, struct newton *nw,
                          struct dc_rng *rng, mpfr_prec_t prec)
{
  size_t i;
  int it, r;
  for (i = 0; i < s->ng; i++) {
    if (holds(s, i))
      mpfr_set(nw->target[i], dc_tape_value(s->tape, i), MPFR_RNDN);
    else
      dc_sample_domain(rng, s->g[i].dom, nw->target[i]);
  }
  for (it = 0; it < NEWTON_STEPS; it++) {
    if (all_hold(s))
      return 1;
    if (residuals(s, nw, nw->res) != 0)
      return 0;
    r = jacobian(s, nw, prec);
    if (r != 0)
      return r == -2 ? -1 : 0;
    if (newton_step(s, nw) != 0 || !take_step(s, nw))
      return 0;
    if (dc_tape_eval(s->tape, prec, s->in) != 0)
      return -1;
  }
  return all_hold(s);
}

/* The joint search: allocate, iterate, free.  1, 0 or -1 as above. */
static int move_jointly(struct dc_guard_search *s, struct dc_rng *rng,
                        mpfr_prec_t prec)
{
  struct newton nw;
  size_t i, ng = s->ng, n = s->nin ? s->nin : 1;
  int r = -1;
  nw.jac = malloc(ng * n * sizeof *nw.jac);
  nw.res = malloc(ng * sizeof *nw.res);
  nw.y = malloc(ng * sizeof *nw.y);
  nw.a = malloc(ng * ng * sizeof *nw.a);
  nw.step = malloc(n * sizeof *nw.step);
  nw.target = malloc(ng * sizeof *nw.target);
  if (nw.jac && nw.res && nw.y && nw.a && nw.step && nw.target) {
    for (i = 0; i < ng; i++)
      mpfr_init2(nw.target[i], mpfr_get_prec(s->c));
    r = newton_iterate(s, &nw, rng, prec);
    for (i = 0; i < ng; i++)
      mpfr_clear(nw.target[i]);
  }
  free(nw.jac);
  free(nw.res);
  free(nw.y);
  free(nw.a);
  free(nw.step);
  free(nw.target);
  return r;
}

int dc_guard_search_find(struct dc_guard_search *s, struct dc_rng *rng,
                         mpfr_t *in, mpfr_prec_t prec)
{
  size_t j, i;
  int pass;
  for (j = 0; j < s->nin; j++) {
    s->x[j] = in[s->map[j]];
    s->in[j] = in[s->map[j]];
  }
  if (dc_tape_eval(s->tape, prec, s->in) != 0)
    return -1;
  for (pass = 0; pass < GUARD_PASSES; pass++) {
    int moved = 0;
    for (i = 0; i < s->ng; i++) {
      int r;
      if (holds(s, i))
        continue;
      r = move_into(s, i, rng, prec);
      if (r < 0)
        return r;
      if (r == 0) {
        if (dc_tape_eval(s->tape, prec, s->in) != 0)
          return -1;
        return move_jointly(s, rng, prec);
      }
      moved = 1;
    }
    if (!moved)
      return 1;
  }
  if (dc_tape_eval(s->tape, prec, s->in) != 0)
    return -1;
  if (all_hold(s))
    return 1;
  return move_jointly(s, rng, prec);
}
