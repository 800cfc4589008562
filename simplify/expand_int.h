/*
** expand_int.h: what simplify/expand.c (names, calls, the recursion and
** its memo) shares with simplify/expand_diff.c (derivatives, primes and
** their cross-check records).  Not for other rooms: they use expand.h.
*/
#ifndef DC_EXPAND_INT_H
#define DC_EXPAND_INT_H
#include "simplify/expand.h"
#include "expr/ptrmap.h"

/* Calls, derivatives and primes keep big arrays and records on the stack.
** Kept out of line, they do not enlarge the frame of every level of
** dc_exp_expand(), the recursion that follows nesting and definition
** chains: an ASan build used 4.4 KiB of stack per chained definition with them
** inlined. */
#if defined(__GNUC__)
#define COLD __attribute__((noinline))
#else
#define COLD
#endif

/* One (scope, H) combination and its memo: written node -> expansion. */
struct frame {
  const struct dc_scope *scope;
  const struct dc_name **held;  /* H, sorted by address; malloc'd */
  size_t nheld;
  struct dc_ptrmap memo;
};

struct dc_expander {
  struct dc_ctx *ctx;
  struct dc_expansion *x;
  struct dc_diags *diags;
  struct dc_pos pos;
  struct frame *frames;         /* malloc'd; looked up linearly (few) */
  size_t nframes, cap;
  int depth;                    /* current recursion depth */
  int failed;                   /* an error was reported: stop */
  size_t first_node;            /* ctx->nnodes when this expansion began */
  struct dc_ptrmap grads;       /* F -> its gradient (see derivative()) */
  int nested;                   /* inside levels whose records get a
                                ** substitution later (held names, bodies) */
};

/* ---- simplify/expand.c ---- */

/* The expansion of written node e in frame fi (memoised). */
struct dc_node *dc_exp_expand(struct dc_expander *ex, long fi,
                              struct dc_node *e);
/* A step gave NULL without reporting: stack exhausted (an input error)
** or out of memory.  Always NULL. */
struct dc_node *dc_exp_oom(struct dc_expander *ex);
/* The work budget is spent: "check budget exceeded" at the element. */
struct dc_node *dc_exp_over_budget(struct dc_expander *ex);
/* Is n in frame f's held set H? */
int dc_exp_held_in(const struct frame *f, const struct dc_name *n);
/* The frame of fi's scope with H + {v}; -1 on out-of-memory. */
long dc_exp_frame_holding(struct dc_expander *ex, long fi,
                          const struct dc_name *v);
/* A name node expanded in frame fi. */
struct dc_node *dc_exp_expand_name(struct dc_expander *ex, long fi,
                                   struct dc_node *e);
/* fn's body over its parameter leaves (builtins: g(PARAM 0)). */
struct dc_node *dc_exp_function_body(struct dc_expander *ex, long fi,
                                     const struct dc_name *fn);

/* ---- simplify/expand_diff.c ---- */

/* from[i] := to[i] in the records made since start. */
int dc_exp_subst_records(struct dc_expander *ex, size_t start, size_t n,
                         struct dc_node *const *from,
                         struct dc_node *const *to);
/* diff(E, v, n) and pdiff, (E)' and f'(x): expanded and recorded. */
struct dc_node *dc_exp_diff(struct dc_expander *ex, long fi,
                            struct dc_node *e);
struct dc_node *dc_exp_prime(struct dc_expander *ex, long fi,
                             struct dc_node *e);
struct dc_node *dc_exp_call_prime(struct dc_expander *ex, long fi,
                                  struct dc_node *e);
/* Free the gradients the expander made (ex->grads). */
void dc_exp_grads_free(struct dc_expander *ex);
#endif
