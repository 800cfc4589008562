/*
** check_verify.c: sampling, tolerances, link verdicts and the
** finite-difference cross-check (SPEC section 4).
**
** Specs are loaded from small YAML buffers (or one chain, as with -e) and
** checked with dc_check_spec; the pieces below it (the generator, domain
** draws, dc_values_agree, dc_fdiff) are also tested on their own.  Links
** whose where names have narrow domains get their points from the guard
** search (guard.c).
*/
#include <stdio.h>
#include <string.h>
#include <mpfr.h>
#include "expr/limits.h"
#include "expr/node.h"
#include "parser/parse.h"
#include "parser/spec.h"
#include "simplify/expand.h"
#include "verify/check.h"
#include "verify/checkint.h"
#include "verify/eval.h"
#include "verify/internal.h"
#include "verify/sample.h"
#include "tests/testutil.h"

static struct dc_ctx *ctx;
static struct dc_diags diags;

static void setup(void)
{
  ctx = dc_ctx_new();
  ck_assert_ptr_nonnull(ctx);
  dc_diags_init(&diags);
}

static void teardown(void)
{
  dc_diags_free(&diags);
  dc_ctx_free(ctx);
}

/* ---- helpers ---- */

static struct dc_spec *load(const char *yaml)
{
  struct dc_spec *s = dc_spec_load_buffer(ctx, "test.yaml", yaml,
                                          strlen(yaml), &diags);
  ck_assert_msg(s != NULL, "spec did not load: %s",
                diags.n ? diags.v[0].msg : "?");
  return s;
}

static struct dc_spec *chain(const char *text)
{
  struct dc_spec *s = dc_spec_from_chain(ctx, text, &diags);
  ck_assert_msg(s != NULL, "chain did not load: %s: %s", text,
                diags.n ? diags.v[0].msg : "?");
  return s;
}

static enum dc_check_status run(const struct dc_spec *s, long prec,
                                unsigned long seed,
                                struct dc_spec_result *res)
{
  struct dc_check_params p;
  p.precision = prec;
  p.samples = 32;
  p.seed = seed;
  return dc_check_spec(ctx, s, &p, res, &diags);
}

/* The only link of a one-chain spec from chain(). */
static const struct dc_link_result *only_link(const struct dc_spec_result *r)
{
  ck_assert_uint_eq(r->nlinks, 1);
  return &r->blocks[0][0].chains[0].links[0];
}

static const struct dc_link_result *link_at(const struct dc_spec_result *r,
                                            size_t s, size_t b, size_t c,
                                            size_t i)
{
  ck_assert_uint_lt(c, r->blocks[s][b].nchains);
  ck_assert_uint_lt(i, r->blocks[s][b].chains[c].nlinks);
  return &r->blocks[s][b].chains[c].links[i];
}

/* The counterexample value bound to name, or NULL. */
static const struct dc_binding_value *binding(const struct dc_link_result *l,
                                              const char *name)
{
  size_t i;
  for (i = 0; i < l->nat; i++)
    if (strcmp(l->at[i].name, name) == 0)
      return &l->at[i];
  return NULL;
}

/* |t| <= 2^-55: two 20-digit values that agree to rounding. */
static int rel_small(mpfr_srcptr t)
{
  mpfr_t b;
  int r;
  mpfr_init2(b, 16);
  mpfr_set_ui_2exp(b, 1, -55, MPFR_RNDN);
  r = mpfr_cmpabs(t, b) <= 0;
  mpfr_clear(b);
  return r;
}

/* ---- the generator ---- */

START_TEST(rng_known_answer)
{
  /* xoshiro256** from the state {1, 2, 3, 4}, worked by hand from the
  ** reference definition: rotl(s1 * 5, 7) * 9, then the state update. */
  struct dc_rng r = { { 1, 2, 3, 4 } };
  ck_assert_uint_eq(dc_rng_next(&r), 11520u);
  ck_assert_uint_eq(dc_rng_next(&r), 0u);
  ck_assert_uint_eq(dc_rng_next(&r), 1509978240u);
}
END_TEST

START_TEST(rng_deterministic)
{
  struct dc_rng a, b, c, d;
  int i, same_c = 0, same_d = 0;
  dc_rng_seed(&a, 1, 7);
  dc_rng_seed(&b, 1, 7);
  dc_rng_seed(&c, 1, 8);
  dc_rng_seed(&d, 2, 7);
  for (i = 0; i < 1000; i++) {
    uint64_t x = dc_rng_next(&a);
    ck_assert_uint_eq(x, dc_rng_next(&b));
    same_c += x == dc_rng_next(&c);
    same_d += x == dc_rng_next(&d);
  }
  ck_assert_int_eq(same_c, 0);
  ck_assert_int_eq(same_d, 0);
  for (i = 0; i < 10000; i++) {
    double u = dc_rng_unit(&a);
    ck_assert(u >= 0.0 && u < 1.0);
  }
}
END_TEST

/* ---- domains ---- */

static struct dc_domain *domain(const char *lo, int lo_open, const char *hi,
                                int hi_open)
{
  static struct dc_domain d;
  memset(&d, 0, sizeof d);
  d.lo_inf = lo == NULL;
  d.hi_inf = hi == NULL;
  d.lo_open = lo_open;
  d.hi_open = hi_open;
  if (lo) {
    d.lo = dc_new_rational(ctx);
    ck_assert_int_eq(mpq_set_str(*d.lo, lo, 10), 0);
    mpq_canonicalize(*d.lo);
  }
  if (hi) {
    d.hi = dc_new_rational(ctx);
    ck_assert_int_eq(mpq_set_str(*d.hi, hi, 10), 0);
    mpq_canonicalize(*d.hi);
  }
  return &d;
}

static const struct {
  const char *lo;
  int lo_open;
  const char *hi;
  int hi_open;
} domains[] = {
  { "0", 0, "1", 0 },
  { "0", 1, "1", 1 },
  { "-1", 0, "1", 1 },
  { "-3/2", 1, "7/3", 0 },
  { "0", 1, NULL, 0 },                  /* positive */
  { "0", 0, NULL, 0 },                  /* nonnegative */
  { NULL, 0, "0", 1 },
  { NULL, 0, "5/2", 0 },
  { NULL, 0, NULL, 0 },                 /* real, as an interval */
  { "1000000000000000000000000000000", 1, NULL, 0 },
  /* 1/3 + 2^-60: narrower than the spacing of 53-bit numbers near 1/3,
  ** but 64-bit ones fit (the fallback is the midpoint at x's precision). */
  { "1/3", 1, "1152921504606846979/3458764513820540928", 1 },
};

