/*
** sample.c: a small deterministic generator and draws inside domains.
**
** The generator is xoshiro256** seeded through splitmix64, so a (seed,
** stream) pair names one reproducible sequence on every platform.  Values
** are made with MPFR (never with the C library's pow, whose last bit
** varies between systems).
**
** A draw is one unit number u in [0, 1) with as many random bits as the
** precision of the value it makes (a 53-bit u would make 2^60*x an
** integer at every point, and sin(2^60*pi*x) = 0 hold at all of them),
** mapped monotonically onto the domain (map_unit).  The top 64 bits of u
** may come from a stratified sequence (struct dc_strata): the Kronecker
** sequence k * alpha + shift mod 1, with a different irrational alpha per
** symbol, visits every part of [0, 1) at every seed, so no part of any
** domain stays unsampled (independent draws leave gaps: at seed 1 the top
** fifth of every bounded domain was never drawn).
**
** Domains: a bounded interval is drawn uniformly; the real line half
** uniformly in [-2, 2] and half as sign * 10^e with e in [-3, 3] for half
** of those and out to +-100 for the other half (draw_scale); a half-line
** the same way as (0, inf), shifted from its bound.  Open bounds are never
** hit: a draw is rounded towards the inside and checked against the exact
** bounds, and redrawn when it falls outside.
*/
#include <math.h>
#include <string.h>
#include "verify/sample.h"
#include "verify/internal.h"

/* Redraws before falling back to the interval's midpoint (only a domain
** narrower than the spacing of the values' precision gets there). */
#define MAX_REDRAWS 64

/* Decimal exponents of the far draws: 10^-100 to 10^100, so a step wrong
** only for |x| > 10^12 is still met (MPFR's exponents allow far more, but
** exp(x) overflows even the checker's widened range beyond 10^12). */
#define FAR_DECADES 100.0
#define NEAR_DECADES 3.0

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

uint64_t dc_hash_text(uint64_t h, const char *s)
{
  /* FNV-1a: a fixed, platform-independent hash of the spelling. */
  if (h == 0)
    h = 0xcbf29ce484222325u;
  for (; s && *s; s++) {
    h ^= (unsigned char)*s;
    h *= 0x100000001b3u;
  }
  return h;
}

/* ---- the unit number ---- */

/*
** u = top/2^64 + (random bits below), with every bit of u's precision
** filled: whole 64-bit words from the generator, exact in MPFR.
*/
static void fill_unit(struct dc_rng *r, uint64_t top, mpfr_ptr u)
{
  mpfr_prec_t p = mpfr_get_prec(u), have = 64;
  mpfr_t w;
  mpfr_init2(w, 64);
  mpfr_set_ui_2exp(u, 0, 0, MPFR_RNDN);
  /* 64-bit words through two 32-bit halves: unsigned long may be 32 bits. */
  mpfr_set_ui(w, (unsigned long)(top >> 32), MPFR_RNDN);
  mpfr_mul_2ui(w, w, 32, MPFR_RNDN);
  mpfr_add_ui(w, w, (unsigned long)(top & 0xffffffffu), MPFR_RNDN);
  mpfr_div_2ui(u, w, 64, MPFR_RNDN);
  while (have < p) {
    uint64_t z = dc_rng_next(r);
    mpfr_set_ui(w, (unsigned long)(z >> 32), MPFR_RNDN);
    mpfr_mul_2ui(w, w, 32, MPFR_RNDN);
    mpfr_add_ui(w, w, (unsigned long)(z & 0xffffffffu), MPFR_RNDN);
    have += 64;
    mpfr_div_2ui(w, w, (unsigned long)have, MPFR_RNDN);
    /* Bits below p are cut (rounded down): u stays below 1. */
    mpfr_add(u, u, w, MPFR_RNDZ);
  }
  mpfr_clear(w);
}

/* u -> 2u mod 1, exactly: a unit number's next region choice. */
static int split(mpfr_ptr u, double at)
{
  if (mpfr_cmp_d(u, at) < 0) {
    mpfr_div_d(u, u, at, MPFR_RNDZ);
    return 0;
  }
  mpfr_sub_d(u, u, at, MPFR_RNDZ);
  mpfr_div_d(u, u, 1.0 - at, MPFR_RNDZ);
  return 1;
}

