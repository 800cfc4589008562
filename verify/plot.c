/*
** plot.c: both sides of a failing link along one symbol (verify/plot.h).
**
** The link's two sides are expanded again in their block's scope and
** compiled into a tape of their own (the checker's tape is gone by the
** time the report is written), then evaluated with MPFR at the working
** precision at every point of the two panels; values are kept as doubles,
** which is all a picture needs.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "verify/plot.h"
#include "verify/eval.h"
#include "verify/internal.h"
#include "verify/sample.h"
#include "simplify/expand.h"

/* Bits of the plotted inputs: the counterexample's values hold 53. */
#define PLOT_INPUT_BITS 64

/* The relative step of the central difference that picks the symbol. */
#define PICK_STEP 1e-4

/* Draws of a point where both sides are defined, for a link without a
** counterexample. */
#define POINT_TRIES 64

/* Half the width of the range a point is drawn from along an unbounded
** direction: plots are about moderate values, not the extreme scales
** the checker also samples. */
#define POINT_SPREAD 2.0

struct plotter {
  struct dc_tape *tape;
  size_t nin;
  mpfr_t *in;
  mpfr_srcptr *inp;
  mpfr_prec_t prec;
  mpfr_t diff;                  /* left - right at the working precision */
  int by_sides;                 /* pick the symbol by the sides' change,
                                   not the difference's (no failure) */
};

/* Both sides and their difference at the current inputs, NAN where
** undefined.  The difference is taken in MPFR: in doubles a passing
** link's sides would differ by their rounding to 53 bits. */
static void eval_sides(struct plotter *p, double *l, double *r, double *d)
{
  int dl, dr;
  *l = *r = *d = NAN;
  if (dc_tape_eval(p->tape, p->prec, p->inp) != 0)
    return;
  dl = dc_tape_defined(p->tape, 0, NULL);
  dr = dc_tape_defined(p->tape, 1, NULL);
  if (dl)
    *l = mpfr_get_d(dc_tape_value(p->tape, 0), MPFR_RNDN);
  if (dr)
    *r = mpfr_get_d(dc_tape_value(p->tape, 1), MPFR_RNDN);
  if (dl && dr) {
    mpfr_sub(p->diff, dc_tape_value(p->tape, 0), dc_tape_value(p->tape, 1),
             MPFR_RNDN);
    *d = mpfr_get_d(p->diff, MPFR_RNDN);
  }
}

static void eval_at(struct plotter *p, size_t var, double x, double *l,
                    double *r, double *d)
{
  mpfr_set_d(p->in[var], x, MPFR_RNDN);
  eval_sides(p, l, r, d);
}

/* The counterexample's value of a free symbol, 0 when it has none. */
static void set_from_cex(mpfr_ptr v, const struct dc_node *leaf,
                         const struct dc_link_result *lr)
{
  size_t i;
  mpfr_set_zero(v, 1);
  if (!leaf->name)
    return;
  for (i = 0; i < lr->nat; i++)
    if (!lr->at[i].derived && strcmp(lr->at[i].name, leaf->name->s) == 0) {
      mpfr_set_str(v, lr->at[i].value, 10, MPFR_RNDN);
      return;
    }
}

/* The window of a symbol at x0 (verify/plot.h). */
static void window(const struct dc_domain *dom, double x0, double *lo,
                   double *hi)
{
  double r = fmax(4.0, 2.0 * fabs(x0));
  int lo_fin = dom && !dom->lo_inf && dom->lo;
  int hi_fin = dom && !dom->hi_inf && dom->hi;
  double dlo = lo_fin ? mpq_get_d(*dom->lo) : 0;
  double dhi = hi_fin ? mpq_get_d(*dom->hi) : 0;

  *lo = lo_fin && hi_fin ? dlo : x0 - r;
  *hi = lo_fin && hi_fin ? dhi : x0 + r;
  if (lo_fin && *lo < dlo)
    *lo = dlo;
  if (hi_fin && *hi > dhi)
    *hi = dhi;
}

/* How much left - right (or, without a failure, the sides) changes
** across the window of input i; the input keeps its value. */
static double sensitivity(struct plotter *p, size_t i)
{
  double x0 = mpfr_get_d(p->in[i], MPFR_RNDN), lo, hi, h, s;
  double l1, r1, d1, l2, r2, d2;
  mpfr_t keep;

  mpfr_init2(keep, PLOT_INPUT_BITS);
  mpfr_set(keep, p->in[i], MPFR_RNDN);
  window(dc_input_domain(dc_tape_input(p->tape, i)), x0, &lo, &hi);
  h = (hi - lo) * PICK_STEP;
  eval_at(p, i, x0 + h, &l1, &r1, &d1);
  eval_at(p, i, x0 - h, &l2, &r2, &d2);
  mpfr_set(p->in[i], keep, MPFR_RNDN);
  mpfr_clear(keep);
  s = p->by_sides ? fabs(l1 - l2) + fabs(r1 - r2) : fabs(d1 - d2);
  return isfinite(s) ? s : 0;
}

