#!/usr/bin/env python3
"""The tree checks can fail: on a scratch copy of the tree, a new sideways
include, a new peer link, a cut edge left in the exceptions (stale) and a
module without a test file must each make check_layers.py or
check_unit_tests.py fail with the right message, and the untouched copy
must pass.

Usage: check_tree_selftest.py [SOURCE_DIR]"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def check(script, root):
    r = subprocess.run([sys.executable, os.path.join(HERE, script), root],
                       capture_output=True, text=True)
    return r.returncode, r.stdout


def fresh(src, tmp):
    root = os.path.join(tmp, "tree")
    if os.path.exists(root):
        shutil.rmtree(root)
    shutil.copytree(os.path.join(src, "harness"),
                    os.path.join(root, "harness"))
    shutil.copytree(os.path.join(src, "tests", "tree"),
                    os.path.join(root, "tests", "tree"))
    shutil.copytree(os.path.join(src, "tests", "unit"),
                    os.path.join(root, "tests", "unit"))
    shutil.copy(os.path.join(src, "CMakeLists.txt"), root)
    return root


def append(path, text):
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..")
    failures = []

    def expect(name, script, root, rc, text):
        got_rc, out = check(script, root)
        if got_rc != rc or (text and text not in out):
            failures.append("%s: %s gave %d, wanted %d with '%s':\n%s"
                            % (name, script, got_rc, rc, text, out))
        else:
            print("ok - %s" % name)

    with tempfile.TemporaryDirectory() as tmp:
        root = fresh(src, tmp)
        expect("clean copy passes the layer rule", "check_layers.py", root,
               0, "ok:")
        expect("clean copy passes the unit-test rule", "check_unit_tests.py",
               root, 0, "ok:")

        append(os.path.join(root, "harness", "server", "store.c"),
               '\n#include "runner/runner.h"\n')
        expect("a new sideways include fails", "check_layers.py", root, 1,
               'harness/server/store.c includes "runner/runner.h"')

        root = fresh(src, tmp)
        append(os.path.join(root, "harness", "proto", "param.c"),
               '\n#include "report/report_json.h"\n')
        expect("an upward include fails", "check_layers.py", root, 1,
               "proto may not use report")

        root = fresh(src, tmp)
        cmake = os.path.join(root, "CMakeLists.txt")
        with open(cmake, encoding="utf-8") as f:
            text = f.read()
        text = re.sub(r"ra_layer\(ra_server server ", "ra_layer(ra_server "
                      "server ra_client ", text, count=1)
        with open(cmake, "w", encoding="utf-8") as f:
            f.write(text)
        expect("a new peer link fails", "check_layers.py", root, 1,
               "ra_layer(ra_server) links ra_client")

        # A listed edge that no file has (as after a cut that left its
        # line): independent of which real violations are still listed.
        root = fresh(src, tmp)
        append(os.path.join(root, "tests", "tree", "layers.txt"),
               "\ninclude server/store.c runner/runner.h selftest: an edge "
               "cut but left listed\n")
        expect("a cut edge left listed is stale", "check_layers.py", root, 1,
               "stale known violation 'include server/store.c "
               "runner/runner.h'")

        root = fresh(src, tmp)
        append(os.path.join(root, "harness", "core", "selftest_new.c"), "")
        expect("a module without a test file fails", "check_unit_tests.py",
               root, 1, "harness/core/selftest_new.c has no "
               "tests/unit/core/test_selftest_new.c")

        root = fresh(src, tmp)
        append(os.path.join(root, "tests", "unit", "response",
                            "test_response_json.c"), "")
        expect("an exception that gained a test is stale",
               "check_unit_tests.py", root, 1, "stale exception")

    for f in failures:
        print("not ok - " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