/*
** d := 10^e for a drawn exponent e, to the double's precision, with the
** bits of d below the double's taken from the bits of u below those e
** used: a draw only has to be log-uniform and have every bit drawn, and
** 10^e to the last of 256 bits (mpfr_ui_pow) was a fifth of all the work
** of checking specs/bce.yaml.  10^e = 2^k * 2^f with k = floor(e log2 10).
*/
static void pow10_drawn(mpfr_ptr d, mpfr_srcptr e, mpfr_ptr u)
{
  double t = mpfr_get_d(e, MPFR_RNDN) * 3.32192809488736234787;
  double k = floor(t);
  mpfr_t low;
  mpfr_init2(low, mpfr_get_prec(d));
  /* The bits of u past its 53rd: uniform in [0, 1), then one ulp of a
  ** double in [1, 2) wide. */
  mpfr_mul_2ui(u, u, 53, MPFR_RNDN);
  mpfr_frac(low, u, MPFR_RNDZ);
  mpfr_div_2ui(low, low, 52, MPFR_RNDN);
  mpfr_set_d(d, exp2(t - k), MPFR_RNDN);
  mpfr_add(d, d, low, MPFR_RNDZ);
  mpfr_mul_2si(d, d, (long)k, MPFR_RNDN);
  mpfr_clear(low);
}

/*
** A positive scale 10^e from u: e in [-3, 3) for half of [0, 1), in
** [3, 100) for a quarter and (-100, -3] for the last quarter.  The steps
** that are wrong only far out (atan's addition formula without its branch
** condition, a ReLU with a large bias) are met at every seed.
*/
static void draw_scale(mpfr_ptr u, mpfr_ptr d)
{
  mpfr_t e;
  mpfr_init2(e, mpfr_get_prec(u) + 16);
  if (!split(u, 0.5)) {
    mpfr_mul_d(e, u, 2.0 * NEAR_DECADES, MPFR_RNDN);
    mpfr_sub_d(e, e, NEAR_DECADES, MPFR_RNDN);
  } else {
    int neg = split(u, 0.5);
    mpfr_mul_d(e, u, FAR_DECADES - NEAR_DECADES, MPFR_RNDN);
    mpfr_add_d(e, e, NEAR_DECADES, MPFR_RNDN);
    if (neg)
      mpfr_neg(e, e, MPFR_RNDN);
  }
  pow10_drawn(d, e, u);
  mpfr_clear(e);
}

/* A positive draw in (0, inf): half uniform in (0, 2), half 10^e. */
static void draw_positive(mpfr_ptr u, mpfr_ptr d)
{
  if (!split(u, 0.5))
    mpfr_mul_2ui(d, u, 1, MPFR_RNDN);           /* exact */
  else
    draw_scale(u, d);
}

/* The real line: half uniform in [-2, 2], half sign * 10^e. */
static void draw_real(mpfr_ptr u, mpfr_ptr v)
{
  if (!split(u, 0.5)) {
    mpfr_mul_2ui(v, u, 2, MPFR_RNDN);
    mpfr_sub_ui(v, v, 2, MPFR_RNDN);
  } else {
    int neg = split(u, 0.5);
    draw_scale(u, v);
    if (neg)
      mpfr_neg(v, v, MPFR_RNDN);
  }
}

/* lo + u * (hi - lo), rounded towards the midpoint of [lo, hi]. */
static void draw_bounded(mpfr_srcptr u, const struct dc_domain *dom,
                         mpfr_ptr v)
{
  mpq_t q, w;
  mpq_init(q);
  mpq_init(w);
  mpq_sub(w, *dom->hi, *dom->lo);
  mpfr_get_q(q, u);             /* exact: u is an MPFR number */
  mpq_mul(q, q, w);
  mpq_add(q, q, *dom->lo);
  /* Below the midpoint round up, above it round down: towards inside. */
  mpq_div_2exp(w, w, 1);
  mpq_add(w, w, *dom->lo);
  mpfr_set_q(v, q, mpq_cmp(q, w) < 0 ? MPFR_RNDU : MPFR_RNDD);
  mpq_clear(q);
  mpq_clear(w);
}

