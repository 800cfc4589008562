/*
** sample.c: a small deterministic generator and draws inside domains.
**
** The generator is xoshiro256** seeded through splitmix64, so a (seed,
** stream) pair names one reproducible sequence on every platform.  Values
** are made with MPFR at a fixed precision of SAMPLE_BITS bits (never with
** the C library's pow, whose last bit varies between systems), so a point
** is the same binary number at every working precision >= SAMPLE_BITS.
**
** Domains: a bounded interval is drawn uniformly; the real line half
** uniformly in [-2, 2] and half as sign * 10^u with u mostly in [-3, 3]
** and a quarter of the time out to +-12 (draw_log); a half-line the same
** way as (0, inf), shifted from its bound.  Open bounds are never hit: a
** draw is rounded towards the inside and checked against the exact
** bounds, and redrawn when it falls outside.
*/
#include "verify/sample.h"
#include "verify/internal.h"

/* Bits of a drawn value (internal.h). */
#define SAMPLE_BITS DC_SAMPLE_BITS

/* Redraws before falling back to the interval's midpoint (only a domain
** narrower than the spacing of SAMPLE_BITS-bit numbers gets there). */
#define MAX_REDRAWS 64

static uint64_t splitmix64(uint64_t *x)
{
  uint64_t z = (*x += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

void dc_rng_seed(struct dc_rng *r, uint64_t seed, uint64_t stream)
{
  uint64_t x = seed;
  int i;
  /* Mix the stream in after one round so (s, t) and (t, s) differ. */
  x = splitmix64(&x) ^ (stream * 0xd1b54a32d192ed03u + 0x2545f4914f6cdd1du);
  for (i = 0; i < 4; i++)
    r->s[i] = splitmix64(&x);
  if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0)
    r->s[0] = 1;                /* the one state xoshiro cannot leave */
}

static uint64_t rotl(uint64_t x, int k)
{
  return (x << k) | (x >> (64 - k));
}

uint64_t dc_rng_next(struct dc_rng *r)
{
  uint64_t *s = r->s;
  uint64_t out = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return out;
}

double dc_rng_unit(struct dc_rng *r)
{
  return (double)(dc_rng_next(r) >> 11) * 0x1.0p-53;
}

/*
** sign-less 10^u at SAMPLE_BITS bits: u uniform in [-3, 3] for three
** draws in four, else in the tails [-12, -3] and [3, 12], an eighth each.
** The tails are there because a step can be wrong (or defined) only far
** from zero: abs(x - 1000) + abs(x + 1000) = 2000 is false, and
** sqrt(x - 5000) exists, only beyond 10^3, where the [-3, 3] draws never
** go.  One unit draw picks both the range and u, so every draw still uses
** the same number of generator steps.
*/
static void draw_log(struct dc_rng *r, mpfr_ptr d)
{
  double v = dc_rng_unit(r), e;
  mpfr_t u;
  if (v < 0.75)
    e = 8.0 * v - 3.0;                          /* [0, 3/4) -> [-3, 3) */
  else if (v < 0.875)
    e = 3.0 + 72.0 * (v - 0.75);                /* -> [3, 12) */
  else
    e = -3.0 - 72.0 * (v - 0.875);              /* -> (-12, -3] */
  mpfr_init2(u, SAMPLE_BITS);
  mpfr_set_d(u, e, MPFR_RNDN);
  mpfr_ui_pow(d, 10, u, MPFR_RNDN);     /* correctly rounded everywhere */
  mpfr_clear(u);
}

/* A positive draw in (0, inf): half uniform in (0, 2], half 10^u. */
static void draw_positive(struct dc_rng *r, mpfr_ptr d)
{
  if (dc_rng_next(r) >> 63)
    mpfr_set_d(d, 2.0 * (1.0 - dc_rng_unit(r)), MPFR_RNDN);  /* exact */
  else
    draw_log(r, d);
}

/* A draw on the whole real line: half uniform in [-2, 2], half
** sign * 10^u (draw_log). */
static void draw_real(struct dc_rng *r, mpfr_ptr v)
{
  if (dc_rng_next(r) >> 63) {
    mpfr_set_d(v, 4.0 * dc_rng_unit(r) - 2.0, MPFR_RNDN);
  } else {
    int neg = (int)(dc_rng_next(r) >> 63);
    draw_log(r, v);
    if (neg)
      mpfr_neg(v, v, MPFR_RNDN);
  }
}

/* lo + unit * (hi - lo), rounded towards the midpoint of [lo, hi]. */
static void draw_bounded(struct dc_rng *r, const struct dc_domain *dom,
                         mpfr_ptr v)
{
  mpq_t q, w;
  double u = dc_rng_unit(r);
  mpq_init(q);
  mpq_init(w);
  mpq_sub(w, *dom->hi, *dom->lo);
  mpq_set_d(q, u);              /* exact: u is a dyadic double */
  mpq_mul(q, q, w);
  mpq_add(q, q, *dom->lo);
  /* Below the midpoint round up, above it round down: towards inside. */
  mpq_div_2exp(w, w, 1);
  mpq_add(w, w, *dom->lo);
  mpfr_set_q(v, q, mpq_cmp(q, w) < 0 ? MPFR_RNDU : MPFR_RNDD);
  mpq_clear(q);
  mpq_clear(w);
}

/* A draw on a half-line [lo, inf) or (-inf, hi]: the bound plus (minus)
** a positive draw, rounded away from the bound. */
static void draw_half(struct dc_rng *r, const struct dc_domain *dom,
                      mpfr_ptr v)
{
  mpfr_t d;
  mpfr_init2(d, SAMPLE_BITS);
  draw_positive(r, d);
  if (!dom->lo_inf) {
    mpfr_set_q(v, *dom->lo, MPFR_RNDU);
    mpfr_add(v, v, d, MPFR_RNDU);
  } else {
    mpfr_set_q(v, *dom->hi, MPFR_RNDD);
    mpfr_sub(v, v, d, MPFR_RNDD);
  }
  mpfr_clear(d);
}

/* One draw at SAMPLE_BITS bits inside (hopefully) dom. */
static void draw_once(struct dc_rng *r, const struct dc_domain *dom,
                      mpfr_ptr v)
{
  if (!dom || (dom->lo_inf && dom->hi_inf))
    draw_real(r, v);
  else if (!dom->lo_inf && !dom->hi_inf)
    draw_bounded(r, dom, v);
  else
    draw_half(r, dom, v);
}

void dc_sample_domain(struct dc_rng *r, const struct dc_domain *dom,
                      mpfr_ptr x)
{
  mpfr_t v;
  int i;
  mpfr_init2(v, SAMPLE_BITS);
  for (i = 0; i < MAX_REDRAWS; i++) {
    draw_once(r, dom, v);
    if (dc_domain_contains_fr(dom, v)) {
      mpfr_set(x, v, MPFR_RNDN);
      mpfr_clear(v);
      return;
    }
  }
  /* No SAMPLE_BITS-bit number lies inside: use the exact midpoint at x's
  ** own precision (a half-line cannot get here: its draws move away). */
  if (!dom->lo_inf && !dom->hi_inf) {
    mpq_t m;
    mpq_init(m);
    mpq_add(m, *dom->lo, *dom->hi);
    mpq_div_2exp(m, m, 1);
    mpfr_set_q(x, m, MPFR_RNDN);
    mpq_clear(m);
  } else {
    mpfr_set(x, v, MPFR_RNDN);
  }
  mpfr_clear(v);
}
