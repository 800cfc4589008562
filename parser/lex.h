/*
** lex.h: the tokenizer of derivcheck's expression language (SPEC section 3).
**
** Tokens carry byte offsets into the text, never copies, so the parser can
** point diagnostics at the exact character.  The text need not be
** NUL-terminated.  A byte the language does not use becomes a
** DC_TOK_ERROR token whose message (in the lexer) says what to write
** instead: U+2212 -> '-', a multiplication sign -> '*', a Greek letter ->
** its spelled name.  The lexer never reads past len and never fails in any
** other way.
*/
#ifndef DC_LEX_H
#define DC_LEX_H

#include <stddef.h>
#include <gmp.h>

/* ORDER TOK: keep spellings[] in lex.c in this order. */
enum dc_tok {
  DC_TOK_EOF,
  DC_TOK_ERROR,         /* a bad byte; the lexer's msg says why */
  DC_TOK_NUMBER,        /* 12, 0.5, .5, 1e-30, 2.5E+3 */
  DC_TOK_NAME,          /* [A-Za-z_][A-Za-z0-9_]* */
  DC_TOK_PLUS,
  DC_TOK_MINUS,
  DC_TOK_STAR,
  DC_TOK_SLASH,
  DC_TOK_CARET,         /* ^ */
  DC_TOK_STARSTAR,      /* ** (same meaning as ^) */
  DC_TOK_LPAREN,
  DC_TOK_RPAREN,
  DC_TOK_LBRACKET,
  DC_TOK_RBRACKET,
  DC_TOK_COMMA,
  DC_TOK_EQ,
  DC_TOK_PRIME,         /* ' */
  DC_TOK_COUNT
};

struct dc_token {
  enum dc_tok kind;
  size_t off, len;              /* the token's bytes in the text */
};

#define DC_LEX_MSG 160

struct dc_lexer {
  const char *text;
  size_t len;
  size_t pos;                   /* next byte to read */
  char msg[DC_LEX_MSG];         /* why the last DC_TOK_ERROR is bad */
};

void dc_lex_init(struct dc_lexer *lx, const char *text, size_t len);

/* The next token; DC_TOK_EOF at (and after) the end of the text. */
struct dc_token dc_lex_next(struct dc_lexer *lx);

/* How a token kind reads in messages, e.g. "'+'" or "end of expression". */
const char *dc_tok_spelling(enum dc_tok kind);

/*
** The exact value of a NUMBER token's text s[0..n) (as the lexer accepted
** it, so digit count and exponent are within DC_MAX_NUMBER_DIGITS) into
** out, which must be initialised.  0 on success, -1 when out of memory.
*/
int dc_lex_number(const char *s, size_t n, mpq_t out);

#endif
