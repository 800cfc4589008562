#!/bin/sh
# tools/deb-check.sh: build the Debian package from a scratch copy of the
# tree, lint it, install it, run what it installed, and remove it again.
#
# Needs root (dpkg -i) and: apt-get install devscripts lintian debhelper
# dh-autoreconf, plus the Build-Depends of debian/control.  .ci/run runs
# it on a fresh Debian 12 machine, after the README's commands.
#
# The copy holds the tracked files as they are in the work tree (git
# ls-files), so the build never sees this tree's configure or objects and
# leaves nothing behind here.  Set DEB_BUILD_OPTIONS=nocheck to skip the
# test suite inside the package build.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/derivcheck-deb.XXXXXX")
installed=no
cleanup()
{
  # The package must not outlive the check, even when a step failed.
  if [ "$installed" = yes ]; then
    dpkg -r derivcheck >/dev/null || echo "deb-check: could not remove derivcheck" >&2
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

if [ "$(id -u)" != 0 ]; then
  echo "deb-check: must run as root (dpkg -i)" >&2
  exit 1
fi
if dpkg -s derivcheck >/dev/null 2>&1; then
  echo "deb-check: derivcheck is installed already; remove it first" >&2
  exit 1
fi

echo "== copy of the tree in $scratch/derivcheck"
mkdir "$scratch/derivcheck"
(cd "$top" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$scratch/derivcheck"

echo "== dpkg-buildpackage -us -uc -b"
(cd "$scratch/derivcheck" && dpkg-buildpackage -us -uc -b) >"$scratch/build.log" 2>&1 ||
  { tail -60 "$scratch/build.log"; exit 1; }
deb=$(ls "$scratch"/derivcheck_*.deb)
changes=$(ls "$scratch"/derivcheck_*.changes)
echo "built $(basename "$deb")"

# Clean means no error and no warning; info and pedantic tags are shown
# (so that they are seen) but do not fail the check.
echo "== lintian"
lintian --fail-on error,warning --display-info --pedantic "$changes"
echo "lintian: no errors, no warnings"

echo "== dpkg -i"
dpkg -i "$deb"
installed=yes
[ "$(command -v derivcheck)" = /usr/bin/derivcheck ] ||
  { echo "deb-check: derivcheck is not /usr/bin/derivcheck" >&2; exit 1; }

echo "== /usr/bin/derivcheck specs/bce.yaml"
/usr/bin/derivcheck "$top/specs/bce.yaml"
page=/usr/share/man/man1/derivcheck.1.gz
echo "== man -l $page"
MANWIDTH=80 man -l "$page" >"$scratch/page.txt" 2>"$scratch/man.err"
grep -q 'check every step of a derivation' "$scratch/page.txt" ||
  { cat "$scratch/man.err"; echo "deb-check: the manual page does not format" >&2; exit 1; }
echo "the page formats ($(wc -l <"$scratch/page.txt") lines)"
comp=/usr/share/bash-completion/completions/derivcheck
got=$(bash -c '. "$1"; COMP_WORDS=(derivcheck --form); COMP_CWORD=1; _derivcheck; echo "${COMPREPLY[*]}"' sh "$comp")
[ "$got" = "--format=" ] || { echo "deb-check: $comp does not complete --form" >&2; exit 1; }
echo "$comp completes --form to --format="

echo "== dpkg -r derivcheck"
dpkg -r derivcheck >/dev/null
installed=no
[ ! -e /usr/bin/derivcheck ] || { echo "deb-check: /usr/bin/derivcheck left after removal" >&2; exit 1; }
echo "deb-check: ok"
