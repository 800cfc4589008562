/*
** internal.h: helpers shared by the files of verify/ and nothing else.
*/
#ifndef DC_VERIFY_INTERNAL_H
#define DC_VERIFY_INTERNAL_H

#include <stddef.h>
#include <mpfr.h>
#include "expr/node.h"
#include "expr/walk.h"

/* True when the (finite) value x lies in dom; NULL is the real line.  The
** comparison is against the exact rational bounds. */
int dc_domain_contains_fr(const struct dc_domain *dom, mpfr_srcptr x);

struct dc_tape;

/* The domain an input leaf of a tape is drawn from (NULL: the real line):
** a symbol's declared domain. */
const struct dc_domain *dc_input_domain(const struct dc_node *leaf);

/* Registers of a tape: one per distinct node (for tests of sharing). */
size_t dc_tape_nregs(const struct dc_tape *t);

/* Magnitude of a subtree whose values are all zero: below every exponent
** a nonzero MPFR value can have. */
#define DC_MAG_NONE (mpfr_get_emin_min() - 1)

/* The input slots of tape t that value v depends on (malloc'd into
** *slots, *n of them; *n starts at 0).  0, or -1 on out-of-memory. */
int dc_tape_inputs_of(const struct dc_tape *t, struct dc_node *v,
                      size_t **slots, size_t *n);

#endif
