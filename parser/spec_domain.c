/*
** spec_domain.c: the small languages inside spec scalars.
**
**   domains      "real", "positive", "nonnegative", "negative",
**                "nonpositive", or an interval "[lo, hi]", "(lo, hi)",
**                "[lo, hi)", "(lo, hi]" whose bounds are decimal numbers
**                (kept exact) or -inf / inf;
**   identifiers  what the expression language accepts as a NAME;
**   signatures   "f(x)", "g(x, y)" as keys of `functions:`.
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gmp.h>
#include "parser/spec_int.h"

int dc_spec_is_ident(const char *s, size_t n)
{
  size_t i;
  if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
    return 0;
  for (i = 1; i < n; i++)
    if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
      return 0;
  return 1;
}

int dc_spec_name_ok(struct loader *ld, const char *what,
                    const struct dc_name *name, struct dc_pos pos)
{
  if (name->builtin >= 0) {
    dc_error(ld->diags, pos, "%s '%s' is the name of a built-in function",
             what, name->s);
    return 0;
  }
  if (strcmp(name->s, "diff") == 0 || strcmp(name->s, "pdiff") == 0) {
    dc_error(ld->diags, pos, "%s '%s' is reserved for derivatives", what,
             name->s);
    return 0;
  }
  return 1;
}

static const char *skip_space(const char *s, const char *end)
{
  while (s < end && (*s == ' ' || *s == '\t'))
    s++;
  return s;
}

static const char *trim_end(const char *s, const char *end)
{
  while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
    end--;
  return end;
}

/*
** A bound: [+-]inf, or [+-]digits[.digits][e[+-]digits].  Sets *inf to
** -1/+1 for an infinity, else stores the exact value in q.  0 on success.
*/
static int parse_bound(const char *s, const char *end, int *inf, mpq_t q)
{
  int neg = 0, ndig = 0;
  long exp10 = 0, fracdig = 0;
  mpz_t num, den;
  char *digits, *d;

  s = skip_space(s, end);
  end = trim_end(s, end);
  if (s < end && (*s == '+' || *s == '-'))
    neg = *s++ == '-';
  if (end - s == 3 && memcmp(s, "inf", 3) == 0) {
    *inf = neg ? -1 : 1;
    return 0;
  }
  *inf = 0;
  digits = malloc((size_t)(end - s) + 2);
  if (!digits)
    return -1;
  d = digits;
  for (; s < end && isdigit((unsigned char)*s); s++, ndig++)
    *d++ = *s;
  if (s < end && *s == '.')
    for (s++; s < end && isdigit((unsigned char)*s); s++, ndig++, fracdig++)
      *d++ = *s;
  *d = 0;
  if (ndig == 0 || ndig > DC_MAX_NUMBER_DIGITS) {
    free(digits);
    return -1;
  }
  if (s < end && (*s == 'e' || *s == 'E')) {
    int eneg = 0, edig = 0;
    s++;
    if (s < end && (*s == '+' || *s == '-'))
      eneg = *s++ == '-';
    for (; s < end && isdigit((unsigned char)*s) && edig < 6; s++, edig++)
      exp10 = exp10 * 10 + (*s - '0');
    if (edig == 0 || exp10 > DC_MAX_NUMBER_DIGITS) {
      free(digits);
      return -1;
    }
    if (eneg)
      exp10 = -exp10;
  }
  if (s != end) {
    free(digits);
    return -1;
  }
  mpz_init(num);
  mpz_init(den);
  mpz_set_str(num, digits, 10);
  free(digits);
  exp10 -= fracdig;             /* value = num * 10^exp10 */
  if (exp10 >= 0) {
    mpz_ui_pow_ui(den, 10, (unsigned long)exp10);
    mpz_mul(num, num, den);
    mpz_set_ui(den, 1);
  } else {
    mpz_ui_pow_ui(den, 10, (unsigned long)-exp10);
  }
  if (neg)
    mpz_neg(num, num);
  mpq_set_num(q, num);
  mpq_set_den(q, den);
  mpq_canonicalize(q);
  mpz_clear(num);
  mpz_clear(den);
  return 0;
}

static struct dc_domain *new_domain(struct loader *ld)
{
  struct dc_domain *d = dc_arena_alloc(&ld->ctx->arena, sizeof *d);
  if (!d)
    ld->ctx->oom = 1;
  return d;
}

