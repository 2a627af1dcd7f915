"""Real MTurk clients under `raconform client-check`, and the compatibility
matrix docs/clients.md generated from their runs (scripts/gen-clients-doc.py).

Every client of the generator's list (boto3 in both retry modes, the AWS
SDKs for JavaScript v3 and v2, aws-sdk-go v1, boto 2 and the hand-written
legacy client) runs every scenario of its profile with its default
settings. Its real defects are findings, listed in
tests/clients/baselines/<client>.json: each client must pass everything
else, and exactly its findings must still fail the way they are recorded
(a finding that went away is a stale entry, exit 4).

All clients run at once, a few scenarios each (the runs are mostly
waiting: retries, backoff, the slow answer), once per test session."""
import importlib.util
import json
import os

import pytest

SRC = os.environ.get("RACONFORM_SOURCE_DIR") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOC = os.path.join(SRC, "docs", "clients.md")
REGEN = "scripts/gen-clients-doc.py"


def load_generator():
    spec = importlib.util.spec_from_file_location(
        "gen_clients_doc", os.path.join(SRC, "scripts", "gen-clients-doc.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


GEN = load_generator()
IDS = [c[0] for c in GEN.CLIENTS]


@pytest.fixture(scope="module")
def results():
    modules = os.path.join(SRC, "tests", "clients", "node_modules")
    for pkg in ("@aws-sdk/client-mturk", "aws-sdk", "@smithy/signature-v4"):
        if not os.path.isdir(os.path.join(modules, pkg)):
            pytest.fail("tests/clients/node_modules/%s is missing: install "
                        "the pinned packages with `npm ci --prefix "
                        "tests/clients` (scripts/test.sh does)" % pkg)
    return GEN.run_all(jobs=3)


def explain(r):
    if not r["report"]:
        return r["output"][-3000:]
    return "\n".join("%s: %s %s (%s)" % (c["id"], c["status"],
                                         c.get("reason"), c.get("observed"))
                     for c in r["report"]["cases"]
                     if c["status"] not in ("pass", "skip"))


@pytest.mark.parametrize("cid", IDS)
def test_client_passes_except_its_findings(results, cid):
    r = results[cid]
    assert r["report"] is not None, r["output"][-3000:]
    assert r["rc"] == 0, explain(r)
    cases = r["report"]["cases"]
    assert not [c for c in cases if c["status"] in ("fail", "error")], \
        explain(r)
    # Every scenario of the profile ran, each with its outcome verdict.
    outcomes = {c["id"].split("/")[0] for c in cases
                if c["id"].endswith("/outcome")}
    assert {"success", "unicode-feedback", "invalid-state", "throttling",
            "unavailable-503", "unavailable-gives-up",
            "slow-answer"} <= outcomes
    # Exactly the baseline's findings still fail, the way recorded.
    todo = {c["id"] for c in cases if c["status"] == "todo"}
    listed = set()
    if r["baseline"]:
        with open(r["baseline"], encoding="utf-8") as f:
            listed = {e["id"] for e in json.load(f)["entries"]}
    assert todo == listed, explain(r)


def test_retry_behaviour_is_measured(results):
    """The counts the notes (2.5, 2.6) give for each SDK's defaults."""
    def requests(cid, scenario):
        cases = {c["id"]: c for c in results[cid]["report"]["cases"]}
        return int(cases[scenario + "/attempts"]["actual"].split()[0])
    assert requests("boto3-legacy", "unavailable-gives-up") == 5
    assert requests("boto3-standard", "unavailable-gives-up") == 3
    assert requests("js-v3", "unavailable-gives-up") == 3
    assert requests("js-v2", "unavailable-gives-up") == 4
    assert requests("go-v1", "unavailable-gives-up") == 4
    assert requests("boto2", "unavailable-gives-up") == 7
    assert requests("legacy-hand", "unavailable-gives-up") == 5
    for cid in IDS:
        assert requests(cid, "unavailable-503") == 3
        assert requests(cid, "throttling") == 3


def test_error_exposure_is_graded(results):
    """JS v2 and Go v1 expose RequestError without the TurkErrorCode:
    NON-STRICT, not FAILED (SPEC 5); JS v3 and boto3 expose the code."""
    def grade(cid, case):
        c = {c["id"]: c for c in results[cid]["report"]["cases"]}[case]
        return c["status"], c["grade"]
    assert grade("js-v2", "invalid-state/outcome") == ("pass", "NON-STRICT")
    assert grade("go-v1", "does-not-exist/outcome") == ("pass", "NON-STRICT")
    assert grade("js-v3", "invalid-state/outcome") == ("pass", "OK")
    assert grade("boto3-legacy", "invalid-state/outcome") == ("pass", "OK")
    # boto 2 sends no Service parameter and is not failed for it.
    assert grade("boto2", "success/headers") == ("pass", "OK")


def test_committed_matrix_is_up_to_date(results):
    fresh = GEN.render(results)
    with open(DOC, encoding="utf-8") as f:
        committed = f.read()
    if committed != fresh:
        old, new = committed.splitlines(), fresh.splitlines()
        first = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b),
                     min(len(old), len(new)))
        raise AssertionError(
            "docs/clients.md differs from what the client runs give (first "
            "difference at line %d:\n  committed: %r\n  generated: %r)\n"
            "regenerate it with: %s"
            % (first + 1, old[first] if first < len(old) else None,
               new[first] if first < len(new) else None, REGEN))


def test_matrix_covers_six_real_clients_and_every_scenario(results):
    with open(DOC, encoding="utf-8") as f:
        doc = f.read()
    assert GEN.MARK in doc
    real = [cid for cid in IDS if cid != "legacy-hand"]
    assert len(real) >= 6
    for cid in IDS:
        assert "**%s**" % cid in doc
    for name in ("unavailable-gives-up", "malformed-html", "feedback-1025"):
        assert "| `%s` |" % name in doc
