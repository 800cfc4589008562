/*
** latex_lex.h: the tokenizer of the LaTeX reader (parser/latex_read.h).
**
** The whole text is cut into tokens up front, so that the reader can look
** ahead as far as a Leibniz fraction or a run of letters needs.  Letters
** are single tokens (juxtaposition: `xy` is x times y unless the context
** declares `xy`); `adjacent` says whether a token touches the one before
** it, which decides whether letters may form one name.  Spacing commands
** (\, \; \quad \displaystyle \big ...) and alignment marks (&) make no
** token at all.  Offsets point into the text for diagnostics.
*/
#ifndef DC_LATEX_LEX_H
#define DC_LATEX_LEX_H

#include <stddef.h>

enum dc_ltok {
  DC_LT_EOF,
  DC_LT_NUMBER,         /* 12, 0.5 */
  DC_LT_LETTER,         /* one ASCII letter */
  DC_LT_CMD,            /* \name or \ + one symbol (\{ \| \\); text is it */
  DC_LT_LBRACE, DC_LT_RBRACE,
  DC_LT_LPAREN, DC_LT_RPAREN,
  DC_LT_LBRACKET, DC_LT_RBRACKET,
  DC_LT_PLUS, DC_LT_MINUS, DC_LT_STAR, DC_LT_SLASH,
  DC_LT_CARET, DC_LT_UNDERSCORE, DC_LT_PRIME,
  DC_LT_EQ, DC_LT_COMMA, DC_LT_BAR,
  DC_LT_OTHER           /* anything else: < > ! ; : . and non-ASCII */
};

struct dc_ltoken {
  enum dc_ltok kind;
  size_t off, len;
  int adjacent;         /* no space between this token and the previous */
};

struct dc_ltokens {
  struct dc_ltoken *v;  /* ends with one DC_LT_EOF token */
  size_t n;
};

/* Tokenize text[0..len); -1 when out of memory. */
int dc_latex_lex(const char *text, size_t len, struct dc_ltokens *out);
void dc_latex_tokens_free(struct dc_ltokens *t);

/* Whether token t is the command `name` (without the backslash). */
int dc_ltok_is(const char *text, const struct dc_ltoken *t, const char *name);

/* Whether the command word s[0..n) (no backslash) only spaces or sizes. */
int dc_latex_ignored_command(const char *s, size_t n);

#endif
