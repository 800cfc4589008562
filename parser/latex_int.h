/*
** latex_int.h: the LaTeX reader's state, shared by its two halves:
** parser/latex_names.c (names, subscripts, accents, operator words) and
** parser/latex_read.c (the grammar).
*/
#ifndef DC_LATEX_INT_H
#define DC_LATEX_INT_H

#include "parser/latex_lex.h"
#include "parser/latex_read.h"

#define DC_LATEX_NAME_MAX 96

struct dc_lreader {
  struct dc_ctx *ctx;
  const char *text;
  size_t len;
  struct dc_srcmap map;
  const struct dc_latex_env *env;
  struct dc_diags *diags;
  struct dc_ltoken *t;          /* the tokens, ending with DC_LT_EOF */
  size_t i;                     /* the next token */
  int failed;
  int depth;
  int in_abs;                   /* inside | |: a bar closes */
};

/* The current token, and the one k places after it (EOF past the end). */
const struct dc_ltoken *dc_lr_cur(const struct dc_lreader *r);
const struct dc_ltoken *dc_lr_peek(const struct dc_lreader *r, size_t k);
int dc_lr_is(const struct dc_lreader *r, size_t k, const char *cmd);

/* Record the first error, at token tok (its text is quoted). */
void dc_lr_fail(struct dc_lreader *r, const struct dc_ltoken *tok,
                const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Whether the spelling s[0..n) is declared in the context (symbol,
** function, definition, or an extra name). */
int dc_lr_known(const struct dc_lreader *r, const char *s, size_t n);

/*
** Read a name at the current token into buf (NUL-terminated): letters
** (adjacent ones merged when the merged name is known), Greek letters,
** accents (\hat{y} -> yhat), \mathrm{...}, then a subscript (x_{i1} ->
** x_i1; w_{12} -> w12, or w_12 when that is what is declared).  Returns 1
** when a name was read, 0 when the token starts no name (nothing
** consumed), -1 after an error.
*/
int dc_lr_name(struct dc_lreader *r, char *buf, size_t cap);

/* Whether the current token starts a name (for juxtaposition). */
int dc_lr_starts_name(const struct dc_lreader *r);

/* The builtin spelling of an operator command at the current token (\sin
** -> "sin", \arcsin -> "asin", \operatorname{erf} -> "erf"), and how many
** tokens it takes; NULL when it is none. */
const char *dc_lr_operator(const struct dc_lreader *r, size_t *ntok);

/* Whether token k (from the current) is a Leibniz d: the letter d (not
** declared), \mathrm{d}, or \partial (*partial set); its token count or 0. */
size_t dc_lr_leibniz_d(const struct dc_lreader *r, size_t k, int *partial);

/* expr := ['+'|'-'] term (('+'|'-') term)*  (parser/latex_read.c) */
struct dc_node *dc_lr_expr(struct dc_lreader *r);

#endif
