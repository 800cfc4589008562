/*
** post_funcs.c: functions a post defines in its own maths.
**
** A careful reader of
**     f(x) = x^2 \sin x        ...        f'(x) = 2x \sin x + x^2 \cos x
** takes the first display as the definition of f and checks the second
** against it.  A row that starts with NAME(PARAMS) = BODY, NAME a letter or
** a Greek letter the context does not declare and PARAMS distinct letters,
** defines NAME for the whole post: it goes into the context's functions,
** so f(x), f(2), f'(x) and \frac{df}{dx} are calls and derivatives, and the
** defining link itself (f(x) = BODY) is a definition, skipped, while the
** rest of its chain is checked.  A name defined again (Example 2
** redefines f) means the new body from that row on: the second f is the
** spec's function f__2, printed f, and the reader renames f to f__2 in the
** rows after it.  A name whose body cannot be read (or calls itself) is
** still declared, so that its calls are not read as products, but every
** element that calls it is left unchecked.
*/
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "parser/post_int.h"

/* At most this many definitions are taken from one post; past them, a
** name defined again is ambiguous from its first definition on. */
#define MAX_POST_FUNCS 128

static size_t skip_space(const char *s, size_t i, size_t end)
{
  while (i < end && (isspace((unsigned char)s[i]) || s[i] == '&'))
    i++;
  return i;
}

static int word_at(const char *s, size_t i, size_t end, const char *w)
{
  size_t k = strlen(w);
  return i + k <= end && memcmp(s + i, w, k) == 0 &&
         (i + k == end || !isalpha((unsigned char)s[i + k]));
}

/* A letter or a Greek letter command at i into out; the offset after it,
** or 0.  e is Euler's number and d a differential: never names here. */
static size_t letter(const char *s, size_t i, size_t end, char *out,
                     size_t cap)
{
  size_t k;
  if (i < end && isalpha((unsigned char)s[i]) &&
      (i + 1 == end || !isalpha((unsigned char)s[i + 1]))) {
    if (s[i] == 'e' || s[i] == 'd')
      return 0;
    out[0] = s[i];
    out[1] = '\0';
    return i + 1;
  }
  if (i >= end || s[i] != '\\')
    return 0;
  for (k = i + 1; k < end && isalpha((unsigned char)s[k]); k++)
    ;
  if (k - i - 1 >= cap || !dc_latex_is_greek(s + i + 1, k - i - 1) ||
      word_at(s, i + 1, end, "pi"))
    return 0;
  memcpy(out, s + i + 1, k - i - 1);
  out[k - i - 1] = '\0';
  return k;
}

/* NAME(PARAMS) followed by = (or :=) at the start of s[i..end): fills f
** and returns the offset after the '=', or 0. */
static size_t head(const char *s, size_t i, size_t end, struct dc_post_func *f)
{
  size_t j;
  f->head = i;
  if (!(j = letter(s, i, end, f->name, sizeof f->name)))
    return 0;
  j = skip_space(s, j, end);
  if (word_at(s, j, end, "\\left"))
    j = skip_space(s, j + 5, end);
  if (j >= end || s[j] != '(')
    return 0;
  for (f->nparams = 0, j++;;) {
    int k;
    j = skip_space(s, j, end);
    if (f->nparams == DC_POST_FUNC_PARAMS ||
        !(j = letter(s, j, end, f->params[f->nparams],
                     sizeof f->params[0])))
      return 0;
    for (k = 0; k < f->nparams; k++)
      if (strcmp(f->params[k], f->params[f->nparams]) == 0)
        return 0;
    if (strcmp(f->params[f->nparams], f->name) == 0)
      return 0;
    f->nparams++;
    j = skip_space(s, j, end);
    if (word_at(s, j, end, "\\right"))
      j = skip_space(s, j + 6, end);
    if (j < end && s[j] == ')')
      break;
    if (j >= end || s[j] != ',')
      return 0;
    j++;
  }
  j = skip_space(s, j + 1, end);
  if (j + 1 < end && s[j] == ':' && s[j + 1] == '=')
    j++;
  if (j >= end || s[j] != '=' || (j + 1 < end && s[j + 1] == '='))
    return 0;
  return j + 1;
}