/* Every draw lies inside (exactly), never on an open bound, holds at most
** 53 significant bits, and the draws spread over the domain. */
START_TEST(sample_inside_domain)
{
  struct dc_domain *d = domain(domains[_i].lo, domains[_i].lo_open,
                               domains[_i].hi, domains[_i].hi_open);
  int narrow = _i == (int)DC_ARRAY_LEN(domains) - 1;
  struct dc_rng r;
  mpfr_t x;
  mpq_t q;
  int i, low = 0, high = 0, neg = 0, pos = 0, tiny = 0, big = 0, full = 0;
  mpfr_init2(x, 64);
  mpq_init(q);
  dc_rng_seed(&r, 42, (uint64_t)_i);
  for (i = 0; i < 4000; i++) {
    dc_sample_domain(&r, d, x);
    ck_assert(mpfr_number_p(x));
    mpfr_get_q(q, x);
    ck_assert_msg(dc_domain_contains_q(d, q), "draw %d outside", i);
    full += mpfr_min_prec(x) > 53;
    neg += mpfr_sgn(x) < 0;
    pos += mpfr_sgn(x) > 0;
    tiny += mpfr_cmpabs_ui(x, 1) < 0 && mpfr_get_d(x, MPFR_RNDN) != 0 &&
            mpfr_get_exp(x) < -6;       /* |x| < 1/64 */
    big += mpfr_cmpabs_ui(x, 100) > 0;
    if (!d->lo_inf && !d->hi_inf) {
      /* lower and upper quarters of the interval */
      mpq_t t;
      mpq_init(t);
      mpq_sub(t, *d->hi, *d->lo);
      mpq_div_2exp(t, t, 2);
      mpq_add(t, t, *d->lo);
      low += mpq_cmp(q, t) < 0;
      mpq_sub(t, *d->hi, *d->lo);
      mpq_div_2exp(t, t, 2);
      mpq_sub(t, *d->hi, t);
      high += mpq_cmp(q, t) > 0;
      mpq_clear(t);
    }
  }
  /* More than a double's 53 bits: 2^60*x is not an integer (a value with
  ** 64 random bits has fewer than 54 significant ones 1 time in 2^10). */
  if (!narrow)
    ck_assert_int_gt(full, 3900);
  if (!d->lo_inf && !d->hi_inf && !narrow) {
    ck_assert_int_gt(low, 500);
    ck_assert_int_gt(high, 500);
  }
  if (d->lo_inf && d->hi_inf) {
    ck_assert_int_gt(neg, 1000);
    ck_assert_int_gt(pos, 1000);
    ck_assert_int_gt(tiny, 50);
    ck_assert_int_gt(big, 50);
  } else if (d->lo_inf || d->hi_inf) {
    ck_assert_int_gt(big, 50);          /* far from the bound */
  }
  mpq_clear(q);
  mpfr_clear(x);
}
END_TEST

START_TEST(sample_real_line_scales)
{
  /* NULL is the real line: |x| never exceeds 10^100, both halves used,
  ** and the far tails beyond 10^50 and below 10^-50 are both drawn. */
  struct dc_rng r;
  mpfr_t x, far, f50;
  int i, inner = 0, outer = 0, tiny = 0, vast = 0;
  mpfr_init2(x, 256);
  mpfr_inits2(64, far, f50, (mpfr_ptr)0);
  mpfr_set_str(far, "1e100", 10, MPFR_RNDU);
  mpfr_set_str(f50, "1e50", 10, MPFR_RNDU);
  dc_rng_seed(&r, 9, 0);
  for (i = 0; i < 4000; i++) {
    dc_sample_domain(&r, NULL, x);
    ck_assert(mpfr_cmpabs(x, far) <= 0);
    inner += mpfr_cmpabs_ui(x, 2) <= 0;
    outer += mpfr_cmpabs_ui(x, 1000) > 0;
    vast += mpfr_cmpabs(x, f50) > 0;
    tiny += !mpfr_zero_p(x) && mpfr_get_exp(x) < -166;   /* < 2^-167 */
  }
  /* Half uniform in [-2, 2], half 10^e with e in [-3, 3] (1/2 of those),
  ** [3, 100] or [-100, -3] (1/4 each): P(|x| <= 2) = 1/2 + 1/2 * (1/2 *
  ** (3 + log10 2)/6 + 1/4), about 0.763; P(|x| > 10^3) = 1/8;
  ** P(|x| > 10^50) = 1/8 * 50/97, about 0.064; P(|x| < 2^-167), about
  ** 10^-50.27, is 1/8 * 49.73/97, about 0.064. */
  ck_assert_int_gt(inner, 2900);
  ck_assert_int_lt(inner, 3200);
  ck_assert_int_gt(outer, 400);
  ck_assert_int_lt(outer, 600);
  ck_assert_int_gt(vast, 180);
  ck_assert_int_lt(vast, 330);
  ck_assert_int_gt(tiny, 170);
  ck_assert_int_lt(tiny, 320);
  mpfr_clears(far, f50, x, (mpfr_ptr)0);
}
END_TEST

START_TEST(sample_every_bit_drawn)
{
  /* At 1024 bits a draw has (nearly) 1024 random bits, and the same seed
  ** gives the same draws. */
  struct dc_rng a, b;
  struct dc_domain *d = domain("-1/3", 1, "22/7", 0);
  mpfr_t x, y;
  int i, k, full = 0;
  mpfr_init2(x, 1024);
  mpfr_init2(y, 1024);
  for (k = 0; k < 2; k++) {
    dc_rng_seed(&a, 5, 1);
    dc_rng_seed(&b, 5, 1);
    for (i = 0; i < 500; i++) {
      dc_sample_domain(&a, k ? d : NULL, x);
      dc_sample_domain(&b, k ? d : NULL, y);
      ck_assert(mpfr_equal_p(x, y));
      full += mpfr_min_prec(x) > 1000;
    }
  }
  ck_assert_int_gt(full, 950);
  mpfr_clears(x, y, (mpfr_ptr)0);
}
END_TEST

START_TEST(strata_cover_every_fifth)
{
  /* 32 stratified draws on [0, 1] put at least 4 in every fifth, at every
  ** seed (32 independent draws leave one fifth with at most 2 about one
  ** time in 20), for the first and the ninth symbol. */
  struct dc_domain *d = domain("0", 0, "1", 0);
  struct dc_rng r;
  struct dc_strata st;
  mpfr_t x;
  int seed, i, f, sym;
  mpfr_init2(x, 256);
  for (sym = 0; sym < 9; sym += 8)
    for (seed = 1; seed <= 50; seed++) {
      int fifth[5] = { 0, 0, 0, 0, 0 };
      dc_rng_seed(&r, (uint64_t)seed, 3);
      dc_strata_init(&st, &r, (size_t)sym);
      for (i = 0; i < 32; i++) {
        dc_sample_strata(&st, &r, d, x);
        f = (int)(mpfr_get_d(x, MPFR_RNDZ) * 5.0);
        fifth[f < 5 ? f : 4]++;
      }
      for (f = 0; f < 5; f++)
        ck_assert_msg(fifth[f] >= 4, "seed %d symbol %d: fifth %d has %d",
                      seed, sym, f, fifth[f]);
    }
  mpfr_clear(x);
}
END_TEST

/* ---- tolerance ---- */

START_TEST(values_agree_rules)
{
  mpfr_t a, b, d;
  mpfr_inits2(256, a, b, d, (mpfr_ptr)0);
  mpfr_set_ui(a, 1, MPFR_RNDN);
  mpfr_set_ui_2exp(b, 1, -250, MPFR_RNDN);
  mpfr_add_ui(b, b, 1, MPFR_RNDN);
  /* 2^-250 is within 2^(1 - 256 + 10) = 2^-245 ... */
  ck_assert(dc_values_agree(d, a, 1, b, 1, 256));
  /* ... but not when the sides are known to much better than that. */
  ck_assert(!dc_values_agree(d, a, 1, b, 1, 512));
  /* A larger intermediate magnitude (cancellation) loosens it. */
  mpfr_set_ui_2exp(b, 1, -200, MPFR_RNDN);
  mpfr_add_ui(b, b, 1, MPFR_RNDN);
  ck_assert(!dc_values_agree(d, a, 1, b, 1, 256));
  ck_assert(dc_values_agree(d, a, 1, b, 60, 256));
  /* An error 10^5 (2^16.6) above the rounding level 2^(1 - 256) is not
  ** rounding: the slack is 10 bits. */
  mpfr_set_ui(b, 100000, MPFR_RNDN);
  mpfr_mul_2si(b, b, 1 - 256, MPFR_RNDN);
  mpfr_add_ui(b, b, 1, MPFR_RNDN);
  ck_assert(!dc_values_agree(d, a, 1, b, 1, 256));
  /* Exactly equal always agrees, even with no magnitude at all. */
  mpfr_set_zero(a, 1);
  mpfr_set_zero(b, -1);
  ck_assert(dc_values_agree(d, a, DC_MAG_NONE, b, DC_MAG_NONE, 256));
  mpfr_clears(a, b, d, (mpfr_ptr)0);
}
END_TEST

