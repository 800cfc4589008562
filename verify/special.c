/*
** special.c: the points where a step is most likely to be wrong.
**
** Random points miss a step that is wrong on a sliver of the domain, and
** such slivers sit next to kinks and edges: the zero of an abs, sqrt or
** log argument or of a denominator (a hinge loss, |2*sigma - 1|,
** sqrt((x - c)^2)), a where name at a bound of its domain, a symbol at a
** bound of its own.  So every block is also checked at points placed
** there, on both sides and at several distances.
**
** A "level" is one of those values with the number it must not cross: an
** argument and 0, a guarded value and each finite bound of its domain.
** The levels' values are the roots of a small tape of their own.  From a
** drawn point, one input the value depends on is varied: the positions
** x0 +- j*2^(e+k) (the point's scale 2^e) and +-j*2^k (absolute scales,
** out to 2^340 > 10^100), j a random jitter in [1, 2), and on a bounded
** domain a grid of GRID jittered positions (a band 1/GRID wide between
** two crossings lies between two ladder positions), are scanned
** outwards from x0 for two neighbours where value - level changes sign;
** bisection between them closes in on the crossing, and the two ends of
** the bracket after 3, 12, 30 and CLOSE_STEPS halvings are the points
** (from 1/8 of the bracket down to 2^-CLOSE_STEPS of it, one on each
** side).  A linear argument is solved this way as well as any other.
**
** Costs are bounded: at most MAX_LEVELS levels per block, one scan (at
** most NPOS small-tape evaluations) and CLOSE_STEPS halvings each, and
** POINTS_PER_LEVEL points checked on the block's tape.
*/
#include <stdlib.h>
#include "verify/special.h"
#include "verify/internal.h"
#include "expr/builtins.h"

#define MAX_LEVELS 24
#define REL_LO (-40)
#define REL_HI 40
#define ABS_LO (-48)
#define ABS_HI 340
#define REL_STEP 2
#define ABS_STEP 6
#define NPOS (1 + 2 * ((REL_HI - REL_LO) / REL_STEP + 1) + \
              2 * ((ABS_HI - ABS_LO) / ABS_STEP + 1) + GRID)
#define GRID 64
#define CLOSE_STEPS 120
#define MAX_UNDEFINED 4
/* The scan only looks for a change of sign between positions at least
** 2^-40 of the scale apart: 64 bits tell the sides apart there, at a
** fraction of the working precision's cost (the level of a network's
** loss is the whole forward pass, scanned some 400 times).  Bisection
** then runs at the working precision. */
#define SCAN_PREC 64

struct level {
  size_t root;                  /* the value in the levels' tape */
  mpq_t at;                     /* the number it must not cross */
  size_t *vary;                 /* levels-tape inputs the value uses */
  size_t nvary;
};

struct dc_special {
  struct dc_tape *tape;
  size_t nin;
  size_t *map;                  /* levels-tape input -> main-tape input */
  const struct dc_domain **idom;
  mpfr_srcptr *in;
  struct level lv[MAX_LEVELS];
  size_t nlv;
  mpfr_t c, x0, lo, hi, mid;
  mpfr_t pos[NPOS];
  mpfr_ptr order[NPOS];
  mpfr_t pts[DC_SPECIAL_POINTS];  /* the points found, along input pv */
  size_t npts, pv;
};

/* ---- collecting the levels ---- */

/* The value whose zero is a kink or an edge of e, or NULL. */
static struct dc_node *critical_arg(const struct dc_node *e)
{
  if (e->kind == DC_DIV)
    return e->a[1];
  /* x^-n has a pole where x = 0; x^n (n a positive integer) has no kink
  ** there, but sqrt((x - c)^2) does, and sqrt's argument never changes
  ** sign: the base's crossing is where to look. */
  if (e->kind == DC_POW && e->a[1]->kind == DC_NUM &&
      (mpq_sgn(*e->a[1]->q) < 0 || mpz_cmp_ui(mpq_denref(*e->a[1]->q), 1)
                                        == 0))
    return e->a[0];
  if (e->kind == DC_CALL && e->nargs == 1 && e->name &&
      (e->name->builtin == DC_FN_ABS || e->name->builtin == DC_FN_SQRT ||
       e->name->builtin == DC_FN_LOG))
    return e->a[0];
  return NULL;
}

