/*
** normal.h: the exact normal form of expanded DAGs.
**
** An expanded DAG (simplify/expand.h) becomes a rational function over Q
** (simplify/ratfun.h) whose variables are
**   - the free symbols;
**   - atoms: every non-rational part, its arguments normalised first.  Each
**     exp(c + k1*v1 + ... ) of a linear argument is written e^c times powers
**     of one atom per symbol, u_v = exp(s_v * v), so exp(z)*exp(-z) cancels;
**     sinh, cosh and tanh are written through those exponentials; other
**     calls (log, sqrt, sin, ...), exp of a non-linear argument and powers
**     with a non-integer exponent are atoms keyed by their normalised
**     arguments, so equal calls are one variable;
**   - names (added by simplify/names.h): the author's where names and
**     calls, used to present results.
**
** Only rewrites that hold at every real point where the expression is
** defined are made (exp(a + b) = exp(a) exp(b), tanh = sinh/cosh, ...), so
** when two expressions have the same normal form, with the atoms taken as
** independent variables, they are equal wherever both are defined.
*/
#ifndef DC_NORMAL_H
#define DC_NORMAL_H

#include <gmp.h>
#include "expr/node.h"
#include "expr/ptrmap.h"
#include "simplify/ratfun.h"

enum dc_var_kind {
  DC_VAR_SYMBOL,                /* a free symbol */
  DC_VAR_EXP,                   /* exp(scale * symbol sym) */
  DC_VAR_E,                     /* the constant e */
  DC_VAR_PI,                    /* the constant pi */
  DC_VAR_CALL,                  /* builtin fn of the normalised arg */
  DC_VAR_EXPF,                  /* exp(arg) for a non-linear arg */
  DC_VAR_POW,                   /* arg ^ arg2, a non-integer exponent */
  DC_VAR_NAME                   /* an author's name, printed as `tree` */
};

struct dc_var {
  enum dc_var_kind kind;
  const struct dc_name *name;   /* SYMBOL: the symbol */
  int fn;                       /* CALL: builtin id */
  int sym;                      /* EXP: the symbol's variable */
  mpq_t scale;                  /* EXP */
  struct dc_rf arg, arg2;       /* CALL, EXPF, POW */
  struct dc_node *tree;         /* NAME: as written; others: a cache */
  struct dc_node *argtree;      /* EXPF: arg presented (a cache) */
  char *key;                    /* print order (see dc_nf_var_key) */
};

/* A name's side relation (simplify/names.h): the name's variable and its
** definition over the atoms. */
struct dc_relation {
  int var;                      /* the name's variable (DC_VAR_NAME) */
  struct dc_rf def;             /* its definition over the atoms */
  int atoms_only;               /* eliminate atoms, never a symbol: a call
                                   like relu2(x) = x^2 must not replace x^2 */
};

/* Hints carried from a first pass to the second: the scale of each
** symbol's exponential atom. */
struct dc_exp_hint {
  const struct dc_name *sym;
  mpq_t scale;
  int sign;                     /* orientation of the first one seen */
};

struct dc_nf {
  struct dc_ctx *ctx;
  struct dc_budget budget;
  struct dc_ring ring;
  struct dc_var vars[DC_RF_MAX_VARS];
  int nvars;
  struct dc_ptrmap memo;        /* node -> struct dc_rf * */
  struct dc_exp_hint hints[DC_RF_MAX_VARS];
  int nhints;
  int mismatch;                 /* an exp coefficient did not fit its unit */
  int depth;
  const char *why;              /* why a normal form could not be made */
  const struct dc_relation *rel;  /* the names, once known (presentation
                                     writes an atom's argument as a name) */
  size_t nrel;
  struct dc_factor_cache *factors; /* kept factorisations (factors.h) */
};

/* A normaliser with `work` budget units.  dc_nf_free releases it. */
int dc_nf_init(struct dc_nf *nf, struct dc_ctx *ctx, long work);
void dc_nf_free(struct dc_nf *nf);

/*
** Normalise roots[0..n) together (they share atoms) into out[0..n), which
** must be initialised dc_rfs of nf's ring.  0 on success; -1 when it could
** not be done within the budget or an atom was not understood (nf->why
** says which); -2 when a root is undefined everywhere (a division by a
** zero function).
*/
int dc_nf_normalise(struct dc_nf *nf, size_t n,
                    struct dc_node *const *roots, struct dc_rf *out);

/* Add a name variable printed as `tree`; its index, or -1 when full. */
int dc_nf_add_name(struct dc_nf *nf, struct dc_node *tree);

/* The key that orders variables in printed products: names and symbols
** by spelling, then atoms by their printed form. */
const char *dc_nf_var_key(struct dc_nf *nf, int var);

#endif
