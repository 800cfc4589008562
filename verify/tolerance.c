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
