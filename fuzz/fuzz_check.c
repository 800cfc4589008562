/*
** fuzz_check.c: the whole pipeline on a spec that loads: checking (few
** samples, low precision, to keep each input fast) and every emitter,
** the HTML report's piece included.
*/
#include "fuzz/fuzz.h"
#include "emit/document.h"
#include "emit/html.h"
#include "expr/node.h"
#include "expr/plain.h"
#include "parser/spec.h"
#include "verify/check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const enum dc_emit_format formats[] = {
    DC_EMIT_MARKDOWN, DC_EMIT_LATEX, DC_EMIT_JSON
  };
  struct dc_check_params p = { 64, 4, 1 };
  struct dc_spec_result res;
  struct dc_ctx *ctx;
  struct dc_diags d;
  struct dc_spec *s;
  size_t i;
  if (size > 16384)
    return 0;
  ctx = dc_ctx_new();
  if (!ctx)
    return 0;
  dc_diags_init(&d);
  s = dc_spec_load_buffer(ctx, "fuzz.yaml", (const char *)data, size, &d);
  if (s) {
    int ok = dc_check_spec(ctx, s, &p, &res, &d) == DC_CHECK_OK;
    for (i = 0; ok && i < sizeof formats / sizeof formats[0]; i++) {
      struct dc_buf b;
      dc_buf_init(&b);
      if (formats[i] == DC_EMIT_JSON)
        dc_json_spec(&b, s, &p, &res);
      else
        dc_doc_spec(&b, formats[i], s);
      dc_buf_free(&b);
    }
    if (ok) {
      /* The HTML report's piece: every string of the spec escaped. */
      struct dc_report_opts o = { DC_REPORT_HTML, 0, 1, NULL, NULL };
      struct dc_buf b;
      dc_buf_init(&b);
      dc_html_spec(&o, &b, s, &p, &res);
      dc_buf_free(&b);
    }
    dc_spec_result_free(s, &res);
  }
  dc_diags_free(&d);
  dc_ctx_free(ctx);
  return 0;
}
