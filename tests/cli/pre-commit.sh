#!/bin/sh
# tests/cli/pre-commit.sh: the hook of .pre-commit-hooks.yaml, run by
# pre-commit itself on a temporary repository: a commit with true specs
# passes, a wrong step or a spec that does not load fails with
# derivcheck's message, and files outside specs/ are not given to it.
# Skipped (77) without pre-commit or git.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
for tool in pre-commit git; do
  if ! command -v $tool >/dev/null 2>&1; then
    echo "SKIP: $tool not installed (Debian packages pre-commit, git)"
    exit 77
  fi
done
write_common_specs
# pre-commit keeps its cache in the home directory: keep it in $tmp.
HOME=$tmp/home PRE_COMMIT_HOME=$tmp/cache
export HOME PRE_COMMIT_HOME
mkdir -p "$HOME"
git config --global user.email test@example.org
git config --global user.name test
git config --global init.defaultBranch main
# The hook finds derivcheck on PATH (language: system).
PATH=$(dirname "$DERIVCHECK"):$PATH
export PATH

# The hook repository: this source tree's hook file, committed.
mkdir hooks
cp "$top_srcdir/.pre-commit-hooks.yaml" hooks/
(cd hooks && git init -q && git add . && git commit -q -m hooks) || exit 99
rev=$(git -C hooks rev-parse HEAD)

# A project using it.
mkdir project
cd project
git init -q
mkdir specs .github
cp ../pass.yaml specs/pass.yaml
cp ../bad.yaml .github/not-a-spec.yaml
cat >.pre-commit-config.yaml <<YAML
repos:
  - repo: $tmp/hooks
    rev: $rev
    hooks:
      - id: derivcheck
YAML
git add . || exit 99
cd ..

# hook WHAT: run every hook on the project's files; ./out, ./err, $status.
hook()
{
  (cd project && pre-commit run --all-files) >out 2>err
  status=$?
  last="pre-commit run --all-files ($*)"
}

hook "true specs"
expect_status 0 "pre-commit with a true spec (and a broken YAML outside specs/)"
expect_match out '^derivcheck\.*Passed$' "pre-commit: the hook passed"

cp fail.yaml project/specs/fail.yaml
git -C project add specs/fail.yaml
hook "a wrong step"
expect_status 1 "pre-commit with a wrong step"
expect_match out '^derivcheck\.*Failed$' "pre-commit: the hook failed"
expect_match out '^specs/fail\.yaml:7:26: error: step 2 does not equal step 1' "pre-commit shows derivcheck's message"

git -C project rm -q -f specs/fail.yaml
cp bad.yaml project/specs/bad.yaml
git -C project add specs/bad.yaml
hook "a spec that does not load"
expect_status 1 "pre-commit with a spec that does not load"
expect_match out "^specs/bad\.yaml:3:5: error: unknown key 'blokcs'" "pre-commit: the load error"
