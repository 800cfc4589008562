/*
** post.h: a Markdown post as input (SPEC section 7).
**
** The display math of the post is read with the LaTeX reader
** (parser/latex_read.h) and becomes a spec: every chain of equalities a
** chain, every block with its where names a block, the context (front
** matter `derivcheck:` mapping, or --context FILE.yaml) its symbols,
** functions and definitions.  The spec is loaded by the ordinary loader,
** so names, domains and where names mean exactly what they mean in a
** YAML spec; then every position is moved back to the Markdown line and
** column the formula came from.  What cannot be read is skipped, never
** passed: each skip is kept with its position and reason.
*/
#ifndef DC_POST_H
#define DC_POST_H

#include <stddef.h>
#include "expr/diag.h"
#include "expr/node.h"
#include "parser/spec.h"

/* What the post left unchecked (struct dc_skip: parser/spec.h). */
struct dc_skips {
  struct dc_skip *v;
  size_t n, cap;
};

/* Whether path names a post (.md, .markdown) rather than a spec. */
int dc_is_post_path(const char *path);

/*
** Load the post at path, with the context from context_path (a YAML
** file) when it is not NULL, else from the post's front matter.  NULL when
** it does not load (errors in diags).  Skips are added to skips, and their
** link count is the spec's nskipped.
*/
struct dc_spec *dc_post_load(struct dc_ctx *ctx, const char *path,
                             const char *context_path,
                             struct dc_diags *diags, struct dc_skips *skips);

/* The same from a buffer. */
struct dc_spec *dc_post_load_buffer(struct dc_ctx *ctx, const char *path,
                                    const char *text, size_t len,
                                    const char *context_path,
                                    struct dc_diags *diags,
                                    struct dc_skips *skips);

void dc_skips_free(struct dc_skips *s);

#endif
