/*
** latex.h: typesetting trees as written (SPEC section 5).
**
** The printer follows the author's tree: operand order, grouping and
** unsimplified forms are kept, so the output is the derivation as the author
** would write it by hand (the reference post is the model).  Every choice is
** local to a node and its parent, so a future LaTeX reader can invert it:
** the printer adds parentheses only where precedence needs them, drops the
** author's ( ) only where the typeset form already groups (a fraction's
** numerator and denominator, an exponent, a call's argument) and never
** drops [ ].
*/
#ifndef DC_LATEX_H
#define DC_LATEX_H

#include "expr/plain.h"
#include "expr/node.h"

/* Append the LaTeX of e (a tree as written) to b. */
void dc_latex_print(struct dc_buf *b, const struct dc_node *e);
/* The same as a malloc'd string (NULL on out-of-memory). */
char *dc_latex_string(const struct dc_node *e);
/* Append the LaTeX of a name: an explicit `latex:` of its symbol or
** function, else Greek letters, accents, subscripts, \mathrm (SPEC 5). */
void dc_latex_name(struct dc_buf *b, const struct dc_name *name);

#endif
