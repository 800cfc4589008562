/*
** fuzz_spec.c: the spec loader (YAML, names, derive blocks) on any bytes.
*/
#include "fuzz/fuzz.h"
#include "expr/node.h"
#include "parser/spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct dc_ctx *ctx;
  struct dc_diags d;
  if (size > 65536)
    return 0;
  ctx = dc_ctx_new();
  if (!ctx)
    return 0;
  dc_diags_init(&d);
  dc_spec_load_buffer(ctx, "fuzz.yaml", (const char *)data, size, &d);
  dc_diags_free(&d);
  dc_ctx_free(ctx);
  return 0;
}
