/*
** lex.c: the expression tokenizer.
**
** One pass over the bytes with a character-class table for the ASCII
** range.  Everything outside ASCII is decoded as UTF-8 only to say what the
** author probably meant (typographic minus, multiplication signs, Greek
** letters pasted from a paper); none of it is ever part of a token.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "expr/limits.h"
#include "parser/lex.h"

/* ORDER TOK */
static const char *const spellings[DC_TOK_COUNT] = {
  "end of expression", "bad character", "number", "name",
  "'+'", "'-'", "'*'", "'/'", "'^'", "'**'",
  "'('", "')'", "'['", "']'", "','", "'='", "'''",
};

const char *dc_tok_spelling(enum dc_tok kind)
{
  return kind < DC_TOK_COUNT ? spellings[kind] : "token";
}

/* ---- character classes ---- */

enum { C_BAD, C_SPACE, C_DIGIT, C_ALPHA, C_DOT, C_PUNCT };

/* The class of an ASCII byte; every byte >= 0x80 is C_BAD here. */
static int cls(unsigned char c)
{
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
    return C_SPACE;
  if (c >= '0' && c <= '9')
    return C_DIGIT;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
    return C_ALPHA;
  if (c == '.')
    return C_DOT;
  if (c != 0 && strchr("+-*/^()[],='", c))
    return C_PUNCT;
  return C_BAD;
}

static int is_digit_at(const struct dc_lexer *lx, size_t i)
{
  return i < lx->len && cls((unsigned char)lx->text[i]) == C_DIGIT;
}

void dc_lex_init(struct dc_lexer *lx, const char *text, size_t len)
{
  lx->text = text;
  lx->len = len;
  lx->pos = 0;
  lx->msg[0] = '\0';
}

/* ---- bad bytes ---- */

/* Decode one UTF-8 character at s[0..n); its length, or 0 when the bytes
** are not well-formed UTF-8 (overlong forms and surrogates included). */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
  size_t len, i;
  unsigned long c, min;

  if (s[0] >= 0xC2 && s[0] <= 0xDF) {
    len = 2; c = s[0] & 0x1Fu; min = 0x80;
  } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
    len = 3; c = s[0] & 0x0Fu; min = 0x800;
  } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
    len = 4; c = s[0] & 0x07u; min = 0x10000;
  } else {
    return 0;
  }
  if (len > n)
    return 0;
  for (i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    c = (c << 6) | (s[i] & 0x3Fu);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
    return 0;
  *cp = c;
  return len;
}

/* Greek letters, spelled as derivcheck names (and as LaTeX commands).
** Index: code point - 0x391 for capitals, - 0x3B1 for small letters. */
static const char *const greek_small[25] = {
  "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
  "iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho",
  "sigma" /* final sigma */, "sigma", "tau", "upsilon", "phi", "chi", "psi",
  "omega",
};
static const char *const greek_capital[25] = {
  "Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta",
  "Iota", "Kappa", "Lambda", "Mu", "Nu", "Xi", "Omicron", "Pi", "Rho",
  NULL /* U+03A2 is unassigned */, "Sigma", "Tau", "Upsilon", "Phi", "Chi",
  "Psi", "Omega",
};

static const char *greek_name(unsigned long cp)
{
  if (cp >= 0x3B1 && cp <= 0x3C9)
    return greek_small[cp - 0x3B1];
  if (cp >= 0x391 && cp <= 0x3A9)
    return greek_capital[cp - 0x391];
  switch (cp) {
  case 0xB5:  return "mu";       /* micro sign */
  case 0x3D1: return "theta";    /* theta symbol */
  case 0x3D5: return "phi";      /* phi symbol */
  case 0x3F5: return "epsilon";  /* lunate epsilon */
  default:    return NULL;
  }
}

