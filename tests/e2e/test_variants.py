"""Variants, the dual of mutation testing (docs/variants.md): the whole
catalogue, both profiles, against every `--variant` of the built-in
reference server must give no FAILED and no error; under --strict a variant
may fail only on NON-STRICT outcomes whose note says why. Also: a target
without capabilities gets no FAILED from a correct server (the unit is
inferred, INFORMATIONAL), and a target that declares fewer operations gets
skips naming the field."""
import concurrent.futures
import json
import os
import subprocess
import sys

import pytest

from conftest import raconform_bin

SRC = os.environ.get("RACONFORM_SOURCE_DIR") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = raconform_bin()


def list_variants():
    out = subprocess.run([BIN, "serve", "--list-variants"], check=True,
                         capture_output=True, text=True).stdout
    return [line.split()[0] for line in out.splitlines()
            if line.strip() and line[0] != " "]


VARIANTS = list_variants()


def run_json(tmp, *args):
    rep = os.path.join(tmp, "reports")
    p = subprocess.run([BIN, "run", "--reports", rep, *args],
                       capture_output=True, text=True, cwd=SRC, timeout=300)
    with open(os.path.join(rep, "raconform.json")) as f:
        return p.returncode, json.load(f), p.stderr


@pytest.fixture(scope="module")
def matrix(tmp_path_factory):
    """(variant, strict) -> (exit, report), run a few at a time."""
    # One --strict run per variant tells both: a failure that is not a
    # noted NON-STRICT outcome fails the default run too.
    jobs = [(v, True) for v in VARIANTS]

    # mktemp is not thread-safe: the folders first, then the runs.
    dirs = {job: str(tmp_path_factory.mktemp("%s-%d" % job)) for job in jobs}

    def one(job):
        v, strict = job
        args = ["--variant", v] + (["--strict"] if strict else [])
        rc, rep, err = run_json(dirs[job], *args)
        return job, (rc, rep, err)

    with concurrent.futures.ThreadPoolExecutor(3) as ex:
        return dict(ex.map(one, jobs))


def test_variant_list_is_sane():
    assert len(VARIANTS) >= 12, VARIANTS
    assert len(set(VARIANTS)) == len(VARIANTS)
    out = subprocess.run([BIN, "serve", "--list-variants"], check=True,
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith(" "):
            # every variant cites the note (or SPEC section) leaving it open
            assert "open: " in line and ("§" in line), line


def test_unknown_variant_is_a_usage_error():
    p = subprocess.run([BIN, "serve", "--variant", "no-such-variant"],
                       capture_output=True, text=True, timeout=30)
    assert p.returncode == 2 and "no-such-variant" in p.stderr


def test_variants_doc_in_sync():
    p = subprocess.run([sys.executable, os.path.join(SRC, "scripts",
                                                     "gen-variants-doc.py"),
                        "--bin", BIN, "--check"], capture_output=True,
                       text=True)
    assert p.returncode == 0, p.stderr


@pytest.mark.parametrize("variant", VARIANTS)
def test_catalogue_passes_variant(matrix, variant):
    rc, rep, err = matrix[(variant, True)]
    bad = ["%s [%s] %s: %s" % (c["id"], c["profile"], c["status"], c["reason"])
           for c in rep["cases"] if c["status"] in ("fail", "error") and
           not (c["reason"] or "").startswith("NON-STRICT outcome under")]
    assert not bad, "a correct variant is failed (a catalogue bug):\n" + \
        "\n".join(bad)
    assert rc in (0, 1), err[-2000:]
    # the variant really ran (the target names it)
    assert variant in rep["suite"]["target"], rep["suite"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_strict_fails_only_with_a_reason(matrix, variant):
    rc, rep, _ = matrix[(variant, True)]
    for c in rep["cases"]:
        if c["status"] in ("fail", "error"):
            assert c["status"] == "fail", c
            reason = c["reason"] or ""
            assert reason.startswith("NON-STRICT outcome under --strict ("), \
                "%s [%s]: %s" % (c["id"], c["profile"], reason)


def test_variants_change_answers(matrix):
    """Most variants must change at least one observed answer of the
    catalogue, or the catalogue does not probe the open question."""
    seen = {}
    for v in VARIANTS:
        rep = matrix[(v, True)][1]
        seen[v] = {(c["id"], c["profile"]): c["observed"]
                   for c in rep["cases"]}
    base = {}
    for v in VARIANTS:
        for k, obs in seen[v].items():
            base.setdefault(k, {})[v] = obs
    changed = {v: 0 for v in VARIANTS}
    for k, per in base.items():
        values = list(per.values())
        common = max(set(values), key=values.count)
        for v, obs in per.items():
            if obs != common:
                changed[v] += 1
    silent = [v for v, n in changed.items() if n == 0]
    # these change bytes the observed key does not show (body shape,
    # __type spelling, Request element); the rest must show in the key.
    allowed = {"json-empty-success", "json-namespaced-type",
               "request-element-on-request"}
    assert set(silent) <= allowed, silent


def served_target(tmp_path, *args, drop_capabilities=False):
    target = str(tmp_path / "target.json")
    proc = subprocess.Popen([BIN, "serve", "--target-out", target, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    url = proc.stdout.readline().strip()
    assert url.startswith("http://"), proc.stderr.read()
    with open(target) as f:
        t = json.load(f)
    if drop_capabilities:
        del t["capabilities"]
        with open(target, "w") as f:
            json.dump(t, f)
    return proc, target, t


@pytest.mark.parametrize("variant", [None, "count-utf16"])
def test_no_capabilities_no_failure(tmp_path, variant):
    """SPEC §4: an undeclared capability is never a reason to fail."""
    args = ["--variant", variant] if variant else []
    proc, target, _ = served_target(tmp_path, *args, drop_capabilities=True)
    try:
        rc, rep, err = run_json(str(tmp_path), "--target", target)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    bad = [(c["id"], c["profile"], c["reason"]) for c in rep["cases"]
           if c["status"] in ("fail", "error")]
    assert not bad and rc == 0, bad
    inferred = [c for c in rep["cases"]
                if "inferred feedback_length_unit" in (c["reason"] or "")]
    assert inferred, "no case inferred the counting unit"
    unit = "utf16" if variant else "codepoint"
    assert all(c["grade"] == "INFORMATIONAL" for c in inferred)
    assert any("unit %s " % unit in c["reason"] for c in inferred), \
        [c["reason"] for c in inferred][:3]


def test_target_out_declares_variant_capabilities(tmp_path):
    proc, _, t = served_target(tmp_path, "--variant", "count-utf16",
                               "--variant", "reject-only")
    proc.terminate()
    proc.wait(timeout=10)
    assert t["capabilities"]["feedback_length_unit"] == "utf16"
    assert t["capabilities"]["operations"] == ["RejectAssignment"]


def test_undeclared_missing_operation_is_a_skip(tmp_path):
    """A set-up operation the target refuses and never declared: skip with
    the field to declare, not an error."""
    proc, target, t = served_target(tmp_path, "--variant", "reject-only")
    del t["capabilities"]["operations"]
    with open(target, "w") as f:
        json.dump(t, f)
    try:
        rc, rep, _ = run_json(str(tmp_path), "--target", target,
                              "--run", "RA-STATE-*")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    skipped = [c for c in rep["cases"] if c["status"] == "skip"]
    assert rc == 0 and skipped, rep["summary"]
    for c in skipped:
        assert "capabilities.operations" in c["reason"], c["reason"]
