/*
** spec.h: a loaded spec (SPEC section 2) and the loader's entry points.
**
** The loader reads YAML with libfyaml, checks every key and type, parses
** every expression, resolves names, and fills these structures.  Nothing
** here points into the libfyaml document, which is freed before
** dc_spec_load returns.  Everything lives in the context's arena.
*/
#ifndef DC_SPEC_H
#define DC_SPEC_H

#include <stddef.h>
#include "expr/diag.h"
#include "expr/node.h"
#include "expr/scope.h"

/* One expression of a chain, with where it was written. */
struct dc_element {
  struct dc_node *expr;         /* the tree as written */
  const char *src;              /* its source text (trimmed), NUL-terminated */
  struct dc_pos pos;            /* position of its first character */
  int line_index;               /* which string of the chain (typeset line) */
};

/* Something of a post that is not checked (parser/post.h): kept with the
** spec so that every report lists it, never as passed. */
#define DC_SKIP_REASON 200

struct dc_skip {
  struct dc_pos pos;            /* in the post */
  size_t links;                 /* links it leaves unchecked (0: no chain) */
  char reason[DC_SKIP_REASON];
};

/* A chain: at least two elements; every adjacent pair is a link. */
struct dc_chain {
  struct dc_element *elems;
  size_t nelems;
  struct dc_pos pos;            /* position of the chain's YAML node */
};

enum dc_block_kind { DC_BLOCK_TEXT, DC_BLOCK_CHAINS, DC_BLOCK_DERIVE };

struct dc_block {
  enum dc_block_kind kind;
  const char *text;             /* TEXT: Markdown prose */
  struct dc_chain *chains;      /* CHAINS */
  size_t nchains;
  struct dc_element derive;     /* DERIVE: the expression to derive */
  struct dc_scope scope;        /* where names and wrt */
  struct dc_pos pos;            /* position of the block's mapping */
  int end_line;                 /* its last line (a post: the closing
                                ** delimiter's) */
  struct dc_pos text_pos;       /* TEXT: position of the text's first
                                ** character (messages about the prose) */
};

struct dc_section {
  const char *title;            /* may be NULL */
  struct dc_block *blocks;
  size_t nblocks;
  struct dc_pos pos;
};

/* Check settings: 0 means "not given in the spec". */
struct dc_check_opts {
  long precision, samples;
  unsigned long seed;
  int has_precision, has_samples, has_seed;
};

/* The LaTeX document's settings (`latex:` at the top level). */
struct dc_latex_opts {
  int number;                   /* number the rows of displays */
};

struct dc_spec {
  const char *path;             /* file name as given (for messages) */
  const char *title;            /* NULL when absent */
  struct dc_check_opts check;
  struct dc_latex_opts latex;
  struct dc_symbol *symbols;
  size_t nsymbols;
  struct dc_func *funcs;
  size_t nfuncs;
  struct dc_def *defs;          /* global definitions */
  size_t ndefs;
  struct dc_section *sections;
  size_t nsections;
  size_t nskipped;              /* a post's links not read (parser/post.h) */
  const struct dc_skip *skips;  /* what a post left unchecked, by place */
  size_t nskips;
  int decimals;                 /* decimals: 0 exact, 1 rounded
                                ** (verify/rounded.h) */
};

/*
** Load the spec at path.  Returns NULL when it does not load: every error
** found (up to DC_MAX_ERRORS) is in diags, each with file:line:col.
** Warnings (undeclared symbols) are added to diags on success too.
*/
struct dc_spec *dc_spec_load(struct dc_ctx *ctx, const char *path,
                             struct dc_diags *diags);

/* The same from a buffer; `name` is used in messages. */
struct dc_spec *dc_spec_load_buffer(struct dc_ctx *ctx, const char *name,
                                    const char *buf, size_t len,
                                    struct dc_diags *diags);

/*
** A one-block spec holding one chain given on the command line (-e).
** Positions are reported against the file name "<command line>", line 1.
*/
struct dc_spec *dc_spec_from_chain(struct dc_ctx *ctx, const char *chain,
                                   struct dc_diags *diags);

/* The same for --derive: a one-block spec whose derive block holds expr
** (its chain generated, as for a derive block in a file). */
struct dc_spec *dc_spec_from_derive(struct dc_ctx *ctx, const char *expr,
                                    struct dc_diags *diags);

#endif
