/*
** htmlpage.c: the page around the HTML report's pieces (emit/html.h):
** head, summary, the list of failures, the specs, and the script that
** typesets the math with KaTeX.
**
** The script records every problem in the body's data-render attribute
** ("ok", or "error: ..." with KaTeX's messages and any script error), so
** a headless browser's DOM dump says whether the page rendered; the
** typeset count goes to data-rendered.
*/
#include <string.h>
#include "emit/html.h"

#define PIECE_BODY "<!--dc:body-->\n"
#define PIECE_END "<!--dc:end-->\n"
#define PIECE_NO "\001"

static const char STYLE[] =
  "<style>/*<![CDATA[*/\n"
  "body{font-family:sans-serif;max-width:60em;margin:1em auto;"
  "padding:0 1em;color:#222}\n"
  "header{border-bottom:2px solid #ccc}\n"
  "table.counts td,table.counts th{padding:.2em .8em;text-align:right}\n"
  ".status-0{color:#1a7f37}.status-1,.status-2,.status-3{color:#b3261e}\n"
  "section.spec{border-top:1px solid #ddd;margin-top:1.5em}\n"
  "h2.file{font-family:monospace;font-size:1.1em}\n"
  ".post-title{font-size:1.4em;font-weight:bold}\n"
  ".text{white-space:pre-wrap;margin:.8em 0}\n"
  ".block{margin:.8em 0}\n"
  "ol.links{list-style:none;padding-left:0;font-size:.9em}\n"
  "li.link{margin:.25em 0;padding:.2em .5em;border-left:4px solid #ccc}\n"
  ".verdict{display:inline-block;min-width:7em;font-weight:bold}\n"
  "nav .verdict{min-width:0;margin:0 .5em}\n"
  "ol.failures li{background:none}\n"
  "li.pass{border-color:#4caf50}li.pass .verdict{color:#2e7d32}\n"
  "li.proved{border-color:#1b5e20}li.proved .verdict{color:#1b5e20}\n"
  "li.fail{border-color:#c62828;background:#fdecea}\n"
  "li.fail .verdict,ol.failures .fail .verdict{color:#c62828}\n"
  "li.undetermined{border-color:#ef6c00;background:#fff3e0}\n"
  "li.undetermined .verdict{color:#ef6c00}\n"
  "div.skip{margin:.25em 0;padding:.2em .5em;border-left:4px solid #9e9e9e;"
  "background:#f3f3f3;font-size:.9em}\n"
  "div.skip .verdict{color:#616161}\n"
  "div.skip pre.excerpt{margin:.3em 0 0;background:#e8e8e8}\n"
  "a.pos{font-family:monospace;color:#555}\n"
  "pre{background:#f6f6f6;padding:.5em;overflow-x:auto}\n"
  ".katex-failed{color:#c62828;font-family:monospace}\n"
  "figure.plot{margin:.5em 0}\n"
  "/*]]>*/</style>\n";

/* Before KaTeX loads: collect script errors from then on. */
static const char WATCH[] =
  "<script>//<![CDATA[\n"
  "window.dcErrors = [];\n"
  "window.addEventListener('error', function (e) {\n"
  "  window.dcErrors.push('script: ' + e.message);\n"
  "  document.body && document.body.setAttribute('data-render',\n"
  "    'error: ' + window.dcErrors.join('; '));\n"
  "});\n"
  "//]]></script>\n";

static const char RENDER[] =
  "<script>//<![CDATA[\n"
  "(function () {\n"
  "  var els = document.querySelectorAll('.math'), done = 0, i;\n"
  "  for (i = 0; i < els.length; i++) {\n"
  "    var el = els[i], tex = el.textContent;\n"
  "    try {\n"
  "      katex.render(tex, el, {displayMode: el.classList.contains('display'),\n"
  "                             throwOnError: true, trust: false});\n"
  "      done++;\n"
  "    } catch (err) {\n"
  "      window.dcErrors.push('KaTeX: ' + (err && err.message ? err.message\n"
  "                                                         : String(err)));\n"
  "      el.textContent = tex;\n"
  "      el.classList.add('katex-failed');\n"
  "    }\n"
  "  }\n"
  "  document.body.setAttribute('data-rendered', String(done));\n"
  "  document.body.setAttribute('data-render', window.dcErrors.length ?\n"
  "    'error: ' + window.dcErrors.join('; ') : 'ok');\n"
  "})();\n"
  "//]]></script>\n";

static const char *status_text(int status)
{
  switch (status) {
  case 0: return "every link passed";
  case 1: return "some link failed or could not be determined";
  case 2: return "a spec does not load or checks nothing, or a usage error";
  default: return "internal error";
  }
}

