#!/usr/bin/env python3
"""tests/unit/ mirrors harness/: every harness/<layer>/<module>.c has its
tests/unit/<layer>/test_<module>.c, unless tests/tree/unit-exceptions.txt
lists it with a reason. Fails on a module without a test file that is not
listed, and on a listed file that is gone or has gained a test (stale).

Usage: check_unit_tests.py [SOURCE_DIR [EXCEPTIONS_FILE]]"""
import os
import sys


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..")
    exc_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        src, "tests", "tree", "unit-exceptions.txt")
    known = {}
    with open(exc_path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            words = line.split(None, 1)
            if len(words) < 2:
                sys.exit("%s:%d: an exception needs a reason" % (exc_path, n))
            known[words[0]] = words[1]
    harness = os.path.join(src, "harness")
    unit = os.path.join(src, "tests", "unit")
    problems, covered, modules = [], 0, set()
    for layer in sorted(os.listdir(harness)):
        d = os.path.join(harness, layer)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if not name.endswith(".c"):
                continue
            module = "%s/%s" % (layer, name)
            modules.add(module)
            test = os.path.join(unit, layer, "test_" + name)
            has_test = os.path.isfile(test)
            if module in known:
                if has_test:
                    problems.append("%s: stale exception: tests/unit/%s/"
                                    "test_%s exists (remove the line)"
                                    % (module, layer, name))
                continue
            if has_test:
                covered += 1
            else:
                problems.append("harness/%s has no tests/unit/%s/test_%s"
                                % (module, layer, name))
    for module in sorted(known):
        if module not in modules:
            problems.append("%s: stale exception: harness/%s is gone"
                            % (module, module))
    print("# modules without their own unit test file (%d):" % len(known))
    for module in sorted(known):
        print("#   %s: %s" % (module, known[module]))
    for p in problems:
        print("not ok: " + p)
    if problems:
        return 1
    print("ok: %d modules have their unit test file" % covered)
    return 0


if __name__ == "__main__":
    sys.exit(main())
