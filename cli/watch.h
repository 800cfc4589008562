/*
** watch.h: --watch: waiting until specs are saved (Linux inotify).
**
** Directories are watched, not the spec files: an editor that saves by
** writing a new file and renaming it over the spec replaces the inode, and
** a watch on the old inode would go quiet after the first save.  One save
** is often several events (a write, a rename, a backup), so the events are
** collected until the directories have been quiet for a moment and handed
** over as one batch: the paths that changed, spelled as the inputs spell
** them (the input's directory part, then the name).  SIGINT and SIGTERM
** end the wait (read from a signalfd, so a signal never lands in the
** middle of a check).
*/
#ifndef DC_CLI_WATCH_H
#define DC_CLI_WATCH_H

#include <stddef.h>
#include "cli/inputs.h"

struct dc_watch;

/* Start watching: SIGINT and SIGTERM are blocked from here on and read
** by dc_watch_wait.  NULL after printing why. */
struct dc_watch *dc_watch_open(void);

/* Watch the directories of every input file of in and each directory
** operand; in is kept (until the next call) to tell which events concern
** an input.  -1 after printing why a directory cannot be watched. */
int dc_watch_dirs(struct dc_watch *w, const struct dc_inputs *in,
                  char *const *operands, size_t n);

/* Wait for the next batch of changes: 1 when there is one, 0 on SIGINT
** or SIGTERM, -1 after printing an error. */
int dc_watch_wait(struct dc_watch *w);

/* Whether path (an input's name) is in the last batch. */
int dc_watch_changed(const struct dc_watch *w, const char *path);

void dc_watch_close(struct dc_watch *w);

#endif
