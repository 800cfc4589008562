/*
** output.c: writing a finished document safely (see output.h).
**
** The temporary file is made with mkstemp next to the target (a rename
** only replaces atomically within one file system), given the mode the
** file would have had (the existing file's, else 0666 minus the umask),
** written, flushed, synced and closed, then renamed.  Each step that fails
** removes the temporary file before returning.
*/
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "emit/output.h"

static void set_msg(char *msg, size_t n, const char *what, const char *path,
                    int err)
{
  if (msg && n)
    snprintf(msg, n, "%s '%s': %s", what, path, strerror(err));
  errno = err;                  /* for the caller: ENOMEM is no I/O error */
}

/* The directory part of path, malloc'd ("." when there is none). */
static char *dir_of(const char *path)
{
  const char *slash = strrchr(path, '/');
  char *d;

  if (!slash)
    return strdup(".");
  if (slash == path)
    return strdup("/");
  d = malloc((size_t)(slash - path) + 1);
  if (d) {
    memcpy(d, path, (size_t)(slash - path));
    d[slash - path] = '\0';
  }
  return d;
}

/*
** The descriptor a path names when it is one of the process's own open
** descriptors: /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N (and
** /proc/PID/fd/N with our own PID); -1 otherwise.  Such a path must be
** written through the descriptor: resolving it would find the file the
** shell opened (perhaps in append mode) and replace it.
*/
static int own_descriptor(const char *path)
{
  static const char *const prefixes[] = { "/dev/fd/", "/proc/self/fd/" };
  char mine[64];
  const char *digits = NULL;
  size_t i;
  long fd;
  char *end;

  if (strcmp(path, "/dev/stdout") == 0)
    return 1;
  if (strcmp(path, "/dev/stderr") == 0)
    return 2;
  for (i = 0; i < sizeof prefixes / sizeof prefixes[0] && !digits; i++)
    if (strncmp(path, prefixes[i], strlen(prefixes[i])) == 0)
      digits = path + strlen(prefixes[i]);
  snprintf(mine, sizeof mine, "/proc/%ld/fd/", (long)getpid());
  if (!digits && strncmp(path, mine, strlen(mine)) == 0)
    digits = path + strlen(mine);
  if (!digits || *digits < '0' || *digits > '9')
    return -1;
  errno = 0;
  fd = strtol(digits, &end, 10);
  if (*end || errno || fd > INT_MAX)
    return -1;
  return (int)fd;
}

/* Whether descriptor fd is open for writing; errno set when not. */
static int fd_writable(int fd)
{
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0)
    return 0;
  if ((fl & O_ACCMODE) == O_RDONLY) {
    errno = EBADF;
    return 0;
  }
  return 1;
}

/* The directory a dangling symbolic link's target would be made in,
** malloc'd; NULL when path is no dangling link. */
static char *link_target_dir(const char *path)
{
  char target[PATH_MAX], *full, *dir, *base;
  struct stat st;
  ssize_t n;
  size_t len;

  if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
    return NULL;
  n = readlink(path, target, sizeof target - 1);
  if (n <= 0)
    return NULL;
  target[n] = '\0';
  if (target[0] == '/')
    return dir_of(target);
  base = dir_of(path);          /* a relative target is relative to the link */
  if (!base)
    return NULL;
  len = strlen(base) + strlen(target) + 2;
  full = malloc(len);
  if (full)
    snprintf(full, len, "%s/%s", base, target);
  free(base);
  dir = full ? dir_of(full) : NULL;
  free(full);
  return dir;
}

int dc_output_check(const char *path, char *msg, size_t msgsize)
{
  struct stat st;
  char *dir;
  int rc = 0, fd = own_descriptor(path);

  if (fd >= 0) {
    if (!fd_writable(fd)) {
      set_msg(msg, msgsize, "cannot write", path, errno);
      return -1;
    }
    return 0;
  }

  if (stat(path, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      set_msg(msg, msgsize, "cannot write", path, EISDIR);
      return -1;
    }
    if (access(path, W_OK) != 0) {
      set_msg(msg, msgsize, "cannot write", path, errno);
      return -1;
    }
    if (!S_ISREG(st.st_mode))
      return 0;                 /* a device or FIFO: written directly */
  } else if (errno != ENOENT) {
    set_msg(msg, msgsize, "cannot write", path, errno);
    return -1;
  }
  /* A new or regular file is replaced through its directory; a dangling
  ** symbolic link creates its target, in the target's directory. */
  dir = link_target_dir(path);
  if (!dir)
    dir = dir_of(path);
  if (!dir) {
    set_msg(msg, msgsize, "cannot write", path, ENOMEM);
    return -1;
  }
  if (stat(dir, &st) != 0) {
    set_msg(msg, msgsize, "cannot write", path, errno);
    rc = -1;
  } else if (!S_ISDIR(st.st_mode)) {
    set_msg(msg, msgsize, "cannot write", path, ENOTDIR);
    rc = -1;
  } else if (access(dir, W_OK | X_OK) != 0) {
    set_msg(msg, msgsize, "cannot write", path, errno);
    rc = -1;
  }
  free(dir);
  return rc;
}

