/*
** exact.h: exact decisions of rational links (trust: no tolerance, no
** sampling luck).
**
** When both sides of a link, expanded, are rational functions of the free
** symbols (numbers, symbols, + - * / and integer powers, domain guards),
** they can be evaluated exactly with GMP rationals.  A link whose normal
** forms differ is then disproved by a rational point inside the domains
** where both sides are defined and differ: that point and both exact
** values are the certificate.
*/
#ifndef DC_EXACT_H
#define DC_EXACT_H

#include <gmp.h>
#include "expr/node.h"

/* Points tried before giving up the search. */
#define DC_EXACT_TRIES 96

/* A point: names[i] = vals[i] for i < n (as many as the sides hold). */
struct dc_exact_cex {
  size_t n, cap;
  const struct dc_name **names; /* malloc'd, cap of them */
  mpq_t *vals;                  /* malloc'd; the first n initialised */
  mpq_t left, right;
};

void dc_exact_cex_init(struct dc_exact_cex *c);
void dc_exact_cex_clear(struct dc_exact_cex *c);
/* Bind one more name; its value (0) goes in vals[n - 1].  0, or -1 on
** out-of-memory (nothing changed). */
int dc_exact_cex_add(struct dc_exact_cex *c, const struct dc_name *name);

enum dc_exact_result {
  DC_EXACT_NOT_RATIONAL,        /* a side holds a call or a constant */
  DC_EXACT_NONE,                /* rational, but no point found */
  DC_EXACT_FOUND                /* c holds a point where the sides differ */
};

/*
** Search a rational point where the expanded DAGs a and b are both defined
** and differ.  Symbols are drawn from their declared domains (rational
** points spread over each; the seed picks where each walk starts), where-
** name domains are the DAGs' guards.
*/
enum dc_exact_result dc_exact_counterexample(const struct dc_node *a,
                                             const struct dc_node *b,
                                             unsigned long seed,
                                             struct dc_exact_cex *c);

/*
** The exact value of the expanded DAG e at the point c (its names and
** vals; left and right are not used): 0 with the value in out, 1 when e is
** undefined there, -1 when e is not rational.
*/
int dc_exact_eval(const struct dc_node *e, const struct dc_exact_cex *c,
                  mpq_t out);

/* Are both DAGs rational functions of their symbols? */
int dc_exact_is_rational(const struct dc_node *a, const struct dc_node *b);

#endif
