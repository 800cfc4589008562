/*
** post_int.h: the pieces of reading a post (parser/post.h), shared by
** parser/post_scan.c (Markdown: front matter, display blocks, comments),
** parser/post_rows.c (rows, chains, skips) and parser/post.c (the spec).
*/
#ifndef DC_POST_INT_H
#define DC_POST_INT_H

#include "expr/plain.h"
#include "parser/latex_read.h"
#include "parser/post.h"

/* The post's text, a private copy: blockquote markers and environment
** delimiters are blanked in it (same length, so offsets stay). */
struct dc_md {
  const char *path;
  char *s;
  size_t len;
  size_t *lines;                /* byte offset of each line start */
  size_t nlines;
  size_t body;                  /* first byte after the front matter */
  size_t fm_off, fm_len;        /* front matter text (no --- lines) */
};

/* One display block. */
struct dc_md_block {
  size_t off, end;              /* the math, delimiters excluded */
  int line;                     /* Markdown line of the opening delimiter */
  size_t where_off, where_len;  /* "{...}" of a where comment, or len 0 */
  size_t wrt_off, wrt_len;      /* the comment's wrt name, or len 0 */
};

int dc_md_init(struct dc_md *md, const char *path, const char *text,
               size_t len);
void dc_md_free(struct dc_md *md);

/* The Markdown position of byte off. */
struct dc_pos dc_md_pos(const struct dc_md *md, size_t off);

/* Every display block of the body, in order; -1 when out of memory. */
int dc_md_blocks(struct dc_md *md, struct dc_md_block **out, size_t *n);

/* ---- the context (post_context.c) ---- */

/* A per-block where mapping of a context file: `blocks: - {line: N,
** where: {...}}`, for posts that cannot carry comments of their own. */
struct dc_where_at {
  int line;
  char *text;                   /* "{...}", or NULL */
  char wrt[64];                 /* "" when none */
};

struct dc_post_context {
  char *text;                   /* YAML: symbols, functions, ... */
  size_t len;
  const char *file;             /* where its lines are */
  int line0, indent;            /* its line 1 is file line line0 */
  int nlines;
  struct dc_where_at *at;
  size_t nat;
  char *where;                  /* a top-level where: for every block */
  char **merged;                /* each block's where mapping, or NULL */
  size_t nmerged;
  char *funcs;                  /* functions: with the post's own, or NULL */
  struct dc_pos funcs_pos;      /* the first definition's row */
};

/* A file's whole text (malloc'd, NUL-terminated), or NULL after an error. */
char *dc_post_read_file(const char *path, size_t *len, struct dc_diags *d);
/* The context: from context_path when given, else the front matter's
** derivcheck: mapping, else a context comment; its where keys taken out.
** -1 after an error (or out of memory). */
int dc_post_context_load(struct dc_post_context *c, const struct dc_md *md,
                         const char *context_path, struct dc_diags *d);
void dc_post_context_free(struct dc_post_context *c);
/* Each block's where mapping: the global entries, then its own. */
int dc_post_merge_wheres(struct dc_post_context *c, const struct dc_md *md,
                         const struct dc_md_block *blocks, size_t nb);
/* Block bi's merged where mapping "{...}" (*len set), or NULL. */
const char *dc_post_block_where(const struct dc_post_context *c, size_t bi,
                                size_t *len);
/* Block b's wrt name (its comment's, else the context's), or NULL. */
const char *dc_post_block_wrt(const struct dc_md *md,
                              const struct dc_md_block *b,
                              const struct dc_post_context *c, size_t *len);

/* One element of a chain as read. */
struct dc_post_elem {
  struct dc_node *expr;         /* NULL: it could not be read */
  struct dc_pos pos;
  char reason[DC_SKIP_REASON];  /* why not, when expr is NULL */
};

/* A chain of a block as read: its elements, readable or not. */
struct dc_post_chain {
  struct dc_post_elem *v;
  size_t n, cap;
  size_t block;                 /* index of the block it starts in */
};