/* A value that is a number has no crossing to find. */
static int constant(const struct dc_node *v)
{
  return v->kind == DC_NUM || v->kind == DC_CONST;
}

static void add_level(struct dc_special *s, struct dc_node **vals,
                      struct dc_node *v, const mpq_t *at)
{
  struct level *l;
  if (s->nlv >= MAX_LEVELS || constant(v))
    return;
  l = &s->lv[s->nlv];
  mpq_init(l->at);
  if (at)
    mpq_set(l->at, *at);
  vals[s->nlv] = v;
  l->root = s->nlv++;
}

/* The levels of every node reachable from the roots, into vals. */
static int collect(struct dc_special *s, struct dc_node *const *roots,
                   size_t nroots, struct dc_node **vals)
{
  struct dc_node **all;
  size_t n, i;
  if (dc_post_order(roots, nroots, &all, &n) != 0)
    return -1;
  for (i = 0; i < n; i++) {
    struct dc_node *e = all[i], *v = critical_arg(e);
    if (v)
      add_level(s, vals, v, NULL);
    if (e->kind == DC_GUARD && e->nargs == 1 && e->dom) {
      if (!e->dom->lo_inf)
        add_level(s, vals, e->a[0], e->dom->lo);
      if (!e->dom->hi_inf)
        add_level(s, vals, e->a[0], e->dom->hi);
    }
  }
  free(all);
  return 0;
}

/* Which levels-tape inputs value v uses, into l. */
static int find_vary(struct dc_special *s, struct level *l,
                     struct dc_node *v)
{
  return dc_tape_inputs_of(s->tape, v, &l->vary, &l->nvary);
}

/* The levels' tape and its inputs' maps.  0, -1 (OOM) or 1 (none). */
static int build(struct dc_special *s, const struct dc_tape *main_tape,
                 struct dc_node **vals)
{
  size_t j;
  s->tape = dc_tape_build(vals, s->nlv, NULL);
  if (!s->tape)
    return -1;
  s->nin = dc_tape_ninputs(s->tape);
  s->map = malloc((s->nin ? s->nin : 1) * sizeof *s->map);
  s->idom = malloc((s->nin ? s->nin : 1) * sizeof *s->idom);
  s->in = calloc(s->nin ? s->nin : 1, sizeof *s->in);
  if (!s->map || !s->idom || !s->in)
    return -1;
  for (j = 0; j < s->nin; j++) {
    const struct dc_node *leaf = dc_tape_input(s->tape, j);
    long m = dc_tape_input_index(main_tape, leaf);
    if (m < 0)
      return 1;
    s->map[j] = (size_t)m;
    s->idom[j] = dc_input_domain(leaf);
  }
  for (j = 0; j < s->nlv; j++)
    if (find_vary(s, &s->lv[j], vals[j]) != 0)
      return -1;
  return 0;
}

struct dc_special *dc_special_new(const struct dc_tape *main_tape,
                                  struct dc_node *const *roots,
                                  size_t nroots, mpfr_prec_t bits, int *none)
{
  struct dc_special *s = calloc(1, sizeof *s);
  struct dc_node *vals[MAX_LEVELS];
  size_t i;
  int rc;
  *none = 0;
  if (!s)
    return NULL;
  mpfr_inits2(bits, s->c, s->x0, s->lo, s->hi, s->mid, (mpfr_ptr)0);
  for (i = 0; i < NPOS; i++)
    mpfr_init2(s->pos[i], bits);
  for (i = 0; i < DC_SPECIAL_POINTS; i++)
    mpfr_init2(s->pts[i], bits);
  rc = collect(s, roots, nroots, vals);
  if (rc == 0)
    rc = s->nlv ? build(s, main_tape, vals) : 1;
  if (rc != 0) {
    *none = rc > 0;
    dc_special_free(s);
    return NULL;
  }
  return s;
}