/* Characters people paste from typeset maths, and what to write instead. */
static const struct {
  unsigned long cp;
  const char *advice;
} lookalikes[] = {
  { 0x2212, "use '-' for minus" },
  { 0x2013, "use '-' for minus" },          /* en dash */
  { 0x2014, "use '-' for minus" },          /* em dash */
  { 0x00D7, "use '*' for multiplication" },
  { 0x00B7, "use '*' for multiplication" },
  { 0x22C5, "use '*' for multiplication" }, /* dot operator */
  { 0x2217, "use '*' for multiplication" }, /* asterisk operator */
  { 0x2219, "use '*' for multiplication" }, /* bullet operator */
  { 0x00F7, "use '/' for division" },
  { 0x2215, "use '/' for division" },
  { 0x2019, "use the ASCII apostrophe ' for a prime" },
  { 0x2032, "use the ASCII apostrophe ' for a prime" },
  { 0x00B2, "write powers as ^2" },
  { 0x00B3, "write powers as ^3" },
  { 0x00A0, "non-breaking space: use an ordinary space" },
  { 0x221A, "write sqrt(x) for a square root" },
  { 0x2202, "write pdiff(E, v) for a partial derivative" },
};

/* Fill lx->msg for the bad byte(s) at pos; returns how many bytes the
** error token covers. */
static size_t explain_bad(struct dc_lexer *lx, size_t pos)
{
  const unsigned char *s = (const unsigned char *)lx->text + pos;
  unsigned long cp = 0;
  size_t n, i;
  const char *g;

  if (s[0] == 0) {
    snprintf(lx->msg, sizeof lx->msg, "NUL byte in expression");
    return 1;
  }
  if (s[0] < 0x80) {
    if (s[0] < 0x20 || s[0] == 0x7F)
      snprintf(lx->msg, sizeof lx->msg,
               "unexpected control character 0x%02x", s[0]);
    else
      snprintf(lx->msg, sizeof lx->msg, "unexpected character '%c'", s[0]);
    return 1;
  }
  n = utf8_decode(s, lx->len - pos, &cp);
  if (n == 0) {
    snprintf(lx->msg, sizeof lx->msg, "invalid UTF-8 byte 0x%02x", s[0]);
    return 1;
  }
  for (i = 0; i < sizeof lookalikes / sizeof lookalikes[0]; i++)
    if (lookalikes[i].cp == cp) {
      snprintf(lx->msg, sizeof lx->msg, "unexpected character '%.*s' (U+%04lX): %s",
               (int)n, (const char *)s, cp, lookalikes[i].advice);
      return n;
    }
  g = greek_name(cp);
  if (g)
    snprintf(lx->msg, sizeof lx->msg,
             "Greek letter '%.*s': write its name, %s", (int)n,
             (const char *)s, g);
  else
    snprintf(lx->msg, sizeof lx->msg, "unexpected character '%.*s' (U+%04lX)",
             (int)n, (const char *)s, cp);
  return n;
}

/* ---- numbers ---- */

/*
** NUMBER := digits ['.' digits*] [exp] | '.' digits [exp]
** exp    := ('e'|'E') ['+'|'-'] digits     (only when a digit follows)
** Counts mantissa digits and the exponent's size against
** DC_MAX_NUMBER_DIGITS; *err is set (with lx->msg) when one is exceeded.
*/
static size_t scan_number(struct dc_lexer *lx, size_t i, int *err)
{
  size_t ndigits = 0;
  unsigned long ex = 0;

  *err = 0;
  while (is_digit_at(lx, i)) {
    i++;
    ndigits++;
  }
  if (i < lx->len && lx->text[i] == '.') {
    i++;
    while (is_digit_at(lx, i)) {
      i++;
      ndigits++;
    }
  }
  if (i < lx->len && (lx->text[i] == 'e' || lx->text[i] == 'E')) {
    size_t j = i + 1;
    if (j < lx->len && (lx->text[j] == '+' || lx->text[j] == '-'))
      j++;
    if (is_digit_at(lx, j)) {
      i = j;
      while (is_digit_at(lx, i)) {
        if (ex <= DC_MAX_NUMBER_DIGITS)   /* saturate: only "too big" matters */
          ex = ex * 10 + (unsigned long)(lx->text[i] - '0');
        i++;
      }
    }
  }
  if (ndigits > DC_MAX_NUMBER_DIGITS) {
    snprintf(lx->msg, sizeof lx->msg,
             "number has more than %d digits",
             DC_MAX_NUMBER_DIGITS);
    *err = 1;
  } else if (ex > DC_MAX_NUMBER_DIGITS) {
    snprintf(lx->msg, sizeof lx->msg,
             "number exponent exceeds %d",
             DC_MAX_NUMBER_DIGITS);
    *err = 1;
  }
  return i;
}