int dc_output_stream(FILE *out, const char *name, const char *data,
                     size_t len, char *msg, size_t msgsize)
{
  if ((len && fwrite(data, 1, len, out) != len) || fflush(out) != 0 ||
      ferror(out)) {
    set_msg(msg, msgsize, "error writing", name, errno ? errno : EIO);
    return -1;
  }
  return 0;
}

/* Write everything to fd; 0 or -1 with errno set. */
static int write_all(int fd, const char *data, size_t len)
{
  while (len > 0) {
    ssize_t w = write(fd, data, len);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    data += w;
    len -= (size_t)w;
  }
  return 0;
}

/* A device, FIFO or other non-regular file: open and write in place. */
static int write_direct(const char *path, const char *data, size_t len,
                        char *msg, size_t msgsize)
{
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);

  if (fd < 0) {
    set_msg(msg, msgsize, "cannot open", path, errno);
    return -1;
  }
  if (write_all(fd, data, len) != 0) {
    set_msg(msg, msgsize, "error writing", path, errno);
    close(fd);
    return -1;
  }
  if (close(fd) != 0) {
    set_msg(msg, msgsize, "error writing", path, errno);
    return -1;
  }
  return 0;
}

/* The mode a new file gets: 0666 minus the umask. */
static mode_t new_file_mode(void)
{
  mode_t mask = umask(0);
  umask(mask);
  return 0666 & ~mask;
}

/* Write through "DIR/.NAME.XXXXXX" and rename it to target. */
static int write_replace(const char *target, mode_t mode, const char *data,
                         size_t len, char *msg, size_t msgsize)
{
  const char *base = strrchr(target, '/');
  char *dir = dir_of(target), *tmp;
  size_t n;
  int fd, err;

  base = base ? base + 1 : target;
  n = (dir ? strlen(dir) : 0) + strlen(base) + 16;
  tmp = dir ? malloc(n) : NULL;
  if (!tmp) {
    free(dir);
    set_msg(msg, msgsize, "cannot write", target, ENOMEM);
    return -1;
  }
  snprintf(tmp, n, "%s/.%s.XXXXXX", dir, base);
  free(dir);
  fd = mkstemp(tmp);
  if (fd < 0) {
    set_msg(msg, msgsize, "cannot create a temporary file for", target,
            errno);
    free(tmp);
    return -1;
  }
  if (fchmod(fd, mode) != 0 || write_all(fd, data, len) != 0 ||
      (fsync(fd) != 0 && errno != EINVAL && errno != EROFS)) {
    err = errno;
    close(fd);
    goto fail;
  }
  if (close(fd) != 0) {
    err = errno;
    goto fail;
  }
  if (rename(tmp, target) != 0) {
    err = errno;
    goto fail;
  }
  free(tmp);
  return 0;
fail:
  unlink(tmp);
  free(tmp);
  set_msg(msg, msgsize, "error writing", target, err);
  return -1;
}

int dc_output_write(const char *path, const char *data, size_t len,
                    char *msg, size_t msgsize)
{
  struct stat st;
  char *real = NULL;
  const char *target = path;
  int rc, fd = own_descriptor(path);

  if (fd >= 0) {
    if (write_all(fd, data, len) != 0) {
      set_msg(msg, msgsize, "error writing", path, errno);
      return -1;
    }
    return 0;
  }
  if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
    /* Replace the link's target, keep the link.  A dangling link is
    ** written through, which creates its target. */
    real = realpath(path, NULL);
    if (!real)
      return write_direct(path, data, len, msg, msgsize);
    target = real;
  }
  if (stat(target, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      set_msg(msg, msgsize, "cannot write", path, EISDIR);
      rc = -1;
    } else if (S_ISREG(st.st_mode)) {
      rc = write_replace(target, st.st_mode & 07777, data, len, msg,
                         msgsize);
    } else {
      rc = write_direct(target, data, len, msg, msgsize);
    }
  } else if (errno == ENOENT) {
    rc = write_replace(target, new_file_mode(), data, len, msg, msgsize);
  } else {
    set_msg(msg, msgsize, "cannot write", path, errno);
    rc = -1;
  }
  free(real);
  return rc;
}