void dc_special_free(struct dc_special *s)
{
  size_t i;
  if (!s)
    return;
  for (i = 0; i < s->nlv; i++) {
    mpq_clear(s->lv[i].at);
    free(s->lv[i].vary);
  }
  dc_tape_free(s->tape);
  free(s->map);
  free(s->idom);
  free(s->in);
  mpfr_clears(s->c, s->x0, s->lo, s->hi, s->mid, (mpfr_ptr)0);
  for (i = 0; i < NPOS; i++)
    mpfr_clear(s->pos[i]);
  for (i = 0; i < DC_SPECIAL_POINTS; i++)
    mpfr_clear(s->pts[i]);
  free(s);
}

size_t dc_special_levels(const struct dc_special *s)
{
  return s->nlv;
}

/* ---- finding a crossing ---- */

/* The side of the level the value is on at input value t: -1, 1, or 0
** when it is undefined (or exactly on it).  -2 on OOM. */
static int side_at(struct dc_special *s, const struct level *l, mpfr_ptr x,
                   mpfr_srcptr t, mpfr_prec_t prec)
{
  int c;
  mpfr_set(x, t, MPFR_RNDN);
  if (dc_tape_eval(s->tape, prec, s->in) != 0)
    return -2;
  if (!dc_tape_defined(s->tape, l->root, NULL))
    return 0;
  c = mpfr_cmp(dc_tape_value(s->tape, l->root), s->c);
  return (c > 0) - (c < 0);
}

static int cmp_pos(const void *a, const void *b)
{
  int c = mpfr_cmp(*(mpfr_ptr const *)a, *(mpfr_ptr const *)b);
  return (c > 0) - (c < 0);
}

/* Append x0 + d * j * 2^k (or d * j * 2^k when rel is 0) when it lies in
** dom.  The scale e is x0's. */
static void add_pos(struct dc_special *s, size_t *n, const struct dc_domain
                    *dom, double dj, mpfr_exp_t k, int rel)
{
  mpfr_ptr p = s->pos[*n];
  mpfr_set_d(p, dj, MPFR_RNDN);
  mpfr_mul_2si(p, p, k, MPFR_RNDN);
  if (rel)
    mpfr_add(p, p, s->x0, MPFR_RNDN);
  if (mpfr_number_p(p) && dc_domain_contains_fr(dom, p))
    s->order[(*n)++] = p;
}

/* lo + (i + f) / GRID * (hi - lo) for i < GRID, those inside dom. */
static void grid(struct dc_special *s, size_t *n, const struct dc_domain *dom,
                 double f)
{
  mpq_t q, w, t;
  int i;
  mpq_inits(q, w, t, (mpq_ptr)0);
  mpq_sub(w, *dom->hi, *dom->lo);
  for (i = 0; i < GRID; i++) {
    mpfr_ptr p = s->pos[*n];
    mpq_set_d(t, ((double)i + f) / GRID);     /* exact: a dyadic double */
    mpq_mul(q, t, w);
    mpq_add(q, q, *dom->lo);
    mpfr_set_q(p, q, MPFR_RNDN);
    if (dc_domain_contains_fr(dom, p))
      s->order[(*n)++] = p;
  }
  mpq_clears(q, w, t, (mpq_ptr)0);
}

