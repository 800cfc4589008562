#!/bin/sh
# tests/cli/junit.sh: --format=junit, JUnit XML for Jenkins and GitLab.
# Every report is validated with xmllint against tests/data/junit.xsd (the
# Jenkins/GitLab layout) and read back with Python's XML parser: one
# testsuite per spec, one testcase per link, a <failure> for each failing
# or undetermined link, an <error> for a spec that does not load, and the
# counts in the attributes agree with the cases.  Skipped (77) without
# xmllint (Debian package libxml2-utils).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
if ! command -v xmllint >/dev/null 2>&1; then
  echo "SKIP: xmllint not installed (Debian package libxml2-utils)"
  exit 77
fi
command -v python3 >/dev/null 2>&1 || fail "python3 is needed to read the XML"
xsd="$top_srcdir/tests/data/junit.xsd"
write_common_specs

# The schema is not vacuous: a case without a name, or two outcomes in
# one case, is refused.
printf '<testsuites><testsuite name="s" tests="1"><testcase/></testsuite></testsuites>\n' >noname.xml
printf '<testsuites><testsuite name="s" tests="1"><testcase name="c"><failure/><error/></testcase></testsuite></testsuites>\n' >two.xml
for f in noname.xml two.xml; do
  if xmllint --noout --schema "$xsd" "$f" >/dev/null 2>&1; then
    fail "junit.xsd accepts $f"
  fi
done
ok "junit.xsd refuses a nameless case and a case with two outcomes"

# A name with every XML special, a control character and an invalid UTF-8
# byte: the report must still be well-formed.
odd=$(printf 'a&b<c>"d\001\377.yaml')
cp fail.yaml "$odd"

run --format=junit pass.yaml fail.yaml undetermined.yaml bad.yaml "$odd"
expect_status 2 "junit over every kind of spec"
xmllint --noout --schema "$xsd" out 2>xmllint.err || fail "junit: xmllint: $(cat xmllint.err)"
ok "junit: valid against junit.xsd (xmllint --schema)"
expect_line out '<?xml version="1.0" encoding="UTF-8"?>' "junit: XML declaration"

python3 - out <<'PY' || fail "junit: structure"
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites", root.tag
suites = root.findall("testsuite")
names = [s.get("name") for s in suites]
assert names[:4] == ["pass.yaml", "fail.yaml", "undetermined.yaml", "bad.yaml"], names
# The odd name: & < > " survive; the control character and the invalid
# byte are U+FFFD.
assert names[4] == 'a&b<c>"d\ufffd\ufffd.yaml', repr(names[4])
total = {"tests": 0, "failures": 0, "errors": 0}
for s in suites:
    cases = s.findall("testcase")
    fails = [c for c in cases if c.find("failure") is not None]
    errs = [c for c in cases if c.find("error") is not None]
    assert int(s.get("tests")) == len(cases), s.attrib
    assert int(s.get("failures")) == len(fails), s.attrib
    assert int(s.get("errors")) == len(errs), s.attrib
    for k, v in (("tests", cases), ("failures", fails), ("errors", errs)):
        total[k] += len(v)
    for c in cases:
        assert c.get("classname") == s.get("name"), c.attrib
for k, v in total.items():
    assert int(root.get(k)) == v, (k, root.attrib, total)
p, f, u, b, o = suites
assert [c.get("name") for c in p.findall("testcase")][0] == "pass.yaml:7:26 step 2"
fc = f.findall("testcase")[1]
fl = fc.find("failure")
assert fc.get("name") == "fail.yaml:7:26 step 2", fc.attrib
assert fl.get("type") == "fail", fl.attrib
assert fl.get("message") == "step 2 does not equal step 1 (line 7)", fl.attrib
assert "(x + 1)^2  =/=  x^2 + 1" in fl.text and "left  = " in fl.text, fl.text
ul = u.find("testcase/failure")
assert ul.get("type") == "undetermined" and "could not be checked" in ul.get("message")
be = b.find("testcase/error")
assert be.get("message") == "the spec does not load", be.attrib
assert "bad.yaml:3:5: error: unknown key 'blokcs'" in be.text, be.text
assert (total["tests"], total["failures"], total["errors"]) == (9, 3, 1), total
PY
ok "junit: a suite per spec, a case per link, failures and errors, counts that add up"

# Every example spec, and all of them in one report.
for s in "$top_srcdir"/specs/*.yaml "$top_srcdir"/specs/broken/*.yaml; do
  "$DERIVCHECK" --format=junit "$s" >one.xml 2>/dev/null
  xmllint --noout --schema "$xsd" one.xml 2>xmllint.err || fail "junit $(basename "$s"): $(cat xmllint.err)"
done
"$DERIVCHECK" --format=junit -j 2 "$top_srcdir"/specs >all.xml 2>/dev/null
xmllint --noout --schema "$xsd" all.xml 2>xmllint.err || fail "junit specs/: $(cat xmllint.err)"
ok "junit: every example spec, alone and together, is valid"