START_TEST(compare_raises_precision)
{
  /* x + 10^200 - 10^200 against 17 at 256 bits: the left side went
  ** through 10^200 (mag 665) and came back as rounding noise (0 here);
  ** the comparison keeps no bits and asks for 256 + (665 - 5) + 10. */
  mpfr_t a, b, d;
  mpfr_prec_t need;
  mpfr_inits2(256, a, b, d, (mpfr_ptr)0);
  mpfr_set_zero(a, 1);
  mpfr_set_ui(b, 17, MPFR_RNDN);
  ck_assert_int_eq(dc_compare(d, a, 665, b, 5, 256, 256, &need),
                   DC_CMP_RAISE);
  ck_assert_int_eq(need, 256 + 660 + DC_TOL_SLACK);
  /* At that precision it decides: 0 against 17 disagrees. */
  ck_assert_int_eq(dc_compare(d, a, 665, b, 5, need, 256, &need),
                   DC_CMP_DISAGREE);
  /* Both sides 0 after 2^300 went through: the scale is 1. */
  mpfr_set_zero(b, 1);
  ck_assert_int_eq(dc_compare(d, a, 301, b, DC_MAG_NONE, 256, 256, &need),
                   DC_CMP_RAISE);
  ck_assert_int_eq(need, 256 + 301 + DC_TOL_SLACK);
  /* 64 bits lost are still decided at P; 65 are not. */
  mpfr_set_ui(a, 1, MPFR_RNDN);
  mpfr_set_ui(b, 1, MPFR_RNDN);
  ck_assert_int_eq(dc_compare(d, a, 65, b, 1, 256, 256, &need),
                   DC_CMP_AGREE);
  ck_assert_int_eq(dc_compare(d, a, 66, b, 1, 256, 256, &need),
                   DC_CMP_RAISE);
  /* Beyond the cap (32 P) the comparison decides nothing. */
  ck_assert_int_eq(dc_precision_cap(256), 8192);
  ck_assert_int_eq(dc_compare(d, a, 100000, b, 1, 8192, 256, &need),
                   DC_CMP_UNDECIDED);
  mpfr_clears(a, b, d, (mpfr_ptr)0);
}
END_TEST

START_TEST(confirmation_rules)
{
  mpfr_t a, b, d;
  mpfr_inits2(512, a, b, d, (mpfr_ptr)0);
  /* A difference of 2^-200 that stays at 2P: confirmed. */
  mpfr_set_ui(a, 1, MPFR_RNDN);
  mpfr_set_ui_2exp(b, 1, -200, MPFR_RNDN);
  mpfr_add_ui(b, b, 1, MPFR_RNDN);
  ck_assert(dc_difference_confirmed(d, a, 1, b, 1, 512, -199, 256));
  /* The same difference after one of 2^-20 at P: it shrank by 2^180 >
  ** 2^128, so it was rounding. */
  ck_assert(!dc_difference_confirmed(d, a, 1, b, 1, 512, -19, 256));
  /* Within the 2P tolerance: not confirmed whatever it was before. */
  mpfr_set_ui_2exp(b, 1, -505, MPFR_RNDN);
  mpfr_add_ui(b, b, 1, MPFR_RNDN);
  ck_assert(!dc_difference_confirmed(d, a, 1, b, 1, 512, -504, 256));
  mpfr_clears(a, b, d, (mpfr_ptr)0);
}
END_TEST

/* Expand one expression (no scope) for tape-level tests. */
static struct dc_node *expanded(const char *text, struct dc_expansion *x)
{
  struct dc_node *e = dc_parse_expr(ctx, text, strlen(text), NULL, &diags);
  struct dc_pos pos = { NULL, 0, 0 };
  ck_assert_msg(e != NULL, "parse: %s", text);
  e = dc_expand(ctx, NULL, e, x, &diags, pos);
  ck_assert_ptr_nonnull(e);
  return e;
}

#define POLY12 "x^12 + 12*x^11 + 66*x^10 + 220*x^9 + 495*x^8 + 792*x^7 + " \
               "924*x^6 + 792*x^5 + 495*x^4 + 220*x^3 + 66*x^2 + 12*x + 1"

static const struct {
  const char *x;
  long prec;
} poly_points[] = {
  { "1000000", 256 }, { "1000000", 64 }, { "-1000000", 256 },
  { "-1000000", 64 }, { "-1048575/1048576", 256 },  /* -1 + 2^-20 */
  { "-1048575/1048576", 64 }, { "-1048577/1048576", 128 },
};

/* (x+1)^12 against its expansion at fixed points, including x = 10^6 and
** next to -1 where the expansion cancels 200 bits: they agree at P. */
START_TEST(poly12_cancellation_at_points)
{
  struct dc_expansion x;
  struct dc_node *roots[2];
  struct dc_tape *t;
  mpfr_t in, d;
  mpfr_srcptr inputs[1];
  mpq_t q;
  dc_expansion_init(&x);
  roots[0] = expanded("(x+1)^12", &x);
  roots[1] = expanded(POLY12, &x);
  t = dc_tape_build(roots, 2, NULL);
  ck_assert_ptr_nonnull(t);
  ck_assert_uint_eq(dc_tape_ninputs(t), 1);
  mpq_init(q);
  mpq_set_str(q, poly_points[_i].x, 10);
  mpfr_init2(in, 64);
  mpfr_init2(d, 64);
  ck_assert_int_eq(mpfr_set_q(in, q, MPFR_RNDN), 0);
  inputs[0] = in;
  dc_tape_eval(t, poly_points[_i].prec, inputs);
  ck_assert(dc_tape_defined(t, 0, NULL) && dc_tape_defined(t, 1, NULL));
  ck_assert(dc_values_agree(d, dc_tape_value(t, 0), dc_tape_mag(t, 0),
                            dc_tape_value(t, 1), dc_tape_mag(t, 1),
                            poly_points[_i].prec));
  mpfr_clears(in, d, (mpfr_ptr)0);
  mpq_clear(q);
  dc_tape_free(t);
  dc_expansion_free(&x);
}
END_TEST

/* ---- verdicts ---- */

static const char *const identities[] = {
  "x + 1 = 1 + x",
  "sin(x)^2 + cos(x)^2 = 1",
  "cosh(x)^2 - sinh(x)^2 = 1",
  "exp(x + y) = exp(x)*exp(y)",
  "(x - y)*(x + y) = x^2 - y^2",
  "(x+1)^12 = " POLY12,
  "log(x^2 + 1) = 2*log(sqrt(x^2 + 1))",
  "tanh(x) = (exp(2*x) - 1)/(exp(2*x) + 1)",
  "1/(1 + exp(-x)) = exp(x)/(1 + exp(x))",
  "abs(x) = sqrt(x^2)",
  "x^(1/2) = sqrt(x)",
  "asin(x) + acos(x) = pi/2",
  "erf(-x) = -erf(x)",
  "x/10^80 = 2*x/(2*10^80)",
  "diff(x^3, x) = 3*x^2",
  "diff(exp(2*x), x, 2) = 4*exp(2*x)",
  "diff(1/(1 + exp(-x)), x) = exp(-x)/(1 + exp(-x))^2",
  "diff(sin(x)*y, x) = y*cos(x) = pdiff(y*sin(x), x)",
  "diff(log(x), x, 3) = 2/x^3",
};

START_TEST(identities_pass)
{
  struct dc_spec *s = chain(identities[_i]);
  struct dc_spec_result res;
  size_t c, i;
  ck_assert_int_eq(run(s, 256, 1, &res), DC_CHECK_OK);
  ck_assert_uint_eq(diags.nerrors, 0);
  ck_assert_uint_eq(res.npassed, res.nlinks);
  for (c = 0; c < res.blocks[0][0].nchains; c++)
    for (i = 0; i < res.blocks[0][0].chains[c].nlinks; i++) {
      const struct dc_link_result *l = link_at(&res, 0, 0, c, i);
      ck_assert_int_eq(l->verdict, DC_PASS);
      ck_assert_uint_ge(l->nvalid, 32);
      ck_assert_uint_ge(l->ntried, l->nvalid);
      ck_assert_str_eq(l->reason, "");
    }
  dc_spec_result_free(s, &res);
}
END_TEST

