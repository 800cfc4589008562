/*
** progress.h: the one-line progress indicator on a terminal's stderr.
**
** "derivcheck: 3/22 specs, 120 links checked", drawn in place once the run
** has taken a second (a run that ends sooner shows nothing), redrawn as
** specs finish, and erased before anything else is written to the
** terminal and at the end, so no report or message is ever mixed with it.
** Only when standard error is a terminal and CI is not set (CI services
** set CI=true; their logs keep every carriage return).  The line is drawn
** by a SIGALRM handler, so it appears while a slow spec is being checked.
*/
#ifndef DC_CLI_PROGRESS_H
#define DC_CLI_PROGRESS_H

#include <stddef.h>

/* Start the indicator for a run of nspecs inputs, if stderr is a
** terminal and CI is not set. */
void dc_progress_start(size_t nspecs);

/* Erase the indicator and keep it off: call before writing output. */
void dc_progress_pause(void);

/* The counts so far; the indicator may be drawn again. */
void dc_progress_resume(size_t specs, size_t links);

/* Erase the indicator for good. */
void dc_progress_stop(void);

#endif
