/*
** atoms.c: the variables of a normal form (simplify/normal.h): free
** symbols, atoms keyed by their normalised arguments, and names.
**
** Lookups are linear: a problem holds at most DC_RF_MAX_VARS variables.
*/
#include <stdlib.h>
#include <string.h>
#include "simplify/atoms.h"
#include "simplify/present.h"
#include "simplify/cost.h"

static struct dc_var *new_var(struct dc_nf *nf, enum dc_var_kind kind)
{
  struct dc_var *v;
  if (nf->nvars >= DC_RF_MAX_VARS) {
    nf->why = "too many distinct atoms";
    return NULL;
  }
  v = &nf->vars[nf->nvars];
  memset(v, 0, sizeof *v);
  v->kind = kind;
  v->fn = -1;
  v->sym = -1;
  mpq_init(v->scale);
  dc_rf_init(&v->arg, &nf->ring);
  dc_rf_init(&v->arg2, &nf->ring);
  nf->nvars++;
  return v;
}

void dc_atoms_clear(struct dc_nf *nf)
{
  int i;
  for (i = 0; i < nf->nvars; i++) {
    mpq_clear(nf->vars[i].scale);
    dc_rf_clear(&nf->vars[i].arg, &nf->ring);
    dc_rf_clear(&nf->vars[i].arg2, &nf->ring);
    free(nf->vars[i].key);
  }
  nf->nvars = 0;
}

int dc_atom_symbol(struct dc_nf *nf, const struct dc_name *name)
{
  int i;
  struct dc_var *v;
  for (i = 0; i < nf->nvars; i++)
    if (nf->vars[i].kind == DC_VAR_SYMBOL && nf->vars[i].name == name)
      return i;
  v = new_var(nf, DC_VAR_SYMBOL);
  if (!v)
    return -1;
  v->name = name;
  return nf->nvars - 1;
}

int dc_atom_const(struct dc_nf *nf, enum dc_var_kind kind)
{
  int i;
  for (i = 0; i < nf->nvars; i++)
    if (nf->vars[i].kind == kind)
      return i;
  return new_var(nf, kind) ? nf->nvars - 1 : -1;
}

int dc_atom_call(struct dc_nf *nf, enum dc_var_kind kind, int fn,
                 const struct dc_rf *arg, const struct dc_rf *arg2)
{
  int i;
  struct dc_var *v;
  for (i = 0; i < nf->nvars; i++) {
    const struct dc_var *w = &nf->vars[i];
    if (w->kind == kind && w->fn == fn &&
        dc_rf_equal(&w->arg, arg, &nf->ring) &&
        (!arg2 || dc_rf_equal(&w->arg2, arg2, &nf->ring)))
      return i;
  }
  v = new_var(nf, kind);
  if (!v)
    return -1;
  v->fn = fn;
  dc_rf_set(&v->arg, arg, &nf->ring);
  if (arg2)
    dc_rf_set(&v->arg2, arg2, &nf->ring);
  return nf->nvars - 1;
}

int dc_atom_exp_unit(struct dc_nf *nf, int sym, const mpq_t scale)
{
  int i;
  struct dc_var *v;
  for (i = 0; i < nf->nvars; i++)
    if (nf->vars[i].kind == DC_VAR_EXP && nf->vars[i].sym == sym)
      return i;
  v = new_var(nf, DC_VAR_EXP);
  if (!v)
    return -1;
  v->sym = sym;
  mpq_set(v->scale, scale);
  return nf->nvars - 1;
}

int dc_nf_add_name(struct dc_nf *nf, struct dc_node *tree)
{
  struct dc_var *v = new_var(nf, DC_VAR_NAME);
  if (!v)
    return -1;
  v->tree = tree;
  return nf->nvars - 1;
}

const char *dc_nf_var_key(struct dc_nf *nf, int var)
{
  struct dc_var *v = &nf->vars[var];
  if (!v->key) {
    struct dc_node *t = dc_present_var(nf, var);
    char *s = t ? dc_tree_key(t) : NULL;
    /* Names and symbols by spelling (a*y, as the reference post writes
    ** it), then calls and other atoms (x*exp(x)). */
    int atom = !(t && t->kind == DC_NAME);
    size_t n = s ? strlen(s) : 0;
    v->key = malloc(n + 2);
    if (!v->key) {
      free(s);
      return "";
    }
    v->key[0] = atom ? '~' : ' ';
    if (s)
      memcpy(v->key + 1, s, n);
    v->key[n + 1] = '\0';
    free(s);
  }
  return v->key;
}
