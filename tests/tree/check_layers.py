#!/usr/bin/env python3
"""Keeps the layer rule of harness/ (STYLE.md): every #include "<layer>/x.h"
in harness/**/*.c,*.h and every ra_layer(...) link in CMakeLists.txt must be
allowed by tests/tree/layers.txt or listed there as a known violation. Links
to a layer that no file of the linking layer includes are reported as
unused. Fails on any violation not listed and on any listed one that no
longer exists; prints the known ones every time.

Usage: check_layers.py [SOURCE_DIR [RULES_FILE]]"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*"([a-z_]+)/([A-Za-z0-9_.]+)"', re.M)
RA_LAYER = re.compile(r'^\s*ra_layer\(\s*ra_(\w+)\s+(\w+)([^)]*)\)', re.M)


def load_rules(path):
    allow, known = {}, {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            words = line.split()
            if words[0] == "allow":
                allow[words[1]] = set(words[2:])
            elif words[0] in ("include", "link", "unused") and len(words) > 3:
                known[tuple(words[:3])] = " ".join(words[3:])
            else:
                sys.exit("%s:%d: cannot read this line (a known violation "
                         "needs a reason)" % (path, n))
    return allow, known


def scan_includes(harness, layers):
    """{(layer, file, header)} of every cross-layer include."""
    found = set()
    uses = {layer: set() for layer in layers}
    for layer in layers:
        d = os.path.join(harness, layer)
        for name in sorted(os.listdir(d)):
            if not name.endswith((".c", ".h")):
                continue
            with open(os.path.join(d, name), encoding="utf-8") as f:
                text = f.read()
            for m in INCLUDE.finditer(text):
                target = m.group(1)
                if target == layer:
                    continue
                uses[layer].add(target)
                found.add((layer, "%s/%s" % (layer, name),
                           "%s/%s" % (target, m.group(2))))
    return found, uses


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..")
    rules = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        src, "tests", "tree", "layers.txt")
    allow, known = load_rules(rules)
    harness = os.path.join(src, "harness")
    layers = sorted(d for d in os.listdir(harness)
                    if os.path.isdir(os.path.join(harness, d)))
    problems = []
    for layer in layers:
        if layer not in allow:
            problems.append("harness/%s/: a layer with no 'allow' line in "
                            "the rules" % layer)
    seen = set()
    includes, uses = scan_includes(harness, layers)
    for layer, path, header in sorted(includes):
        target = header.split("/")[0]
        if target in allow.get(layer, set()):
            continue
        key = ("include", path, header)
        seen.add(key)
        if key not in known:
            problems.append("harness/%s includes \"%s\": %s may not use %s"
                            % (path, header, layer, target))
    with open(os.path.join(src, "CMakeLists.txt"), encoding="utf-8") as f:
        cmake = f.read()
    for m in RA_LAYER.finditer(cmake):
        lib, layer = m.group(1), m.group(2)
        for dep in re.findall(r"\bra_(\w+)\b", m.group(3)):
            if dep not in layers:
                continue
            if dep not in allow.get(layer, set()):
                key = ("link", "ra_" + lib, "ra_" + dep)
                seen.add(key)
                if key not in known:
                    problems.append("CMakeLists.txt: ra_layer(ra_%s) links "
                                    "ra_%s: %s may not use %s"
                                    % (lib, dep, layer, dep))
            if dep not in uses.get(layer, set()):
                key = ("unused", "ra_" + lib, "ra_" + dep)
                seen.add(key)
                if key not in known:
                    problems.append("CMakeLists.txt: ra_layer(ra_%s) links "
                                    "ra_%s but no file of harness/%s/ "
                                    "includes %s/" % (lib, dep, layer, dep))
    for key in sorted(known):
        if key not in seen:
            problems.append("%s: stale known violation '%s %s %s' (it is "
                            "gone: remove the line)" % (rules, *key))
    print("# known layer violations (%d), each to be cut:" % len(known))
    for key in sorted(known):
        print("#   %s %s -> %s: %s" % (key[0], key[1], key[2], known[key]))
    for p in problems:
        print("not ok: " + p)
    if problems:
        return 1
    print("ok: %d cross-layer includes and the ra_layer links follow the "
          "rule or are listed" % len(includes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
