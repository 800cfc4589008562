/*
** latex_lex.c: tokens of display math (parser/latex_lex.h).
*/
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "parser/latex_lex.h"

/* Commands that change only spacing or size: a reader of the maths skips
** them, as a reader of the rendered post does not see them. */
static const char *const ignored[] = {
  "quad", "qquad", "displaystyle", "textstyle", "scriptstyle", "big",
  "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr",
  "Biggl", "Biggr", "nonumber", "notag", "limits", "nolimits", "hfill",
  "enspace", "thinspace", "medspace", "thickspace", "negthinspace",
  "middle", "boxed"
};

int dc_latex_ignored_command(const char *s, size_t n)
{
  size_t i;

  if (n == 1 && strchr(",;:! ", s[0]))
    return 1;
  for (i = 0; i < sizeof ignored / sizeof ignored[0]; i++)
    if (strlen(ignored[i]) == n && memcmp(ignored[i], s, n) == 0)
      return 1;
  return 0;
}

int dc_ltok_is(const char *text, const struct dc_ltoken *t, const char *name)
{
  size_t n = strlen(name);
  return t->kind == DC_LT_CMD && t->len == n + 1 &&
         memcmp(text + t->off + 1, name, n) == 0;
}

static enum dc_ltok single(char c)
{
  switch (c) {
  case '{': return DC_LT_LBRACE;
  case '}': return DC_LT_RBRACE;
  case '(': return DC_LT_LPAREN;
  case ')': return DC_LT_RPAREN;
  case '[': return DC_LT_LBRACKET;
  case ']': return DC_LT_RBRACKET;
  case '+': return DC_LT_PLUS;
  case '-': return DC_LT_MINUS;
  case '*': return DC_LT_STAR;
  case '/': return DC_LT_SLASH;
  case '^': return DC_LT_CARET;
  case '_': return DC_LT_UNDERSCORE;
  case '\'': return DC_LT_PRIME;
  case '=': return DC_LT_EQ;
  case ',': return DC_LT_COMMA;
  case '|': return DC_LT_BAR;
  default: return DC_LT_OTHER;
  }
}

/* The length of the token at s[0..n), and its kind. */
static size_t scan(const char *s, size_t n, enum dc_ltok *kind)
{
  size_t i = 1;

  if (isdigit((unsigned char)s[0]) ||
      (s[0] == '.' && n > 1 && isdigit((unsigned char)s[1]))) {
    while (i < n && isdigit((unsigned char)s[i]))
      i++;
    if (s[0] != '.' && i + 1 < n && s[i] == '.' &&
        isdigit((unsigned char)s[i + 1]))
      for (i++; i < n && isdigit((unsigned char)s[i]); i++)
        ;
    *kind = DC_LT_NUMBER;
    return i;
  }
  if (isalpha((unsigned char)s[0])) {
    *kind = DC_LT_LETTER;
    return 1;
  }
  if (s[0] == '\\' && n > 1) {
    *kind = DC_LT_CMD;
    if (!isalpha((unsigned char)s[1]))
      return 2;
    for (i = 1; i < n && isalpha((unsigned char)s[i]); i++)
      ;
    return i;
  }
  *kind = single(s[0]);
  if (*kind == DC_LT_OTHER)    /* one UTF-8 character, for messages */
    while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
      i++;
  return i;
}

static int is_cmd(const char *text, struct dc_ltoken t, const char *name)
{
  return dc_ltok_is(text, &t, name);
}

/* Past the braced argument of \tag or \label (and a star): it names the
** equation and holds no maths. */
static size_t skip_argument(const char *text, size_t len, size_t pos)
{
  int depth = 0;

  while (pos < len && (isspace((unsigned char)text[pos]) || text[pos] == '*'))
    pos++;
  if (pos >= len || text[pos] != '{')
    return pos;
  for (; pos < len; pos++) {
    if (text[pos] == '{')
      depth++;
    else if (text[pos] == '}' && --depth == 0)
      return pos + 1;
  }
  return pos;
}

static int push(struct dc_ltokens *t, size_t *cap, struct dc_ltoken tok)
{
  if (t->n == *cap) {
    size_t c = *cap ? 2 * *cap : 32;
    struct dc_ltoken *v = realloc(t->v, c * sizeof *v);
    if (!v)
      return -1;
    t->v = v;
    *cap = c;
  }
  t->v[t->n++] = tok;
  return 0;
}

int dc_latex_lex(const char *text, size_t len, struct dc_ltokens *out)
{
  size_t pos = 0, cap = 0;
  int adjacent = 1;

  memset(out, 0, sizeof *out);
  while (pos < len) {
    struct dc_ltoken t;
    char c = text[pos];

    if (isspace((unsigned char)c) || c == '&' || c == '~') {
      pos++;
      adjacent = 0;
      continue;
    }
    if (c == '%') {             /* a TeX comment, to the end of the line */
      while (pos < len && text[pos] != '\n')
        pos++;
      continue;
    }
    t.off = pos;
    t.len = scan(text + pos, len - pos, &t.kind);
    t.adjacent = adjacent;
    pos += t.len;
    if (t.kind == DC_LT_CMD && (is_cmd(text, t, "tag") ||
                                is_cmd(text, t, "label"))) {
      pos = skip_argument(text, len, pos);
      adjacent = 0;
      continue;
    }
    if (t.kind == DC_LT_CMD &&
        dc_latex_ignored_command(text + t.off + 1, t.len - 1)) {
      adjacent = 0;
      continue;
    }
    adjacent = 1;
    if (push(out, &cap, t) != 0)
      goto oom;
  }
  {
    struct dc_ltoken e = { DC_LT_EOF, len, 0, 0 };
    if (push(out, &cap, e) != 0)
      goto oom;
  }
  return 0;
oom:
  dc_latex_tokens_free(out);
  return -1;
}

void dc_latex_tokens_free(struct dc_ltokens *t)
{
  free(t->v);
  t->v = NULL;
  t->n = 0;
}
