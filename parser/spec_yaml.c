/*
** spec_yaml.c: from YAML bytes to a small tree with exact positions.
**
** We read libfyaml's event stream rather than its document tree: events
** carry a mark for every node (collections included), the anchor and tag
** tokens of each node, and alias events; and without a document builder
** no quadratic duplicate-key check runs (RELIABILITY.md).  We find
** duplicates ourselves with a hash set per mapping.  libfyaml's own
** diagnostics are collected, never printed, and become dc_errors.
**
** Positions: libfyaml marks are byte offsets into our buffer; a line index
** turns them into line:column (columns in UTF-8 characters).  A scalar's
** content differs from its source bytes (escapes, folded lines, stripped
** indentation), so an expression offset is mapped back to the file by
** aligning the content with the source text (scalar_align).
*/
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <libfyaml.h>
#include "parser/spec_int.h"

static int is_cont(const struct loader *ld, size_t i)
{
  return ((unsigned char)ld->buf[i] & 0xC0) == 0x80;
}

int dc_spec_index_lines(struct loader *ld)
{
  size_t i, n = 1, k = 0;
  uint32_t cont = 0;
  for (i = 0; i < ld->len; i++)
    if (ld->buf[i] == '\n' ||
        (ld->buf[i] == '\r' && (i + 1 >= ld->len || ld->buf[i + 1] != '\n')))
      n++;
  ld->lines = malloc(n * sizeof *ld->lines);
  ld->cont64 = malloc((ld->len / 64 + 1) * sizeof *ld->cont64);
  if (!ld->lines || !ld->cont64) {
    dc_error_oom(ld->diags, (struct dc_pos){ ld->file, 0, 0 });
    return -1;
  }
  ld->lines[k++] = 0;
  for (i = 0; i < ld->len; i++) {
    if (i % 64 == 0)
      ld->cont64[i / 64] = cont;
    cont += (uint32_t)is_cont(ld, i);
    if (ld->buf[i] == '\n' ||
        (ld->buf[i] == '\r' && (i + 1 >= ld->len || ld->buf[i + 1] != '\n')))
      ld->lines[k++] = i + 1;
  }
  if (ld->len % 64 == 0)
    ld->cont64[ld->len / 64] = cont;
  ld->nlines = k;
  return 0;
}

/* Continuation bytes before off (off <= len). */
static size_t conts_before(const struct loader *ld, size_t off)
{
  size_t i, n = ld->cont64[off / 64];
  for (i = off / 64 * 64; i < off; i++)
    n += (size_t)is_cont(ld, i);
  return n;
}

struct dc_pos dc_spec_pos_of_byte(const struct loader *ld, size_t off)
{
  struct dc_pos p = { ld->file, 1, 1 };
  size_t lo = 0, hi = ld->nlines;

  if (!ld->lines || !ld->cont64 || ld->nlines == 0)
    return p;
  if (off > ld->len)
    off = ld->len;
  while (hi - lo > 1) {         /* the last line starting at or before off */
    size_t mid = lo + (hi - lo) / 2;
    if (ld->lines[mid] <= off)
      lo = mid;
    else
      hi = mid;
  }
  p.line = (int)lo + 1;
  /* A column counts characters: bytes less UTF-8 continuation bytes. */
  p.col = 1 + (int)((off - ld->lines[lo]) -
                    (conts_before(ld, off) - conts_before(ld, ld->lines[lo])));
  return p;
}

static struct dc_pos mark_pos(const struct loader *ld,
                              const struct fy_mark *m, struct dc_pos dflt)
{
  return m ? dc_spec_pos_of_byte(ld, m->input_pos) : dflt;
}

/* Anchor and alias marks sit on the name, after the & or *: report at
** the indicator, where the user sees the construct start. */
static struct dc_pos indicator_pos(const struct loader *ld,
                                   const struct fy_mark *m, char indicator,
                                   struct dc_pos dflt)
{
  size_t off;
  if (!m)
    return dflt;
  off = m->input_pos;
  if (off > 0 && off <= ld->len && ld->buf[off - 1] == indicator)
    off--;
  return dc_spec_pos_of_byte(ld, off);
}