int dc_lex_number(const char *s, size_t n, mpq_t out)
{
  char *digits = malloc(n + 2);
  size_t i = 0, nd = 0;
  long frac = 0, ex = 0, scale;
  int seen_dot = 0, neg_ex = 0;
  mpz_t pow10;

  if (!digits)
    return -1;
  for (; i < n && s[i] != 'e' && s[i] != 'E'; i++) {
    if (s[i] == '.') {
      seen_dot = 1;
      continue;
    }
    digits[nd++] = s[i];
    frac += seen_dot;
  }
  if (i < n) {                    /* exponent: bounded by the lexer */
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-'))
      neg_ex = s[i++] == '-';
    for (; i < n; i++)
      if (ex <= DC_MAX_NUMBER_DIGITS)
        ex = ex * 10 + (s[i] - '0');
  }
  if (nd == 0)
    digits[nd++] = '0';
  digits[nd] = '\0';
  mpq_set_ui(out, 0, 1);
  if (mpz_set_str(mpq_numref(out), digits, 10) != 0) {
    free(digits);
    return -1;
  }
  free(digits);
  scale = (neg_ex ? -ex : ex) - frac;
  mpz_init(pow10);
  mpz_ui_pow_ui(pow10, 10, (unsigned long)(scale < 0 ? -scale : scale));
  if (scale >= 0)
    mpz_mul(mpq_numref(out), mpq_numref(out), pow10);
  else
    mpz_set(mpq_denref(out), pow10);
  mpz_clear(pow10);
  mpq_canonicalize(out);
  return 0;
}

/* ---- tokens ---- */

static struct dc_token make(struct dc_lexer *lx, enum dc_tok kind,
                            size_t off, size_t end)
{
  struct dc_token t;
  t.kind = kind;
  t.off = off;
  t.len = end - off;
  lx->pos = end;
  return t;
}

static enum dc_tok punct_kind(char c)
{
  switch (c) {
  case '+': return DC_TOK_PLUS;
  case '-': return DC_TOK_MINUS;
  case '*': return DC_TOK_STAR;
  case '/': return DC_TOK_SLASH;
  case '^': return DC_TOK_CARET;
  case '(': return DC_TOK_LPAREN;
  case ')': return DC_TOK_RPAREN;
  case '[': return DC_TOK_LBRACKET;
  case ']': return DC_TOK_RBRACKET;
  case ',': return DC_TOK_COMMA;
  case '=': return DC_TOK_EQ;
  default:  return DC_TOK_PRIME;
  }
}

struct dc_token dc_lex_next(struct dc_lexer *lx)
{
  size_t i = lx->pos, start;
  int err;

  while (i < lx->len && cls((unsigned char)lx->text[i]) == C_SPACE)
    i++;
  if (i >= lx->len)
    return make(lx, DC_TOK_EOF, lx->len, lx->len);
  start = i;
  switch (cls((unsigned char)lx->text[i])) {
  case C_DIGIT:
    i = scan_number(lx, i, &err);
    return make(lx, err ? DC_TOK_ERROR : DC_TOK_NUMBER, start, i);
  case C_DOT:
    if (is_digit_at(lx, i + 1)) {
      i = scan_number(lx, i, &err);
      return make(lx, err ? DC_TOK_ERROR : DC_TOK_NUMBER, start, i);
    }
    snprintf(lx->msg, sizeof lx->msg,
             "unexpected '.': a decimal needs a digit after the point, e.g. 0.5");
    return make(lx, DC_TOK_ERROR, start, i + 1);
  case C_ALPHA:
    while (i < lx->len && (cls((unsigned char)lx->text[i]) == C_ALPHA ||
                           cls((unsigned char)lx->text[i]) == C_DIGIT))
      i++;
    return make(lx, DC_TOK_NAME, start, i);
  case C_PUNCT:
    if (lx->text[i] == '*' && i + 1 < lx->len && lx->text[i + 1] == '*')
      return make(lx, DC_TOK_STARSTAR, start, i + 2);
    return make(lx, punct_kind(lx->text[i]), start, i + 1);
  default:
    return make(lx, DC_TOK_ERROR, start, i + explain_bad(lx, i));
  }
}
