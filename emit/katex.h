/*
** katex.h: what the HTML report's <head> holds to load KaTeX.
**
** By default KaTeX is inlined from the Debian install (libjs-katex,
** DC_KATEX_DIR): katex.min.css with its woff2 fonts as data: URLs, and
** katex.min.js, so the page needs no network and no other file.  With
** --html-assets=DIR the page instead refers to DIR/katex.min.css and
** DIR/katex.min.js, DIR written as given (a path relative to the page,
** or a URL), which keeps the page small.
*/
#ifndef DC_KATEX_H
#define DC_KATEX_H

#include <stddef.h>
#include "expr/plain.h"

#define DC_KATEX_DIR "/usr/share/javascript/katex"

/* The inlined KaTeX of dir (DC_KATEX_DIR when NULL); 0, or -1 with msg
** set ("cannot read '...': REASON"). */
int dc_katex_inline(struct dc_buf *b, const char *dir, char *msg,
                    size_t msgsize);

/* Elements that load KaTeX from dir (--html-assets). */
void dc_katex_link(struct dc_buf *b, const char *dir);

#endif