/* A half line from zero: sign > 0 is (0, inf) / [0, inf). */
static struct dc_domain *half_line(struct loader *ld, int sign, int open)
{
  struct dc_domain *d = new_domain(ld);
  mpq_t *zero = dc_new_rational(ld->ctx);
  if (!d || !zero)
    return NULL;
  if (sign > 0) {
    d->lo = zero;
    d->lo_open = open;
    d->hi_inf = d->hi_open = 1;
  } else {
    d->hi = zero;
    d->hi_open = open;
    d->lo_inf = d->lo_open = 1;
  }
  return d;
}

static int bad_domain(struct loader *ld, const struct ynode *y,
                      const char *why)
{
  dc_error(ld->diags, y->pos,
           "bad domain '%.*s': %s (use \"real\", \"positive\", "
           "\"nonnegative\", \"negative\", or an interval like \"[0, 1]\", "
           "\"(0, inf)\", \"[-1, 1)\")",
           (int)(y->len > 80 ? 80 : y->len), y->text, why);
  return -1;
}

static int parse_interval(struct loader *ld, const struct ynode *y,
                          const char *s, const char *end,
                          struct dc_domain **dom)
{
  const char *comma;
  struct dc_domain *d;
  int lo_inf, hi_inf;
  mpq_t lo, hi;
  int rc = 0;

  if (end - s < 2 || (*s != '[' && *s != '(') ||
      (end[-1] != ']' && end[-1] != ')'))
    return bad_domain(ld, y, "not a domain");
  comma = memchr(s, ',', (size_t)(end - s));
  if (!comma || memchr(comma + 1, ',', (size_t)(end - comma - 1)))
    return bad_domain(ld, y, "an interval has two bounds separated by ','");
  mpq_init(lo);
  mpq_init(hi);
  if (parse_bound(s + 1, comma, &lo_inf, lo) != 0)
    rc = bad_domain(ld, y, "the lower bound is not a number or -inf");
  else if (parse_bound(comma + 1, end - 1, &hi_inf, hi) != 0)
    rc = bad_domain(ld, y, "the upper bound is not a number or inf");
  else if (lo_inf > 0 || hi_inf < 0 ||
           (!lo_inf && !hi_inf && mpq_cmp(lo, hi) >= 0))
    rc = bad_domain(ld, y, "the lower bound must be less than the upper");
  if (rc == 0) {
    d = new_domain(ld);
    if (d) {
      /* An infinite bound is never attained, whatever bracket it has. */
      d->lo_inf = lo_inf != 0;
      d->hi_inf = hi_inf != 0;
      d->lo_open = d->lo_inf || *s == '(';
      d->hi_open = d->hi_inf || end[-1] == ')';
      if (!d->lo_inf && (d->lo = dc_new_rational(ld->ctx)) != NULL)
        mpq_set(*d->lo, lo);
      if (!d->hi_inf && (d->hi = dc_new_rational(ld->ctx)) != NULL)
        mpq_set(*d->hi, hi);
      if (ld->ctx->oom)
        d = NULL;
    }
    if (!d) {
      dc_error_oom(ld->diags, y->pos);
      rc = -1;
    }
    *dom = d;
  }
  mpq_clear(lo);
  mpq_clear(hi);
  return rc;
}

int dc_spec_domain(struct loader *ld, const struct ynode *y,
                   struct dc_domain **dom)
{
  const char *s = skip_space(y->text, y->text + y->len);
  const char *end = trim_end(s, y->text + y->len);
  size_t n = (size_t)(end - s);
  static const struct {
    const char *word;
    int sign, open;
  } words[] = {
    { "positive", 1, 1 }, { "nonnegative", 1, 0 },
    { "negative", -1, 1 }, { "nonpositive", -1, 0 },
  };
  size_t i;

  *dom = NULL;
  if (n == 4 && memcmp(s, "real", 4) == 0)
    return 0;
  for (i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strlen(words[i].word) == n && memcmp(s, words[i].word, n) == 0) {
      *dom = half_line(ld, words[i].sign, words[i].open);
      if (!*dom) {
        dc_error_oom(ld->diags, y->pos);
        return -1;
      }
      return 0;
    }
  return parse_interval(ld, y, s, end, dom);
}

/* --- function signatures --- */