static const struct {
  const char *chain;
  long prec;
} falsehoods[] = {
  { "x + 10^-30 = x", 256 },
  { "x + 10^-60 = x", 256 },
  { "x + 10^-100 = x", 512 },
  { "sin(x)^2 = 1 - cos(x)", 256 },
  { "exp(x + y) = exp(x) + exp(y)", 256 },
  { "diff(x^3, x) = 3*x^3", 256 },
  { "log(x*y) = log(x)*log(y)", 256 },
  { "1/(1 + exp(-x)) = exp(-x)/(1 + exp(x))", 256 },
  { "x/10^80 = 2*x/10^80", 256 },        /* tiny values are not noise */
  { "exp(-1000*x^2) = 2*exp(-1000*x^2)", 256 },
  { "x + 10^-6 = x", 64 },
};

START_TEST(falsehoods_fail)
{
  struct dc_spec *s = chain(falsehoods[_i].chain);
  struct dc_spec_result res;
  const struct dc_link_result *l;
  mpfr_t v;
  size_t i;
  ck_assert_int_eq(run(s, falsehoods[_i].prec, 1, &res), DC_CHECK_OK);
  l = only_link(&res);
  ck_assert_msg(l->verdict == DC_FAIL, "%s: verdict %d",
                falsehoods[_i].chain, l->verdict);
  ck_assert_uint_eq(res.nfailed, 1);
  ck_assert_uint_ge(l->nat, 1);
  ck_assert_ptr_nonnull(binding(l, "x"));
  mpfr_init2(v, 128);
  for (i = 0; i < l->nat; i++) {
    ck_assert_int_eq(l->at[i].derived, 0);
    ck_assert_int_eq(mpfr_set_str(v, l->at[i].value, 10, MPFR_RNDN), 0);
  }
  ck_assert_int_eq(mpfr_set_str(v, l->left, 10, MPFR_RNDN), 0);
  ck_assert_int_eq(mpfr_set_str(v, l->right, 10, MPFR_RNDN), 0);
  ck_assert_str_eq(l->reason, "");
  dc_spec_result_free(s, &res);
  mpfr_clear(v);
}
END_TEST

START_TEST(tiny_difference_fails_exactly)
{
  /* 10^-100 is below what 256 bits resolve next to values near 1, so
  ** sampling passes it; both sides are rational, and exact arithmetic at
  ** a rational point tells them apart: left - right = 10^-100. */
  struct dc_spec *s = chain("x + 10^-100 = x");
  struct dc_spec_result res;
  const struct dc_link_result *l;
  mpq_t d, l1, r1;
  ck_assert_int_eq(run(s, 256, 1, &res), DC_CHECK_OK);
  l = only_link(&res);
  ck_assert_int_eq(l->verdict, DC_FAIL);
  ck_assert_str_eq(l->certified, "exact");
  ck_assert_ptr_nonnull(l->exact_left);
  mpq_inits(d, l1, r1, NULL);
  ck_assert_int_eq(mpq_set_str(l1, l->exact_left, 10), 0);
  ck_assert_int_eq(mpq_set_str(r1, l->exact_right, 10), 0);
  mpq_sub(d, l1, r1);
  ck_assert_int_eq(mpq_set_str(l1, "1/10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", 10), 0);
  ck_assert(mpq_equal(d, l1));
  mpq_clears(d, l1, r1, NULL);
  dc_spec_result_free(s, &res);
}
END_TEST

START_TEST(counterexample_is_consistent)
{
  /* left = 3x^2 and right = 3x^3 at the reported x. */
  struct dc_spec *s = chain("diff(x^3, x) = 3*x^3");
  struct dc_spec_result res;
  const struct dc_link_result *l;
  mpfr_t x, left, right, t;
  run(s, 256, 3, &res);
  l = only_link(&res);
  ck_assert_int_eq(l->verdict, DC_FAIL);
  ck_assert_uint_eq(l->nat, 1);
  ck_assert_str_eq(l->at[0].name, "x");
  mpfr_inits2(128, x, left, right, t, (mpfr_ptr)0);
  mpfr_set_str(x, l->at[0].value, 10, MPFR_RNDN);
  mpfr_set_str(left, l->left, 10, MPFR_RNDN);
  mpfr_set_str(right, l->right, 10, MPFR_RNDN);
  mpfr_sqr(t, x, MPFR_RNDN);
  mpfr_mul_ui(t, t, 3, MPFR_RNDN);
  mpfr_sub(t, t, left, MPFR_RNDN);
  mpfr_div(t, t, left, MPFR_RNDN);
  ck_assert(rel_small(t));
  mpfr_pow_ui(t, x, 3, MPFR_RNDN);
  mpfr_mul_ui(t, t, 3, MPFR_RNDN);
  mpfr_sub(t, t, right, MPFR_RNDN);
  mpfr_div(t, t, right, MPFR_RNDN);
  ck_assert(rel_small(t));
  mpfr_clears(x, left, right, t, (mpfr_ptr)0);
  dc_spec_result_free(s, &res);
}
END_TEST

static const struct {
  const char *chain;
  const char *why;
} undetermined[] = {
  { "log(-1 - x^2) = log(-1 - x^2)", "log of a non-positive number" },
  { "sqrt(-1 - x^2) = 0", "square root of a negative number" },
  { "1/(x - x) = 1", "division by zero" },
  { "asin(2 + x^2) = 1", "function argument outside its domain" },
};

START_TEST(undetermined_reason)
{
  struct dc_spec *s = chain(undetermined[_i].chain);
  struct dc_spec_result res;
  const struct dc_link_result *l;
  ck_assert_int_eq(run(s, 256, 1, &res), DC_CHECK_OK);
  l = only_link(&res);
  ck_assert_int_eq(l->verdict, DC_UNDETERMINED);
  ck_assert_uint_eq(res.nundetermined, 1);
  ck_assert_uint_eq(l->nvalid, 0);
  ck_assert_uint_eq(l->ntried, DC_TRIES_PER_SAMPLE * 32);
  ck_assert_msg(strstr(l->reason, undetermined[_i].why) != NULL, "%s",
                l->reason);
  ck_assert_msg(strstr(l->reason, "2048") != NULL, "%s", l->reason);
  ck_assert_uint_eq(l->nat, 0);
  dc_spec_result_free(s, &res);
}
END_TEST

START_TEST(few_points_still_pass)
{
  /* 500 < x < 1000 is rare in the draws on the real line (about 1 in
  ** 100): the link gets fewer than 32 points but more than 8, which is a
  ** pass. */
  struct dc_spec *s = chain("log(x - 500) + log(1000 - x) = "
                            "log(x - 500) + log(1000 - x)");
  struct dc_spec_result res;
  const struct dc_link_result *l;
  run(s, 256, 1, &res);
  l = only_link(&res);
  ck_assert_int_eq(l->verdict, DC_PASS);
  ck_assert_uint_ge(l->nvalid, 8);
  ck_assert_uint_lt(l->nvalid, 32);
  ck_assert_uint_eq(l->ntried, DC_TRIES_PER_SAMPLE * 32);
  dc_spec_result_free(s, &res);
}
END_TEST

static const char where_spec[] =
  "symbols:\n"
  "  p: {domain: \"(0, 1)\"}\n"
  "  q: {domain: \"positive\"}\n"
  "sections:\n"
  "  - title: one\n"
  "    blocks:\n"
  "      - text: \"prose\"\n"
  "      - where: {yhat: p*q, u: {def: \"x - 1\", domain: \"(0, inf)\"}}\n"
  "        chains:\n"
  "          - \"diff(log(yhat), q) = 1/q\"\n"
  "          - \"yhat = 2*p*q\"\n"
  "          - \"log(u) = log(x - 1)\"\n"
  "          - - \"sqrt(u)^2 = u\"\n"
  "            - \"x - 1 + 10^-40\"\n"
  "  - title: two\n"
  "    blocks:\n"
  "      - chains:\n"
  "          - \"x*y = y*x = x*y + 0\"\n"
  "          - \"p = p^2\"\n";

