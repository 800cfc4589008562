/*
** inputs.c: expanding the command line's operands into specs to check
** (cli/inputs.h).
*/
#include <config.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli/oom.h"
#include "cli/inputs.h"
#include "expr/limits.h"

#define STDIN_NAME "<stdin>"
#define CHAIN_NAME "<command line>"

static int oom(void)
{
  dc_oom_report();
  return -1;
}

/* Append an input; name is taken over (freed with the list). */
static int push(struct dc_inputs *in, enum dc_input_kind kind, char *name,
                const char *text, size_t len)
{
  if (!name)
    return oom();
  if (in->n == in->cap) {
    size_t cap = in->cap ? 2 * in->cap : 16;
    struct dc_input *v = realloc(in->v, cap * sizeof *v);
    if (!v) {
      free(name);
      return oom();
    }
    in->v = v;
    in->cap = cap;
  }
  in->v[in->n].kind = kind;
  in->v[in->n].name = name;
  in->v[in->n].text = text;
  in->v[in->n].len = len;
  in->v[in->n].has_id = 0;
  in->n++;
  return 0;
}

/* Append a spec file, with its identity when st is not NULL. */
static int push_file(struct dc_inputs *in, char *name, const struct stat *st)
{
  if (push(in, DC_INPUT_FILE, name, NULL, 0) != 0)
    return -1;
  if (st) {
    struct dc_input *v = &in->v[in->n - 1];
    v->has_id = 1;
    v->dev = (unsigned long long)st->st_dev;
    v->ino = (unsigned long long)st->st_ino;
  }
  return 0;
}

static int ends_with(const char *s, const char *suffix)
{
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* dir + "/" + name, without doubling a trailing slash of dir. */
static char *join(const char *dir, const char *name)
{
  size_t n = strlen(dir);
  int slash = n > 0 && dir[n - 1] == '/';
  char *p = malloc(n + strlen(name) + 2);
  if (p)
    sprintf(p, "%s%s%s", dir, slash ? "" : "/", name);
  return p;
}

/* Add every *.yaml below dir to in, unsorted; -1 after an error. */
static int walk(struct dc_inputs *in, const char *dir)
{
  DIR *d = opendir(dir);
  struct dirent *e;
  int rc = 0;

  if (!d) {
    if (errno == ENOMEM)
      return oom();
    fprintf(stderr, "derivcheck: error: cannot read directory '%s': %s\n", dir,
            strerror(errno));
    return -1;
  }
  while (rc == 0 && (e = readdir(d)) != NULL) {
    struct stat st;
    char *path;

    if (e->d_name[0] == '.')
      continue;
    path = join(dir, e->d_name);
    if (!path) {
      rc = oom();
      break;
    }
    /* lstat first: a link to a directory is not entered (no cycles); a
    ** link to a file counts like the file.  NAME-context.yaml is the
    ** context of a post (--context), not a spec of its own. */
    if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
      rc = walk(in, path);
      free(path);
    } else if (ends_with(e->d_name, ".yaml") &&
               !ends_with(e->d_name, "-context.yaml") &&
               stat(path, &st) == 0 &&
               S_ISREG(st.st_mode)) {
      rc = push_file(in, path, &st);
    } else {
      free(path);
    }
  }
  closedir(d);
  return rc;
}

static int by_name(const void *a, const void *b)
{
  return strcmp(((const struct dc_input *)a)->name,
                ((const struct dc_input *)b)->name);
}

static int expand_dir(struct dc_inputs *in, const char *dir)
{
  size_t first = in->n;

  if (walk(in, dir) != 0)
    return -1;
  if (in->n == first) {
    fprintf(stderr, "derivcheck: error: no *.yaml spec below '%s'\n", dir);
    return -1;
  }
  qsort(in->v + first, in->n - first, sizeof *in->v, by_name);
  return 0;
}

/* All of standard input, up to one byte past the spec size limit (enough
** for the loader to refuse it). */
static int read_stdin(struct dc_inputs *in, size_t *len)
{
  size_t cap = 1 << 16, n = 0, got;
  char *buf = malloc(cap);

  while (buf) {
    if (n == cap) {
      char *b = cap > DC_MAX_SPEC_BYTES ? NULL : realloc(buf, 2 * cap);
      if (!b)
        break;
      buf = b;
      cap *= 2;
    }
    got = fread(buf + n, 1, cap - n, stdin);
    n += got;
    if (got == 0)
      break;
  }
  if (!buf)
    return oom();
  if (ferror(stdin)) {
    fprintf(stderr, "derivcheck: error: cannot read standard input: %s\n",
            strerror(errno));
    free(buf);
    return -1;
  }
  in->stdin_text = buf;
  *len = n;
  return 0;
}

