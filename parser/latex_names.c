/*
** latex_names.c: how the LaTeX reader spells names (SPEC section 7,
** "Names": section 5 in reverse) and recognises operator words.
*/
#include <stdarg.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "expr/builtins.h"
#include "parser/latex_int.h"

static const struct dc_ltoken *tok_at(const struct dc_lreader *r, size_t i)
{
  /* The last token is EOF: looking past it keeps seeing EOF. */
  return &r->t[i];
}

const struct dc_ltoken *dc_lr_cur(const struct dc_lreader *r)
{
  return tok_at(r, r->i);
}

const struct dc_ltoken *dc_lr_peek(const struct dc_lreader *r, size_t k)
{
  size_t i = r->i;
  while (k-- > 0 && r->t[i].kind != DC_LT_EOF)
    i++;
  return tok_at(r, i);
}

int dc_lr_is(const struct dc_lreader *r, size_t k, const char *cmd)
{
  return dc_ltok_is(r->text, dc_lr_peek(r, k), cmd);
}

void dc_lr_fail(struct dc_lreader *r, const struct dc_ltoken *tok,
                const char *fmt, ...)
{
  char msg[DC_DIAG_MSG];
  va_list ap;

  if (r->failed)
    return;
  r->failed = 1;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  dc_error(r->diags, dc_srcmap_pos(&r->map, r->text, r->len, tok->off),
           "%s", msg);
}

int dc_lr_known(const struct dc_lreader *r, const char *s, size_t n)
{
  const struct dc_name *nm = dc_lookup_name(r->ctx, s, n);
  size_t i;

  if (nm && (nm->sym || nm->def || nm->func))
    return 1;
  for (i = 0; r->env && i < r->env->nextra; i++)
    if (strlen(r->env->extra[i]) == n && memcmp(r->env->extra[i], s, n) == 0)
      return 1;
  return 0;
}

/* ---- pieces of names ---- */

static const char *const greek[] = {
  "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta",
  "theta", "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi",
  "varpi", "rho", "varrho", "sigma", "varsigma", "tau", "upsilon", "phi",
  "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda",
  "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"
};

/* Accent commands and the suffix each gives a name (SPEC section 5). */
static const struct { const char *cmd, *suffix; } accents[] = {
  { "hat", "hat" }, { "widehat", "hat" }, { "bar", "bar" },
  { "overline", "bar" }, { "tilde", "tilde" }, { "widetilde", "tilde" },
  { "dot", "dot" }, { "vec", "vec" }
};

/* Commands whose braced argument is upright or plain text. */
static const char *const wordcmds[] = {
  "mathrm", "operatorname", "text", "textrm", "mathit", "textit"
};

static int in_list(const char *const *v, size_t n, const char *s, size_t len)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (strlen(v[i]) == len && memcmp(v[i], s, len) == 0)
      return 1;
  return 0;
}

#define COUNT(v) (sizeof v / sizeof v[0])

int dc_latex_is_greek(const char *s, size_t len)
{
  return in_list(greek, COUNT(greek), s, len);
}

static int is_greek_tok(const struct dc_lreader *r, const struct dc_ltoken *t)
{
  return t->kind == DC_LT_CMD &&
         in_list(greek, COUNT(greek), r->text + t->off + 1, t->len - 1);
}

static const char *accent_suffix(const struct dc_lreader *r,
                                 const struct dc_ltoken *t)
{
  size_t i;
  for (i = 0; i < COUNT(accents); i++)
    if (dc_ltok_is(r->text, t, accents[i].cmd))
      return accents[i].suffix;
  return NULL;
}

static int is_word_cmd(const struct dc_lreader *r, const struct dc_ltoken *t)
{
  return t->kind == DC_LT_CMD &&
         in_list(wordcmds, COUNT(wordcmds), r->text + t->off + 1, t->len - 1);
}

/* \text{...} is prose unless it spells a declared name. */
static int is_text_cmd(const struct dc_lreader *r, const struct dc_ltoken *t)
{
  return dc_ltok_is(r->text, t, "text") || dc_ltok_is(r->text, t, "textrm") ||
         dc_ltok_is(r->text, t, "textit");
}