/* A half-line [lo, inf) or (-inf, hi]: the bound plus (minus) a positive
** draw, rounded away from the bound. */
static void draw_half(mpfr_ptr u, const struct dc_domain *dom, mpfr_ptr v)
{
  mpfr_t d;
  mpfr_init2(d, mpfr_get_prec(v));
  draw_positive(u, d);
  if (!dom->lo_inf) {
    mpfr_set_q(v, *dom->lo, MPFR_RNDU);
    mpfr_add(v, v, d, MPFR_RNDU);
  } else {
    mpfr_set_q(v, *dom->hi, MPFR_RNDD);
    mpfr_sub(v, v, d, MPFR_RNDD);
  }
  mpfr_clear(d);
}

/* u mapped into dom (NULL: the real line); u is used up. */
static void map_unit(mpfr_ptr u, const struct dc_domain *dom, mpfr_ptr v)
{
  if (!dom || (dom->lo_inf && dom->hi_inf))
    draw_real(u, v);
  else if (!dom->lo_inf && !dom->hi_inf)
    draw_bounded(u, dom, v);
  else
    draw_half(u, dom, v);
}

/* The exact midpoint of a bounded domain, at x's precision. */
static void midpoint(const struct dc_domain *dom, mpfr_ptr x)
{
  mpq_t m;
  mpq_init(m);
  mpq_add(m, *dom->lo, *dom->hi);
  mpq_div_2exp(m, m, 1);
  mpfr_set_q(x, m, MPFR_RNDN);
  mpq_clear(m);
}

/* Draw x inside dom with u's top 64 bits `top` for the first try. */
static void sample_from(struct dc_rng *r, const struct dc_domain *dom,
                        mpfr_ptr x, uint64_t top)
{
  mpfr_prec_t p = mpfr_get_prec(x);
  mpfr_t u, v;
  int i;
  /* u carries 16 bits more than x so the scale's exponent is exact enough
  ** that 10^e still has x's full precision random. */
  mpfr_init2(u, p + 16);
  mpfr_init2(v, p);
  for (i = 0; i < MAX_REDRAWS; i++) {
    fill_unit(r, i == 0 ? top : dc_rng_next(r), u);
    map_unit(u, dom, v);
    if (mpfr_number_p(v) && dc_domain_contains_fr(dom, v)) {
      mpfr_set(x, v, MPFR_RNDN);
      mpfr_clears(u, v, (mpfr_ptr)0);
      return;
    }
  }
  /* Nothing at x's precision lies inside: the exact midpoint rounded (a
  ** half-line cannot get here: its draws move away). */
  if (dom && !dom->lo_inf && !dom->hi_inf)
    midpoint(dom, x);
  else
    mpfr_set(x, v, MPFR_RNDN);
  mpfr_clears(u, v, (mpfr_ptr)0);
}

void dc_sample_domain(struct dc_rng *r, const struct dc_domain *dom,
                      mpfr_ptr x)
{
  sample_from(r, dom, x, dc_rng_next(r));
}

/* ---- stratified draws ---- */

/* frac(sqrt(p)) for the first primes, times 2^64: the Kronecker steps
** (Richtmyer's choice; the square roots of distinct primes are linearly
** independent over Q, so no two symbols move in lockstep). */
static const uint64_t kronecker_alpha[] = {
  0x6a09e667f3bcc908u, 0xbb67ae8584caa73bu, 0x3c6ef372fe94f82bu,
  0xa54ff53a5f1d36f1u, 0x510e527fade682d1u, 0x9b05688c2b3e6c1fu,
  0x1f83d9abfb41bd6bu, 0x5be0cd19137e2179u, 0xcbbb9d5dc1059ed8u,
  0x629a292a367cd507u, 0x9159015a3070dd17u, 0x152fecd8f70e5939u,
  0x67332667ffc00b31u, 0x8eb44a8768581511u, 0xdb0c2e0d64f98fa7u,
  0x47b5481dbefa4fa4u,
};

void dc_strata_init(struct dc_strata *s, struct dc_rng *r, size_t symbol)
{
  size_t n = sizeof kronecker_alpha / sizeof kronecker_alpha[0];
  s->shift = dc_rng_next(r);
  /* Beyond the table: an odd multiple of a table step, still irrational. */
  s->alpha = kronecker_alpha[symbol % n] * (2 * (uint64_t)(symbol / n) + 1);
  s->k = 0;
}

void dc_sample_strata(struct dc_strata *s, struct dc_rng *r,
                      const struct dc_domain *dom, mpfr_ptr x)
{
  uint64_t top = s->shift + s->k++ * s->alpha;   /* mod 2^64 */
  sample_from(r, dom, x, top);
}
