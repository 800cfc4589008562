#!/bin/sh
# tests/cli/completion.sh: the bash completion script (completion/
# derivcheck) completes options, their values (with '=' split off as bash
# does by default, and kept in the word), and spec operands: directories
# and *.yaml files only.  Every option of --help is offered.  Skipped (77)
# without bash.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
if ! command -v bash >/dev/null 2>&1; then
  echo "SKIP: bash not installed"
  exit 77
fi
script="$top_srcdir/completion/derivcheck"

# complete WORD...: the replies for the last word, sorted, one line.
complete_words()
{
  bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _derivcheck
           [ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' sh "$script" derivcheck "$@"
}

# expect_completion WANT WORD...
expect_completion()
{
  want=$1
  shift
  got=$(complete_words "$@")
  [ "$got" = "$want" ] || fail "completing '$*': got '$got', expected '$want'"
  ok "completing '$*': '$want'"
}

expect_completion "--format= " --form
expect_completion "--jobs= " --jo
expect_completion "github html json junit sarif tap text " --format = ""
expect_completion "json junit " --format = j
expect_completion "--format=json --format=junit " --format=j
expect_completion "latex " --emit = l
expect_completion "always auto " --color = a
expect_completion "" -j ""

mkdir -p specs/sub
: >specs/a.yaml
: >specs/b.yml
: >specs/notes.md
expect_completion "specs " spe
expect_completion "specs/a.yaml specs/sub " specs/
expect_completion "--html-assets= " --html-a
expect_completion "specs/sub " --plot-dir = specs/
expect_completion "specs/a.yaml specs/b.yml specs/notes.md specs/sub " -o specs/
expect_completion "specs/a.yaml specs/b.yml specs/notes.md specs/sub " --output = specs/

# Every long option that --help lists is offered.
"$DERIVCHECK" --help | sed -n 's/^ *\(-., \)\{0,1\}\(--[a-z-]*\).*/\2/p' | sort -u >help.opts
all=$(complete_words --)
for o in $(cat help.opts); do
  case " $all" in
    *" $o "*|*" $o= "*) ;;
    *) fail "--help lists $o but completion does not offer it" ;;
  esac
done
ok "completion offers every long option of --help ($(wc -l <help.opts | tr -d ' '))"
