/*
** atoms.h: finding or making the variables of a normal form.  Used by
** normal.c (while normalising) and names.c; see normal.h for the kinds.
** Each returns the variable's index, or -1 when the ring is full (nf->why
** is then set).
*/
#ifndef DC_ATOMS_H
#define DC_ATOMS_H

#include "simplify/normal.h"

int dc_atom_symbol(struct dc_nf *nf, const struct dc_name *name);
/* DC_VAR_E or DC_VAR_PI. */
int dc_atom_const(struct dc_nf *nf, enum dc_var_kind kind);
/* CALL (fn = builtin id), EXPF (fn = -1) or POW (arg2 = the exponent). */
int dc_atom_call(struct dc_nf *nf, enum dc_var_kind kind, int fn,
                 const struct dc_rf *arg, const struct dc_rf *arg2);
/* The exponential atom exp(scale * v) of symbol variable sym. */
int dc_atom_exp_unit(struct dc_nf *nf, int sym, const mpq_t scale);
/* Forget every variable (between the passes of dc_nf_normalise). */
void dc_atoms_clear(struct dc_nf *nf);

#endif
