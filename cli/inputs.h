/*
** inputs.h: what the command line asks to check, in order.
**
** -e chains first, then --derive expressions, then each SPEC operand: a file as given; a directory
** as every *.yaml file below it (sorted by path, bytewise, so the order
** does not depend on the file system; names starting with '.' are
** skipped, so that .git or .github never count as specs; symbolic links to
** directories are not followed, so there are no cycles); '-' as the spec
** read from standard input (once), named "<stdin>" in messages.
**
** A file is checked once however often it is named: given twice, reached
** again through a directory (specs/ specs/broken/), or through another
** name (a hard or symbolic link; ./a.yaml and a.yaml), only its first
** place in that order is kept.  Files are told apart by device and inode;
** a name that does not stat is compared as a string.
*/
#ifndef DC_CLI_INPUTS_H
#define DC_CLI_INPUTS_H

#include <stddef.h>

enum dc_input_kind { DC_INPUT_FILE, DC_INPUT_TEXT, DC_INPUT_CHAIN,
                     DC_INPUT_DERIVE };

struct dc_input {
  enum dc_input_kind kind;
  char *name;                   /* the path, "<stdin>" or "<command line>" */
  const char *text;             /* TEXT: the spec; CHAIN: the chain;
                                   DERIVE: the expression */
  size_t len;                   /* TEXT: its length */
  int has_id;                   /* FILE: dev and ino are known */
  unsigned long long dev, ino;  /* FILE: the file's identity */
};

struct dc_inputs {
  struct dc_input *v;
  size_t n, cap;
  char *stdin_text;             /* standard input, read once */
};

/* Expand the -e chains and the operands into in.  On an error (a
** directory without specs or that cannot be read, '-' twice, standard
** input unreadable, out of memory) prints "derivcheck: ..." to stderr and
** returns -1: a usage error, nothing is checked. */
int dc_inputs_expand(struct dc_inputs *in, const char *const *chains,
                     size_t nchains, const char *const *derives,
                     size_t nderives, char *const *operands, size_t n);
void dc_inputs_free(struct dc_inputs *in);

#endif
