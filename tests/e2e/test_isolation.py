"""Isolation (docs/cases.md): a case that tests one check sends a request
that differs from a valid, correctly signed one in exactly that one way.
Proved here for every case with an auth mutation: the same request with the
mutation removed (signed correctly, now) must succeed against the reference
server, both profiles. A case whose request still fails without its
mutation tests two things at once. The one exception is named by its tag:
`order` cases combine two faults on purpose, to see which check comes
first; each of their faults has an isolated case of its own."""
import copy
import glob
import json
import os
import subprocess

import pytest

from conftest import raconform_bin

SRC = os.environ.get("RACONFORM_SOURCE_DIR") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def mutated_cases():
    out = []
    for f in sorted(glob.glob(os.path.join(SRC, "cases", "*", "*.json"))):
        with open(f, encoding="utf-8") as fh:
            c = json.load(fh)
        m = c["request"].get("auth", {}).get("mutation", "none")
        if m != "none" and "order" not in c.get("tags", []):
            out.append(c)
    return out


def unmutated(c):
    """The case's request without its mutation, expected to succeed."""
    d = copy.deepcopy(c)
    del d["request"]["auth"]
    d["title"] = ("control of %s: the same request signed correctly "
                  "succeeds" % c["id"])[:120]
    ok = {"grade": "OK", "outcome": "success"}
    if d.get("needs", {}).get("fixture") is None:
        ok = {"grade": "OK", "outcome": "success"}
    d["expect"] = {p: [dict(ok)] for p in c["expect"]}
    return d


def test_every_auth_mutation_is_the_only_fault(tmp_path):
    cases = mutated_cases()
    assert len(cases) >= 30, len(cases)
    root = tmp_path / "cases" / "auth"
    root.mkdir(parents=True)
    for c in cases:
        with open(root / (c["id"] + ".json"), "w", encoding="utf-8") as f:
            json.dump(unmutated(c), f, ensure_ascii=False)
    rep = tmp_path / "reports"
    p = subprocess.run([raconform_bin(), "run", "--cases",
                        str(tmp_path / "cases"), "--reports", str(rep)],
                       capture_output=True, text=True, cwd=SRC, timeout=300)
    with open(rep / "raconform.json") as f:
        report = json.load(f)
    bad = ["%s [%s]: %s" % (r["id"], r["profile"], r["reason"])
           for r in report["cases"] if r["status"] != "pass"]
    assert not bad, "requests that fail without their mutation:\n" + \
        "\n".join(bad)
    assert p.returncode == 0, p.stderr[-2000:]
    assert report["summary"]["status"]["pass"] >= len(cases)


def test_the_control_can_fail(tmp_path):
    """The same harness, with the mutation kept, fails the success
    expectation: the control above really runs the requests."""
    c = next(c for c in mutated_cases()
             if c["request"]["auth"]["mutation"] == "garble-signature")
    d = unmutated(c)
    d["request"]["auth"] = c["request"]["auth"]
    root = tmp_path / "cases" / "auth"
    root.mkdir(parents=True)
    with open(root / (c["id"] + ".json"), "w", encoding="utf-8") as f:
        json.dump(d, f)
    p = subprocess.run([raconform_bin(), "run", "--cases",
                        str(tmp_path / "cases"), "--reports",
                        str(tmp_path / "r")], capture_output=True, text=True,
                       cwd=SRC, timeout=120)
    assert p.returncode == 1, p.stderr[-1000:]
