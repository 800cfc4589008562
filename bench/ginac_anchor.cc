// The GiNaC anchor of make bench: the same work as bench/sympy_anchor.py
// (read its docstring), in C++ with GiNaC.
//
//   ginac_anchor post bench/post-links.txt   every link, 32 points, 78 digits
//   ginac_anchor net W L                     the gradient of the W x L network
//                                            by every parameter, evaluated once
//
// Points are k / 2^53 from the LCG both anchors share, substituted with
// subs() as floats and evaluated with evalf() at Digits = 78 (about 259
// bits).  The time of the work alone goes to stderr as
// "work-seconds: T".
#include <ginac/ginac.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace GiNaC;

namespace {

// The generator of sympy_anchor.py: u = k / 2^53 in [0, 1), as a float of
// Digits digits (exact: 53 bits).  Floats, not rationals, go into subs():
// with rationals GiNaC keeps exp(3/7) exact until evalf, twice as slow.
struct Lcg {
  std::uint64_t s = 1;
  numeric uniform(int lo, int hi, bool open_ends)
  {
    std::uint64_t k;
    do {
      s = s * 6364136223846793005ULL + 1442695040888963407ULL;
      k = s >> 11;
    } while (open_ends && k == 0);
    numeric u = numeric(static_cast<long>(k)) / numeric(1L << 53);
    return ex_to<numeric>((numeric(lo) + numeric(hi - lo) * u).evalf());
  }
};

ex sigma(const ex &t) { return 1 / (1 + exp(-t)); }
ex bce(const ex &y, const ex &p) { return -y * log(p) - (1 - y) * log(1 - p); }

// The functions of the links file, for GiNaC's parser.
ex read_d(const exvector &a)
{
  if (!is_a<symbol>(a[1]))
    throw std::runtime_error("D(E, V): V must be a symbol");
  return a[0].diff(ex_to<symbol>(a[1]));
}
ex read_sigma(const exvector &a) { return sigma(a[0]); }
ex read_f(const exvector &a) { return 1 / sigma(a[0]); }
ex read_bce(const exvector &a) { return bce(a[0], a[1]); }

struct Sym {
  std::string name;
  int lo, hi;
  bool open_ends;
};
struct Require {
  std::string name;
  int lo, hi;
};
struct Block {
  std::vector<Sym> syms;
  std::vector<std::pair<std::string, std::string>> where, links;
  std::vector<Require> require;
};

std::string trim(const std::string &s)
{
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::vector<Block> read_blocks(const char *path)
{
  std::ifstream in(path);
  if (!in)
    throw std::runtime_error(std::string("cannot read ") + path);
  std::vector<Block> blocks;
  std::string line;
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.empty() || line[0] == '#')
      continue;
    std::istringstream ws(line);
    std::string word;
    ws >> word;
    std::string rest = trim(line.substr(word.size()));
    if (word == "block") {
      blocks.emplace_back();
    } else if (word == "sym") {
      Sym s;
      int op;
      ws >> s.name >> s.lo >> s.hi >> op;
      s.open_ends = op == 1;
      blocks.back().syms.push_back(s);
    } else if (word == "where" || word == "link") {
      size_t cut = rest.find(word == "where" ? '=' : ';');
      auto &list = word == "where" ? blocks.back().where : blocks.back().links;
      list.push_back({trim(rest.substr(0, cut)), trim(rest.substr(cut + 1))});
    } else if (word == "require") {
      Require r;
      ws >> r.name >> r.lo >> r.hi;
      blocks.back().require.push_back(r);
    } else {
      throw std::runtime_error("unknown line: " + line);
    }
  }
  return blocks;
}