START_TEST(where_names_and_structure)
{
  struct dc_spec *s = load(where_spec);
  struct dc_spec_result res;
  const struct dc_link_result *l;
  const struct dc_binding_value *bp, *bq, *by;
  mpfr_t vp, vq, vy;
  ck_assert_int_eq(run(s, 256, 1, &res), DC_CHECK_OK);
  /* Text blocks have no results; counts add up. */
  ck_assert_uint_eq(res.blocks[0][0].nchains, 0);
  ck_assert_uint_eq(res.blocks[0][1].nchains, 4);
  ck_assert_uint_eq(res.blocks[1][0].nchains, 2);
  ck_assert_uint_eq(res.nchains, 6);
  ck_assert_uint_eq(res.nlinks, 8);
  ck_assert_uint_eq(res.npassed + res.nfailed + res.nundetermined, 8);
  ck_assert_uint_eq(res.nfailed, 3);
  ck_assert_int_eq(link_at(&res, 0, 1, 0, 0)->verdict, DC_PASS);
  ck_assert_int_eq(link_at(&res, 0, 1, 2, 0)->verdict, DC_PASS);
  ck_assert_int_eq(link_at(&res, 0, 1, 3, 0)->verdict, DC_PASS);
  ck_assert_int_eq(link_at(&res, 1, 0, 0, 0)->verdict, DC_PASS);
  ck_assert_int_eq(link_at(&res, 1, 0, 0, 1)->verdict, DC_PASS);
  /* u's domain rejects points: more tries than valid points. */
  l = link_at(&res, 0, 1, 2, 0);
  ck_assert_uint_gt(l->ntried, l->nvalid);
  /* yhat = 2*p*q fails; the counterexample names p, q and yhat. */
  l = link_at(&res, 0, 1, 1, 0);
  ck_assert_int_eq(l->verdict, DC_FAIL);
  ck_assert_uint_eq(l->nat, 3);
  bp = binding(l, "p");
  bq = binding(l, "q");
  by = binding(l, "yhat");
  ck_assert(bp && bq && by);
  ck_assert(!bp->derived && !bq->derived && by->derived);
  ck_assert_ptr_null(binding(l, "u"));   /* not used by this link */
  mpfr_inits2(128, vp, vq, vy, (mpfr_ptr)0);
  mpfr_set_str(vp, bp->value, 10, MPFR_RNDN);
  mpfr_set_str(vq, bq->value, 10, MPFR_RNDN);
  mpfr_set_str(vy, by->value, 10, MPFR_RNDN);
  ck_assert(mpfr_cmp_ui(vp, 0) > 0 && mpfr_cmp_ui(vp, 1) < 0);
  ck_assert(mpfr_cmp_ui(vq, 0) > 0);
  mpfr_mul(vp, vp, vq, MPFR_RNDN);      /* yhat = p*q to ~19 digits */
  mpfr_sub(vp, vp, vy, MPFR_RNDN);
  mpfr_div(vp, vp, vy, MPFR_RNDN);
  ck_assert(rel_small(vp));
  ck_assert_str_eq(l->left, by->value);
  /* The continuation line's link: x - 1 + 10^-40 is not u. */
  l = link_at(&res, 0, 1, 3, 1);
  ck_assert_int_eq(l->verdict, DC_FAIL);
  ck_assert_ptr_nonnull(binding(l, "x"));
  ck_assert_ptr_nonnull(binding(l, "u"));
  ck_assert_int_eq(binding(l, "u")->derived, 1);
  /* p = p^2 in section two: p from its declared domain (0, 1). */
  l = link_at(&res, 1, 0, 1, 0);
  ck_assert_int_eq(l->verdict, DC_FAIL);
  ck_assert_uint_eq(l->nat, 1);
  mpfr_clears(vp, vq, vy, (mpfr_ptr)0);
  dc_spec_result_free(s, &res);
}
END_TEST

/* Two runs give the same verdicts, counts and counterexamples. */
static void same_results(const struct dc_spec *s, const struct dc_spec_result *a,
                         const struct dc_spec_result *b, int *same_values)
{
  size_t sec, blk, c, i, k;
  *same_values = 1;
  ck_assert_uint_eq(a->nlinks, b->nlinks);
  for (sec = 0; sec < s->nsections; sec++)
    for (blk = 0; blk < s->sections[sec].nblocks; blk++)
      for (c = 0; c < a->blocks[sec][blk].nchains; c++)
        for (i = 0; i < a->blocks[sec][blk].chains[c].nlinks; i++) {
          const struct dc_link_result *x = link_at(a, sec, blk, c, i);
          const struct dc_link_result *y = link_at(b, sec, blk, c, i);
          ck_assert_int_eq(x->verdict, y->verdict);
          ck_assert_str_eq(x->reason, y->reason);
          ck_assert_uint_eq(x->nat, y->nat);
          if (x->nvalid != y->nvalid || x->ntried != y->ntried ||
              strcmp(x->left, y->left) != 0)
            *same_values = 0;
          for (k = 0; k < x->nat; k++) {
            ck_assert_str_eq(x->at[k].name, y->at[k].name);
            if (strcmp(x->at[k].value, y->at[k].value) != 0)
              *same_values = 0;
          }
        }
}

START_TEST(deterministic_for_a_seed)
{
  struct dc_spec *s = load(where_spec);
  struct dc_spec_result r1, r2, r3;
  int same;
  run(s, 256, 7, &r1);
  run(s, 256, 7, &r2);
  run(s, 256, 8, &r3);
  same_results(s, &r1, &r2, &same);
  ck_assert_int_eq(same, 1);
  same_results(s, &r1, &r3, &same);
  ck_assert_int_eq(same, 0);            /* another seed, other points */
  dc_spec_result_free(s, &r1);
  dc_spec_result_free(s, &r2);
  dc_spec_result_free(s, &r3);
}
END_TEST

/* ---- narrow where-name domains: the guard search ---- */

/* A block with one where name `w` (def, domain) and one chain; the
** symbol x may have a domain of its own ("" for none). */
struct narrow_case {
  const char *xdom;             /* domain of x, or "" */
  const char *def, *lo, *hi;    /* w's definition, its domain [lo, hi] */
  const char *chain;
};

static const struct narrow_case narrow_true[] = {
  { "", "x^2", "0.999", "1", "sqrt(w)^2 = w" },
  { "", "exp(x)", "1e-9", "2e-9", "log(w) = x" },
  { "", "exp(x)", "1000", "2000", "log(w) = x" },
  { "", "x*y", "0.5", "0.51", "w/y = x" },
  { "[-3, -0.5]", "x^2", "0.999", "1", "sqrt(w) = -x" },
  { "", "x^2 + y^2", "0.999", "1", "sqrt(w)^2 = x^2 + y^2" },
};

static const struct narrow_case narrow_false[] = {
  { "", "x^2", "0.999", "1", "sqrt(w) = w" },
  { "", "exp(x)", "1e-9", "2e-9", "log(w) = x + 10^-30" },
  { "", "exp(x)", "1000", "2000", "log(w) = x*(1 + 10^-40)" },
  { "", "x*y", "0.5", "0.51", "w/y = x + 10^-25*y" },
  { "[-3, -0.5]", "x^2", "0.999", "1", "sqrt(w) = x" },
};

/* Nowhere (or at one point only) inside the domain: no search may make
** points up. */
static const struct narrow_case narrow_none[] = {
  { "", "-x^2", "1", "2", "sqrt(w) = sqrt(w)" },
  { "", "-x^2", "0", "1", "sqrt(w) = 0" },
  { "", "exp(x)", "-2", "-1", "log(-w) = log(-w)" },
  { "[1, 2]", "x^2", "0.999", "1", "sqrt(w) = x" },
};

