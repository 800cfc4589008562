/*
** latex_read.h: reading display math written in LaTeX (SPEC section 7)
** into the same trees as the plain parser (parser/parse.h).
**
** The notation is what authors write by hand: \frac (\dfrac, \tfrac),
** juxtaposition and \cdot/\times for products, \left/\right and bare
** ( ) [ ] \{ \} for grouping ( ) and [ ] become DC_PAREN and DC_BRACKET as
** written, ^{...} and _{...}, \sqrt and \sqrt[n], \log \ln \exp e^{...},
** trig and hyperbolic operators with or without parentheses (\sin x,
** \sin^2 x, \sin^{-1} x), Greek letters, accents (\hat{y} is yhat),
** \mathrm/\operatorname/\text names, Leibniz fractions (\frac{dL}{dz} is
** diff(L, z), with \partial pdiff), and primes.
**
** The context decides what is ambiguous: a name declared as a function
** (name->func, or a builtin) followed by ( is a call, anything else
** followed by ( is a product; adjacent letters are one name only when
** that name is declared (a symbol, function or definition, or one of the
** extra names given, such as a block's where names).
*/
#ifndef DC_LATEX_READ_H
#define DC_LATEX_READ_H

#include <stddef.h>
#include "expr/diag.h"
#include "expr/node.h"
#include "parser/parse.h"

/* A name read as another: a post that defines f twice calls its second
** f "f__2" from that definition on (parser/post_funcs.c). */
struct dc_latex_rename {
  const char *from, *to;
};

/* Names the context knows beyond the interned declarations. */
struct dc_latex_env {
  const char *const *extra;     /* spellings, e.g. a block's where names */
  size_t nextra;
  const struct dc_latex_rename *renames;
  size_t nrenames;
};

/*
** Read one expression from text[0..len) (no '='); NULL after recording
** an error (position from map, naming the offending token) in diags.
** env may be NULL.  Warnings (sloppy TeX such as e^-x) go to diags too.
*/
struct dc_node *dc_latex_read_expr(struct dc_ctx *ctx, const char *text,
                                   size_t len, const struct dc_srcmap *map,
                                   const struct dc_latex_env *env,
                                   struct dc_diags *diags);

/* Read a chain: expressions separated by top-level '='.  Fills out->exprs
** (no name uses); 0 on success, -1 after an error. */
int dc_latex_read_chain(struct dc_ctx *ctx, const char *text, size_t len,
                        const struct dc_srcmap *map,
                        const struct dc_latex_env *env,
                        struct dc_diags *diags, struct dc_parse_out *out);

/* The byte offsets of the top-level '=' of text[0..len) (outside braces,
** parentheses and brackets), into eqs[0..cap); returns their count. */
size_t dc_latex_split_eq(const char *text, size_t len, size_t *eqs,
                         size_t cap);

/* Is s[0..len) the name of a Greek letter command (sigma, for \sigma)? */
int dc_latex_is_greek(const char *s, size_t len);

#endif
