/*
** diag.h: diagnostics (errors and warnings) with source positions.
**
** Library code never prints and never exits: it records a diagnostic here
** and returns.  Only the command line prints them, as
** "file:line:col: error: message".  A list keeps at most DC_MAX_ERRORS
** errors; past that it only counts them.
*/
#ifndef DC_DIAG_H
#define DC_DIAG_H

#include <stddef.h>

/* A position in a source file: 1-based line and column (column counted in
** UTF-8 characters).  line 0 means "no position": the message is about the
** file as a whole (or about the command line, when file is NULL). */
struct dc_pos {
  const char *file;
  int line;
  int col;
};

enum dc_severity { DC_SEV_ERROR, DC_SEV_WARNING, DC_SEV_NOTE };

#define DC_DIAG_MSG 512

struct dc_diag {
  enum dc_severity sev;
  struct dc_pos pos;
  char msg[DC_DIAG_MSG];
};

struct dc_diags {
  struct dc_diag *v;            /* recorded diagnostics, in order */
  size_t n, cap;
  size_t nerrors;               /* errors seen, including ones not kept */
  size_t nwarnings;
  int oom;                      /* memory ran out (dc_error_oom): the run
                                   is an internal error, exit 3 */
};

void dc_diags_init(struct dc_diags *d);
void dc_diags_free(struct dc_diags *d);
/* Record a diagnostic; printf-style message without the trailing newline. */
void dc_error(struct dc_diags *d, struct dc_pos pos, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));
void dc_warning(struct dc_diags *d, struct dc_pos pos, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));
void dc_note(struct dc_diags *d, struct dc_pos pos, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));
/* Memory ran out at pos: an error "out of memory", and d->oom is set, so
** that the caller reports the run as out of memory (exit 3) rather than
** as a mistake in the spec. */
void dc_error_oom(struct dc_diags *d, struct dc_pos pos);
/* "error", "warning" or "note". */
const char *dc_severity_word(enum dc_severity sev);
/* True once the list holds DC_MAX_ERRORS errors: callers may stop early. */
int dc_diags_full(const struct dc_diags *d);

/*
** Where an expression string sits in its file, so that a byte offset inside
** the string becomes a file position.  For a single-line scalar the mapping
** is exact; after a newline inside the string, the next line starts at
** column indent + 1 (block scalars strip that indentation).
*/
struct dc_srcmap {
  const char *file;
  int line, col;                /* position of text[0] */
  int indent;                   /* indentation of continuation lines */
};

/* The file position of byte off of text (len bytes long). */
struct dc_pos dc_srcmap_pos(const struct dc_srcmap *m, const char *text,
                            size_t len, size_t off);

/* Edit distance of two byte strings (Levenshtein, plus a swap of two
** neighbouring bytes as one edit), capped: returns cap + 1 as soon as the
** distance is known to exceed cap.  Used for "did you mean". */
size_t dc_edit_distance(const char *a, size_t na, const char *b, size_t nb,
                        size_t cap);

#endif