/* The input to plot along: the most sensitive one, the first on a tie. */
static size_t pick_var(struct plotter *p)
{
  size_t i, best = 0;
  double top = -1;
  for (i = 0; i < p->nin; i++) {
    double s = sensitivity(p, i);
    if (s > top) {
      top = s;
      best = i;
    }
  }
  return best;
}

/* Both sides at the midpoints of DC_PLOT_POINTS cells of [lo, hi]. */
static void fill_panel(struct plotter *p, size_t var, double lo, double hi,
                       struct dc_plot_panel *pn)
{
  size_t k;
  pn->lo = lo;
  pn->hi = hi;
  for (k = 0; k < DC_PLOT_POINTS; k++) {
    pn->x[k] = lo + (hi - lo) * ((double)k + 0.5) / DC_PLOT_POINTS;
    eval_at(p, var, pn->x[k], &pn->left[k], &pn->right[k], &pn->diff[k]);
  }
}

/* Whether the sides of every panel point agree to half the working
** precision (relative to the larger side, or absolutely near 0). */
static int only_rounding(const struct dc_plot_panel *pn, mpfr_prec_t prec)
{
  size_t k;
  for (k = 0; k < DC_PLOT_POINTS; k++) {
    double m = fmax(1.0, fmax(fabs(pn->left[k]), fabs(pn->right[k])));
    if (isfinite(pn->diff[k]) &&
        fabs(pn->diff[k]) > ldexp(m, -(int)(prec / 2)))
      return 0;
  }
  return 1;
}

/* Where a side is defined in less than half of the window (a where
** name's domain cuts it short), the window narrowed to that part, a
** cell beyond it on each side, and x0 kept inside: 1 when narrowed. */
static int narrow(const struct dc_plot_panel *pn, double x0, double *lo,
                  double *hi)
{
  size_t k, first = DC_PLOT_POINTS, last = 0;
  double cell = (pn->hi - pn->lo) / DC_PLOT_POINTS;
  for (k = 0; k < DC_PLOT_POINTS; k++)
    if (isfinite(pn->left[k]) || isfinite(pn->right[k])) {
      if (first == DC_PLOT_POINTS)
        first = k;
      last = k;
    }
  if (first == DC_PLOT_POINTS || 2 * (last - first + 1) >= DC_PLOT_POINTS)
    return 0;
  *lo = fmax(pn->lo, fmin(x0, pn->x[first]) - cell);
  *hi = fmin(pn->hi, fmax(x0, pn->x[last]) + cell);
  return 1;
}

/* Both panels around the counterexample's value of input var. */
static void fill_plot(struct plotter *p, size_t var, struct dc_plot_data *out)
{
  const struct dc_node *leaf = dc_tape_input(p->tape, var);
  double lo, hi, half;

  snprintf(out->var, sizeof out->var, "%s", leaf->name ? leaf->name->s : "?");
  eval_sides(p, &out->left0, &out->right0, &out->diff0);
  out->x0 = mpfr_get_d(p->in[var], MPFR_RNDN);
  window(dc_input_domain(leaf), out->x0, &lo, &hi);
  fill_panel(p, var, lo, hi, &out->wide);
  if (narrow(&out->wide, out->x0, &lo, &hi))
    fill_panel(p, var, lo, hi, &out->wide);
  half = (hi - lo) / 40;
  fill_panel(p, var, fmax(lo, out->x0 - half), fmin(hi, out->x0 + half),
             &out->zoom);
  out->rounding = p->by_sides && only_rounding(&out->wide, p->prec) &&
                  only_rounding(&out->zoom, p->prec);
}

/* The link's sides, expanded in the block's scope; -1 when one does not
** expand (its error was reported when the spec was checked). */
static int expand_sides(struct dc_ctx *ctx, const struct dc_block *blk,
                        const struct dc_element *ea,
                        const struct dc_element *eb, struct dc_node **roots)
{
  struct dc_expansion x;
  struct dc_diags quiet;
  dc_expansion_init(&x);
  dc_diags_init(&quiet);
  roots[0] = dc_expand(ctx, &blk->scope, ea->expr, &x, &quiet, ea->pos);
  roots[1] = roots[0] ? dc_expand(ctx, &blk->scope, eb->expr, &x, &quiet,
                                  eb->pos) : NULL;
  dc_expansion_free(&x);
  dc_diags_free(&quiet);
  return roots[0] && roots[1] ? 0 : -1;
}