/* The positions to scan, sorted; *at is the index of x0. */
static size_t ladder(struct dc_special *s, const struct dc_domain *dom,
                     double jitter, size_t *at)
{
  mpfr_exp_t e = mpfr_regular_p(s->x0) && mpfr_cmpabs_ui(s->x0, 1) > 0
                   ? mpfr_get_exp(s->x0) : 1;
  size_t n = 0, i, m = 0;
  int k, d;
  mpfr_set(s->pos[n], s->x0, MPFR_RNDN);
  s->order[n++] = s->pos[0];
  for (d = -1; d <= 1; d += 2) {
    for (k = REL_LO; k <= REL_HI; k += REL_STEP)
      add_pos(s, &n, dom, d * jitter, e + k, 1);
    for (k = ABS_LO; k <= ABS_HI; k += ABS_STEP)
      add_pos(s, &n, dom, d * jitter, k, 0);
  }
  if (dom && !dom->lo_inf && !dom->hi_inf)
    grid(s, &n, dom, jitter - 1.0);
  qsort(s->order, n, sizeof *s->order, cmp_pos);
  for (i = 0; i < n; i++)
    if (m == 0 || !mpfr_equal_p(s->order[i], s->order[m - 1]))
      s->order[m++] = s->order[i];
  for (i = 0; i < m; i++)
    if (mpfr_equal_p(s->order[i], s->x0))
      *at = i;
  return m;
}

static mpfr_prec_t scan_prec(mpfr_prec_t prec)
{
  return prec < SCAN_PREC ? prec : SCAN_PREC;
}

/* Keep both ends of the current bracket as points. */
static void keep_bracket(struct dc_special *s)
{
  if (s->npts + 2 > DC_SPECIAL_POINTS)
    return;
  mpfr_set(s->pts[s->npts++], s->lo, MPFR_RNDN);
  mpfr_set(s->pts[s->npts++], s->hi, MPFR_RNDN);
}

/* Halve [lo, hi] (the value on side slo at lo) towards the crossing,
** keeping the bracket at a few depths.  0, or -1 on OOM. */
static int close_in(struct dc_special *s, const struct level *l, mpfr_ptr x,
                    int slo, mpfr_prec_t prec)
{
  int k;
  for (k = 1; k <= CLOSE_STEPS; k++) {
    int sm;
    mpfr_add(s->mid, s->lo, s->hi, MPFR_RNDN);
    mpfr_div_2ui(s->mid, s->mid, 1, MPFR_RNDN);
    if (mpfr_equal_p(s->mid, s->lo) || mpfr_equal_p(s->mid, s->hi))
      break;                    /* neighbours at this precision */
    sm = side_at(s, l, x, s->mid, prec);
    if (sm == -2)
      return -1;
    if (sm == 0) {              /* exactly on the level: a point itself */
      mpfr_set(s->lo, s->mid, MPFR_RNDN);
      mpfr_set(s->hi, s->mid, MPFR_RNDN);
      break;
    }
    mpfr_set(sm == slo ? s->lo : s->hi, s->mid, MPFR_RNDN);
    if (k == 3 || k == 12 || k == 30)
      keep_bracket(s);
  }
  keep_bracket(s);
  return 0;
}

/* Scan one way from x0 for a sign change.  1 found (bracketed), 0 not,
** -1 OOM. */
static int walk(struct dc_special *s, const struct level *l, mpfr_ptr x,
                int dir, size_t n, size_t at, int s0, mpfr_prec_t prec)
{
  size_t j = at, prev = at, undefined = 0;
  int sp = s0;
  /* Past a few undefined positions in a row the value has overflowed (or
  ** left its domain) for good on this side: the rest is not worth the
  ** exponentials of huge arguments it would cost. */
  while ((dir > 0 ? j + 1 < n : j > 0) && undefined < MAX_UNDEFINED) {
    int st;
    j = dir > 0 ? j + 1 : j - 1;
    st = side_at(s, l, x, s->order[j], scan_prec(prec));
    if (st == -2)
      return -1;
    undefined = st == 0 ? undefined + 1 : 0;
    if (sp != 0 && st != 0 && sp != st) {
      mpfr_set(s->lo, s->order[prev], MPFR_RNDN);
      mpfr_set(s->hi, s->order[j], MPFR_RNDN);
      return close_in(s, l, x, sp, prec) == 0 ? 1 : -1;
    }
    prev = j;
    sp = st;
  }
  return 0;
}

