# specs/: example specs (each must pass) and broken ones (each must fail at
# the line its first comment names), run by tests/specs.sh.
TESTS += tests/specs.sh
EXTRA_DIST += tests/specs.sh \
  specs/bce.yaml \
  specs/backprop-post-context.yaml specs/posts/backprop-post.md \
  specs/derive.yaml \
  specs/logsumexp.yaml \
  specs/mse-linear.yaml \
  specs/softmax-ce.yaml \
  specs/softplus.yaml \
  specs/tanh.yaml \
  specs/two-layer-sigmoid.yaml \
  specs/broken/dldw-without-x.yaml \
  specs/broken/log-derivative.yaml \
  specs/broken/logsumexp-shift.yaml \
  specs/broken/long-chain-middle.yaml \
  specs/broken/missing-inner-factor.yaml \
  specs/broken/mse-missing-two.yaml \
  specs/broken/power-rule.yaml \
  specs/broken/quotient-sign.yaml \
  specs/broken/sigmoid-plus.yaml \
  specs/broken/sign-error.yaml \
  specs/broken/softmax-missing-term.yaml \
  specs/broken/tanh-plus.yaml \
  specs/broken/tiny-1e-30.yaml \
  specs/broken/tiny-1e-60.yaml