static void put_counts(struct dc_buf *b, const struct dc_report_counts *t)
{
  /* skipped: links of posts that were not read, so not among "links". */
  static const char *const names[] = {
    "specs", "invalid", "chains", "links", "passed", "proved", "failed",
    "undetermined", "skipped"
  };
  size_t v[9], i;
  v[0] = t->specs; v[1] = t->invalid; v[2] = t->chains; v[3] = t->links;
  v[4] = t->passed; v[5] = t->proved; v[6] = t->failed;
  v[7] = t->undetermined; v[8] = t->skipped;
  dc_buf_puts(b, "<table class=\"counts\">\n<tr>");
  for (i = 0; i < 9; i++)
    dc_buf_printf(b, "<th>%s</th>", names[i]);
  dc_buf_puts(b, "</tr>\n<tr>");
  for (i = 0; i < 9; i++)
    dc_buf_printf(b, "<td data-count=\"%s\">%zu</td>", names[i], v[i]);
  dc_buf_puts(b, "</tr>\n</table>\n");
}

/* s[0..n) with each PIECE_NO replaced by "-" and the piece's number. */
static void put_numbered(struct dc_buf *b, const char *s, size_t n,
                         size_t piece)
{
  const char *end = s + n, *p;
  while ((p = memchr(s, PIECE_NO[0], (size_t)(end - s))) != NULL) {
    dc_buf_add(b, s, (size_t)(p - s));
    dc_buf_printf(b, "-%zu", piece);
    s = p + 1;
  }
  dc_buf_add(b, s, (size_t)(end - s));
}

/* Each piece's part before (items) or after (bodies) its PIECE_BODY. */
static void put_parts(struct dc_buf *b, const char *s, size_t len, int bodies)
{
  const char *end = s + len;
  size_t lb = strlen(PIECE_BODY), le = strlen(PIECE_END), piece = 0;

  while (s < end) {
    const char *mid = strstr(s, PIECE_BODY), *stop;
    if (!mid || mid >= end)
      break;
    stop = strstr(mid + lb, PIECE_END);
    if (!stop || stop >= end)
      break;
    piece++;
    if (bodies)
      put_numbered(b, mid + lb, (size_t)(stop - mid - lb), piece);
    else
      put_numbered(b, s, (size_t)(mid - s), piece);
    s = stop + le;
  }
}

static void put_summary(struct dc_buf *b, const struct dc_report_counts *t,
                        int status)
{
  dc_buf_printf(b, "<header id=\"summary\" data-status=\"%d\">\n"
                "<h1>derivcheck report</h1>\n<p class=\"status status-%d\">"
                "Exit status <strong>%d</strong>: %s.</p>\n", status, status,
                status, status_text(status));
  put_counts(b, t);
  dc_buf_puts(b, "</header>\n");
}

void dc_html_page(const struct dc_report_opts *o, struct dc_buf *b,
                  const char *pieces, size_t len,
                  const struct dc_report_counts *total, int status)
{
  struct dc_buf items;

  dc_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
              "<meta charset=\"utf-8\"/>\n<title>derivcheck report</title>\n");
  dc_buf_puts(b, WATCH);
  if (o->html_head)
    dc_buf_puts(b, o->html_head);
  dc_buf_puts(b, STYLE);
  dc_buf_puts(b, "</head>\n<body data-render=\"pending\">\n");
  put_summary(b, total, status);
  dc_buf_init(&items);
  put_parts(&items, pieces, len, 0);
  dc_buf_puts(b, "<nav id=\"failures\">\n<h2>Failures</h2>\n");
  if (items.len) {
    dc_buf_puts(b, "<ol class=\"failures\">\n");
    dc_buf_add(b, items.s, items.len);
    dc_buf_puts(b, "</ol>\n");
  } else {
    dc_buf_puts(b, "<p>None: every link passed.</p>\n");
  }
  if (total->skipped)
    dc_buf_printf(b, "<p class=\"skipped-note\">%zu %s of posts could not "
                  "be read, so %s not checked: each place is marked "
                  "<em>skipped</em> below.</p>\n", total->skipped,
                  total->skipped == 1 ? "link" : "links",
                  total->skipped == 1 ? "it was" : "they were");
  if (items.oom)
    b->oom = 1;
  dc_buf_free(&items);
  dc_buf_puts(b, "</nav>\n<main>\n");
  put_parts(b, pieces, len, 1);
  dc_buf_puts(b, "</main>\n");
  dc_buf_puts(b, RENDER);
  dc_buf_puts(b, "</body></html>\n");
}
