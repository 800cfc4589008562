/*
** tolerance.c: when two computed values count as equal.
**
** An evaluation at precision P makes errors of about 2^(m - P), where m is
** the largest magnitude among the intermediate values (cancellation can
** leave that error in a small result).  Two sides agree when they differ
** by less than that, with DC_TOL_SLACK bits to spare for error growth.  A
** disagreement is confirmed at twice the precision: a true identity's
** difference is rounding error and shrinks by about 2^P; a false one's is
** a property of the values and stays.
**
** A tolerance that is not small against the values compared decides
** nothing: x + 10^200 - 10^200 and 17 agree within 2^(665 - 256) at 256
** bits, and 2^300 + x - 2^300 is exactly 0 there.  dc_compare counts the
** bits the comparison keeps, the precision minus the bits lost to
** cancellation (the error estimate's exponent above the larger value a
** side really holds), and asks for a higher precision when more than
** DC_SAFE_LOST_BITS were lost: the one at which the asked-for precision
** survives the loss, at most dc_precision_cap(P).
*/
#include "verify/checkint.h"
#include "verify/internal.h"

/* |a - b| into diff at precision prec. */
static void abs_diff(mpfr_ptr diff, mpfr_srcptr a, mpfr_srcptr b,
                     mpfr_prec_t prec)
{
  mpfr_set_prec(diff, prec);
  mpfr_sub(diff, a, b, MPFR_RNDN);
  mpfr_abs(diff, diff, MPFR_RNDN);
}

int dc_values_agree(mpfr_ptr diff, mpfr_srcptr a, mpfr_exp_t ma,
                    mpfr_srcptr b, mpfr_exp_t mb, mpfr_prec_t prec)
{
  mpfr_exp_t m = ma > mb ? ma : mb;
  abs_diff(diff, a, b, prec);
  if (mpfr_zero_p(diff))
    return 1;
  if (!mpfr_number_p(diff) || m <= DC_MAG_NONE)
    return 0;
  /* |diff| < 2^EXP(diff), so this bounds |diff| by 2^(m - prec + slack). */
  return mpfr_get_exp(diff) <= m - (mpfr_exp_t)prec + DC_TOL_SLACK;
}

int dc_difference_confirmed(mpfr_ptr diff, mpfr_srcptr a, mpfr_exp_t ma,
                            mpfr_srcptr b, mpfr_exp_t mb, mpfr_prec_t p2,
                            mpfr_exp_t d1, mpfr_prec_t p)
{
  if (dc_values_agree(diff, a, ma, b, mb, p2))
    return 0;
  /* Shrunk by more than 2^(p/2): it was rounding after all. */
  return d1 - mpfr_get_exp(diff) <= (mpfr_exp_t)(p / 2);
}

mpfr_prec_t dc_precision_cap(mpfr_prec_t base)
{
  mpfr_prec_t cap = DC_AUTO_PRECISION_FACTOR * base;
  return cap < DC_MAX_PRECISION ? cap : DC_MAX_PRECISION;
}

/* The exponent of a side's value when it holds bits above its error
** estimate at prec, else DC_MAG_NONE (0, or rounding noise). */
static mpfr_exp_t held(mpfr_srcptr x, mpfr_exp_t mx, mpfr_prec_t prec)
{
  if (!mpfr_regular_p(x) || mx <= DC_MAG_NONE)
    return DC_MAG_NONE;
  if (mpfr_get_exp(x) <= mx - (mpfr_exp_t)prec + DC_TOL_SLACK)
    return DC_MAG_NONE;
  return mpfr_get_exp(x);
}

mpfr_exp_t dc_bits_lost(mpfr_srcptr a, mpfr_exp_t ma, mpfr_srcptr b,
                        mpfr_exp_t mb, mpfr_prec_t prec)
{
  mpfr_exp_t m = ma > mb ? ma : mb;
  mpfr_exp_t ea = held(a, ma, prec), eb = held(b, mb, prec);
  mpfr_exp_t v = ea > eb ? ea : eb;
  if (m <= DC_MAG_NONE)
    return 0;
  /* Both sides are 0 or noise: the scale is 1, so that 2^300 + x - 2^300
  ** = 0 is looked at until x shows (an identity that cancels to 0 stops
  ** at P + m bits). */
  if (v <= DC_MAG_NONE)
    v = 0;
  return m > v ? m - v : 0;
}

enum dc_cmp dc_compare(mpfr_ptr diff, mpfr_srcptr a, mpfr_exp_t ma,
                       mpfr_srcptr b, mpfr_exp_t mb, mpfr_prec_t prec,
                       mpfr_prec_t base, mpfr_prec_t *need)
{
  mpfr_exp_t lost = dc_bits_lost(a, ma, b, mb, prec);
  *need = prec;
  if (lost > DC_SAFE_LOST_BITS) {
    mpfr_exp_t want = (mpfr_exp_t)base + lost + DC_TOL_SLACK;
    mpfr_prec_t cap = dc_precision_cap(base);
    *need = want < (mpfr_exp_t)cap ? (mpfr_prec_t)want : cap;
    if (*need > prec)
      return DC_CMP_RAISE;
    if (want > (mpfr_exp_t)prec)
      return DC_CMP_UNDECIDED;  /* at the cap and still short */
  }
  return dc_values_agree(diff, a, ma, b, mb, prec) ? DC_CMP_AGREE
                                                   : DC_CMP_DISAGREE;
}
