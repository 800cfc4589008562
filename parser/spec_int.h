/*
** spec_int.h: what the files of the spec loader share (private to parser/).
**
** The loader works in three layers:
**   spec_yaml.c    libfyaml events -> a small YAML tree of our own (ynode),
**                  with exact source positions, and the mapping from a
**                  scalar's content bytes back to the file;
**   spec_domain.c  the little languages inside scalars: domains, integers,
**                  identifiers, function signatures;
**   spec_schema.c  type checks, unknown keys, integers;
**   spec_names.c   name checks, near-miss warnings, cycles, primes;
**   spec.c         reading and validating the bytes, and the schema walk.
**
** The YAML tree lives in a temporary arena freed before the loader
** returns; everything the spec keeps is copied into the context's arena.
*/
#ifndef DC_SPEC_INT_H
#define DC_SPEC_INT_H

#include <stdint.h>
#include <stddef.h>
#include "expr/arena.h"
#include "expr/diag.h"
#include "expr/node.h"
#include "expr/ptrmap.h"
#include "expr/scope.h"
#include "parser/parse.h"
#include "parser/spec.h"

enum ytype { Y_SCALAR, Y_SEQ, Y_MAP, Y_ALIAS };

/* Scalar styles, as libfyaml numbers them (enum fy_scalar_style). */
enum ystyle { YS_PLAIN, YS_SINGLE, YS_DOUBLE, YS_LITERAL, YS_FOLDED };

struct ynode {
  enum ytype type;
  enum ystyle style;
  int is_null;                  /* empty value, ~ or null */
  int skip;                     /* already reported (merge key, bad key) */
  const char *text;             /* scalar content, NUL-terminated */
  size_t len;
  size_t src_start, src_end;    /* scalar content bytes in the buffer */
  struct dc_pos pos;            /* first character of the node */
  struct ynode *kids, *last;    /* sequence items, or a mapping's keys */
  size_t n;
  struct ynode *next;           /* next sibling */
  struct ynode *val;            /* a mapping key's value */
};

struct loader {
  struct dc_ctx *ctx;
  struct dc_diags *diags;
  size_t errors_at_start;
  const char *file;             /* name for messages, in the ctx arena */
  const char *buf;              /* the YAML text (after a UTF-8 BOM) */
  size_t len;
  size_t *lines;                /* byte offset of each line's start */
  size_t nlines;
  /* Continuation bytes of UTF-8 before byte 64*k, for each k: a column
  ** is then found in at most 63 steps, even on a 4 MiB line. */
  uint32_t *cont64;
  struct dc_arena tmp;          /* the YAML tree */
  struct dc_spec *spec;
  struct dc_ptrmap warned;      /* names already warned about */
  int warned_ok;                /* warned was initialised */
  int global_cycle;             /* definitions/functions are cyclic */
  struct dc_near *near;         /* near-miss index (spec_names.c), or NULL */
  struct dc_near *near_where;   /* the same for one block's where names */
  const struct dc_scope *near_scope;  /* that block's scope */
};

/* Errors recorded since the loader started. */
size_t dc_spec_nerrors(const struct loader *ld);

/* --- spec_yaml.c --- */
/* Index the lines of ld->buf; -1 on out-of-memory (reported). */
int dc_spec_index_lines(struct loader *ld);
/* The file position of byte off of ld->buf. */
struct dc_pos dc_spec_pos_of_byte(const struct loader *ld, size_t off);
/* Parse ld->buf into a tree; NULL when it does not load (reported). */
struct ynode *dc_spec_yaml_tree(struct loader *ld);
/* The value of key `name` in mapping y, or NULL. */
struct ynode *dc_spec_map_get(const struct ynode *y, const char *name);
/* The file position of content byte off of scalar y. */
struct dc_pos dc_spec_scalar_pos(const struct loader *ld,
                                 const struct ynode *y, size_t off);

/* One parsed expression scalar: the parser's output plus, for each
** content byte, its byte offset in the file (so positions are exact even
** through escapes and folded lines). */
struct dc_spec_parse {
  struct dc_parse_out out;
  size_t *src;                  /* len + 1 entries */
};
/* Parse scalar y as a chain (allow_chain) or one expression; -1 on error
** (reported at the right file:line:col). */
int dc_spec_parse_scalar(struct loader *ld, const struct ynode *y,
                         int allow_chain, struct dc_spec_parse *p);
struct dc_pos dc_spec_parsed_pos(const struct loader *ld,
                                 const struct dc_spec_parse *p, size_t off);
void dc_spec_parse_free(struct dc_spec_parse *p);