static int append(struct dc_lreader *r, char *buf, size_t cap, size_t *n,
                  const char *s, size_t len)
{
  if (*n + len + 1 > cap) {
    dc_lr_fail(r, dc_lr_cur(r), "name is longer than %zu characters",
               cap - 1);
    return -1;
  }
  memcpy(buf + *n, s, len);
  *n += len;
  buf[*n] = '\0';
  return 0;
}

/*
** The word in braces after \mathrm, \operatorname or \text at token k:
** letters, digits and \_ into buf; the number of tokens it spans (command
** and braces included), or 0 when it holds anything else.
*/
static size_t braced_word(const struct dc_lreader *r, size_t k, char *buf,
                          size_t cap)
{
  size_t j = k + 1, n = 0;

  if (dc_lr_peek(r, j)->kind != DC_LT_LBRACE)
    return 0;
  for (j++;; j++) {
    const struct dc_ltoken *t = dc_lr_peek(r, j);
    const char *s = r->text + t->off;
    size_t len = t->len;
    if (t->kind == DC_LT_RBRACE)
      break;
    if (n > 0 && !t->adjacent)     /* \text{for all}: words, not a name */
      return 0;
    if (t->kind == DC_LT_CMD && t->len == 2 && s[1] == '_') {
      s = "_";
      len = 1;
    } else if (t->kind != DC_LT_LETTER && t->kind != DC_LT_NUMBER) {
      return 0;
    }
    if (n + len + 1 > cap)
      return 0;
    memcpy(buf + n, s, len);
    n += len;
  }
  buf[n] = '\0';
  return n ? j - k + 1 : 0;
}

/* ---- operators and Leibniz d ---- */

static const struct { const char *cmd, *builtin; } operators[] = {
  { "sin", "sin" }, { "cos", "cos" }, { "tan", "tan" }, { "sinh", "sinh" },
  { "cosh", "cosh" }, { "tanh", "tanh" }, { "log", "log" }, { "ln", "ln" },
  { "exp", "exp" }, { "arcsin", "asin" }, { "arccos", "acos" },
  { "arctan", "atan" }, { "erf", "erf" }
};

const char *dc_lr_operator(const struct dc_lreader *r, size_t *ntok)
{
  const struct dc_ltoken *t = dc_lr_cur(r);
  char word[32];
  const struct dc_builtin_info *bi;
  size_t i, k;

  for (i = 0; i < COUNT(operators); i++)
    if (dc_ltok_is(r->text, t, operators[i].cmd)) {
      *ntok = 1;
      return operators[i].builtin;
    }
  /* \operatorname{erf}: the builtin's own spelling outlives word[] */
  if (is_word_cmd(r, t) && (k = braced_word(r, 0, word, sizeof word)) &&
      (bi = dc_builtin_by_name(word, strlen(word))) != NULL) {
    *ntok = k;
    return bi->name;
  }
  return NULL;
}

size_t dc_lr_leibniz_d(const struct dc_lreader *r, size_t k, int *partial)
{
  const struct dc_ltoken *t = dc_lr_peek(r, k);
  char word[8];
  size_t n;

  *partial = 0;
  if (t->kind == DC_LT_LETTER && r->text[t->off] == 'd' &&
      !dc_lr_known(r, "d", 1))
    return 1;
  if (dc_ltok_is(r->text, t, "partial")) {
    *partial = 1;
    return 1;
  }
  if (is_word_cmd(r, t) && (n = braced_word(r, k, word, sizeof word)) &&
      strcmp(word, "d") == 0)
    return n;
  return 0;
}

/* ---- names ---- */

int dc_lr_starts_name(const struct dc_lreader *r)
{
  const struct dc_ltoken *t = dc_lr_cur(r);
  size_t n;

  if (t->kind == DC_LT_LETTER || is_greek_tok(r, t) || accent_suffix(r, t))
    return 1;
  if (!is_word_cmd(r, t) || dc_lr_operator(r, &n))
    return 0;
  if (is_text_cmd(r, t)) {
    char word[DC_LATEX_NAME_MAX];
    return braced_word(r, 0, word, sizeof word) &&
           dc_lr_known(r, word, strlen(word));
  }
  return 1;
}

