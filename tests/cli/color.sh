#!/bin/sh
# tests/cli/color.sh: colour under a terminal (a pseudo-terminal from
# util-linux's script): --color=auto colours there, NO_COLOR (set and not
# empty, https://no-color.org) turns the automatic colour off, and an
# explicit --color=always or --color=never wins over it.  Skipped (77)
# without script.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
if ! script -qec true /dev/null >/dev/null 2>&1; then
  echo "SKIP: script (util-linux) cannot run a pseudo-terminal here"
  exit 77
fi
write_common_specs
esc=$(printf '\033')

# on_tty [VAR=VALUE...] -- ARG...: derivcheck on a terminal, its output
# (stdout and stderr together, as a terminal shows them) in ./out.
on_tty()
{
  envs=
  while [ "$1" != "--" ]; do envs="$envs $1"; shift; done
  shift
  last="(on a terminal)$envs derivcheck $*"
  : >err
  # script runs a shell command line: quote every argument for it.
  cmd="env$envs '$DERIVCHECK'"
  for a in "$@"; do cmd="$cmd '$a'"; done
  script -qec "$cmd" /dev/null >out 2>&1 </dev/null
  status=$?
}

coloured() { grep -F "${esc}[1;31merror:" out >/dev/null; }

on_tty -u NO_COLOR -- fail.yaml bad.yaml
coloured || fail "--color=auto on a terminal: no colour"
ok "on a terminal the report and diagnostics are coloured"
on_tty -u NO_COLOR -- -j 2 fail.yaml bad.yaml
coloured || fail "-j 2 on a terminal: no colour"
ok "-j 2 on a terminal: coloured too"
on_tty NO_COLOR=1 -- fail.yaml bad.yaml
if coloured; then fail "NO_COLOR=1 on a terminal: coloured"; fi
ok "NO_COLOR=1 turns the automatic colour off"
on_tty NO_COLOR= -- fail.yaml
coloured || fail "an empty NO_COLOR: no colour"
ok "an empty NO_COLOR is as if unset"
on_tty NO_COLOR=1 -- --color=always fail.yaml
coloured || fail "--color=always with NO_COLOR=1: no colour"
ok "--color=always wins over NO_COLOR"
on_tty -u NO_COLOR -- --color=never fail.yaml bad.yaml
if grep -F "$esc" out >/dev/null; then fail "--color=never on a terminal: coloured"; fi
ok "--color=never on a terminal"

# Off a terminal NO_COLOR changes nothing about --color=always.
NO_COLOR=1 "$DERIVCHECK" --color=always fail.yaml >out 2>err
coloured || fail "--color=always into a pipe with NO_COLOR: no colour"
ok "--color=always into a pipe, with NO_COLOR set"