/* --- building the tree --- */

struct frame {
  struct ynode *node;
  struct ynode *key;            /* a mapping key waiting for its value */
};

struct builder {
  struct loader *ld;
  struct frame *stack;
  size_t depth, cap;
  struct ynode *root;
  struct dc_pos last;           /* latest position seen, for null values */
  int failed;
};

static struct ynode *new_node(struct builder *b, enum ytype type,
                              struct dc_pos pos)
{
  struct ynode *y = dc_arena_alloc(&b->ld->tmp, sizeof *y);
  if (!y) {
    if (!b->failed)
      dc_error_oom(b->ld->diags, pos);
    b->failed = 1;
    return NULL;
  }
  y->type = type;
  y->pos = pos;
  y->text = "";
  return y;
}

static void append(struct ynode *parent, struct ynode *y)
{
  if (parent->last)
    parent->last->next = y;
  else
    parent->kids = y;
  parent->last = y;
  parent->n++;
}

/* Put a finished or starting node where it belongs: the root, a sequence
** item, a mapping key or a mapping value. */
static void attach(struct builder *b, struct ynode *y)
{
  struct frame *top;
  if (b->depth == 0) {
    if (!b->root)
      b->root = y;
    return;
  }
  top = &b->stack[b->depth - 1];
  if (top->node->type != Y_MAP) {
    append(top->node, y);
    return;
  }
  if (top->key) {
    top->key->val = y;
    top->key = NULL;
    return;
  }
  append(top->node, y);
  top->key = y;
  if (y->type == Y_ALIAS) {
    y->skip = 1;
  } else if (y->type != Y_SCALAR) {
    dc_error(b->ld->diags, y->pos, "mapping keys must be plain strings");
    y->skip = 1;
  } else if (y->style == YS_PLAIN && strcmp(y->text, "<<") == 0) {
    dc_error(b->ld->diags, y->pos,
             "YAML merge keys (<<) are not allowed in a spec");
    y->skip = 1;
  }
}

static int push(struct builder *b, struct ynode *y)
{
  if (dc_reserve(&b->stack, &b->cap, b->depth, sizeof *b->stack)) {
    dc_error_oom(b->ld->diags, y->pos);
    b->failed = 1;
    return -1;
  }
  b->stack[b->depth].node = y;
  b->stack[b->depth].key = NULL;
  b->depth++;
  return 0;
}

/* Anchors and tags are rejected wherever they appear (SPEC section 2). */
static void check_props(struct builder *b, struct fy_token *anchor,
                        struct fy_token *tag)
{
  size_t n;
  const char *t;
  if (anchor) {
    t = fy_token_get_text(anchor, &n);
    dc_error(b->ld->diags,
             indicator_pos(b->ld, fy_token_start_mark(anchor), '&', b->last),
             "YAML anchors are not allowed in a spec (&%.*s)",
             (int)(n > 64 ? 64 : n), t ? t : "");
  }
  if (tag) {
    t = fy_token_get_text(tag, &n);
    dc_error(b->ld->diags, mark_pos(b->ld, fy_token_start_mark(tag), b->last),
             "YAML tags are not allowed in a spec (%.*s)",
             (int)(n > 64 ? 64 : n), t ? t : "");
  }
}

static int plain_null(const char *s, size_t n)
{
  return n == 0 || (n == 1 && s[0] == '~') ||
         (n == 4 && (memcmp(s, "null", 4) == 0 || memcmp(s, "Null", 4) == 0 ||
                     memcmp(s, "NULL", 4) == 0));
}

static struct ynode *scalar_node(struct builder *b, struct fy_event *ev)
{
  struct fy_token *tok = ev->scalar.value;
  const struct fy_mark *sm, *em;
  struct ynode *y;
  const char *t;
  size_t n;
  char q;