/* --- spec_schema.c --- */
void dc_spec_oom(struct loader *ld, struct dc_pos pos);
/* A copy of scalar y's text in the context arena, or NULL (reported). */
const char *dc_spec_keep(struct loader *ld, const struct ynode *y);
/* "a mapping", "a list", "a string", "an empty value", "an alias". */
const char *dc_spec_describe(const struct ynode *y);
/* Is y of the wanted type (a string must not be empty)?  Reports
** "expected T for WHAT, found ..." when not; aliases were reported. */
int dc_spec_want(struct loader *ld, const struct ynode *y, enum ytype type,
                 const char *what);
/* Store the values of map y's keys that are in valid[] in slots[]; report
** the others, with a did-you-mean.  `where` ends the message. */
void dc_spec_read_keys(struct loader *ld, const struct ynode *y,
                       const char *const *valid, size_t nvalid,
                       struct ynode **slots, const char *where);
/* Reports and returns 1 when y has more than DC_MAX_ITEMS entries. */
int dc_spec_too_many(struct loader *ld, const struct ynode *y,
                     const char *what);
/* dc_spec_want and not dc_spec_too_many. */
int dc_spec_want_items(struct loader *ld, const struct ynode *y,
                       enum ytype type, const char *what);
/* An arena array of n zeroed elements, or NULL (reported). */
void *dc_spec_alloc_array(struct loader *ld, size_t n, size_t size,
                          struct dc_pos pos);
/* Key k as an interned name, or NULL (reported) when it cannot be one. */
struct dc_name *dc_spec_name_key(struct loader *ld, const struct ynode *k,
                                 const char *what);
/* A plain integer in [lo, hi] into *out; -1 (reported) otherwise. */
int dc_spec_want_integer(struct loader *ld, const struct ynode *y,
                         const char *what, unsigned long lo,
                         unsigned long hi, unsigned long *out);
/* The last line of node y (a block's end line). */
int dc_spec_end_line(const struct loader *ld, const struct ynode *y);
/* The settings at the top level (spec_settings.c). */
void dc_spec_load_check(struct loader *ld, const struct ynode *y);
void dc_spec_load_latex(struct loader *ld, const struct ynode *y);
void dc_spec_load_decimals(struct loader *ld, const struct ynode *y);
/* A YAML boolean (true/True/TRUE, false/False/FALSE) into *out; -1
** (reported) otherwise: "yes" and "on" are YAML 1.1 and not accepted. */
int dc_spec_want_bool(struct loader *ld, const struct ynode *y,
                      const char *what, int *out);

/* --- spec_domain.c --- */
/* Parse a domain string; *dom = NULL for the whole real line.  -1 on a
** bad domain (reported at y). */
int dc_spec_domain(struct loader *ld, const struct ynode *y,
                   struct dc_domain **dom);
/* True when s[0..n) is an identifier of the expression language. */
int dc_spec_is_ident(const char *s, size_t n);
/* Check that `name` may name a symbol, definition, where name or
** parameter (not a builtin, diff or pdiff); reports at pos. */
int dc_spec_name_ok(struct loader *ld, const char *what,
                    const struct dc_name *name, struct dc_pos pos);
/* Parse "f(x, y)" into func (name, nparams, params); reports at key. */
int dc_spec_signature(struct loader *ld, const struct ynode *key,
                      struct dc_func *func);

/* Whether a symbol's latex: scalar is safe inside a formula: braces
** balanced, no $, newline, %, #, &, ^^ or \\, and no command that reads or
** writes files, defines macros or opens and closes environments.  Reports
** at the offending character. */
int dc_spec_latex_ok(struct loader *ld, const struct ynode *y);

/* Whether a text block is safe for TeX: no \\input, \\write, \\openin,
** \\catcode, \\csname and the like, no ^^.  Reports at the command. */
int dc_spec_text_ok(struct loader *ld, const struct ynode *y);

/* --- spec_names.c --- */
/* Check every name use of p: functions used as variables are errors,
** near misses of declared names are warnings.  func: the function whose
** body this is (its parameters are names too), or NULL. */
void dc_spec_check_uses(struct loader *ld, const struct dc_scope *scope,
                        const struct dc_func *func,
                        const struct dc_spec_parse *p);
/* Free the near-miss index. */
void dc_spec_near_free(struct loader *ld);
/* Report cycles among global definitions and functions. */
void dc_spec_global_cycles(struct loader *ld);
/* Report cycles among a block's where names (through definitions);
** returns the number found. */
size_t dc_spec_where_cycles(struct loader *ld, const struct dc_block *b);
/* Report primes in e whose variable cannot be told (scope without wrt). */
void dc_spec_check_primes(struct loader *ld, const struct dc_scope *scope,
                          const struct dc_element *el);

#endif
