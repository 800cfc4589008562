/*
** ratfun.h: exact rational functions over Q, on FLINT's fmpq_mpoly.
**
** A dc_rf is num/den with the two coprime and den "monic" (its leading
** coefficient in FLINT's term order is 1), so two equal rational functions
** have equal parts: equality is fmpq_mpoly_equal on both.  Every operation
** keeps that form (it cancels through the multivariate GCD).
**
** Work is bounded by a dc_budget.  FLINT calls cannot be interrupted, so
** each operation estimates its cost from the sizes of its inputs before it
** calls FLINT, and refuses (returns -1, marks the budget spent) when the
** estimate is over what remains or over the hard size limits below.  A
** FLINT abort inside an operation is caught (dc_rf_try) and also ends in a
** spent budget, never in a dead process.
*/
#ifndef DC_RATFUN_H
#define DC_RATFUN_H

#include <setjmp.h>
#include <gmp.h>
#include <flint/fmpq_mpoly.h>

/* Hard limits on one polynomial: more terms or a higher total degree than
** this is not an expression an author simplifies by hand, and the cost of
** a GCD grows fast beyond it. */
#define DC_RF_MAX_TERMS 4000
#define DC_RF_MAX_DEGREE 200

/* Variables one ring can hold (symbols, atoms and names of one problem). */
#define DC_RF_MAX_VARS 48

struct dc_budget {
  long work;                    /* units left: about one per term operation */
  int spent;                    /* 1 once an operation was refused */
  const char *why;              /* what refused it (static text) */
};

void dc_budget_init(struct dc_budget *b, long work);
/* Take `units` from b; 0, or -1 (b spent) when there are not enough. */
int dc_budget_take(struct dc_budget *b, double units, const char *why);

struct dc_ring {
  fmpq_mpoly_ctx_t ctx;
  struct dc_budget *budget;
};

void dc_ring_init(struct dc_ring *r, struct dc_budget *b);
void dc_ring_clear(struct dc_ring *r);

struct dc_rf {
  fmpq_mpoly_t num, den;
};

void dc_rf_init(struct dc_rf *f, const struct dc_ring *r);
void dc_rf_clear(struct dc_rf *f, const struct dc_ring *r);
void dc_rf_set(struct dc_rf *f, const struct dc_rf *g, const struct dc_ring *r);
void dc_rf_set_q(struct dc_rf *f, const mpq_t q, const struct dc_ring *r);
void dc_rf_set_si(struct dc_rf *f, long v, const struct dc_ring *r);
void dc_rf_set_var(struct dc_rf *f, int var, const struct dc_ring *r);

/* f = g op h.  0, or -1 when the budget refuses (f is then unspecified).
** dc_rf_div returns -2 when h is zero (the expression is undefined). */
int dc_rf_add(struct dc_rf *f, const struct dc_rf *g, const struct dc_rf *h,
              struct dc_ring *r);
int dc_rf_sub(struct dc_rf *f, const struct dc_rf *g, const struct dc_rf *h,
              struct dc_ring *r);
int dc_rf_mul(struct dc_rf *f, const struct dc_rf *g, const struct dc_rf *h,
              struct dc_ring *r);
int dc_rf_div(struct dc_rf *f, const struct dc_rf *g, const struct dc_rf *h,
              struct dc_ring *r);
int dc_rf_pow(struct dc_rf *f, const struct dc_rf *g, long e,
              struct dc_ring *r);
void dc_rf_neg(struct dc_rf *f, const struct dc_rf *g, const struct dc_ring *r);

int dc_rf_is_zero(const struct dc_rf *f, const struct dc_ring *r);
int dc_rf_equal(const struct dc_rf *f, const struct dc_rf *g,
                const struct dc_ring *r);
/* 1 when f is a rational constant; then *q (if given) is set to it. */
int dc_rf_is_const(const struct dc_rf *f, mpq_t q, const struct dc_ring *r);
/* Does f depend on variable var? */
int dc_rf_uses(const struct dc_rf *f, int var, const struct dc_ring *r);

/*
** Substitute var := s in f (s a rational function not using var).  0, -1
** (budget) or -2 (the substitution divides by zero).
*/
int dc_rf_subst(struct dc_rf *f, const struct dc_rf *g, int var,
                const struct dc_rf *s, struct dc_ring *r);

/*
** Polynomial helpers used by presentation and elimination.
*/
/* p := p with every exponent of var divided by k (all are multiples). */
int dc_poly_deflate(fmpq_mpoly_t p, int var, unsigned long k,
                    const struct dc_ring *r);
/* gcd of the exponents of var in p (0 when var is absent). */
unsigned long dc_poly_var_gcd(const fmpq_mpoly_t p, int var,
                              const struct dc_ring *r);

/*
** Catching FLINT aborts.  DC_RF_TRY(r) is true on the first pass; when
** FLINT aborts inside, control comes back with it false and the budget
** spent.  Every try must be closed by dc_rf_end_try on every path out.
*/
struct dc_rf_try {
  jmp_buf env;
  struct dc_rf_try *outer;
};
void dc_rf_begin_try(struct dc_rf_try *t);
void dc_rf_end_try(struct dc_rf_try *t);
#define DC_RF_TRY(t) (dc_rf_begin_try(t), setjmp((t)->env) == 0)

#endif