  if (!tok) {                   /* an empty value: no token, no mark */
    y = new_node(b, Y_SCALAR, b->last);
    if (y)
      y->is_null = 1;
    return y;
  }
  sm = fy_token_start_mark(tok);
  em = fy_token_end_mark(tok);
  y = new_node(b, Y_SCALAR, mark_pos(b->ld, sm, b->last));
  if (!y)
    return NULL;
  y->style = (enum ystyle)fy_token_scalar_style(tok);
  if ((int)y->style < 0 || y->style > YS_FOLDED)
    y->style = YS_PLAIN;
  t = fy_token_get_text(tok, &n);
  y->text = dc_arena_strndup(&b->ld->tmp, t ? t : "", t ? n : 0);
  if (!y->text) {
    y->text = "";
    b->failed = 1;
    dc_error_oom(b->ld->diags, y->pos);
    return y;
  }
  y->len = t ? n : 0;
  y->src_start = sm ? sm->input_pos : 0;
  y->src_end = em ? em->input_pos : y->src_start;
  if (y->src_end > b->ld->len)
    y->src_end = b->ld->len;
  if (y->src_start > y->src_end)
    y->src_start = y->src_end;
  /* A quoted scalar's mark may sit on the opening quote or just after it
  ** (it differs between libfyaml's APIs): start at the content, report
  ** the node at the quote. */
  q = y->style == YS_DOUBLE ? '"' : y->style == YS_SINGLE ? '\'' : 0;
  if (q) {
    const char *s = b->ld->buf;
    if (y->src_start < y->src_end && s[y->src_start] == q &&
        (y->src_start == 0 || s[y->src_start - 1] != q))
      y->src_start++;
    if (y->src_start > 0 && s[y->src_start - 1] == q)
      y->pos = dc_spec_pos_of_byte(b->ld, y->src_start - 1);
  }
  y->is_null = y->style == YS_PLAIN && plain_null(y->text, y->len);
  return y;
}