static int bad_signature(struct loader *ld, const struct ynode *key,
                         size_t off, const char *why)
{
  dc_error(ld->diags, dc_spec_scalar_pos(ld, key, off),
           "bad function signature '%.*s': %s (write it like 'f(x)' or "
           "'g(x, y)')", (int)(key->len > 80 ? 80 : key->len), key->text, why);
  return -1;
}

static size_t ident_end(const char *s, size_t i, size_t n)
{
  while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_'))
    i++;
  return i;
}

int dc_spec_signature(struct loader *ld, const struct ynode *key,
                      struct dc_func *func)
{
  const char *s = key->text;
  size_t n = key->len, i = 0, e;
  int k;

  while (i < n && s[i] == ' ')
    i++;
  e = ident_end(s, i, n);
  if (!dc_spec_is_ident(s + i, e - i))
    return bad_signature(ld, key, i, "expected a function name");
  func->name = dc_intern(ld->ctx, s + i, e - i);
  i = e;
  while (i < n && s[i] == ' ')
    i++;
  if (i >= n || s[i] != '(')
    return bad_signature(ld, key, i, "expected '(' after the name");
  for (;;) {
    i++;
    while (i < n && s[i] == ' ')
      i++;
    e = ident_end(s, i, n);
    if (!dc_spec_is_ident(s + i, e - i))
      return bad_signature(ld, key, i, "expected a parameter name");
    if (func->nparams >= DC_MAX_ARGS) {
      char msg[64];
      snprintf(msg, sizeof msg, "more than %d parameters", DC_MAX_ARGS);
      return bad_signature(ld, key, i, msg);
    }
    func->params[func->nparams] = dc_intern(ld->ctx, s + i, e - i);
    if (!func->params[func->nparams])
      return bad_signature(ld, key, i, "out of memory");
    for (k = 0; k < func->nparams; k++)
      if (func->params[k] == func->params[func->nparams])
        return bad_signature(ld, key, i, "a parameter appears twice");
    if (!dc_spec_name_ok(ld, "parameter", func->params[func->nparams],
                         dc_spec_scalar_pos(ld, key, i)))
      return -1;
    func->nparams++;
    i = e;
    while (i < n && s[i] == ' ')
      i++;
    if (i < n && s[i] == ',')
      continue;
    if (i < n && s[i] == ')')
      break;
    return bad_signature(ld, key, i, "expected ',' or ')'");
  }
  i++;
  while (i < n && s[i] == ' ')
    i++;
  if (i != n)
    return bad_signature(ld, key, i, "unexpected text after ')'");
  return 0;
}

/* --- the latex: field of a symbol --- */

/*
** Control sequences a symbol's LaTeX may not use: file and terminal I/O,
** shell escapes, (re)definitions and catcode changes, and environments
** (an \end could close the display the symbol sits in).  A symbol's
** LaTeX is one atom of a formula: \hat{y}, w_{12}, \mathcal{L}.
*/
static const char *const latex_denied[] = {
  "input", "include", "includeonly", "InputIfFileExists", "write", "read",
  "readline", "openin", "openout", "closein", "closeout", "immediate",
  "special", "catcode", "lccode", "uccode", "def", "edef", "gdef", "xdef",
  "let", "futurelet", "newcommand", "renewcommand", "providecommand",
  "DeclareRobustCommand", "newenvironment", "renewenvironment", "begin",
  "end", "csname", "endcsname", "expandafter", "makeatletter",
  "usepackage", "documentclass", "RequirePackage", "ShellEscape", "jobname",
  "outer", "long", "global", "afterassignment", "everymath", "everydisplay",
  "scantokens", "directlua", "pdfshellescape", "detokenize", "string",
  "endinput", "verb", "url", "href", "par", "newline", "linebreak",
};

static int latex_is_denied(const char *name, size_t n)
{
  size_t i;
  for (i = 0; i < sizeof latex_denied / sizeof latex_denied[0]; i++)
    if (strlen(latex_denied[i]) == n && memcmp(latex_denied[i], name, n) == 0)
      return 1;
  return 0;
}

static int is_letter(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '@';
}