struct dc_post_chains {
  struct dc_post_chain *v;
  size_t n, cap;
  int open;                     /* a row starting with '=' continues v[n-1] */
};

/* Record a skip. */
void dc_skip_add(struct dc_skips *s, struct dc_pos pos, size_t links,
                 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
** Read the rows of one block (index bi) into chains, continuing the last
** chain when the block's first row starts with '='.  Names are read in
** rctx (the context), where names of the block are extra names.
*/
struct dc_post_funcs;
int dc_post_read_block(struct dc_ctx *rctx, struct dc_md *md,
                       const struct dc_md_block *blk, size_t bi,
                       const struct dc_latex_env *env,
                       const struct dc_post_funcs *funcs,
                       struct dc_post_chains *chains, struct dc_skips *skips,
                       struct dc_diags *diags);

void dc_post_chains_free(struct dc_post_chains *c);

/* Post-wide where names (post_where.c).  Take a top-level `where:` out of
** a context's YAML text (blanked, so its lines stay), as "{...}"
** (malloc'd); NULL when there is none, or with *bad_line set (1-based in
** text) when its value is neither a flow nor a block mapping. */
char *dc_post_take_where(char *text, int *bad_line);
/* The same for any top-level key; a block mapping comes back as its lines,
** as they are, with *flow 0; a flow one as "{...}" with *flow 1. */
char *dc_post_take_key(char *text, const char *key, int *flow,
                       int *bad_line);

/* ---- functions the post defines (post_funcs.c) ---- */

#define DC_POST_FUNC_PARAMS 4

struct dc_post_func {
  char name[64];                /* plain spelling: f, sigma */
  char internal[72];            /* its name in the spec: f, or f__2 for
                                   the second definition of f */
  char params[DC_POST_FUNC_PARAMS][64];
  int nparams;
  size_t head;                  /* offset of the name in the row */
  size_t body_off, body_end;    /* the body's LaTeX */
  char *plain;                  /* the body in plain syntax, or NULL */
  int ambiguous;                /* no body to expand (unreadable, or
                                   calling itself) */
};

struct dc_post_funcs {
  struct dc_post_func *v;
  size_t n;
  int redefined;                /* some name is defined more than once */
};

/* Every row NAME(PARAMS) = BODY of the blocks whose NAME rctx (the
** context) does not declare, in order. */
void dc_post_find_funcs(const struct dc_ctx *rctx, const struct dc_md *md,
                        const struct dc_md_block *blocks, size_t nb,
                        struct dc_post_funcs *F);
/* Their bodies read in rctx, where each is declared. */
void dc_post_read_funcs(struct dc_ctx *rctx, const struct dc_md *md,
                        struct dc_post_funcs *F);
/* The context's functions key with the post's definitions added (bodies
** "0" when dummy, or for ambiguous names): `taken` is what
** dc_post_take_key took out of the context (NULL: nothing), taken_flow
** its style.  Malloc'd YAML, NULL on out-of-memory. */
char *dc_post_funcs_yaml(const struct dc_post_funcs *F, const char *taken,
                         int taken_flow, int dummy);
/* The definition whose head lies in [off, end), or NULL. */
const struct dc_post_func *dc_post_func_at(const struct dc_post_funcs *F,
                                           size_t off, size_t end);
/* The renames in force at offset off: each name defined more than once
** read as the definition before off (the first before the first); into
** out[0..cap), returns how many. */
size_t dc_post_renames_at(const struct dc_post_funcs *F, size_t off,
                          struct dc_latex_rename *out, size_t cap);
/* An ambiguous defined name that tree e calls, or NULL. */
const char *dc_post_ambiguous_call(const struct dc_post_funcs *F,
                                   const struct dc_node *e);
/* Does tree e use the name (a call or a name)? */
int dc_post_calls(const struct dc_node *e, const char *name);
void dc_post_funcs_free(struct dc_post_funcs *F);
/* A block's where mapping: the global entries it does not redefine, then
** its own (blk: "{...}", or NULL); malloc'd, NULL when both are NULL. */
char *dc_post_merge_where(const char *global, const char *blk, size_t blen);

#endif
