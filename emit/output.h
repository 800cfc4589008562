/*
** output.h: writing a finished document safely (the -o option).
**
** A document is composed in memory and written in one go.  To a regular
** file, or to a path that does not exist yet, it is written to a temporary
** file in the same directory and renamed over the target, so a reader sees
** the old file or the whole new one, never a partial file; on any error the
** temporary file is removed.  A symbolic link is followed: its target is
** replaced and the link kept.  Anything else (a terminal, a pipe, a FIFO,
** /dev/full) cannot be renamed over and is written directly.  A path that
** names one of the process's open descriptors (/dev/stdout, /dev/stderr,
** /dev/fd/N, /proc/self/fd/N) is written through that descriptor, as it
** is: never reopened, truncated or renamed over, so a shell's >> append
** keeps the earlier content.
** Every write, flush and close is checked.
**
** These functions never print: on failure they put a message such as
** "cannot write 'out.md': No space left on device" into msg, and errno
** holds the reason on return (ENOMEM: memory ran out, not the output).
*/
#ifndef DC_OUTPUT_H
#define DC_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#define DC_OUTPUT_MSG 512

/* Whether path can be written later (its directory exists and is writable,
** or it is an existing writable non-directory), so that a typo in -o is
** reported before any work is done.  0, or -1 with msg set. */
int dc_output_check(const char *path, char *msg, size_t msgsize);

/* Write len bytes to path (atomically where possible, see above); 0 or -1
** with msg set. */
int dc_output_write(const char *path, const char *data, size_t len,
                    char *msg, size_t msgsize);

/* Write len bytes to the open stream out and flush it; 0 or -1 with msg
** set (name names the stream in the message). */
int dc_output_stream(FILE *out, const char *name, const char *data,
                     size_t len, char *msg, size_t msgsize);

#endif