/* Is name declared by the context (a symbol, function, definition or a
** builtin)?  Such a head is a call or a product, not a definition. */
static int declared(const struct dc_ctx *rctx, const char *name)
{
  const struct dc_name *n = dc_lookup_name(rctx, name, strlen(name));
  return n && (n->sym || n->func || n->def || n->builtin >= 0);
}

static struct dc_post_func *add(struct dc_post_funcs *F)
{
  struct dc_post_func *v;
  if (F->n == MAX_POST_FUNCS)
    return NULL;
  if (!(v = realloc(F->v, (F->n + 1) * sizeof *v)))
    return NULL;
  F->v = v;
  memset(&v[F->n], 0, sizeof v[F->n]);
  return &v[F->n++];
}

/* Does the LaTeX s[off..end) mention the parameter p (outside command
** names: the x of \exp is no x)? */
static int mentions(const char *s, size_t off, size_t end, const char *p)
{
  size_t i, k;
  for (i = off; i < end; i++) {
    if (s[i] == '\\' && i + 1 < end && isalpha((unsigned char)s[i + 1])) {
      for (k = i + 1; k < end && isalpha((unsigned char)s[k]); k++)
        ;
      if (p[1] && k - i - 1 == strlen(p) &&
          memcmp(s + i + 1, p, k - i - 1) == 0)
        return 1;               /* a Greek parameter: \theta */
      i = k - 1;
    } else if (!p[1] && s[i] == p[0]) {
      return 1;
    }
  }
  return 0;
}

/* One row s[off..end): a definition head, kept in F.  A body that uses
** none of the parameters (\sigma(z) = P in the middle of solving for P)
** is an equation, not a definition; a name already defined is defined
** again only by the first row of a display (Example 2's f(x) = x^3), a
** later row restating it is a step. */
static void row(const char *s, size_t off, size_t end, int first_row,
                const struct dc_ctx *rctx, struct dc_post_funcs *F)
{
  struct dc_post_func f;
  size_t body, eqs[2], n, i;
  int k, used = 0;
  memset(&f, 0, sizeof f);
  off = skip_space(s, off, end);
  if (!(body = head(s, off, end, &f)) || declared(rctx, f.name))
    return;
  f.body_off = body;
  n = dc_latex_split_eq(s + body, end - body, eqs, 2);
  f.body_end = n ? body + eqs[0] : end;
  for (k = 0; k < f.nparams; k++)
    used |= mentions(s, f.body_off, f.body_end, f.params[k]);
  if (!used)
    return;
  for (n = 0, i = 0; i < F->n; i++)
    n += strcmp(F->v[i].name, f.name) == 0;
  if (n > 0 && !first_row)
    return;
  if (n == 0)
    snprintf(f.internal, sizeof f.internal, "%s", f.name);
  else
    snprintf(f.internal, sizeof f.internal, "%s__%zu", f.name, n + 1);
  {
    struct dc_post_func *slot = add(F);
    if (slot) {
      *slot = f;
      F->redefined |= n > 0;
    } else {
      for (i = 0; i < F->n; i++)
        if (strcmp(F->v[i].name, f.name) == 0)
          F->v[i].ambiguous = 1;
    }
  }
}

