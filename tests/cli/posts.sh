#!/bin/sh
# tests/cli/posts.sh: Markdown posts as input (SPEC section 7).  The
# reference post, annotated in specs/posts/ and verbatim with its context
# file; every example spec through --emit=markdown and back; posts in the
# styles of Jekyll, Hugo and Hexo whose wrong steps must fail at their
# lines and whose unreadable blocks must be skipped, never passed.
# Expectations (lines, columns, counts) are written by hand from the posts.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/lib.sh"
src=$top_srcdir
posts=$src/tests/data/posts
summary='(256 bits, 32 samples, seed 1)'

run "$src/specs/posts/backprop-post.md"
expect_status 0 "annotated reference post"
expect_line out "$src/specs/posts/backprop-post.md: 13 chains, 32 links: 32 passed (32 proved) $summary" \
  "annotated reference post: every link counted"

run "$posts/backprop-post-verbatim.md" --context "$src/specs/backprop-post-context.yaml"
expect_status 0 "verbatim reference post with --context"
expect_line out "$posts/backprop-post-verbatim.md: 13 chains, 32 links: 32 passed (32 proved) $summary" \
  "verbatim reference post: every link counted"

# Without its context the post's prose ("Let yhat = ...") is unknown: it
# must fail, not pass.
run "$posts/backprop-post-verbatim.md"
expect_status 1 "reference post without context"