static uint32_t hash_text(const char *s, size_t n)
{
  uint32_t h = 2166136261u;
  size_t i;
  for (i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 16777619u;
  return h;
}

/* Report every key of map y that repeats an earlier one: a hash set, so a
** mapping with 100,000 keys is checked in linear time. */
static void check_duplicates(struct builder *b, struct ynode *map)
{
  struct ynode **set, *k;
  size_t cap = 16, mask;

  if (map->n < 2)
    return;
  while (cap < 2 * map->n)
    cap *= 2;
  set = calloc(cap, sizeof *set);
  if (!set) {
    dc_error_oom(b->ld->diags, map->pos);
    b->failed = 1;
    return;
  }
  mask = cap - 1;
  for (k = map->kids; k; k = k->next) {
    size_t i;
    if (k->skip || k->type != Y_SCALAR)
      continue;
    i = hash_text(k->text, k->len) & mask;
    while (set[i] && !(set[i]->len == k->len &&
                       memcmp(set[i]->text, k->text, k->len) == 0))
      i = (i + 1) & mask;
    if (set[i]) {
      dc_error(b->ld->diags, k->pos,
               "duplicate key '%.*s' (first defined at line %d)",
               (int)(k->len > 64 ? 64 : k->len), k->text, set[i]->pos.line);
      k->skip = 1;
    } else {
      set[i] = k;
    }
  }
  free(set);
}

static void report_fy_errors(struct builder *b, struct fy_diag *diag)
{
  void *it = NULL;
  struct fy_diag_error *e;
  size_t n = 0;
  while ((e = fy_diag_errors_iterate(diag, &it)) != NULL) {
    struct dc_pos p = { b->ld->file, e->line > 0 ? e->line : 0,
                        e->line > 0 && e->column > 0 ? e->column : 0 };
    if (e->type < FYET_ERROR)
      continue;
    dc_error(b->ld->diags, p, "%s", e->msg ? e->msg : "YAML syntax error");
    n++;
  }
  if (n == 0)
    dc_error(b->ld->diags, b->last, "YAML syntax error");
}

/* Our diagnostics sink: libfyaml must never write to stderr itself. */
static void fy_sink(struct fy_diag *diag, void *user, const char *buf,
                    size_t len)
{
  (void)diag;
  (void)user;
  (void)buf;
  (void)len;
}

/* Handle one event; returns 0 to go on, 1 to stop reading. */
/*
** Control characters in a scalar's content, raw or from an escape ("\e",
** "\x1b", "\0"): only tab and newline have a use in a spec.  The others
** would reach terminals through diagnostics and documents (ESC starts a
** terminal sequence that can erase the line of its own error), and a NUL
** would silently cut the string short.  C1 controls (U+0080-U+009F) are
** terminal commands too.  One error per scalar, at the character.
*/
static void check_controls(struct builder *b, struct ynode *y)
{
  const unsigned char *u = (const unsigned char *)y->text;
  size_t i;
  unsigned c = 0;

  for (i = 0; i < y->len; i++) {
    c = u[i];
    if (c == 0xC2 && i + 1 < y->len && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F) {
      c = 0x100 | u[i + 1];     /* marks a C1 control */
      break;
    }
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
      break;
  }
  if (i == y->len)
    return;
  /* Reported here once: a name, domain or expression check of the same
  ** scalar would only show it again, cut short at the NUL. */
  y->skip = 1;
  if (c == 0)
    dc_error(b->ld->diags, dc_spec_scalar_pos(b->ld, y, i),
             "NUL character (\\0) in a string: a spec's strings are text");
  else if (c & 0x100)
    dc_error(b->ld->diags, dc_spec_scalar_pos(b->ld, y, i),
             "control character U+%04X in a string (only tab and newline "
             "are allowed)", c & 0xFF);
  else
    dc_error(b->ld->diags, dc_spec_scalar_pos(b->ld, y, i),
             "control character \\x%02x in a string (only tab and newline "
             "are allowed)", c);
}

static int on_event(struct builder *b, struct fy_event *ev, int *ndocs)
{
  struct loader *ld = b->ld;
  struct ynode *y;
  const struct fy_mark *m = fy_event_start_mark(ev);

  if (m)
    b->last = dc_spec_pos_of_byte(ld, m->input_pos);
  switch (ev->type) {
  case FYET_DOCUMENT_START:
    if (++*ndocs > 1) {
      dc_error(ld->diags, b->last,
               "a spec holds one YAML document; a second one starts here");
      return 1;
    }
    return 0;
  case FYET_SCALAR:
    check_props(b, ev->scalar.anchor, ev->scalar.tag);
    y = scalar_node(b, ev);
    if (y) {
      check_controls(b, y);
      attach(b, y);
    }
    return b->failed;
  case FYET_ALIAS:
    y = new_node(b, Y_ALIAS, indicator_pos(ld, m, '*', b->last));
    if (!y)
      return 1;
    dc_error(ld->diags, y->pos, "YAML aliases are not allowed in a spec");
    attach(b, y);
    return 0;
  case FYET_SEQUENCE_START:
  case FYET_MAPPING_START:
    if (ev->type == FYET_SEQUENCE_START)
      check_props(b, ev->sequence_start.anchor, ev->sequence_start.tag);
    else
      check_props(b, ev->mapping_start.anchor, ev->mapping_start.tag);
    y = new_node(b, ev->type == FYET_SEQUENCE_START ? Y_SEQ : Y_MAP, b->last);
    if (!y)
      return 1;
    attach(b, y);
    return push(b, y) != 0;
  case FYET_SEQUENCE_END:
  case FYET_MAPPING_END:
    if (b->depth == 0)
      return 0;
    y = b->stack[--b->depth].node;
    if (y->type == Y_MAP)
      check_duplicates(b, y);
    return b->failed;
  default:
    return 0;
  }
}

struct ynode *dc_spec_yaml_tree(struct loader *ld)
{
  struct builder b;
  struct fy_diag_cfg dcfg;
  struct fy_parse_cfg cfg;
  struct fy_diag *diag;
  struct fy_parser *fyp;
  struct fy_event *ev;
  int ndocs = 0, stop = 0, saved_errno;

  memset(&b, 0, sizeof b);
  b.ld = ld;
  b.last = (struct dc_pos){ ld->file, 1, 1 };
  /* libfyaml 0.7.12 does not tell a failed allocation from bad input: it
  ** reports a syntax error, or hands out an empty scalar.  A failed
  ** malloc sets errno to ENOMEM, so errno tells us (README, Reliability
  ** notes).  An ENOMEM from before is kept for the caller. */
  saved_errno = errno;
  errno = 0;
  fy_diag_cfg_default(&dcfg);
  dcfg.fp = NULL;
  dcfg.output_fn = fy_sink;
  dcfg.colorize = false;
  diag = fy_diag_create(&dcfg);
  if (!diag) {
    dc_error_oom(ld->diags, b.last);
    return NULL;
  }
  fy_diag_set_collect_errors(diag, true);
  memset(&cfg, 0, sizeof cfg);
  /* Never FYPCF_RESOLVE_DOCUMENT (aliases stay visible, no billion
  ** laughs) and never FYPCF_DISABLE_DEPTH_LIMIT. */
  cfg.flags = FYPCF_QUIET | FYPCF_ALLOW_DUPLICATE_KEYS;
  cfg.diag = diag;
  fyp = fy_parser_create(&cfg);
  if (!fyp || fy_parser_set_string(fyp, ld->buf, ld->len) != 0) {
    dc_error_oom(ld->diags, b.last);
    if (fyp)
      fy_parser_destroy(fyp);
    fy_diag_destroy(diag);
    return NULL;
  }
  while (!stop && (ev = fy_parser_parse(fyp)) != NULL) {
    stop = on_event(&b, ev, &ndocs);
    fy_parser_event_free(fyp, ev);
  }
  if (fy_parser_get_stream_error(fyp)) {
    report_fy_errors(&b, diag);
    b.failed = 1;
  }
  fy_parser_destroy(fyp);
  fy_diag_destroy(diag);
  free(b.stack);
  if (errno == ENOMEM) {
    if (!ld->diags->oom)
      dc_error_oom(ld->diags, b.last);
    b.failed = 1;
  } else {
    errno = saved_errno;
  }
  if (b.failed)
    return NULL;
  if (ndocs == 0 || !b.root || (b.root->type == Y_SCALAR && b.root->is_null)) {
    dc_error(ld->diags, (struct dc_pos){ ld->file, 1, 1 },
             "empty spec: the file holds no YAML content");
    return NULL;
  }
  return b.root;
}

struct ynode *dc_spec_map_get(const struct ynode *y, const char *name)
{
  struct ynode *k;
  size_t n = strlen(name);
  if (!y || y->type != Y_MAP)
    return NULL;
  for (k = y->kids; k; k = k->next)
    if (!k->skip && k->type == Y_SCALAR && k->len == n &&
        memcmp(k->text, name, n) == 0)
      return k->val;
  return NULL;
}

/* --- from content offsets to file positions --- */

static int is_yspace(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t utf8_len(unsigned char c)
{
  return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/*
** Fill map[0..len] with the buffer offset of each content byte of y.
** The content is the source with escapes decoded, '' undoubled, line
** breaks folded and indentation stripped; walking both in step, equal
** bytes pair up, source whitespace the content lacks is skipped, and
** content whitespace the source lacks (a folded line break) maps to where
** the source is.  Non-whitespace always lands on its own source byte.
*/
static void scalar_align(const struct loader *ld, const struct ynode *y,
                         size_t *map)
{
  const char *s = ld->buf;
  const unsigned char *c = (const unsigned char *)y->text;
  size_t i = 0, n = y->len, j = y->src_start, end = y->src_end;

  while (i < n) {
    if (j >= end) {
      map[i++] = end;
    } else if (y->style == YS_DOUBLE && s[j] == '\\') {
      char e = j + 1 < end ? s[j + 1] : 0;
      size_t w = e == 'x' ? 4 : e == 'u' ? 6 : e == 'U' ? 10 : 2, k;
      if (e == '\n' || e == '\r') {     /* escaped line break: no content */
        j += 2;
        continue;
      }
      for (k = utf8_len(c[i]); k > 0 && i < n; k--)
        map[i++] = j;
      j += w;
    } else if (y->style == YS_SINGLE && s[j] == '\'' && j + 1 < end &&
               s[j + 1] == '\'') {
      map[i++] = j;
      j += 2;
    } else if (c[i] == (unsigned char)s[j]) {
      map[i++] = j++;
    } else if (is_yspace(s[j])) {
      j++;
    } else if (is_yspace((char)c[i])) {
      map[i++] = j;
    } else {
      j++;
    }
  }
  map[n] = j < end ? j : end;
}

struct dc_pos dc_spec_scalar_pos(const struct loader *ld,
                                 const struct ynode *y, size_t off)
{
  size_t *map;
  struct dc_pos p;
  if (y->type != Y_SCALAR || y->src_end == 0)
    return y->pos;
  if (off > y->len)
    off = y->len;
  map = malloc((y->len + 1) * sizeof *map);
  if (!map)
    return y->pos;
  scalar_align(ld, y, map);
  p = dc_spec_pos_of_byte(ld, map[off]);
  free(map);
  return p;
}

/* The parser reports against this file name; we then move each such
** position to the right place in the real file. */
static const char virtual_file[] = "<expression>";

/* The content offset of a position that dc_srcmap_pos computed with the
** map {virtual_file, 1, 1, 0}. */
static size_t virtual_offset(const char *text, size_t len, int line, int col)
{
  int l = 1, c = 1;
  size_t i;
  for (i = 0; i < len; i++) {
    if (l > line || (l == line && c >= col))
      return i;
    if (text[i] == '\n') {
      l++;
      c = 1;
    } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
      c++;
    }
  }
  return len;
}

struct dc_pos dc_spec_parsed_pos(const struct loader *ld,
                                 const struct dc_spec_parse *p, size_t off)
{
  return dc_spec_pos_of_byte(ld, p->src[off]);
}

int dc_spec_parse_scalar(struct loader *ld, const struct ynode *y,
                         int allow_chain, struct dc_spec_parse *p)
{
  struct dc_srcmap map = { virtual_file, 1, 1, 0 };
  size_t n0, k;
  int rc;

  memset(p, 0, sizeof *p);
  if (y->len > DC_MAX_EXPR_BYTES) {
    dc_error(ld->diags, y->pos,
             "expression of %zu bytes is longer than the limit "
             "of %u bytes", y->len, (unsigned)DC_MAX_EXPR_BYTES);
    return -1;
  }
  p->src = malloc((y->len + 1) * sizeof *p->src);
  if (!p->src) {
    dc_error_oom(ld->diags, y->pos);
    return -1;
  }
  scalar_align(ld, y, p->src);
  n0 = ld->diags->n;
  rc = dc_parse_chain(ld->ctx, y->text, y->len, &map, allow_chain, ld->diags,
                      &p->out);
  for (k = n0; k < ld->diags->n; k++) {
    struct dc_pos *dp = &ld->diags->v[k].pos;
    if (dp->file != virtual_file)
      continue;
    if (dp->line <= 0)
      *dp = y->pos;
    else
      *dp = dc_spec_parsed_pos(ld, p, virtual_offset(y->text, y->len,
                                                     dp->line, dp->col));
  }
  return rc;
}

void dc_spec_parse_free(struct dc_spec_parse *p)
{
  dc_parse_out_free(&p->out);
  free(p->src);
  memset(p, 0, sizeof *p);
}