/* The offset of the first byte of s that makes it unsafe as a formula
** atom, or n; *why says what is wrong with it, or *cmd is the length of
** the denied command's name that starts there. */
static size_t latex_unsafe(const char *s, size_t n, const char **why,
                           size_t *cmd)
{
  size_t i, open_at = n, depth = 0;
  for (i = 0; i < n; i++) {
    char c = s[i];
    if (c == '\n' || c == '\r') {
      *why = "a newline";
      return i;
    }
    if (c == '$') {
      *why = "'$' (it would end the formula)";
      return i;
    }
    if (c == '%' || c == '#' || c == '&') {
      *why = c == '%' ? "'%' (a comment would swallow the rest of the line)"
             : c == '#' ? "'#' (a macro parameter)"
                        : "'&' (an alignment tab)";
      return i;
    }
    if (c == '^' && i + 1 < n && s[i + 1] == '^') {
      *why = "'^^' (a character code that can spell any command)";
      return i;
    }
    if (c == '{') {
      if (depth++ == 0)
        open_at = i;
    } else if (c == '}') {
      if (depth == 0) {
        *why = "an unbalanced '}'";
        return i;
      }
      depth--;
    } else if (c == '\\') {
      size_t j = i + 1;
      while (j < n && is_letter(s[j]))
        j++;
      if (j == i + 1 && j < n && s[j] == '\\') {
        *why = "'\\\\' (a line break)";
        return i;
      }
      if (j > i + 1 && latex_is_denied(s + i + 1, j - i - 1)) {
        *cmd = j - i - 1;
        return i;
      }
      if (j == i + 1 && j < n)
        j++;                    /* a control symbol: \{ \} \, \; */
      i = j - 1;
    }
  }
  if (depth > 0) {
    *why = "an unclosed '{'";
    return open_at;
  }
  return n;
}

int dc_spec_latex_ok(struct loader *ld, const struct ynode *y)
{
  const char *why = NULL;
  size_t cmd = 0, bad = latex_unsafe(y->text, y->len, &why, &cmd);
  if (bad == y->len)
    return 1;
  if (cmd)
    dc_error(ld->diags, dc_spec_scalar_pos(ld, y, bad), "'latex' may not "
             "use \\%.*s: a symbol's LaTeX is one piece of a formula",
             (int)cmd, y->text + bad + 1);
  else
    dc_error(ld->diags, dc_spec_scalar_pos(ld, y, bad), "'latex' may not "
             "hold %s: a symbol's LaTeX is one piece of a formula", why);
  return 0;
}

/* --- commands in text blocks --- */

/*
** Text blocks are Markdown with math, passed through to both documents:
** their math is the author's and may define macros or open environments
** (MathJax reads \begin{align} and \def in a post).  What no derivation
** needs is TeX's access to files, the shell and the catcodes, which
** --emit=latex would hand to the author's TeX run: those commands, and
** ^^ (which can spell any of them), are refused anywhere in a text.
*/
static const char *const text_denied[] = {
  "input", "include", "includeonly", "InputIfFileExists", "write", "read",
  "readline", "openin", "openout", "closein", "closeout", "immediate",
  "special", "catcode", "lccode", "uccode", "csname", "scantokens",
  "directlua", "ShellEscape", "pdfshellescape", "endinput", "jobname",
};

static int text_is_denied(const char *name, size_t n)
{
  size_t i;
  for (i = 0; i < sizeof text_denied / sizeof text_denied[0]; i++)
    if (strlen(text_denied[i]) == n && memcmp(text_denied[i], name, n) == 0)
      return 1;
  return 0;
}

int dc_spec_text_ok(struct loader *ld, const struct ynode *y)
{
  const char *s = y->text;
  size_t i, j, n = y->len;
  for (i = 0; i < n; i++) {
    if (s[i] == '^' && i + 1 < n && s[i + 1] == '^') {
      dc_error(ld->diags, dc_spec_scalar_pos(ld, y, i), "a text may not "
               "hold '^^' (a TeX character code that can spell any command)");
      return 0;
    }
    if (s[i] != '\\')
      continue;
    for (j = i + 1; j < n && is_letter(s[j]); j++)
      ;
    if (j > i + 1 && text_is_denied(s + i + 1, j - i - 1)) {
      dc_error(ld->diags, dc_spec_scalar_pos(ld, y, i), "a text may not use "
               "\\%.*s: TeX's file and shell commands are refused in a "
               "spec", (int)(j - i - 1), s + i + 1);
      return 0;
    }
    if (j == i + 1)
      j++;                      /* \\ or \$: a control symbol */
    i = j - 1;
  }
  return 1;
}