# Every example spec, emitted as a post and read back: the same counts.
for f in "$src"/specs/*.yaml; do
  case $f in *-context.yaml) continue ;; esac
  "$DERIVCHECK" "$f" >spec.out 2>/dev/null
  "$DERIVCHECK" --emit=markdown "$f" >post.md 2>/dev/null
  run post.md
  expect_status 0 "$f as a post"
  want=$(sed "s|^$f:|post.md:|" spec.out)
  [ "$(cat out)" = "$want" ] || fail "$f as a post: '$(cat out)', want '$want'"
  ok "$f as a post: $want"
done

# Jekyll: an aligned block with a wrong last step, a wrong power rule.
run "$posts/jekyll-wrong.md"
expect_status 1 "jekyll post"
expect_line out "$posts/jekyll-wrong.md: 3 chains, 5 links: 3 passed (3 proved), 2 failed $summary" \
  "jekyll: counts"
expect_text out "$posts/jekyll-wrong.md:16:15: error: step 4 does not equal step 3 (line 15)" \
  "jekyll: the wrong aligned row, at its line"
expect_text out "$posts/jekyll-wrong.md:27:25: error: step 2 does not equal step 1 (line 27)" \
  "jekyll: the wrong power rule, at its line"

# Hugo: \[ \], align* outside $$, a display inside a blockquote.
run "$posts/hugo-wrong.md"
expect_status 1 "hugo post"
expect_line out "$posts/hugo-wrong.md: 5 chains, 5 links: 4 passed (4 proved), 1 failed $summary" \
  "hugo: counts (inline maths not read)"
expect_text out "$posts/hugo-wrong.md:19:24: error: step 2 does not equal step 1 (line 19)" \
  "hugo: the wrong derivative of 1/u"

# Hexo: definitions, an index condition, a matrix, inequalities and a sum
# are skipped with their reasons; the readable links of a chain are kept.
run -v "$posts/hexo-skips.md"
expect_status 0 "hexo post"
expect_line out "$posts/hexo-skips.md: 2 chains, 2 links: 2 passed, 5 skipped $summary" \
  "hexo: skipped links counted, never passed"
expect_text err "$posts/hexo-skips.md:12:1: note: skipped (1 link): a definition (:=)" "hexo: :="
expect_text err "$posts/hexo-skips.md:16:1: note: skipped (1 link): a chain with an index condition" \
  "hexo: i = j"
expect_text err "$posts/hexo-skips.md:20:1: note: skipped (1 link): vectors, matrices and cases are not read" \
  "hexo: matrix"
expect_text err "$posts/hexo-skips.md:24:1: note: skipped (0 links): no '=': not a chain" \
  "hexo: inequality"
expect_text err "$posts/hexo-skips.md:32:14: note: skipped (2 links): '\\sum' is not read" \
  "hexo: the unreadable element of a chain"
run "$posts/hexo-skips.md"
expect_no_text err "note: skipped" "hexo: without -v only the count"

# A post with nothing readable checks nothing: exit 2.
printf '# Nothing\n\n$$\nx \\approx y\n$$\n' >empty.md
run empty.md
expect_status 2 "post without a chain"
expect_text err "no chain of equalities could be read" "post without a chain: why"
expect_text err "empty.md:1:1: error: no chain" "post without a chain: at the start of the file"

# Functions a post defines in its maths join the front matter's, in
# either YAML style; := defines too; a cycle defines nothing, and what
# calls it is skipped.  Verdicts by hand: sigma'(z) = sigma(z)(1 -
# sigma(z)); with f(x) = x^3, f'(x) = 3x^2 and f(2) = 8 (f(2) = 9 is
# wrong); with h(t) := t^2 + 1, h'(t) = 2t.
cat >defs-block.md <<'MD'
---
derivcheck:
  functions:
    sigma(z): 1/(1 + exp(-z))
---

$$
f(x) = x^3
$$

$$
f'(x) = 3x^2 = 3 x \cdot x
$$

$$
\frac{d\sigma}{dz} = \sigma(z)(1 - \sigma(z))
$$

$$
f(2) = 9
$$
MD
run -v defs-block.md
expect_status 1 "post functions beside block-style context functions"
expect_text out "defs-block.md: 3 chains, 4 links: 3 passed (3 proved), 1 failed, 1 skipped" \
  "post functions beside block-style context functions: the counts"
expect_text out "defs-block.md:20:8: error: step 2 does not equal step 1 (line 20)" \
  "post functions: the wrong value fails at its line"
sed -e 's/^  functions:$/  functions: {sigma(z): 1\/(1 + exp(-z))}/' \
    -e '/^    sigma(z)/d' defs-block.md >defs-flow.md
run -v defs-flow.md
expect_text out "defs-flow.md: 3 chains, 4 links: 3 passed (3 proved), 1 failed, 1 skipped" \
  "post functions beside flow-style context functions"
printf '$$\nh(t) := t^2 + 1\n$$\n\n$$\nh'"'"'(t) = 2t\n$$\n' >defs-colon.md
run -v defs-colon.md
expect_status 0 "a function defined with :="
expect_text out "defs-colon.md: 1 chain, 1 link: 1 passed (1 proved), 1 skipped" \
  "a function defined with :=: its derivative checked"
printf '$$\np(x) = q(x) + 1\n$$\n\n$$\nq(x) = p(x)\n$$\n\n$$\np(1) = 2\n$$\n\n$$\nx = x\n$$\n' >defs-cycle.md
run -v defs-cycle.md
expect_status 0 "functions defined in a cycle"
expect_text err "defs-cycle.md:10:1: note: skipped (1 link): the post's definition of p cannot be used" \
  "functions defined in a cycle: their calls skipped"
expect_text out "defs-cycle.md: 1 chain, 1 link: 1 passed (1 proved), 3 skipped" \
  "functions defined in a cycle: nothing else lost"

# Example 2 reuses f: from its definition on, f is the new body.  By
# hand: with f(x) = x^2, f'(x) = 2x; with f(x) = x^3, f'(x) = 3x^2, so
# f'(x) = 2x after the second definition is wrong (line 16).
printf '$$\nf(x) = x^2\n$$\n\n$$\nf'"'"'(x) = 2x\n$$\n\nExample 2.\n\n$$\nf(x) = x^3\n$$\n\n$$\nf'"'"'(x) = 2x\n$$\n\n$$\nf'"'"'(x) = 3x^2\n$$\n' >redef.md
run redef.md
expect_status 1 "a function defined again"
expect_text out "redef.md:16:9: error: step 2 does not equal step 1 (line 16)" \
  "a function defined again: the old derivative fails against the new body"
expect_text out "redef.md: 3 chains, 3 links: 2 passed (2 proved), 1 failed, 2 skipped" \
  "a function defined again: both derivatives checked against their own body"
expect_text out "f__2'(x)  =/=  2*x" "a function defined again: the text report names the second f"

# What a careful reader would not take as written is skipped, never
# checked (found on real posts): sigma(z) of a sigma no context declares
# (defined in prose only), the derivative of a name the post never
# defines, log and ln without a backslash, a capitalised word, and a row
# sigma(z) = P whose body has no z (an equation, not a definition).  The
# right step of line 14 (by hand, (x + 1)^2 = x^2 + 2x + 1) is checked.
cat >doubt.md <<'MD'
$$
\sigma(z)(1 - \sigma(z)) = \sigma(z) - \sigma(z)^2
$$

$$
\frac{dz}{dw} = x
$$

$$
log_{2}4 = 2 = \ln e^2
$$

$$
Odds = \frac{P}{1 - P}
$$

$$
(x + 1)^2 = x^2 + 2x + 1
$$

$$
\sigma(z) = P
$$
MD
run -v doubt.md
expect_status 0 "doubtful readings"
expect_text out "doubt.md: 2 chains, 2 links: 2 passed (2 proved), 5 skipped" \
  "doubtful readings: skipped, and the right steps pass"
expect_text err "doubt.md:2:1: note: skipped (1 link): sigma(...): sigma is neither declared nor defined in the post" \
  "doubtful readings: an undeclared sigma(z)"
expect_text err "doubt.md:6:1: note: skipped (1 link): the derivative of z by w: z is not defined in the post" \
  "doubtful readings: the derivative of an undefined name"
expect_text err "doubt.md:10:1: note: skipped (1 link): 'log' without a backslash is not read" \
  "doubtful readings: log without a backslash"
expect_text err "doubt.md:14:1: note: skipped (1 link): the word 'Odds' is not a declared name" \
  "doubtful readings: a word"
expect_text err "doubt.md:22:1: note: skipped (1 link): sigma(...)" \
  "doubtful readings: sigma(z) = P defines nothing"

# A reader error names its line and column in the post.
printf -- '---\nderivcheck:\n  functions:\n    g(x, y): x*y\n---\n\n$$\ng(x) = x\n$$\n' >arity.md
run -v arity.md
expect_text err "arity.md:8:1: note: skipped (1 link): 'g' takes 2 arguments, 1 given" \
  "reader error at its place"

# Where names from the front matter: a top-level where: holds in every
# display (a block mapping here), blocks: gives one display's by the line
# of its opening delimiter (as in a --context file), and a block's where
# comment adds to them, replacing a name of its own.  Verdicts by hand:
# with yhat = a = sigma(z), dyhat/dz = a(1 - a) holds; with yhat = w*x + b
# (the entry for line 17, the display's opening $$), dyhat/dw = x holds and dyhat/dz = a(1 - a) would not;
# with the comment's a = 2*z, dyhat/dz is 2, not 3.
cat >where.md <<'MD'
---
title: Where names in the front matter
derivcheck:
  where:
    yhat: a
    a: 1/(1 + exp(-z))
  blocks:
    - {line: 17, where: {yhat: w*x + b}}
---

$$
\frac{d\hat{y}}{dz} = a(1 - a)
$$

Here the prose says $\hat{y} = wx + b$:

$$
\frac{d\hat{y}}{dw} = x = \frac{d\hat{y}}{dz}
$$

<!-- derivcheck: where {a: 2*z} -->
$$
\frac{d\hat{y}}{dz} = 3
$$
MD
run -v where.md
expect_status 1 "front-matter where"
expect_text out "where.md:12:23: step 2: pass" "where: applies to every display"
expect_text out "where.md:18:23: step 2: pass" "blocks: a display's own where names"
expect_text out "where.md:18:27: step 3: fail" "blocks: replace the post-wide ones"
expect_text out "where.md:23:23: error: step 2 does not equal step 1" \
  "a where comment replaces one name, keeps the others"
expect_text out "  left  = 2" "the comment's a = 2*z, through yhat = a"
sed 's/^  where:$/  where: {yhat: a, a: 1\/(1 + exp(-z))}/; /^    yhat: a$/d; /^    a: 1/d; s/line: 17/line: 15/' \
  where.md >where-flow.md
run -v where-flow.md
expect_text out "where-flow.md:10:23: step 2: pass" "where: as a flow mapping"
expect_text out "where-flow.md:16:23: step 2: pass" "where: flow, with a blocks: entry"
printf -- '---\nderivcheck:\n  where: yhat\n---\n\n$$\nx = x\n$$\n' >where-bad.md
run where-bad.md
expect_status 2 "where: not a mapping"
expect_text err "where-bad.md:3:3: error: 'where' must be a mapping of names to expressions" \
  "where: not a mapping, at its line"
# The same where: in a --context file.
printf 'where: {yhat: w*x + b}\n' >where-context.yaml
printf '# Post\n\n$$\n\\frac{d\\hat{y}}{db} = 1\n$$\n' >plain.md
run -v plain.md --context where-context.yaml
expect_status 0 "where: in a --context file"
expect_text out "plain.md:4:23: step 2: pass" "where: in a --context file"

# Real-post notations met on public blogs (posts of our own here): a
# display environment between single dollars (Obsidian style) is a
# display (a single-dollar formula without an environment stays inline,
# not read); f'(x) of a function the context does not declare is skipped,
# not read as f' times (x).  By hand: (u^2 + 1)^2 has derivative
# 4u(u^2 + 1), not 4u(u^2 + 1)^2 (line 11).
cat >obsidian.md <<'MD'
---
title: Single dollars
---

$
\begin{aligned}
\frac{d}{du} (u^2 + 1)^2 &= 2(u^2 + 1) \cdot 2u \\
&= 4u(u^2 + 1) \\
&= 4u^3 + 4u \\
&= 4u(u^2 + 1)^2
\end{aligned}
$

$$
g'(u) = 2u
$$

$
g'(u) = 3u
$
MD
run -v obsidian.md
expect_status 1 "single-dollar environment"
expect_text out "obsidian.md: 1 chain, 4 links: 3 passed (3 proved), 1 failed, 1 skipped" \
  "single-dollar environment: read, the undeclared prime skipped"
expect_text out "obsidian.md:10:4: error: step 5 does not equal step 4 (line 9)" \
  "single-dollar environment: the wrong step at its line"
expect_text err "obsidian.md:15:1: note: skipped (1 link): 'g'(...) is the derivative of a function, but 'g' is not declared as one" \
  "an undeclared function's prime is skipped with the reason"