/* A point inside dom drawn from r: uniform when dom is bounded, else
** within POINT_SPREAD of its finite bound, or of 0. */
static void draw_coord(struct dc_rng *r, const struct dc_domain *dom,
                       mpfr_ptr x)
{
  /* In (0, 1]: an open bound is never hit. */
  double u = 1.0 - dc_rng_unit(r);
  int lo_fin = dom && !dom->lo_inf && dom->lo;
  int hi_fin = dom && !dom->hi_inf && dom->hi;

  if (lo_fin && hi_fin)
    dc_sample_domain(r, dom, x);
  else if (lo_fin)
    mpfr_set_d(x, mpq_get_d(*dom->lo) + POINT_SPREAD * u, MPFR_RNDN);
  else if (hi_fin)
    mpfr_set_d(x, mpq_get_d(*dom->hi) - POINT_SPREAD * u, MPFR_RNDN);
  else
    mpfr_set_d(x, POINT_SPREAD * (2 * u - 1), MPFR_RNDN);
}

/* For a link without a counterexample: the first point drawn where both
** sides are defined.  The stream follows the link's position, so every
** link has its own point and the same one on every run with the seed.
** -1 when none of POINT_TRIES draws is defined. */
static int draw_point(struct plotter *p, unsigned long seed,
                      const struct dc_element *eb)
{
  struct dc_rng rng;
  size_t i, t;
  double l, r, d;

  dc_rng_seed(&rng, seed, ((uint64_t)(unsigned)eb->pos.line << 32) ^
              (uint64_t)(unsigned)eb->pos.col);
  for (t = 0; t < POINT_TRIES; t++) {
    for (i = 0; i < p->nin; i++)
      draw_coord(&rng, dc_input_domain(dc_tape_input(p->tape, i)), p->in[i]);
    eval_sides(p, &l, &r, &d);
    if (isfinite(l) && isfinite(r))
      return 0;
  }
  return -1;
}

static int plotter_init(struct plotter *p, struct dc_node **roots,
                        const struct dc_link_result *lr, long prec)
{
  size_t i;
  int too_big = 0;
  memset(p, 0, sizeof *p);
  p->prec = prec;
  mpfr_init2(p->diff, prec);
  p->tape = dc_tape_build(roots, 2, &too_big);
  if (!p->tape)
    return -1;
  p->nin = dc_tape_ninputs(p->tape);
  p->in = malloc((p->nin ? p->nin : 1) * sizeof *p->in);
  p->inp = malloc((p->nin ? p->nin : 1) * sizeof *p->inp);
  if (!p->in || !p->inp) {
    p->nin = 0;
    return -1;
  }
  for (i = 0; i < p->nin; i++) {
    mpfr_init2(p->in[i], PLOT_INPUT_BITS);
    if (lr)
      set_from_cex(p->in[i], dc_tape_input(p->tape, i), lr);
    else
      mpfr_set_zero(p->in[i], 1);
    p->inp[i] = p->in[i];
  }
  return 0;
}

static void plotter_free(struct plotter *p)
{
  size_t i;
  for (i = 0; i < p->nin; i++)
    mpfr_clear(p->in[i]);
  free(p->in);
  free(p->inp);
  dc_tape_free(p->tape);
  mpfr_clear(p->diff);
}

int dc_plot_link(struct dc_ctx *ctx, const struct dc_block *blk,
                 const struct dc_element *ea, const struct dc_element *eb,
                 const struct dc_link_result *lr,
                 const struct dc_check_params *params,
                 struct dc_plot_data *out)
{
  struct dc_node *roots[2];
  struct plotter p;
  mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
  /* A failure has its counterexample; other links get a drawn point. */
  int cex = lr->verdict == DC_FAIL && lr->nat > 0;
  int rc = -1;

  memset(out, 0, sizeof *out);
  if (expand_sides(ctx, blk, ea, eb, roots) != 0)
    return -1;
  /* The checker's exponent range, so that the same points are defined. */
  mpfr_set_emax(mpfr_get_emax_max() >> 20);
  mpfr_set_emin(-(mpfr_get_emax_max() >> 20));
  if (plotter_init(&p, roots, cex ? lr : NULL, params->precision) == 0 &&
      p.nin > 0 && (cex || draw_point(&p, params->seed, eb) == 0)) {
    p.by_sides = !cex;
    out->cex = cex;
    fill_plot(&p, pick_var(&p), out);
    rc = 0;
  }
  plotter_free(&p);
  mpfr_set_emin(emin);
  mpfr_set_emax(emax);
  return rc;
}
