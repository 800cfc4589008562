/*
** present.h: rational functions back to trees an author would write.
**
** The trees are "as written" trees (DC_NAME, DC_CALL, + - * / ^ and
** numbers), meaningful in the block the problem came from, so the checker
** can check them like any step and the printers typeset them.
**
** Conventions (the README's "How derive writes results"):
**   - a sum starts with a positive term when it has one; otherwise terms go
**     by falling total degree, equal degrees by the variables' order
**     (names and symbols alphabetically, then calls);
**   - a product: the number, single-variable factors in that order, then
**     sums; a factor with a constant term has it positive (1 - a, not
**     a - 1); the sign of a fraction is pulled in front;
**   - exponentials in a denominator move up with the opposite sign.
*/
#ifndef DC_PRESENT_H
#define DC_PRESENT_H

#include "simplify/normal.h"

enum dc_style {
  DC_STYLE_FACTORED,            /* numerator and denominator factored */
  DC_STYLE_SIGNED,              /* factored, any factor flipped to save the
                                   sign in front: exp(x)*(x - 1)/x^2 */
  DC_STYLE_CONTENT,             /* the numerator's content pulled out, the
                                   rest expanded: 2*x*(1 - x^2) */
  DC_STYLE_EXPANDED,            /* numerator expanded, denominator factored */
  DC_STYLE_FLAT                 /* both expanded */
};

/* The tree variable var prints as (cached). */
struct dc_node *dc_present_var(struct dc_nf *nf, int var);

/* f in one style; NULL on out-of-memory or a spent budget. */
struct dc_node *dc_present(struct dc_nf *nf, const struct dc_rf *f,
                           enum dc_style style);

/* The sum of terms[0..n), each presented in `style`, in that order. */
struct dc_node *dc_present_sum(struct dc_nf *nf, size_t n,
                               const struct dc_rf *terms, enum dc_style style);

/* Each term's numerator multiplied out in written order (no collecting,
** no reordering): -y*(1 - a) becomes -y + a*y. */
struct dc_node *dc_present_distributed(struct dc_nf *nf, size_t n,
                                       const struct dc_rf *terms);

/* The cheapest presentation of f (simplify/cost.h) over the styles, or
** of the grouped sum of terms when that is cheaper; terms may be NULL. */
struct dc_node *dc_present_best(struct dc_nf *nf, const struct dc_rf *f,
                                size_t nterms, const struct dc_rf *terms);

/* The normal form moves a square root out of a denominator (x/sqrt(a)
** = x*sqrt(a)/a); an author writes it the other way.  Moves it back in f
** where it divides out; 1 when f changed.  f keeps its value but may no
** longer be in the normal form's canonical shape: for presentation only. */
int dc_present_unrationalize(struct dc_nf *nf, struct dc_rf *f);

#endif