void dc_post_find_funcs(const struct dc_ctx *rctx, const struct dc_md *md,
                        const struct dc_md_block *blocks, size_t nb,
                        struct dc_post_funcs *F)
{
  size_t bi, i, start;
  for (bi = 0; bi < nb; bi++) {
    const struct dc_md_block *b = &blocks[bi];
    for (start = b->off, i = b->off; i <= b->end; i++) {
      if (i < b->end && !(md->s[i] == '\\' && i + 1 < b->end &&
                          md->s[i + 1] == '\\')) {
        if (md->s[i] == '\\')
          i++;
        continue;
      }
      row(md->s, start, i < b->end ? i : b->end, start == b->off, rctx, F);
      start = i + 2;
      i++;
    }
  }
}

/* Read each body in rctx (where every defined name is a function), into
** plain syntax; a body that does not read makes its name ambiguous. */
void dc_post_read_funcs(struct dc_ctx *rctx, const struct dc_md *md,
                        struct dc_post_funcs *F)
{
  size_t i;
  for (i = 0; i < F->n; i++) {
    struct dc_post_func *f = &F->v[i];
    struct dc_latex_rename rn[MAX_POST_FUNCS];
    struct dc_latex_env env = { NULL, 0, rn, 0 };
    struct dc_diags d;
    struct dc_srcmap map;
    struct dc_pos p = dc_md_pos(md, f->body_off);
    struct dc_node *e;
    env.nrenames = dc_post_renames_at(F, f->body_off, rn, MAX_POST_FUNCS);
    map.file = md->path;
    map.line = p.line;
    map.col = p.col;
    map.indent = 0;
    dc_diags_init(&d);
    e = dc_latex_read_expr(rctx, md->s + f->body_off,
                           f->body_end - f->body_off, &map, &env, &d);
    dc_diags_free(&d);
    free(f->plain);
    f->plain = e ? dc_plain_string(e) : NULL;
    /* f(x) = f(x - 1) + 1 is no definition derivcheck can expand */
    if (!f->plain || dc_post_calls(e, f->internal))
      f->ambiguous = 1;
  }
}

size_t dc_post_renames_at(const struct dc_post_funcs *F, size_t off,
                          struct dc_latex_rename *out, size_t cap)
{
  /* per distinct name: its first definition and the one in force */
  size_t first[MAX_POST_FUNCS], use[MAX_POST_FUNCS], ns = 0, i, k, n = 0;
  if (!F || !F->redefined)
    return 0;
  for (i = 0; i < F->n; i++) {
    for (k = 0; k < ns; k++)
      if (strcmp(F->v[first[k]].name, F->v[i].name) == 0)
        break;
    if (k == ns) {
      first[ns] = use[ns] = i;
      ns++;
    } else if (F->v[i].head <= off) {
      use[k] = i;               /* definitions go by offset */
    }
  }
  for (k = 0; k < ns && n < cap; k++)
    if (use[k] != first[k]) {
      out[n].from = F->v[first[k]].name;
      out[n].to = F->v[use[k]].internal;
      n++;
    }
  return n;
}

int dc_post_calls(const struct dc_node *e, const char *name)
{
  uint16_t i;
  if (!e)
    return 0;
  if ((e->kind == DC_CALL || e->kind == DC_NAME) && e->name &&
      strcmp(e->name->s, name) == 0)
    return 1;
  for (i = 0; i < e->nargs; i++)
    if (dc_post_calls(e->a[i], name))
      return 1;
  return 0;
}

/* A YAML double-quoted scalar of s. */
static void quoted(struct dc_buf *b, const char *s)
{
  dc_buf_puts(b, "\"");
  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      dc_buf_puts(b, "\\");
    dc_buf_add(b, s, 1);
  }
  dc_buf_puts(b, "\"");
}

/* "f(x, y)": the key of a definition. */
static void signature(struct dc_buf *b, const struct dc_post_func *f)
{
  int k;
  char key[DC_POST_FUNC_PARAMS * 66 + 80];
  size_t n = (size_t)snprintf(key, sizeof key, "%s(", f->internal);
  for (k = 0; k < f->nparams; k++)
    n += (size_t)snprintf(key + n, sizeof key - n, "%s%s", k ? ", " : "",
                          f->params[k]);
  snprintf(key + n, sizeof key - n, ")");
  quoted(b, key);
}

