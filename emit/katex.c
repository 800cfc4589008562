/*
** katex.c: KaTeX for the HTML report's <head> (emit/katex.h).
**
** Inlining has to keep the page well-formed XML and working HTML: the CSS
** and the script go into CDATA sections, which a file holding "]]>" (or
** "</script", "</style", which would end the element early in HTML) would
** break, so such a file is refused rather than written half-working.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "emit/html.h"
#include "emit/katex.h"

/* The whole of file dir/name into b; 0, or -1 with msg set. */
static int slurp(struct dc_buf *b, const char *dir, const char *name,
                 char *msg, size_t msgsize)
{
  char path[4096], chunk[65536];
  size_t n;
  FILE *f;

  snprintf(path, sizeof path, "%s/%s", dir, name);
  f = fopen(path, "rb");
  if (!f) {
    int err = errno;
    snprintf(msg, msgsize, "cannot read '%s': %s (install libjs-katex, or "
             "give --html-assets=DIR)", path, strerror(err));
    errno = err;                /* for the caller: ENOMEM is no I/O error */
    return -1;
  }
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    dc_buf_add(b, chunk, n);
  if (ferror(f)) {
    int err = errno;
    snprintf(msg, msgsize, "cannot read '%s': %s", path, strerror(err));
    fclose(f);
    errno = err;
    return -1;
  }
  fclose(f);
  return 0;
}

static void base64(struct dc_buf *b, const unsigned char *s, size_t n)
{
  static const char digits[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t i;
  for (i = 0; i + 2 < n; i += 3) {
    unsigned long v = (unsigned long)s[i] << 16 | s[i + 1] << 8 | s[i + 2];
    char q[4] = { digits[v >> 18 & 63], digits[v >> 12 & 63],
                  digits[v >> 6 & 63], digits[v & 63] };
    dc_buf_add(b, q, 4);
  }
  if (n - i == 1) {
    unsigned long v = (unsigned long)s[i] << 16;
    char q[4] = { digits[v >> 18 & 63], digits[v >> 12 & 63], '=', '=' };
    dc_buf_add(b, q, 4);
  } else if (n - i == 2) {
    unsigned long v = (unsigned long)s[i] << 16 | s[i + 1] << 8;
    char q[4] = { digits[v >> 18 & 63], digits[v >> 12 & 63],
                  digits[v >> 6 & 63], '=' };
    dc_buf_add(b, q, 4);
  }
}

/* The CSS with every url(fonts/NAME.woff2) replaced by the font's data:
** URL (the woff and ttf fallbacks stay: a browser that reads woff2 never
** asks for them). */
static int inline_fonts(struct dc_buf *b, const char *css, const char *dir,
                        char *msg, size_t msgsize)
{
  static const char open[] = "url(fonts/";
  const char *s = css, *u;

  while ((u = strstr(s, open)) != NULL) {
    const char *name = u + strlen(open), *close = strchr(name, ')');
    char file[256];
    struct dc_buf font;
    size_t n;
    if (!close)
      break;
    n = (size_t)(close - name);
    if (n < 6 || n >= sizeof file - 8 || memcmp(close - 6, ".woff2", 6)) {
      dc_buf_add(b, s, (size_t)(close - s));
      s = close;
      continue;
    }
    snprintf(file, sizeof file, "fonts/%.*s", (int)n, name);
    dc_buf_init(&font);
    if (slurp(&font, dir, file, msg, msgsize) != 0 || font.oom) {
      if (font.oom) {
        snprintf(msg, msgsize, "out of memory");
        errno = ENOMEM;
      }
      dc_buf_free(&font);
      return -1;
    }
    dc_buf_add(b, s, (size_t)(u - s));
    dc_buf_puts(b, "url(data:font/woff2;base64,");
    base64(b, (const unsigned char *)font.s, font.len);
    dc_buf_free(&font);
    s = close;
  }
  dc_buf_puts(b, s);
  return 0;
}

/* The script, with U+FFFE and U+FFFF (KaTeX has U+FFFF in a regular
** expression's string) written as JavaScript escapes: XML does not allow
** them as characters, and in a string or a regular expression the escape
** means the same. */
static void put_js(struct dc_buf *b, const char *s, size_t n)
{
  size_t i, start = 0;
  for (i = 0; i + 2 < n; i++)
    if ((unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBF &&
        ((unsigned char)s[i + 2] & 0xFE) == 0xBE) {
      dc_buf_add(b, s + start, i - start);
      dc_buf_puts(b, (unsigned char)s[i + 2] == 0xBE ? "\\ufffe" : "\\uffff");
      i += 2;
      start = i + 1;
    }
  dc_buf_add(b, s + start, n - start);
}

/* Whether text can stand in a CDATA section of a <script> or <style>. */
static int cdata_safe(const char *s)
{
  return !strstr(s, "]]>") && !strstr(s, "</script") && !strstr(s, "<!--") &&
         !strstr(s, "</style");
}

int dc_katex_inline(struct dc_buf *b, const char *dir, char *msg,
                    size_t msgsize)
{
  struct dc_buf css, js;
  int rc = -1;

  if (!dir)
    dir = DC_KATEX_DIR;
  dc_buf_init(&css);
  dc_buf_init(&js);
  if (slurp(&css, dir, "katex.min.css", msg, msgsize) == 0 &&
      slurp(&js, dir, "katex.min.js", msg, msgsize) == 0) {
    if (css.oom || js.oom || !cdata_safe(css.s ? css.s : "") ||
        !cdata_safe(js.s ? js.s : "")) {
      snprintf(msg, msgsize, "cannot inline KaTeX from '%s' (%s)", dir,
               css.oom || js.oom ? "out of memory" : "it holds ]]> or an "
               "end tag");
      errno = css.oom || js.oom ? ENOMEM : EINVAL;
    } else {
      dc_buf_puts(b, "<style>/*<![CDATA[*/\n");
      rc = inline_fonts(b, css.s ? css.s : "", dir, msg, msgsize);
      dc_buf_puts(b, "\n/*]]>*/</style>\n<script>//<![CDATA[\n");
      put_js(b, js.s ? js.s : "", js.len);
      dc_buf_puts(b, "\n//]]></script>\n");
    }
  }
  dc_buf_free(&css);
  dc_buf_free(&js);
  return rc;
}

void dc_katex_link(struct dc_buf *b, const char *dir)
{
  dc_buf_puts(b, "<link rel=\"stylesheet\" href=\"");
  dc_html_text(b, dir, strlen(dir));
  dc_buf_puts(b, "/katex.min.css\"/>\n<script src=\"");
  dc_html_text(b, dir, strlen(dir));
  dc_buf_puts(b, "/katex.min.js\"></script>\n");
}