static struct dc_spec *load_narrow(const struct narrow_case *k)
{
  static char buf[1024];
  int n = snprintf(buf, sizeof buf,
                   "%s%s%s"
                   "sections:\n"
                   "  - title: narrow\n"
                   "    blocks:\n"
                   "      - where: {w: {def: \"%s\", domain: \"[%s, %s]\"}}\n"
                   "        chains:\n"
                   "          - \"%s\"\n",
                   *k->xdom ? "symbols:\n  x: {domain: \"" : "", k->xdom,
                   *k->xdom ? "\"}\n" : "", k->def, k->lo, k->hi, k->chain);
  ck_assert_int_lt(n, (int)sizeof buf);
  return load(buf);
}

/* The 20-digit value of a binding lies in [lo, hi] (given as text). */
static void assert_in(const struct dc_binding_value *b, const char *lo,
                      const char *hi)
{
  mpfr_t v, l, h;
  ck_assert_ptr_nonnull(b);
  mpfr_inits2(128, v, l, h, (mpfr_ptr)0);
  ck_assert_int_eq(mpfr_set_str(v, b->value, 10, MPFR_RNDN), 0);
  ck_assert_int_eq(mpfr_set_str(l, lo, 10, MPFR_RNDD), 0);
  ck_assert_int_eq(mpfr_set_str(h, hi, 10, MPFR_RNDU), 0);
  ck_assert_msg(mpfr_cmp(v, l) >= 0 && mpfr_cmp(v, h) <= 0,
                "%s = %s is outside [%s, %s]", b->name, b->value, lo, hi);
  mpfr_clears(v, l, h, (mpfr_ptr)0);
}

START_TEST(narrow_domain_true_passes)
{
  const struct narrow_case *k = &narrow_true[_i];
  struct dc_spec *s = load_narrow(k);
  struct dc_spec_result res;
  const struct dc_link_result *l;
  ck_assert_int_eq(run(s, 256, 1, &res), DC_CHECK_OK);
  l = only_link(&res);
  ck_assert_msg(l->verdict == DC_PASS, "%s: %s", k->chain, l->reason);
  ck_assert_uint_eq(l->nvalid, 32);
  /* The ordinary draws ran out: the points came from the search. */
  ck_assert_uint_gt(l->ntried, DC_TRIES_PER_SAMPLE * 32);
  ck_assert_uint_eq(diags.nerrors, 0);
  dc_spec_result_free(s, &res);
}
END_TEST

START_TEST(narrow_domain_false_fails)
{
  const struct narrow_case *k = &narrow_false[_i];
  struct dc_spec *s = load_narrow(k);
  struct dc_spec_result res;
  const struct dc_link_result *l;
  ck_assert_int_eq(run(s, 256, 1, &res), DC_CHECK_OK);
  l = only_link(&res);
  ck_assert_msg(l->verdict == DC_FAIL, "%s: %s", k->chain, l->reason);
  /* The counterexample lies inside the where name's domain and x inside
  ** its own. */
  assert_in(binding(l, "w"), k->lo, k->hi);
  if (*k->xdom)
    assert_in(binding(l, "x"), "-3", "-0.5");
  dc_spec_result_free(s, &res);
}
END_TEST

START_TEST(narrow_domain_nowhere_undetermined)
{
  const struct narrow_case *k = &narrow_none[_i];
  struct dc_spec *s = load_narrow(k);
  struct dc_spec_result res;
  const struct dc_link_result *l;
  ck_assert_int_eq(run(s, 256, 1, &res), DC_CHECK_OK);
  l = only_link(&res);
  ck_assert_int_eq(l->verdict, DC_UNDETERMINED);
  ck_assert_uint_eq(l->nvalid, 0);
  ck_assert_msg(strstr(l->reason, "outside its domain") != NULL, "%s",
                l->reason);
  dc_spec_result_free(s, &res);
}
END_TEST

/* Points found by the search are the same for a seed, and another seed
** finds others. */
START_TEST(narrow_domain_deterministic)
{
  struct dc_spec *s = load_narrow(&narrow_false[_i]);
  struct dc_spec_result r1, r2, r3;
  int same;
  run(s, 256, 5, &r1);
  run(s, 256, 5, &r2);
  run(s, 256, 6, &r3);
  same_results(s, &r1, &r2, &same);
  ck_assert_int_eq(same, 1);
  same_results(s, &r1, &r3, &same);
  ck_assert_int_eq(same, 0);
  dc_spec_result_free(s, &r1);
  dc_spec_result_free(s, &r2);
  dc_spec_result_free(s, &r3);
}
END_TEST

/* Every seed: the true links pass, the false ones fail.  Each spec gets
** a fresh context, since a symbol's domain is recorded on its name. */
START_TEST(narrow_domain_every_seed)
{
  size_t i;
  unsigned long seed = 100 + (unsigned long)_i;
  for (i = 0; i < DC_ARRAY_LEN(narrow_true); i++) {
    struct dc_spec *s;
    struct dc_spec_result res;
    teardown();
    setup();
    s = load_narrow(&narrow_true[i]);
    run(s, 128, seed, &res);
    ck_assert_msg(only_link(&res)->verdict == DC_PASS, "seed %lu: %s: %s",
                  seed, narrow_true[i].chain, only_link(&res)->reason);
    dc_spec_result_free(s, &res);
  }
  for (i = 0; i < DC_ARRAY_LEN(narrow_false); i++) {
    struct dc_spec *s;
    struct dc_spec_result res;
    teardown();
    setup();
    s = load_narrow(&narrow_false[i]);
    run(s, 256, seed, &res);
    ck_assert_msg(only_link(&res)->verdict == DC_FAIL, "seed %lu: %s: %s",
                  seed, narrow_false[i].chain, only_link(&res)->reason);
    dc_spec_result_free(s, &res);
  }
}
END_TEST

START_TEST(expansion_error_is_input_error)
{
  /* A hand-built spec whose element cannot be expanded: a prime with no
  ** single variable (the loader would refuse it; the checker must too). */
  struct dc_node *x = dc_name_node(ctx, dc_intern(ctx, "x", 1));
  struct dc_node *y = dc_name_node(ctx, dc_intern(ctx, "y", 1));
  struct dc_element el[2];
  struct dc_chain ch;
  struct dc_block blk;
  struct dc_section sec;
  struct dc_spec s;
  struct dc_spec_result res;
  const struct dc_link_result *l;
  memset(el, 0, sizeof el);
  memset(&ch, 0, sizeof ch);
  memset(&blk, 0, sizeof blk);
  memset(&sec, 0, sizeof sec);
  memset(&s, 0, sizeof s);
  el[0].expr = dc_prime(ctx, dc_binary(ctx, DC_MUL, x, y, 0), 1);
  el[0].pos.line = 3;
  el[1].expr = dc_num_si(ctx, 1);
  ch.elems = el;
  ch.nelems = 2;
  blk.kind = DC_BLOCK_CHAINS;
  blk.chains = &ch;
  blk.nchains = 1;
  sec.blocks = &blk;
  sec.nblocks = 1;
  s.path = "hand.yaml";
  s.sections = &sec;
  s.nsections = 1;
  ck_assert_int_eq(run(&s, 256, 1, &res), DC_CHECK_INPUT);
  ck_assert_uint_ge(diags.nerrors, 1);
  l = only_link(&res);
  ck_assert_int_eq(l->verdict, DC_UNDETERMINED);
  ck_assert(strstr(l->reason, "not checked") != NULL);
  ck_assert_uint_eq(res.nundetermined, 1);
  dc_spec_result_free(&s, &res);
}
END_TEST

