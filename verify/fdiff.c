/*
** fdiff.c: cross-checking symbolic derivatives with finite differences.
**
** One derivative of order n by v, with value `sym` at the point where v
** has the value a, must match the n-th central difference of f around a:
**
**   D(h) = h^-n * sum_{i=0..n} (-1)^i C(n,i) f(a + (n/2 - i) h)
**
** Its truncation error is O(h^2) and its rounding error O(2^-Q / h^n) at
** Q bits (relative to the scale of f), so h = 2^(e - floor(Q / (n + 2)))
** with e the exponent of a balances them at about 2^(-2Q/(n+2)), well
** inside the loose tolerance 2^(-P/4).
**
** The first derivatives of one f by many leaves (a loss by each of its
** parameters) are checked together: along a direction that moves every
** leaf v_k by coef_k * 2^(e_k) at once, one central difference of f
** equals sum_k coef_k 2^(e_k) df/dv_k, which is compared with the same sum
** of the symbolic values.  The coefficients are random odd numbers below
** 16 with random signs, so wrong derivatives do not cancel each other.  A
** term far below the largest (more than P/8 bits) would hide under the
** tolerance, so the terms go in bands by size, the largest band first,
** each with its own difference.  Only when a band disagrees are its
** derivatives checked one at a time, to name the wrong one.
**
** Work is spent only where needed: Q is the working precision P (at least
** FD_MIN_PREC) and is doubled only when the rounding noise of the
** difference reaches the tolerance; the second step, h/4, is taken only
** when the first disagrees, and a disagreement counts only when both steps
** agree with each other (f varying faster than the step shows as two steps
** that disagree: then the point says nothing).  Points where f is not
** defined on the stencil are skipped.
**
** A disagreement means the differentiator is wrong: it is an internal
** error, never a verdict on the user's derivation.
*/
#include <stdlib.h>
#include <string.h>
#include "verify/checkint.h"
#include "verify/internal.h"

/* Extra bits of tolerance, so that the low precisions (32 bits) and
** high orders keep a margin over the finite difference's own error. */
#define FD_SLACK 4

/* The difference is taken at no fewer bits than this, so that low
** working precisions still leave room for a small step. */
#define FD_MIN_PREC 256

/* The second step is h / 2^FD_STEP_BITS. */
#define FD_STEP_BITS 2

/* Bits of a direction coefficient (odd, below 2^COEF_BITS). */
#define COEF_BITS 4

enum { FD_AGREE, FD_SKIP, FD_DISAGREE };

void dc_fdiff_init(struct dc_fdiff *f, struct dc_node *fn, int order)
{
  memset(f, 0, sizeof *f);
  f->f = fn;
  f->order = order;
  f->rng = 0x9e3779b97f4a7c15u;
  mpfr_init2(f->acc, MPFR_PREC_MIN);
  mpfr_init2(f->t, MPFR_PREC_MIN);
  mpfr_init2(f->fd1, MPFR_PREC_MIN);
  mpfr_init2(f->sum, MPFR_PREC_MIN);
}

int dc_fdiff_has(const struct dc_fdiff *f, const struct dc_dcheck *c)
{
  size_t k;
  for (k = 0; k < f->nm; k++)
    if (f->m[k].c->var == c->var)
      return 1;
  return 0;
}

int dc_fdiff_add(struct dc_fdiff *f, const struct dc_dcheck *c, size_t rsym,
                 size_t rat)
{
  struct dc_fdiff_member *m;
  if (dc_reserve(&f->m, &f->cap, f->nm, sizeof *f->m))
    return -1;
  m = &f->m[f->nm++];
  memset(m, 0, sizeof *m);
  m->c = c;
  m->rsym = rsym;
  m->rat = rat;
  return 0;
}

/* The member whose variable is leaf, or -1. */
static long member_of(const struct dc_fdiff *f, const struct dc_node *leaf)
{
  size_t k;
  for (k = 0; k < f->nm; k++)
    if (f->m[k].c->var == leaf)
      return (long)k;
  return -1;
}

int dc_fdiff_ready(struct dc_fdiff *f, const struct dc_tape *main_tape)
{
  size_t j, n, k;
  f->tape = dc_tape_build(&f->f, 1, NULL);
  f->x = malloc((f->nm ? f->nm : 1) * sizeof *f->x);
  if (!f->tape || !f->x)
    return -1;
  for (k = 0; k < f->nm; k++)
    mpfr_init2(f->x[k], MPFR_PREC_MIN);
  f->nx = f->nm;
  n = dc_tape_ninputs(f->tape);
  f->map = malloc((n ? n : 1) * sizeof *f->map);
  f->in = malloc((n ? n : 1) * sizeof *f->in);
  if (!f->map || !f->in)
    return -1;
  for (j = 0; j < n; j++) {
    const struct dc_node *leaf = dc_tape_input(f->tape, j);
    long k2 = member_of(f, leaf);
    if (k2 >= 0) {
      f->map[j] = -1 - k2;
      f->in[j] = f->x[k2];
      continue;
    }
    f->map[j] = dc_tape_input_index(main_tape, leaf);
    if (f->map[j] < 0)
      return -1;                /* f would need a value nobody draws */
  }
  return 0;
}

