/*
** rounded.h: rounded decimals (`decimals: rounded` in a spec or a post's
** front matter).
**
** With it, a decimal literal with k digits after the point, written alone
** on one side of a link (`sigma(0.3) = 0.5744`; also negated or in
** parentheses), stands for every value that rounds to it: the link holds
** when |other side - literal| <= 5 * 10^-(k+1), half a unit in the
** literal's last place.  A decimal inside a larger expression
** (`2*0.5744`) is its exact value, as always, and so is an integer.
**
** The check needs no comparison of its own: the literal side is replaced
** by clamp(X) = d + (|X - lo| - |X - hi|)/2, the other side X moved into
** [lo, hi] = [d - h, d + h].  X = clamp(X) exactly when X lies in the
** interval, and otherwise X - clamp(X) is the excess beyond its nearer
** end, so the usual comparison, its confirmation at twice the precision
** and the ball certificate of a failure all apply unchanged.
*/
#ifndef DC_ROUNDED_H
#define DC_ROUNDED_H

#include <gmp.h>
#include "expr/node.h"

/* Digits after the point (>= 1) when e is a decimal literal alone (through
** parentheses and a minus sign), its value in value; else 0. */
int dc_rounded_decimal(const struct dc_node *e, mpq_t value);

/* Which side of a link a rounded decimal is: 1 the right, 2 the left, 0
** neither.  When both are, the one with fewer digits (the right on a tie):
** the later, coarser step is the rounding. */
int dc_rounded_side(const struct dc_node *left, const struct dc_node *right);

/* clamp(x) into the interval the decimal (value, digits) stands for, or
** NULL when out of memory. */
struct dc_node *dc_rounded_clamp(struct dc_ctx *ctx, struct dc_node *x,
                                 const mpq_t value, int digits);

/* The interval [lo, hi] of the decimal as text "[lo, hi]" into buf. */
void dc_rounded_interval(char *buf, size_t len, const mpq_t value,
                         int digits);

#endif
