/*
** names.h: results in the author's names.
**
** A name n (a where name, or a call such as sigma(x) or tanh(x)) with
** definition N/D in the same ring gives the side relation N - n*D = 0.
** When that relation has degree 1 in one of its variables t (after
** writing t^g as one unknown, g the GCD of t's exponents in the relation
** and the target), it is solved, t^g = -B/A, and substituted into the
** target, which then no longer holds t: with a = sigma(z), u = exp(-z),
** a*(1 + u) - 1 = 0 gives u = (1 - a)/a.  Every variable of every name is
** tried; the substitution whose presentation (simplify/present.h) is
** cheapest is kept when it is no dearer than the target as it stands.
*/
#ifndef DC_NAMES_H
#define DC_NAMES_H

#include "simplify/normal.h"


/*
** Rewrite f and terms[0..nterms) (the same value as f, split into terms;
** may be empty) through the relations, in order.  0, or -1 when the
** budget ran out (f and terms are then what was reached, still equal to
** what they were).
*/
int dc_names_rewrite(struct dc_nf *nf, size_t nrel,
                     const struct dc_relation *rel, struct dc_rf *f,
                     size_t nterms, struct dc_rf *terms);

#endif