/* Found by fuzzing: derivatives nested four deep, of orders up to 8, of a
** chain of definitions.  Each order multiplies the expression, so the
** check ran for minutes and filled the arena (then reported "out of
** memory", exit 3).  Now DC_MAX_DERIV_NODES stops it early: an input
** error naming the limit, the context not out of memory, and the nodes
** made bounded by the limit. */
START_TEST(fuzz_nested_diff_node_limit)
{
  static const char yaml[] =
    "derivcheck: 1\n"
    "definitions:\n"
    "  a: x*y + sin(x*y)\n"
    "  b: a*a + exp(a)\n"
    "  c: b*b/(1+b)\n"
    "  d: c*c + log(1+c^2)\n"
    "sections:\n"
    "  - blocks:\n"
    "      - chains:\n"
    "          - \"diff(diff(diff(diff(diff(diff(diff(diff(d, x), y), x), y),"
    " x, 8), y, 8), x, 8), y, 8) = 0\"\n"
    "      - chains:\n"
    "          - \"diff(diff(d, x), y) = diff(diff(d, y), x)\"\n";
  struct dc_spec *s = load(yaml);
  struct dc_spec_result res;
  size_t i;
  int named = 0;

  ck_assert_int_eq(run(s, 64, 1, &res), DC_CHECK_INPUT);
  ck_assert_int_eq(ctx->oom, 0);
  ck_assert_uint_lt(ctx->nnodes, 2 * (size_t)DC_MAX_DERIV_NODES);
  for (i = 0; i < diags.n; i++)
    if (strstr(diags.v[i].msg, "grows past 300000 expression nodes"))
      named = 1;
  ck_assert_msg(named, "no diagnostic names the derivative node limit");
  /* the first block is given up on; the second, moderate one still passes */
  ck_assert_int_eq(link_at(&res, 0, 0, 0, 0)->verdict, DC_UNDETERMINED);
  ck_assert_int_eq(link_at(&res, 0, 1, 0, 0)->verdict, DC_PASS);
  dc_spec_result_free(s, &res);
}
END_TEST

/* The expression arena's budget spent while checking is an input limit
** (exit 2, naming DC_MAX_ARENA_BYTES), not an internal error.  The budget
** is shrunk after loading so that expanding the derivative runs into it. */
START_TEST(arena_budget_is_input_error)
{
  static const char yaml[] =
    "sections:\n"
    "  - blocks:\n"
    "      - chains:\n"
    "          - \"diff(sin(x)^7*cos(x)^5, x, 4) = diff(sin(x)^7*cos(x)^5, x, 4)\"\n";
  struct dc_spec *s = load(yaml);
  struct dc_spec_result res;
  ck_assert_ptr_nonnull(s);
  ctx->arena.budget = ctx->arena.used + 2048;
  ck_assert_int_eq(run(s, 64, 1, &res), DC_CHECK_INPUT);
  ck_assert(ctx->arena.budget_spent);
  ck_assert_ptr_nonnull(strstr(diags.v[diags.n - 1].msg,
                               " MiB"));
  ck_assert_int_eq(link_at(&res, 0, 0, 0, 0)->verdict, DC_UNDETERMINED);
  dc_spec_result_free(s, &res);
}
END_TEST

/* ---- the finite-difference cross-check ---- */

struct fd_case {
  struct dc_dcheck c;
  struct dc_tape *tape;
  struct dc_fdiff fd;
  mpfr_t x;
  mpfr_srcptr in[1];
};

/* f(h) = exp(2h) + h^3 by the hole h; sym as given; at = x. */
static void fd_setup(struct fd_case *k, const char *sym, int order,
                     const char *xval)
{
  struct dc_expansion ex;
  struct dc_node *roots[3], *h, *xn, *f;
  dc_expansion_init(&ex);
  xn = dc_name_node(ctx, dc_intern(ctx, "x", 1));
  h = dc_hole(ctx, dc_intern(ctx, "x", 1));
  f = expanded("exp(2*x) + x^3", &ex);
  f = dc_subst(ctx, f, 1, &xn, &h);
  k->c.sym = expanded(sym, &ex);
  k->c.f = f;
  k->c.var = h;
  k->c.at = xn;
  k->c.order = order;
  dc_expansion_free(&ex);
  roots[0] = k->c.sym;
  roots[1] = k->c.at;
  roots[2] = k->c.f;
  k->tape = dc_tape_build(roots, 3, NULL);
  ck_assert_ptr_nonnull(k->tape);
  dc_fdiff_init(&k->fd, k->c.f, order);
  ck_assert_int_eq(dc_fdiff_add(&k->fd, &k->c, 0, 1), 0);
  ck_assert_int_eq(dc_fdiff_ready(&k->fd, k->tape), 0);
  mpfr_init2(k->x, 64);
  ck_assert_int_eq(mpfr_set_str(k->x, xval, 10, MPFR_RNDN), 0);
  /* every input of this tape is x (the hole is a second input) */
  ck_assert_uint_le(dc_tape_ninputs(k->tape), 2);
}

static int fd_run(struct fd_case *k, long prec)
{
  mpfr_srcptr in[2];
  struct dc_pos pos = { "fd.yaml", 4, 7 };
  in[0] = k->x;
  in[1] = k->x;
  dc_tape_eval(k->tape, prec, in);
  return dc_fdiff_check(&k->fd, k->tape, in, prec, 32, &diags, pos);
}

static void fd_teardown(struct fd_case *k)
{
  dc_fdiff_free(&k->fd);
  dc_tape_free(k->tape);
  mpfr_clear(k->x);
}

/* The n-th derivative of exp(2x) + x^3. */
static const char *const fd_right[] = {
  "2*exp(2*x) + 3*x^2", "4*exp(2*x) + 6*x", "8*exp(2*x) + 6",
  "16*exp(2*x)", "32*exp(2*x)", "64*exp(2*x)", "128*exp(2*x)",
  "256*exp(2*x)",
};

START_TEST(fd_agrees_every_order)
{
  static const char *const points[] = { "0.75", "-3.5", "0", "12.125" };
  static const long precs[] = { 64, 256 };
  size_t p, q;
  for (p = 0; p < DC_ARRAY_LEN(points); p++)
    for (q = 0; q < DC_ARRAY_LEN(precs); q++) {
      struct fd_case k;
      fd_setup(&k, fd_right[_i], _i + 1, points[p]);
      ck_assert_msg(fd_run(&k, precs[q]) == 0, "order %d at %s, %ld bits: %s",
                    _i + 1, points[p], precs[q],
                    diags.n ? diags.v[diags.n - 1].msg : "");
      ck_assert_msg(k.fd.m[0].nchecked == 1, "order %d at %s, %ld bits: skipped",
                    _i + 1, points[p], precs[q]);
      fd_teardown(&k);
    }
  ck_assert_uint_eq(diags.nerrors, 0);
}
END_TEST

START_TEST(fd_catches_wrong_derivative)
{
  /* Off by one part in 10^10: far above the cross-check's tolerance. */
  struct fd_case k;
  char wrong[128];
  snprintf(wrong, sizeof wrong, "(%s)*(1 + 10^-10)", fd_right[_i]);
  fd_setup(&k, wrong, _i + 1, "0.75");
  ck_assert_int_eq(fd_run(&k, 256), -1);
  ck_assert_uint_eq(diags.nerrors, 1);
  ck_assert(strstr(diags.v[0].msg, "internal error: symbolic derivative "
                   "disagrees with a finite difference") != NULL);
  ck_assert_int_eq(diags.v[0].pos.line, 4);
  ck_assert_int_eq(k.fd.m[0].failed, 1);
  fd_teardown(&k);
}
END_TEST

START_TEST(fd_skips_undefined_stencil)
{
  /* f = log(h) around 0: the stencil leaves the domain; no verdict. */
  struct dc_expansion ex;
  struct dc_node *roots[3], *h, *xn;
  struct dc_dcheck c;
  struct dc_tape *t;
  struct dc_fdiff fd;
  mpfr_t x;
  mpfr_srcptr in[2];
  struct dc_pos pos = { NULL, 0, 0 };
  dc_expansion_init(&ex);
  xn = dc_name_node(ctx, dc_intern(ctx, "x", 1));
  h = dc_hole(ctx, dc_intern(ctx, "x", 1));
  c.f = dc_subst(ctx, expanded("log(x)", &ex), 1, &xn, &h);
  c.sym = expanded("7", &ex);
  c.var = h;
  c.at = xn;
  c.order = 1;
  dc_expansion_free(&ex);
  roots[0] = c.sym;
  roots[1] = c.at;
  roots[2] = c.f;
  t = dc_tape_build(roots, 3, NULL);
  dc_fdiff_init(&fd, c.f, 1);
  ck_assert_int_eq(dc_fdiff_add(&fd, &c, 0, 1), 0);
  ck_assert_int_eq(dc_fdiff_ready(&fd, t), 0);
  mpfr_init2(x, 64);
  mpfr_set_zero(x, 1);
  in[0] = in[1] = x;
  dc_tape_eval(t, 256, in);
  ck_assert_int_eq(dc_fdiff_check(&fd, t, in, 256, 32, &diags, pos), 0);
  ck_assert_uint_eq(fd.m[0].nchecked, 0);
  ck_assert_uint_eq(diags.nerrors, 0);
  dc_fdiff_free(&fd);
  dc_tape_free(t);
  mpfr_clear(x);
}
END_TEST