static int expand_operand(struct dc_inputs *in, const char *arg)
{
  struct stat st;
  size_t len;

  if (strcmp(arg, "-") == 0) {
    if (in->stdin_text) {
      fputs("derivcheck: error: '-' (standard input) may be given only once\n",
            stderr);
      return -1;
    }
    if (read_stdin(in, &len) != 0)
      return -1;
    return push(in, DC_INPUT_TEXT, strdup(STDIN_NAME), in->stdin_text, len);
  }
  if (stat(arg, &st) != 0)
    /* The loader reports what is wrong with it. */
    return push_file(in, strdup(arg), NULL);
  if (S_ISDIR(st.st_mode))
    return expand_dir(in, arg);
  return push_file(in, strdup(arg), &st);
}

/* Sorting inputs by identity, then by place, finds the repeats. */
struct place {
  const struct dc_input *in;
  size_t at;
};

static int by_identity(const void *a, const void *b)
{
  const struct place *x = a, *y = b;
  int c;
  if (x->in->has_id != y->in->has_id)
    return x->in->has_id ? -1 : 1;
  if (x->in->has_id) {
    if (x->in->dev != y->in->dev)
      return x->in->dev < y->in->dev ? -1 : 1;
    if (x->in->ino != y->in->ino)
      return x->in->ino < y->in->ino ? -1 : 1;
  } else if ((c = strcmp(x->in->name, y->in->name)) != 0) {
    return c;
  }
  return (x->at > y->at) - (x->at < y->at);
}

static int same_file(const struct dc_input *a, const struct dc_input *b)
{
  if (a->has_id != b->has_id)
    return 0;
  return a->has_id ? a->dev == b->dev && a->ino == b->ino
                   : strcmp(a->name, b->name) == 0;
}

/* Keep each file at its first place only (cli/inputs.h): sorted by
** identity and place, every file after the first of its run is a
** repeat.  O(n log n), for the thousands of specs a tree may hold. */
static int drop_repeats(struct dc_inputs *in)
{
  struct place *p;
  char *repeat;
  size_t i, k;

  if (in->n < 2)
    return 0;
  p = malloc(in->n * sizeof *p);
  repeat = calloc(in->n, 1);
  if (!p || !repeat) {
    free(p);
    free(repeat);
    return oom();
  }
  for (i = k = 0; i < in->n; i++)
    if (in->v[i].kind == DC_INPUT_FILE) {
      p[k].in = &in->v[i];
      p[k++].at = i;
    }
  qsort(p, k, sizeof *p, by_identity);
  for (i = 1; i < k; i++)
    if (same_file(p[i - 1].in, p[i].in))
      repeat[p[i].at] = 1;
  free(p);
  for (i = k = 0; i < in->n; i++)
    if (repeat[i])
      free(in->v[i].name);
    else
      in->v[k++] = in->v[i];
  in->n = k;
  free(repeat);
  return 0;
}

int dc_inputs_expand(struct dc_inputs *in, const char *const *chains,
                     size_t nchains, const char *const *derives,
                     size_t nderives, char *const *operands, size_t n)
{
  size_t i;

  memset(in, 0, sizeof *in);
  for (i = 0; i < nchains; i++)
    if (push(in, DC_INPUT_CHAIN, strdup(CHAIN_NAME), chains[i],
             strlen(chains[i])) != 0)
      return -1;
  for (i = 0; i < nderives; i++)
    if (push(in, DC_INPUT_DERIVE, strdup(CHAIN_NAME), derives[i],
             strlen(derives[i])) != 0)
      return -1;
  for (i = 0; i < n; i++)
    if (expand_operand(in, operands[i]) != 0)
      return -1;
  return drop_repeats(in);
}

void dc_inputs_free(struct dc_inputs *in)
{
  size_t i;

  for (i = 0; i < in->n; i++)
    free(in->v[i].name);
  free(in->v);
  free(in->stdin_text);
  memset(in, 0, sizeof *in);
}
