/*
** fuzz_expr.c: the expression parser, and the plain printer's round trip
** on whatever parses (a tree printed and parsed again is the same tree).
*/
#include <stdlib.h>
#include <string.h>
#include "fuzz/fuzz.h"
#include "expr/node.h"
#include "expr/plain.h"
#include "parser/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct dc_ctx *ctx;
  struct dc_diags d;
  struct dc_node *e;
  if (size > 4096)
    return 0;
  ctx = dc_ctx_new();
  if (!ctx)
    return 0;
  dc_diags_init(&d);
  e = dc_parse_expr(ctx, (const char *)data, size, NULL, &d);
  if (e) {
    char *s = dc_plain_string(e);
    if (s) {
      struct dc_diags d2;
      struct dc_node *again;
      dc_diags_init(&d2);
      again = dc_parse_expr(ctx, s, strlen(s), NULL, &d2);
      if (again != e && !ctx->oom)
        abort();                /* the round trip broke */
      dc_diags_free(&d2);
      free(s);
    }
  }
  dc_diags_free(&d);
  dc_ctx_free(ctx);
  return 0;
}