// Both sides of every link at 32 points of its block.
int check_post(const char *path)
{
  prototype_table funcs = get_default_reader();
  funcs[prototype("D", 2)] = read_d;
  funcs[prototype("sigma", 1)] = read_sigma;
  funcs[prototype("f", 1)] = read_f;
  funcs[prototype("Lbce", 2)] = read_bce;
  const numeric tol("1e-60");
  Lcg rng;
  int total = 0, passed = 0;
  for (const Block &blk : read_blocks(path)) {
    symtab names;
    for (const Sym &s : blk.syms)
      names[s.name] = symbol(s.name);
    for (const auto &w : blk.where)
      if (!names.count(w.first))
        names[w.first] = symbol(w.first);
    parser parse(names, true, funcs);
    exmap where;
    std::vector<std::pair<ex, ex>> order;
    for (const auto &w : blk.where)
      order.push_back({names[w.first], parse(w.second)});
    auto subst = [&](ex e) {
      for (const auto &sv : order)
        e = e.subs(sv.first == sv.second);
      return e;
    };
    for (const auto &link : blk.links) {
      ex left = subst(parse(link.first)), right = subst(parse(link.second));
      int good = 0;
      while (good < 32) {
        exmap pt;
        for (const Sym &s : blk.syms)
          pt[names[s.name]] = rng.uniform(s.lo, s.hi, s.open_ends);
        bool inside = true;
        for (const Require &r : blk.require) {
          ex v = subst(names[r.name]).subs(pt);
          inside = inside && v > r.lo && v < r.hi;
        }
        if (!inside)
          continue;
        numeric lv = ex_to<numeric>(left.subs(pt).evalf());
        numeric rv = ex_to<numeric>(right.subs(pt).evalf());
        numeric scale = abs(lv) > abs(rv) ? abs(lv) : abs(rv);
        if (scale < 1)
          scale = 1;
        if (abs(lv - rv) > tol * scale) {
          std::cout << "link fails: " << link.first << " = " << link.second
                    << "\n";
          break;
        }
        good++;
      }
      total++;
      passed += good == 32;
    }
  }
  std::cout << "links: " << total << ", passed: " << passed << "\n";
  return passed == total ? 0 : 1;
}

// The network of bench/gen_network.py: its gradient, evaluated once.
int check_network(int w, int depth)
{
  std::map<std::string, symbol> syms;
  auto s = [&](const std::string &name) -> const symbol & {
    return syms.emplace(name, symbol(name)).first->second;
  };
  auto nm = [](const char *fmt, int a, int b = 0, int c = 0) {
    char buf[64];
    snprintf(buf, sizeof buf, fmt, a, b, c);
    return std::string(buf);
  };
  std::vector<symbol> params;
  std::vector<ex> prev;
  for (int j = 1; j <= w; j++)
    prev.push_back(s(nm("x_%d", j)));
  for (int l = 1; l <= depth; l++) {
    std::vector<ex> cur;
    for (int i = 1; i <= w; i++) {
      ex z = 0;
      for (int j = 1; j <= w; j++) {
        params.push_back(s(nm("w_%d_%d_%d", l, i, j)));
        z += params.back() * prev[j - 1];
      }
      params.push_back(s(nm("b_%d_%d", l, i)));
      cur.push_back(sigma(z + params.back()));
    }
    prev = cur;
  }
  ex z = 0;
  for (int j = 1; j <= w; j++) {
    params.push_back(s(nm("v_%d", j)));
    z += params.back() * prev[j - 1];
  }
  params.push_back(s("c"));
  ex loss = bce(s("y"), sigma(z + params.back()));
  // Drawn in name order (std::map is sorted), as the SymPy anchor does.
  Lcg rng;
  exmap pt;
  for (const auto &kv : syms)
    pt[kv.second] = kv.first == "y" ? rng.uniform(0, 1, false)
                                     : rng.uniform(-2, 2, false);
  numeric total = 0;
  for (const symbol &p : params)
    total += ex_to<numeric>(loss.diff(p).subs(pt).evalf());
  std::cout << "parameters: " << params.size() << "\n"
            << "gradient-sum: " << total << "\n";
  return 0;
}

} // namespace

int main(int argc, char **argv)
{
  auto start = std::chrono::steady_clock::now();
  Digits = 78;
  int status;
  try {
    if (argc == 3 && std::string(argv[1]) == "post") {
      status = check_post(argv[2]);
    } else if (argc == 4 && std::string(argv[1]) == "net") {
      status = check_network(std::stoi(argv[2]), std::stoi(argv[3]));
    } else {
      std::cerr << "usage: ginac_anchor post FILE | net W L\n";
      return 2;
    }
  } catch (const std::exception &e) {
    std::cerr << "ginac_anchor: " << e.what() << "\n";
    return 2;
  }
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  std::cerr << "work-seconds: " << took.count() << "\n";
  return status;
}