/* One entry: "f(x)": "body"; a later definition of f, "f__2(x)", is
** printed as f: {def: "body", latex: "f"} (\sigma for sigma). */
static int entry(struct dc_buf *b, const struct dc_post_funcs *F, size_t i,
                 int dummy)
{
  const struct dc_post_func *f = &F->v[i];
  const char *body = dummy || f->ambiguous || !f->plain ? "0" : f->plain;
  signature(b, f);
  dc_buf_puts(b, ": ");
  if (strcmp(f->internal, f->name) == 0) {
    quoted(b, body);
    return 1;
  }
  dc_buf_puts(b, "{def: ");
  quoted(b, body);
  dc_buf_puts(b, ", latex: ");
  if (f->name[1]) {             /* a Greek letter */
    char tex[72];
    snprintf(tex, sizeof tex, "\\%s", f->name);
    quoted(b, tex);
  } else {
    quoted(b, f->name);
  }
  dc_buf_puts(b, "}");
  return 1;
}

char *dc_post_funcs_yaml(const struct dc_post_funcs *F, const char *taken,
                         int taken_flow, int dummy)
{
  struct dc_buf b;
  size_t i;
  dc_buf_init(&b);
  if (taken && taken_flow) {
    /* {a: b} -> {a: b, "f(x)": "..."} on the one line */
    size_t n = strlen(taken);
    int any = strspn(taken + 1, " \t") + 2 < n;
    dc_buf_puts(&b, "functions: ");
    dc_buf_add(&b, taken, n > 0 ? n - 1 : 0);
    for (i = 0; i < F->n; i++) {
      struct dc_buf e;
      dc_buf_init(&e);
      if (entry(&e, F, i, dummy)) {
        if (any)
          dc_buf_puts(&b, ", ");
        dc_buf_add(&b, e.s, e.len);
        any = 1;
      }
      b.oom |= e.oom;
      dc_buf_free(&e);
    }
    dc_buf_puts(&b, "}\n");
  } else {
    /* block lines, the context's first, each of ours indented like them */
    int indent = 2;
    const char *t = taken;
    while (t && *t == '\n')    /* the first entry's indentation */
      t++;
    if (t && *t)
      indent = (int)strspn(t, " ");
    dc_buf_puts(&b, "functions:\n");
    if (taken)
      dc_buf_puts(&b, taken);
    for (i = 0; i < F->n; i++) {
      struct dc_buf e;
      dc_buf_init(&e);
      if (entry(&e, F, i, dummy)) {
        dc_buf_printf(&b, "%*s", indent > 0 ? indent : 2, "");
        dc_buf_add(&b, e.s, e.len);
        dc_buf_puts(&b, "\n");
      }
      b.oom |= e.oom;
      dc_buf_free(&e);
    }
  }
  if (b.oom) {
    dc_buf_free(&b);
    return NULL;
  }
  return b.s;
}

const struct dc_post_func *dc_post_func_at(const struct dc_post_funcs *F,
                                           size_t off, size_t end)
{
  size_t i;
  for (i = 0; F && i < F->n; i++)
    if (F->v[i].head >= off && F->v[i].head < end)
      return &F->v[i];
  return NULL;
}

const char *dc_post_ambiguous_call(const struct dc_post_funcs *F,
                                   const struct dc_node *e)
{
  size_t i;
  for (i = 0; F && i < F->n; i++)
    if (F->v[i].ambiguous && dc_post_calls(e, F->v[i].internal))
      return F->v[i].name;
  return NULL;
}

void dc_post_funcs_free(struct dc_post_funcs *F)
{
  size_t i;
  for (i = 0; i < F->n; i++)
    free(F->v[i].plain);
  free(F->v);
  memset(F, 0, sizeof *F);
}