int dc_special_find(struct dc_special *s, size_t k, struct dc_rng *rng,
                    mpfr_t *in, mpfr_prec_t prec)
{
  const struct level *l = &s->lv[k];
  size_t j, v, n, at = 0;
  mpfr_ptr x;
  int first, d, r = 0, s0;
  s->npts = 0;
  if (l->nvary == 0)
    return 0;
  for (j = 0; j < s->nin; j++)
    s->in[j] = in[s->map[j]];
  v = l->vary[dc_rng_next(rng) % l->nvary];
  x = in[s->map[v]];
  mpfr_set_q(s->c, l->at, MPFR_RNDN);
  mpfr_set(s->x0, x, MPFR_RNDN);
  /* The jitter keeps positions off the powers of two, which are special
  ** points of their own (log(x) = 0 at x = 1). */
  n = ladder(s, s->idom[v], 1.0 + dc_rng_unit(rng), &at);
  first = (int)(dc_rng_next(rng) >> 63);
  s0 = side_at(s, l, x, s->x0, scan_prec(prec));
  if (s0 == -2)
    return -1;
  for (d = 0; d < 2 && r == 0; d++)
    r = walk(s, l, x, d == first ? 1 : -1, n, at, s0, prec);
  mpfr_set(x, s->x0, MPFR_RNDN);
  s->pv = s->map[v];
  return r < 0 ? -1 : (int)s->npts;
}

void dc_special_point(const struct dc_special *s, size_t j, mpfr_t *in)
{
  mpfr_set(in[s->pv], s->pts[j], MPFR_RNDN);
}

/* ---- a symbol's own bounds ---- */

/* A value that much inside bound b of dom: b +- 2^(e - k) with e the
** exponent of max(|b|, 1) or of the width, whichever is smaller. */
static void inside(const struct dc_domain *dom, int upper, mpfr_exp_t k,
                   mpfr_ptr x)
{
  mpfr_prec_t p = mpfr_get_prec(x);
  mpfr_t w;
  mpfr_exp_t e;
  mpfr_init2(w, p);
  mpfr_set_q(w, upper ? *dom->hi : *dom->lo, MPFR_RNDN);
  e = mpfr_regular_p(w) && mpfr_cmpabs_ui(w, 1) > 0 ? mpfr_get_exp(w) : 1;
  if (!dom->lo_inf && !dom->hi_inf) {
    mpq_t q;
    mpq_init(q);
    mpq_sub(q, *dom->hi, *dom->lo);
    mpfr_set_q(w, q, MPFR_RNDN);
    if (mpfr_get_exp(w) < e)
      e = mpfr_get_exp(w);
    mpq_clear(q);
  }
  mpfr_set_ui_2exp(w, 1, e - k, MPFR_RNDN);
  if (upper) {
    mpfr_set_q(x, *dom->hi, MPFR_RNDD);
    mpfr_sub(x, x, w, MPFR_RNDD);
  } else {
    mpfr_set_q(x, *dom->lo, MPFR_RNDU);
    mpfr_add(x, x, w, MPFR_RNDU);
  }
  mpfr_clear(w);
}

int dc_special_bound(const struct dc_domain *dom, size_t j, mpfr_ptr x)
{
  /* Per finite bound: on it (when closed), then 2^-4, 2^-30 and 2^-(p-8)
  ** of the scale inside. */
  static const int depth[] = { 0, 4, 30, -8 };
  size_t nd = sizeof depth / sizeof depth[0];
  int upper;
  if (!dom || j >= 2 * nd)
    return 0;
  upper = j >= nd;
  j %= nd;
  if (upper ? dom->hi_inf : dom->lo_inf)
    return 1;                   /* no bound that way: nothing, go on */
  if (depth[j] == 0)
    mpfr_set_q(x, upper ? *dom->hi : *dom->lo, MPFR_RNDN);
  else
    inside(dom, upper, depth[j] > 0 ? depth[j]
           : (mpfr_exp_t)mpfr_get_prec(x) + depth[j], x);
  return dc_domain_contains_fr(dom, x) ? 2 : 1;
}
