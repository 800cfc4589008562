#!/bin/sh
# tests/cli/tap-prove.sh: the TAP report read by a real TAP consumer:
# prove and TAP::Parser (Perl's TAP::Harness, Debian package perl).  Every
# input must give a TAP stream with a plan, the right number of tests, the
# right failures, no parse errors and YAML blocks that the YAMLish reader
# reads, including specs that do not load and messages holding ': ', '#',
# quotes and backslashes.  Skipped (exit 77) without prove.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
if ! command -v prove >/dev/null 2>&1 || ! perl -MTAP::Parser -e 1 2>/dev/null; then
  echo "SKIP: prove / TAP::Parser not installed (Debian package perl)"
  exit 77
fi
write_common_specs

# Diagnostics made of the characters YAMLish is touchy about.
spec 'odd #1 "name".yaml' <<'YAML'
sections:
  - title: "Odd: one"
    blocks:
      - chains:
          - "x = 2x"
      - "tab\there: key"
YAML
spec warn.yaml <<'YAML'
symbols:
  yhat: {domain: "(0, 1)"}
sections:
  - blocks:
      - chains:
          - "yhxt = yhxt"
YAML

# tap_counts FILE: "tests passed failed parse_errors plan yaml_blocks" as
# TAP::Parser reads FILE, and every YAML block's "message" must be a string.
tap_counts()
{
  perl -MTAP::Parser -e '
    my $p = TAP::Parser->new({ source => $ARGV[0] });
    my ($yaml, $bad) = (0, 0);
    while (my $r = $p->next) {
      next unless $r->is_yaml;
      $yaml++;
      my $d = $r->data;
      $bad++ unless ref $d eq "HASH" && defined $d->{message} && !ref $d->{message};
      if (ref $d eq "HASH" && $d->{diagnostics}) {
        for my $g (@{ $d->{diagnostics} }) {
          $bad++ unless ref $g eq "HASH" && $g->{severity} && $g->{line} =~ /^\d+$/;
        }
      }
    }
    my @e = $p->parse_errors;
    printf "%d %d %d %d %s %d %d\n", $p->tests_run, scalar($p->passed),
      scalar($p->failed), scalar(@e), ($p->plan || "none"), $yaml, $bad;
    print STDERR "parse error: $_\n" for @e;
  ' "$1"
}

run --format=tap pass.yaml fail.yaml undetermined.yaml bad.yaml 'odd #1 "name".yaml' warn.yaml
expect_status 2 "tap over good, failing, undetermined and broken specs"
cp out all.tap
# By hand: pass 3 links, fail 2, undetermined 1, warn 1; bad and odd one
# test each: 9 tests; failing: fail's second link, undetermined, bad, odd.
got=$(tap_counts all.tap)
[ "$got" = "9 5 4 0 1..9 4 0" ] || fail "TAP::Parser read '$got', expected '9 5 4 0 1..9 4 0'"
ok "TAP::Parser: 9 tests, 5 passed, 4 failed, no parse errors, 4 YAML blocks with messages"
prove --exec cat all.tap >prove.out 2>&1
grep -F "Files=1, Tests=9," prove.out >/dev/null || fail "prove: $(cat prove.out)"
grep -F "Failed tests:  5-8" prove.out >/dev/null || fail "prove failed tests: $(cat prove.out)"
if grep -E "Parse errors|No plan" prove.out >/dev/null; then
  fail "prove: $(cat prove.out)"
fi
ok "prove: Tests=9, failed tests 5-8, no parse error"

# Every example spec, alone and all together: prove counts one test per
# link (the JSON report's count) plus one per invalid spec.
command -v python3 >/dev/null 2>&1 || fail "python3 is needed to read the JSON report"
for s in "$top_srcdir"/specs/*.yaml "$top_srcdir"/specs/broken/*.yaml bad.yaml; do
  "$DERIVCHECK" --format=json "$s" >rep.json 2>/dev/null
  want=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print(s["links"] + s["invalid"])' rep.json)
  "$DERIVCHECK" --format=tap "$s" >one.tap 2>/dev/null
  got=$(tap_counts one.tap)
  set -- $got
  [ "$1" = "$want" ] && [ "$4" = 0 ] && [ "$5" = "1..$want" ] && [ "$7" = 0 ] ||
    fail "$(basename "$s"): TAP::Parser read '$got', expected $want tests"
done
ok "every example spec: TAP::Parser counts as many tests as the JSON report has links"
"$DERIVCHECK" --format=tap -j 2 "$top_srcdir"/specs bad.yaml >tree.tap 2>/dev/null
prove --exec cat tree.tap >prove.out 2>&1
n=$(sed -n 's/^Files=1, Tests=\([0-9]*\),.*/\1/p' prove.out)
"$DERIVCHECK" --format=json "$top_srcdir"/specs bad.yaml >rep.json 2>/dev/null
want=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print(s["links"] + s["invalid"])' rep.json)
[ "$n" = "$want" ] || fail "prove over specs/ and bad.yaml: Tests=$n, expected $want"
if grep -E "Parse errors|No plan" prove.out >/dev/null; then
  fail "prove over specs/: $(cat prove.out)"
fi
ok "prove over specs/ and a broken spec (-j 2): Tests=$want, no parse error"