void dc_fdiff_free(struct dc_fdiff *f)
{
  size_t k;
  dc_tape_free(f->tape);
  for (k = 0; k < f->nx; k++)
    mpfr_clear(f->x[k]);
  free(f->x);
  free(f->m);
  free(f->map);
  free(f->in);
  mpfr_clear(f->acc);
  mpfr_clear(f->t);
  mpfr_clear(f->fd1);
  mpfr_clear(f->sum);
}

int dc_fdiff_done(const struct dc_fdiff *f, size_t samples)
{
  size_t k;
  for (k = 0; k < f->nm; k++)
    if (!f->m[k].failed && f->m[k].nchecked < samples)
      return 0;
  return 1;
}

static mpfr_exp_t max_exp(mpfr_exp_t a, mpfr_exp_t b)
{
  return a > b ? a : b;
}

static mpfr_exp_t exp_or_none(mpfr_srcptr v)
{
  return mpfr_regular_p(v) ? mpfr_get_exp(v) : DC_MAG_NONE;
}

/* splitmix64: the direction coefficients, the same for every run. */
static uint64_t next_random(struct dc_fdiff *f)
{
  uint64_t z = (f->rng += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

/* ---- the stencil ---- */

/* Every member's variable at its value at the point (0 if undefined). */
static void center(struct dc_fdiff *f, const struct dc_tape *mt,
                   mpfr_prec_t q)
{
  size_t k;
  for (k = 0; k < f->nm; k++) {
    mpfr_set_prec(f->x[k], q);
    if (dc_tape_defined(mt, f->m[k].rat, NULL))
      mpfr_set(f->x[k], dc_tape_value(mt, f->m[k].rat), MPFR_RNDN);
    else
      mpfr_set_zero(f->x[k], 1);
  }
}

/*
** The n-th central difference of f along the members marked in band (all
** of them with the step coef_k * 2^(e_k + he)), into f->acc, in units of
** 2^he; *fmag gets the largest intermediate magnitude of the evaluations.
** Returns 0, or 1 when f is undefined at a stencil point.
*/
static int central_difference(struct dc_fdiff *f, const struct dc_tape *mt,
                              const unsigned char *band, int n,
                              mpfr_exp_t he, mpfr_prec_t q,
                              mpfr_exp_t *fmag)
{
  long coef = 1;
  int i;
  size_t k;
  mpfr_set_prec(f->acc, q);
  mpfr_set_prec(f->t, q);
  mpfr_set_zero(f->acc, 1);
  *fmag = DC_MAG_NONE;
  for (i = 0; i <= n; i++) {
    /* v_k = a_k + (n - 2i) * coef_k * 2^(e_k + he - 1) */
    center(f, mt, q);
    for (k = 0; k < f->nm; k++)
      if (band[k]) {
        mpfr_set_si_2exp(f->t, (long)(n - 2 * i) * f->m[k].coef,
                         f->m[k].e + he - 1, MPFR_RNDN);
        mpfr_add(f->x[k], f->x[k], f->t, MPFR_RNDN);
      }
    if (dc_tape_eval(f->tape, q, f->in) != 0 ||
        !dc_tape_defined(f->tape, 0, NULL))
      return 1;
    *fmag = max_exp(*fmag, dc_tape_mag(f->tape, 0));
    mpfr_mul_si(f->t, dc_tape_value(f->tape, 0), (i % 2 ? -coef : coef),
                MPFR_RNDN);
    mpfr_add(f->acc, f->acc, f->t, MPFR_RNDN);
    coef = coef * (n - i) / (i + 1);    /* C(n, i+1) */
  }
  mpfr_mul_2si(f->acc, f->acc, -(long)n * he, MPFR_RNDN);
  return 0;
}

/* x and y agree: |x - y| at most P/4 bits below scale. */
static int fd_agree(mpfr_ptr t, mpfr_srcptr x, mpfr_srcptr y,
                    mpfr_exp_t scale, mpfr_prec_t prec)
{
  mpfr_sub(t, x, y, MPFR_RNDN);
  return mpfr_zero_p(t) ||
         (mpfr_number_p(t) &&
          mpfr_get_exp(t) <= scale - (mpfr_exp_t)(prec / 4) + FD_SLACK);
}

/* The symbolic directional derivative sum coef_k 2^(n e_k) sym_k over
** the band into f->sum at q bits (the n-th derivative along a step scaled
** by 2^(e_k); a group of order n > 1 has one member, with coefficient 1);
** *scale gets the largest term's exponent, and its own magnitudes. */
static void symbolic_sum(struct dc_fdiff *f, const struct dc_tape *mt,
                         const unsigned char *band, mpfr_prec_t q,
                         mpfr_exp_t *scale)
{
  size_t k;
  mpfr_set_prec(f->sum, q);
  mpfr_set_zero(f->sum, 1);
  *scale = DC_MAG_NONE;
  for (k = 0; k < f->nm; k++)
    if (band[k]) {
      struct dc_fdiff_member *m = &f->m[k];
      mpfr_exp_t mag = dc_tape_mag(mt, m->rsym);
      mpfr_mul_si(f->t, dc_tape_value(mt, m->rsym), m->coef, MPFR_RNDN);
      mpfr_mul_2si(f->t, f->t, f->order * m->e, MPFR_RNDN);
      mpfr_add(f->sum, f->sum, f->t, MPFR_RNDN);
      *scale = max_exp(*scale, exp_or_none(f->t));
      if (mag > DC_MAG_NONE)
        *scale = max_exp(*scale, mag + f->order * m->e + COEF_BITS);
    }
}

/*
** The band's difference at q bits against its symbolic sum: AGREE, SKIP
** (the point cannot tell: undefined stencil, or, with *noisy set, rounding
** noise at the tolerance or two steps that disagree) or DISAGREE.
*/
static int compare_band(struct dc_fdiff *f, const struct dc_tape *mt,
                        const unsigned char *band, mpfr_prec_t prec,
                        mpfr_prec_t q, int *noisy)
{
  int n = f->order;
  mpfr_exp_t he = -(mpfr_exp_t)(q / (n + 2)), fmag, scale;
  *noisy = 0;
  mpfr_set_prec(f->t, q);
  symbolic_sum(f, mt, band, q, &scale);
  if (central_difference(f, mt, band, n, he, q, &fmag) != 0)
    return FD_SKIP;
  scale = max_exp(scale, exp_or_none(f->acc));
  /* The rounding noise of D(h/4) is at most 2^n * 2^(fmag - q) / h^n in
  ** these units: when it is not well below the tolerance, D cannot tell. */
  if (fmag > DC_MAG_NONE &&
      fmag + n - (mpfr_exp_t)q - (mpfr_exp_t)n * (he - FD_STEP_BITS) >
          scale - (mpfr_exp_t)(prec / 4)) {
    *noisy = 1;
    return FD_SKIP;
  }
  if (fd_agree(f->t, f->sum, f->acc, scale, prec))
    return FD_AGREE;
  /* A disagreement: is the step short enough?  D(h/4) must agree. */
  mpfr_set_prec(f->fd1, q);
  mpfr_set(f->fd1, f->acc, MPFR_RNDN);
  if (central_difference(f, mt, band, n, he - FD_STEP_BITS, q, &fmag) != 0)
    return FD_SKIP;
  mpfr_set_prec(f->t, q);
  /* Measured against the differences themselves, not the symbolic
  ** value: a step far too long (x at 0 in sin(x*y) with y = 10^74) gives
  ** two small, unrelated differences that a tolerance at the scale of a
  ** huge sym would call equal. */
  if (!fd_agree(f->t, f->fd1, f->acc,
                max_exp(exp_or_none(f->fd1), exp_or_none(f->acc)), prec)) {
    *noisy = 1;                 /* rounding may part the steps, too */
    return FD_SKIP;
  }
  return fd_agree(f->t, f->sum, f->acc, scale, prec) ? FD_AGREE
                                                     : FD_DISAGREE;
}

/* compare_band at the working precision, and at twice that when the
** rounding noise was too large to tell. */
static int compare_raised(struct dc_fdiff *f, const struct dc_tape *mt,
                          const unsigned char *band, mpfr_prec_t prec)
{
  mpfr_prec_t q = prec < FD_MIN_PREC ? FD_MIN_PREC : prec;
  int noisy, r = compare_band(f, mt, band, prec, q, &noisy);
  if (r == FD_SKIP && noisy)
    r = compare_band(f, mt, band, prec, 2 * q, &noisy);
  return r;
}

static void report(const struct dc_fdiff *f, const struct dc_fdiff_member *m,
                   const struct dc_tape *mt, struct dc_diags *diags,
                   struct dc_pos pos)
{
  char at[64], s[64], d[64];
  const struct dc_node *v = m->c->var;
  mpfr_snprintf(at, sizeof at, "%.20Rg", dc_tape_value(mt, m->rat));
  mpfr_snprintf(s, sizeof s, "%.20Rg", dc_tape_value(mt, m->rsym));
  mpfr_snprintf(d, sizeof d, "%.20Rg", f->acc);
  dc_error(diags, pos, "internal error: symbolic derivative disagrees with "
           "a finite difference (order %d with respect to %s%s at %s: "
           "symbolic %s, finite difference %s)", f->order,
           v->kind == DC_PARAM ? "a parameter of " : "",
           v->name ? v->name->s : "?", at, s, d);
}

/* A band disagreed: compare its members one at a time, with coefficient
** 1, to name the wrong ones.  Returns -1 after reporting one, else 0. */
static int narrow(struct dc_fdiff *f, const struct dc_tape *mt,
                  unsigned char *band, mpfr_prec_t prec,
                  struct dc_diags *diags, struct dc_pos pos)
{
  size_t k, j;
  int rc = 0;
  unsigned char *one = calloc(f->nm, 1);
  if (!one)
    return 0;                   /* short of memory: no verdict here */
  for (k = 0; k < f->nm; k++) {
    int r;
    if (!band[k])
      continue;
    for (j = 0; j < f->nm; j++)
      one[j] = j == k;
    f->m[k].coef = 1;
    r = compare_raised(f, mt, one, prec);
    if (r == FD_AGREE)
      f->m[k].nchecked++;
    else if (r == FD_DISAGREE) {
      f->m[k].failed = 1;
      report(f, &f->m[k], mt, diags, pos);
      rc = -1;
    }
  }
  free(one);
  return rc;
}

/* Mark this point's members: coefficients, exponents, term sizes. */
static size_t start_point(struct dc_fdiff *f, const struct dc_tape *mt,
                          size_t samples)
{
  size_t k, n = 0;
  for (k = 0; k < f->nm; k++) {
    struct dc_fdiff_member *m = &f->m[k];
    uint64_t r;
    mpfr_srcptr a, s;
    m->todo = !m->failed && m->nchecked < samples &&
              dc_tape_defined(mt, m->rsym, NULL) &&
              dc_tape_defined(mt, m->rat, NULL);
    if (!m->todo)
      continue;
    r = next_random(f);
    m->coef = (long)(r & ((1u << COEF_BITS) - 1)) | 1;
    if (r & (1u << COEF_BITS))
      m->coef = -m->coef;
    if (f->order > 1)
      m->coef = 1;              /* along the one variable: no mixing */
    a = dc_tape_value(mt, m->rat);
    s = dc_tape_value(mt, m->rsym);
    m->e = mpfr_regular_p(a) ? mpfr_get_exp(a) : 0;
    m->term = mpfr_regular_p(s)
                  ? mpfr_get_exp(s) + f->order * m->e + COEF_BITS
                  : DC_MAG_NONE;
    n++;
  }
  return n;
}

/*
** The next band: the members to do whose terms lie within P/8 bits of the
** largest one left (zero terms go with the first band).  Returns how many.
*/
static size_t next_band(struct dc_fdiff *f, unsigned char *band,
                        mpfr_prec_t prec, int first)
{
  size_t k, n = 0;
  mpfr_exp_t top = DC_MAG_NONE;
  for (k = 0; k < f->nm; k++)
    if (f->m[k].todo)
      top = max_exp(top, f->m[k].term);
  for (k = 0; k < f->nm; k++) {
    const struct dc_fdiff_member *m = &f->m[k];
    band[k] = m->todo && (m->term >= top - (mpfr_exp_t)(prec / 8) ||
                          (first && m->term <= DC_MAG_NONE));
    n += band[k];
  }
  return n;
}

int dc_fdiff_check(struct dc_fdiff *f, const struct dc_tape *mt,
                   mpfr_srcptr *in, mpfr_prec_t prec, size_t samples,
                   struct dc_diags *diags, struct dc_pos pos)
{
  size_t j, k, ni = dc_tape_ninputs(f->tape);
  unsigned char *band;
  int rc = 0, first = 1;
  if (start_point(f, mt, samples) == 0)
    return 0;
  for (j = 0; j < ni; j++)
    if (f->map[j] >= 0)
      f->in[j] = in[f->map[j]];
  band = calloc(f->nm, 1);
  if (!band)
    return 0;                   /* short of memory: no verdict here */
  while (next_band(f, band, prec, first) > 0) {
    int r = compare_raised(f, mt, band, prec);
    first = 0;
    if (r == FD_DISAGREE && narrow(f, mt, band, prec, diags, pos) != 0)
      rc = -1;
    for (k = 0; k < f->nm; k++)
      if (band[k]) {
        f->m[k].nchecked += r == FD_AGREE;
        f->m[k].todo = 0;
      }
  }
  free(band);
  return rc;
}