/* Letters that touch: the longest known run (tanh( counts when followed by
** a parenthesis), else one letter.  A letter with digits stuck to it (z1)
** is a name only when declared: anything else would guess. */
static int letters(struct dc_lreader *r, char *buf, size_t cap, size_t *n)
{
  char run[DC_LATEX_NAME_MAX];
  size_t ends[DC_LATEX_NAME_MAX], cnt = 0, len = 0, m;
  const struct dc_ltoken *t;

  for (t = dc_lr_cur(r);
       (t->kind == DC_LT_LETTER || (t->kind == DC_LT_NUMBER && cnt > 0 &&
        strspn(r->text + t->off, "0123456789") >= t->len)) &&
       (cnt == 0 || t->adjacent) && len + t->len < sizeof run;
       t = dc_lr_peek(r, cnt)) {
    memcpy(run + len, r->text + t->off, t->len);
    len += t->len;
    ends[cnt++] = len;
  }
  for (m = cnt; m >= 2; m--) {
    const struct dc_ltoken *after = dc_lr_peek(r, m);
    int paren = after->kind == DC_LT_LPAREN || dc_lr_is(r, m, "left");
    if (dc_lr_known(r, run, ends[m - 1]) ||
        (paren && dc_builtin_find(run, ends[m - 1]) >= 0))
      break;
  }
  if (m < 2) {
    size_t k;
    m = 1;
    /* log_{2} 4 or ln x without a backslash: not l*o*g */
    for (k = cnt; k >= 2; k--)
      if (dc_builtin_find(run, ends[k - 1]) >= 0) {
        dc_lr_fail(r, dc_lr_cur(r), "'%.*s' without a backslash is not "
                   "read: write \\%.*s", (int)ends[k - 1], run,
                   (int)ends[k - 1], run);
        return -1;
      }
    /* Odds, Loss: a word, not O*d*d*s */
    if (cnt >= 3 && ends[cnt - 1] == cnt && isupper((unsigned char)run[0])) {
      size_t j = 1;
      while (j < cnt && islower((unsigned char)run[j]))
        j++;
      if (j == cnt) {
        dc_lr_fail(r, dc_lr_cur(r), "the word '%.*s' is not a declared "
                   "name", (int)cnt, run);
        return -1;
      }
    }
    if (cnt >= 2 && dc_lr_peek(r, 1)->kind == DC_LT_NUMBER) {
      dc_lr_fail(r, dc_lr_cur(r), "cannot read '%.*s': declare it as a "
                 "symbol, or write %.1s_{%.*s}", (int)ends[1], run, run,
                 (int)(ends[1] - 1), run + 1);
      return -1;
    }
  }
  r->i += m;
  return append(r, buf, cap, n, run, ends[m - 1]);
}

static int base_name(struct dc_lreader *r, char *buf, size_t cap, size_t *n);

/* \hat{y}, \hat y, \bar{\sigma}: the inner name, then the suffix. */
static int accented(struct dc_lreader *r, const char *suffix, char *buf,
                    size_t cap, size_t *n)
{
  int braced, rc;

  r->i++;
  braced = dc_lr_cur(r)->kind == DC_LT_LBRACE;
  if (braced)
    r->i++;
  rc = base_name(r, buf, cap, n);
  if (rc == 0)
    dc_lr_fail(r, dc_lr_cur(r), "an accent must be on a letter, found "
               "'%.*s'", (int)dc_lr_cur(r)->len, r->text + dc_lr_cur(r)->off);
  if (rc <= 0)
    return -1;
  if (braced) {
    if (dc_lr_cur(r)->kind != DC_LT_RBRACE) {
      dc_lr_fail(r, dc_lr_cur(r), "expected '}' to close the accent, found "
                 "'%.*s'", (int)dc_lr_cur(r)->len,
                 r->text + dc_lr_cur(r)->off);
      return -1;
    }
    r->i++;
  }
  return append(r, buf, cap, n, suffix, strlen(suffix));
}