/*
** A group: the first derivatives of one f by three symbols, checked along
** one direction.  The partials are by hand; `wrong` (0..2, or -1) is off
** by one part in 10^10, and the term of a is 10^-40 of the others, so it
** is checked in a band of its own.
*/
static int fd_group(int wrong, struct dc_fdiff *fd)
{
  static const char *const vars[] = { "a", "b", "c" };
  static const char *const parts[] = {
    "10^-40*b*exp(10^-40*a*b)",
    "10^-40*a*exp(10^-40*a*b) + 2*b*c",
    "b^2 + 1/c",
  };
  struct dc_expansion ex;
  struct dc_dcheck c[3];
  struct dc_node *roots[6], *f;
  struct dc_tape *t;
  mpfr_t x[3];
  mpfr_srcptr in[3];
  struct dc_pos pos = { "group.yaml", 9, 3 };
  size_t k;
  int rc;
  dc_expansion_init(&ex);
  f = expanded("exp(10^-40*a*b) + b^2*c + log(c)", &ex);
  for (k = 0; k < 3; k++) {
    char sym[160];
    snprintf(sym, sizeof sym, (int)k == wrong ? "(%s)*(1 + 10^-10)" : "%s",
             parts[k]);
    c[k].sym = expanded(sym, &ex);
    c[k].f = f;
    c[k].var = dc_name_node(ctx, dc_intern(ctx, vars[k], 1));
    c[k].at = c[k].var;
    c[k].order = 1;
    roots[2 * k] = c[k].sym;
    roots[2 * k + 1] = c[k].at;
  }
  dc_expansion_free(&ex);
  t = dc_tape_build(roots, 6, NULL);
  ck_assert_ptr_nonnull(t);
  dc_fdiff_init(fd, f, 1);
  for (k = 0; k < 3; k++) {
    ck_assert_int_eq(dc_fdiff_has(fd, &c[k]), 0);
    ck_assert_int_eq(dc_fdiff_add(fd, &c[k], 2 * k, 2 * k + 1), 0);
  }
  ck_assert_int_eq(dc_fdiff_has(fd, &c[1]), 1);
  ck_assert_int_eq(dc_fdiff_ready(fd, t), 0);
  ck_assert_uint_eq(dc_tape_ninputs(t), 3);
  for (k = 0; k < 3; k++) {
    mpfr_init2(x[k], 64);
    in[dc_tape_input_index(t, c[k].var)] = x[k];
  }
  mpfr_set_d(x[0], 0.625, MPFR_RNDN);
  mpfr_set_d(x[1], -1.375, MPFR_RNDN);
  mpfr_set_d(x[2], 2.25, MPFR_RNDN);
  dc_tape_eval(t, 256, in);
  rc = dc_fdiff_check(fd, t, in, 256, 32, &diags, pos);
  /* fd keeps pointers into c: the verdicts are read now, then freed */
  for (k = 0; k < 3; k++)
    ck_assert_msg(fd->m[k].failed == ((int)k == wrong) &&
                  fd->m[k].nchecked == ((int)k != wrong),
                  "member %zu: failed %d, checked %zu", k, fd->m[k].failed,
                  fd->m[k].nchecked);
  dc_fdiff_free(fd);
  dc_tape_free(t);
  for (k = 0; k < 3; k++)
    mpfr_clear(x[k]);
  return rc;
}

START_TEST(fd_group_agrees)
{
  struct dc_fdiff fd;
  ck_assert_int_eq(fd_group(-1, &fd), 0);
  ck_assert_uint_eq(diags.nerrors, 0);
}
END_TEST

START_TEST(fd_group_names_the_wrong_one)
{
  static const char *const names[] = { "respect to a ", "respect to b ",
                                       "respect to c " };
  struct dc_fdiff fd;
  ck_assert_int_eq(fd_group(_i, &fd), -1);
  ck_assert_uint_eq(diags.nerrors, 1);
  ck_assert_msg(strstr(diags.v[0].msg, names[_i]) != NULL, "%s",
                diags.v[0].msg);
}
END_TEST

static Suite *verify_suite(void)
{
  Suite *s = suite_create("verify");
  TCase *tc = tcase_create("sampling");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, rng_known_answer);
  tcase_add_test(tc, rng_deterministic);
  tcase_add_loop_test(tc, sample_inside_domain, 0, DC_ARRAY_LEN(domains));
  tcase_add_test(tc, sample_real_line_scales);
  tcase_add_test(tc, sample_every_bit_drawn);
  tcase_add_test(tc, strata_cover_every_fifth);
  suite_add_tcase(s, tc);

  tc = tcase_create("tolerance");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, values_agree_rules);
  tcase_add_test(tc, confirmation_rules);
  tcase_add_test(tc, compare_raises_precision);
  tcase_add_loop_test(tc, poly12_cancellation_at_points, 0,
                      DC_ARRAY_LEN(poly_points));
  suite_add_tcase(s, tc);

  tc = tcase_create("verdicts");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 20);
  tcase_add_loop_test(tc, identities_pass, 0, DC_ARRAY_LEN(identities));
  tcase_add_loop_test(tc, falsehoods_fail, 0, DC_ARRAY_LEN(falsehoods));
  tcase_add_test(tc, tiny_difference_fails_exactly);
  tcase_add_test(tc, counterexample_is_consistent);
  tcase_add_loop_test(tc, undetermined_reason, 0,
                      DC_ARRAY_LEN(undetermined));
  tcase_add_test(tc, few_points_still_pass);
  tcase_add_test(tc, where_names_and_structure);
  tcase_add_test(tc, deterministic_for_a_seed);
  tcase_add_test(tc, expansion_error_is_input_error);
  tcase_add_test(tc, fuzz_nested_diff_node_limit);
  tcase_add_test(tc, arena_budget_is_input_error);
  suite_add_tcase(s, tc);

  tc = tcase_create("narrow where domains");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 30);
  tcase_add_loop_test(tc, narrow_domain_true_passes, 0,
                      DC_ARRAY_LEN(narrow_true));
  tcase_add_loop_test(tc, narrow_domain_false_fails, 0,
                      DC_ARRAY_LEN(narrow_false));
  tcase_add_loop_test(tc, narrow_domain_nowhere_undetermined, 0,
                      DC_ARRAY_LEN(narrow_none));
  tcase_add_loop_test(tc, narrow_domain_deterministic, 0,
                      DC_ARRAY_LEN(narrow_false));
  tcase_add_loop_test(tc, narrow_domain_every_seed, 0, 10);
  suite_add_tcase(s, tc);

  tc = tcase_create("finite differences");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_loop_test(tc, fd_agrees_every_order, 0, DC_ARRAY_LEN(fd_right));
  tcase_add_loop_test(tc, fd_catches_wrong_derivative, 0,
                      DC_ARRAY_LEN(fd_right));
  tcase_add_test(tc, fd_skips_undefined_stencil);
  tcase_add_test(tc, fd_group_agrees);
  tcase_add_loop_test(tc, fd_group_names_the_wrong_one, 0, 3);
  suite_add_tcase(s, tc);
  return s;
}

DC_TEST_MAIN(verify_suite)
