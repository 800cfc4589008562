#!/usr/bin/env python3
"""Write a derivcheck spec claiming the backprop rule of a sigmoid network.

    gen_network.py W L [--wrong] [--samples N]

The network has W inputs x_j, L hidden layers of W sigmoid units
(a_l_i = sigma(z_l_i), z_l_i = sum_j w_l_i_j a_(l-1)_j + b_l_i, with
a_0_j = x_j), and one sigmoid output yhat = sigma(v . a_L + c) under the
binary cross-entropy loss.  The deltas (dL/dz) are global definitions:

    delta_o   = yhat - y
    delta_L_i = delta_o v_i a_L_i (1 - a_L_i)
    delta_l_i = (sum_k delta_(l+1)_k w_(l+1)_k_i) a_l_i (1 - a_l_i)

and there is one chain per parameter, W (W + 1) L + W + 1 in all:
pdiff(L, w_l_i_j) = delta_l_i*a_(l-1)_j, pdiff(L, b_l_i) = delta_l_i,
pdiff(L, v_j) = delta_o*a_L_j, pdiff(L, c) = delta_o.

With --wrong, the chain of w_1_1_1 drops its factor a_0_1 (a mistake an
author makes), so the spec must fail at that chain's line, which is
printed on stderr as "wrong-line: N".
"""
import sys


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    wrong = "--wrong" in argv
    samples = 32
    for a in argv[1:]:
        if a.startswith("--samples="):
            samples = int(a.split("=", 1)[1])
    if len(args) != 2:
        sys.exit("usage: gen_network.py W L [--wrong] [--samples=N]")
    w, depth = int(args[0]), int(args[1])
    out = []
    emit = out.append

    def a(l, j):
        return "x_%d" % j if l == 0 else "a_%d_%d" % (l, j)

    emit("derivcheck: 1")
    emit("title: Backpropagation through a %d x %d sigmoid network" % (w, depth))
    emit("check: {precision: 256, samples: %d, seed: 1}" % samples)
    emit("symbols:")
    emit('  y: {domain: "[0, 1]"}')
    for j in range(1, w + 1):
        emit('  x_%d: {domain: "[-2, 2]"}' % j)
    for l in range(1, depth + 1):
        for i in range(1, w + 1):
            for j in range(1, w + 1):
                emit('  w_%d_%d_%d: {domain: "[-2, 2]"}' % (l, i, j))
            emit('  b_%d_%d: {domain: "[-2, 2]"}' % (l, i))
    for j in range(1, w + 1):
        emit('  v_%d: {domain: "[-2, 2]"}' % j)
    emit('  c: {domain: "[-2, 2]"}')
    emit("functions:")
    emit("  sigma(t): 1/(1 + exp(-t))")
    emit("definitions:")
    for l in range(1, depth + 1):
        for i in range(1, w + 1):
            s = " + ".join("w_%d_%d_%d*%s" % (l, i, j, a(l - 1, j))
                           for j in range(1, w + 1))
            emit("  a_%d_%d: sigma(%s + b_%d_%d)" % (l, i, s, l, i))
    s = " + ".join("v_%d*%s" % (j, a(depth, j)) for j in range(1, w + 1))
    emit("  yhat: sigma(%s + c)" % s)
    emit("  L: -y*log(yhat) - (1 - y)*log(1 - yhat)")
    emit("  delta_o: yhat - y")
    for i in range(1, w + 1):
        emit("  delta_%d_%d: delta_o*v_%d*a_%d_%d*(1 - a_%d_%d)"
             % (depth, i, i, depth, i, depth, i))
    for l in range(depth - 1, 0, -1):
        for i in range(1, w + 1):
            s = " + ".join("delta_%d_%d*w_%d_%d_%d" % (l + 1, k, l + 1, k, i)
                           for k in range(1, w + 1))
            emit("  delta_%d_%d: (%s)*a_%d_%d*(1 - a_%d_%d)"
                 % (l, i, s, l, i, l, i))
    emit("sections:")
    emit("  - title: The gradient of the loss")
    emit("    blocks:")
    emit("      - chains:")
    wrong_line = None
    for l in range(1, depth + 1):
        for i in range(1, w + 1):
            for j in range(1, w + 1):
                rhs = "delta_%d_%d*%s" % (l, i, a(l - 1, j))
                if wrong and (l, i, j) == (1, 1, 1):
                    rhs = "delta_%d_%d" % (l, i)
                    wrong_line = len(out) + 1
                emit('          - "pdiff(L, w_%d_%d_%d) = %s"' % (l, i, j, rhs))
            emit('          - "pdiff(L, b_%d_%d) = delta_%d_%d"' % (l, i, l, i))
    for j in range(1, w + 1):
        emit('          - "pdiff(L, v_%d) = delta_o*%s"' % (j, a(depth, j)))
    emit('          - "pdiff(L, c) = delta_o"')
    sys.stdout.write("\n".join(out) + "\n")
    if wrong_line:
        sys.stderr.write("wrong-line: %d\n" % wrong_line)


if __name__ == "__main__":
    main(sys.argv)