static int base_name(struct dc_lreader *r, char *buf, size_t cap, size_t *n)
{
  const struct dc_ltoken *t = dc_lr_cur(r);
  const char *suffix;
  char word[DC_LATEX_NAME_MAX];
  size_t k;

  if (t->kind == DC_LT_LETTER)
    return letters(r, buf, cap, n) == 0 ? 1 : -1;
  if (is_greek_tok(r, t)) {
    r->i++;
    return append(r, buf, cap, n, r->text + t->off + 1, t->len - 1) == 0
           ? 1 : -1;
  }
  if ((suffix = accent_suffix(r, t)) != NULL)
    return accented(r, suffix, buf, cap, n) == 0 ? 1 : -1;
  if (is_word_cmd(r, t) && (k = braced_word(r, 0, word, sizeof word)) &&
      (!is_text_cmd(r, t) || dc_lr_known(r, word, strlen(word)))) {
    r->i += k;
    return append(r, buf, cap, n, word, strlen(word)) == 0 ? 1 : -1;
  }
  if (t->kind == DC_LT_LBRACE && dc_lr_peek(r, 2)->kind == DC_LT_RBRACE) {
    /* {L}: braces around one letter, as in \partial{L} */
    size_t save = r->i;
    int rc;
    r->i++;
    rc = base_name(r, buf, cap, n);
    if (rc == 1 && dc_lr_cur(r)->kind == DC_LT_RBRACE) {
      r->i++;
      return 1;
    }
    if (rc < 0)
      return -1;
    r->i = save;
  }
  return 0;
}

/* The text of a subscript: one letter or digit, or letters, digits and
** Greek letters in braces. */
static int subscript(struct dc_lreader *r, char *sub, size_t cap)
{
  const struct dc_ltoken *t, *us = dc_lr_cur(r);
  size_t n = 0;
  int braced;

  r->i++;                       /* '_' */
  braced = dc_lr_cur(r)->kind == DC_LT_LBRACE;
  if (braced)
    r->i++;
  for (t = dc_lr_cur(r); t->kind != DC_LT_EOF; t = dc_lr_cur(r)) {
    if (braced && t->kind == DC_LT_RBRACE) {
      r->i++;
      break;
    }
    if (t->kind == DC_LT_LETTER || (t->kind == DC_LT_NUMBER &&
        strspn(r->text + t->off, "0123456789") >= t->len)) {
      if (append(r, sub, cap, &n, r->text + t->off, t->len) != 0)
        return -1;
    } else if (is_greek_tok(r, t)) {
      if (append(r, sub, cap, &n, r->text + t->off + 1, t->len - 1) != 0)
        return -1;
    } else {
      dc_lr_fail(r, t, "cannot read '%.*s' in a subscript", (int)t->len,
                 r->text + t->off);
      return -1;
    }
    r->i++;
    if (!braced)
      break;
  }
  if (n == 0) {
    dc_lr_fail(r, us, "empty subscript");
    return -1;
  }
  return 0;
}

static int spelled_name(struct dc_lreader *r, char *buf, size_t cap);

/* A name as spelled, then as the environment renames it. */
int dc_lr_name(struct dc_lreader *r, char *buf, size_t cap)
{
  int rc = spelled_name(r, buf, cap);
  size_t i;
  for (i = 0; rc == 1 && r->env && i < r->env->nrenames; i++)
    if (strcmp(buf, r->env->renames[i].from) == 0 &&
        strlen(r->env->renames[i].to) < cap) {
      strcpy(buf, r->env->renames[i].to);
      break;
    }
  return rc;
}

static int spelled_name(struct dc_lreader *r, char *buf, size_t cap)
{
  char sub[DC_LATEX_NAME_MAX], joined[2 * DC_LATEX_NAME_MAX + 2];
  size_t n = 0, bn;
  int rc;

  buf[0] = '\0';
  if ((rc = base_name(r, buf, cap, &n)) <= 0)
    return rc;
  if (dc_lr_cur(r)->kind != DC_LT_UNDERSCORE)
    return 1;
  if (subscript(r, sub, sizeof sub) != 0)
    return -1;
  bn = n;
  /* w_{12} is w12 (section 5 prints w12 so) unless the context declares
  ** w_12; any other subscript keeps its underscore: x_{i1} is x_i1. */
  snprintf(joined, sizeof joined, "%s_%s", buf, sub);
  if (strspn(sub, "0123456789") == strlen(sub) &&
      !dc_lr_known(r, joined, strlen(joined))) {
    n = bn;
    return append(r, buf, cap, &n, sub, strlen(sub)) == 0 ? 1 : -1;
  }
  if (append(r, buf, cap, &n, "_", 1) != 0 ||
      append(r, buf, cap, &n, sub, strlen(sub)) != 0)
    return -1;
  return 1;
}
