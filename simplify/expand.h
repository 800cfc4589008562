/*
** expand.h: from a tree as written to the expanded DAG the evaluator runs.
**
** Expansion resolves every name in a block's scope (SPEC section 3):
**   - a where name or definition becomes its (expanded) expression, wrapped
**     in DC_GUARD when the name has a domain, so points outside it are
**     rejected;
**   - pi and e become DC_CONST; other names stay DC_NAME (free symbols);
**   - a user function call becomes its body with the arguments substituted;
**   - grouping (DC_PAREN, DC_BRACKET) disappears;
**   - diff/pdiff/primes/f'(x) become symbolic derivatives (simplify/diff.h)
**     with Leibniz semantics: diff(E, v) expands every name that depends on
**     v, holds v itself as an independent variable (a DC_HOLE) even when v
**     is a where name, differentiates, then puts v's value back.
**
** Every derivative made is also recorded as a dc_dcheck, so the checker
** can compare it with a finite difference at each sample point (SPEC 4).
*/
#ifndef DC_EXPAND_H
#define DC_EXPAND_H

#include "expr/diag.h"
#include "expr/node.h"
#include "expr/scope.h"

/*
** A symbolic derivative to cross-check: at each point, the value of `sym`
** must equal the order-th derivative of `f` with respect to the leaf `var`,
** taken at var = value of `at`.  All four are expanded; `f` contains `var`
** (a DC_HOLE or DC_PARAM leaf); the others contain neither.
*/
struct dc_dcheck {
  struct dc_node *sym;
  struct dc_node *f;
  struct dc_node *var;
  struct dc_node *at;
  int order;
};

/* The derivatives made while expanding; one record per distinct sym. */
struct dc_expansion {
  struct dc_dcheck *checks;     /* malloc'd */
  size_t nchecks, cap;
};

void dc_expansion_init(struct dc_expansion *x);
void dc_expansion_free(struct dc_expansion *x);

/*
** Expand e (as written) in scope.  Appends the derivatives it makes to x.
** Returns NULL on error: a diagnostic at pos is recorded for input errors
** (a prime whose variable is ambiguous: no wrt and not exactly one free
** symbol), or ctx->oom is set.
*/
struct dc_node *dc_expand(struct dc_ctx *ctx, const struct dc_scope *scope,
                          struct dc_node *e, struct dc_expansion *x,
                          struct dc_diags *diags, struct dc_pos pos);

/*
** One expander for several expressions of one block: the expansions of
** shared pieces (a loss every link differentiates) and the gradients made
** of them are kept from one expression to the next, so a block expands and
** differentiates each piece once.  dc_expand is new + run + free.  After
** a run fails, later runs return NULL.  NULL from new: out of memory.
*/
struct dc_expander;
struct dc_expander *dc_expander_new(struct dc_ctx *ctx,
                                    struct dc_expansion *x,
                                    struct dc_diags *diags);
struct dc_node *dc_expander_run(struct dc_expander *ex,
                                const struct dc_scope *scope,
                                struct dc_node *e, struct dc_pos pos);
void dc_expander_free(struct dc_expander *ex);

/*
** The variable a prime in e (as written, in scope) differentiates by:
** scope->wrt, else the single free symbol of e.  NULL when neither gives
** exactly one (the caller reports it).
*/
struct dc_name *dc_prime_variable(struct dc_ctx *ctx,
                                  const struct dc_scope *scope,
                                  const struct dc_node *e);

#endif
