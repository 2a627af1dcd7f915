"""Case and target loading through the CLI: `raconform list` in its three
formats, every bad case file, bad target file, bad baseline and bad signing
vector giving exit 2 with the exact file:line:column message (one JSON
locator, core/jsonpos, behind every loader), and $env: secrets. Bad response
fixtures are checked by tests/unit/response/test_fixture.c."""
import glob
import json
import os
import subprocess

import pytest

from conftest import raconform_bin

SRC = os.environ.get("RACONFORM_SOURCE_DIR", os.getcwd())
CASES = os.path.join(SRC, "cases")
BAD_CASES = os.path.join(SRC, "tests", "data", "cases-bad")
TARGETS = os.path.join(SRC, "tests", "data", "targets")
BAD_BASELINES = os.path.join(SRC, "tests", "data", "baselines-bad")
BAD_VECTORS = os.path.join(SRC, "tests", "data", "vectors-bad")


def run(*args, env=None, cwd=None):
    return subprocess.run([raconform_bin(), *args], capture_output=True,
                          text=True, timeout=60, env=env, cwd=cwd)


def case_ids():
    ids = []
    for path in glob.glob(os.path.join(CASES, "**", "*.json"), recursive=True):
        with open(path, encoding="utf-8") as f:
            ids.append(json.load(f)["id"])
    return sorted(ids)


def test_list_text_lists_every_case_sorted():
    r = run("list", "--cases", CASES)
    assert r.returncode == 0, r.stderr
    listed = [line.split()[0] for line in r.stdout.splitlines()]
    assert listed == case_ids()
    assert "RA-FB-0002" in listed


def test_list_json_matches_the_files():
    r = run("list", "--format", "json", "--cases", CASES)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["count"] == len(case_ids())
    by_id = {c["id"]: c for c in doc["cases"]}
    fb = by_id["RA-FB-0002"]
    assert fb["area"] == "feedback"
    assert fb["profiles"] == ["legacy-2014", "json-2017"]
    assert fb["needs"]["fixture"] == "Submitted"
    assert fb["source"]["unconfirmed"] is True
    assert fb["expect"]["json-2017"][0]["grade"] == "OK"
    assert "1025 \u00d7 '\u00e9' (2050 bytes)" in fb["sent"]["json-2017"]
    req = by_id["RA-REQ-0001"]
    assert req["needs"]["requesters"] == ["owner", "other"]


def test_list_markdown_is_the_behaviour_document():
    r = run("list", "--format", "markdown", "--cases", CASES)
    assert r.returncode == 0, r.stderr
    md = r.stdout
    assert md.startswith("# Expected behaviour of RejectAssignment\n")
    assert "## Requester feedback (`feedback`)" in md
    assert "### RA-FB-0002: 1025 two-byte characters of feedback are refused" in md
    assert "RequesterFeedback = 1025 \u00d7 '\u00e9' (2050 bytes)" in md
    assert "- **UNCONFIRMED**" in md
    assert "- OK: error, status 400, type RequestError, code " \
           "AWS.MechanicalTurk.InvalidParameterValue|AWS.ParameterOutOfRange" in md
    # no raw HTML from quotes
    assert "<RejectAssignmentResult>" not in md
    # deterministic: a second run gives the same bytes
    assert run("list", "--format", "markdown", "--cases", CASES).stdout == md
    committed = os.path.join(SRC, "docs", "behavior.md")
    if os.path.exists(committed):
        with open(committed, encoding="utf-8") as f:
            assert f.read() == md, "docs/behavior.md is stale: regenerate it " \
                "with raconform list --format markdown > docs/behavior.md"


def test_list_selection():
    r = run("list", "--cases", CASES, "--run", "feedback", "--skip", "RA-FB-0001")
    assert r.returncode == 0, r.stderr
    ids = [line.split()[0] for line in r.stdout.splitlines()]
    assert "RA-FB-0002" in ids and "RA-FB-0001" not in ids
    assert all(i.startswith("RA-FB-") for i in ids)


def test_list_selection_from_file(tmp_path):
    pat = tmp_path / "sel"
    pat.write_text("# ids\nRA-AUTH-0001\nRA-STATE-0001\n")
    r = run("list", "--cases", CASES, "--run", "@" + str(pat))
    assert r.returncode == 0, r.stderr
    assert [l.split()[0] for l in r.stdout.splitlines()] == \
        ["RA-AUTH-0001", "RA-STATE-0001"]


def test_list_usage_errors():
    assert run("list", "--format", "yaml", "--cases", CASES).returncode == 2
    assert run("list", "--bogus").returncode == 2
    r = run("list", "--cases", "/nonexistent/raconform-cases")
    assert r.returncode == 2
    assert "/nonexistent/raconform-cases" in r.stderr


BAD_CASE_DIRS = sorted(d for d in os.listdir(BAD_CASES)
                       if os.path.isdir(os.path.join(BAD_CASES, d)))


@pytest.mark.parametrize("name", BAD_CASE_DIRS)
def test_bad_case_file(name):
    folder = os.path.join(BAD_CASES, name)
    with open(os.path.join(folder, "expected.txt"), encoding="utf-8") as f:
        expected = f.read().strip()
    for fmt in ("text", "json", "markdown"):
        r = run("list", "--format", fmt, "--cases", folder)
        assert r.returncode == 2
        assert r.stdout == ""
        # the message names the file as reached from --cases DIR
        assert r.stderr.strip() == "raconform list: %s/%s" % (folder, expected)


def test_bad_case_file_stops_plan_too(tmp_path):
    target = tmp_path / "t.json"
    target.write_text(json.dumps({
        "name": "t", "endpoint": "http://127.0.0.1:1/", "profile": "all",
        "requesters": {"owner": {"access_key_id": "A", "secret_access_key": "S"}}}))
    folder = os.path.join(BAD_CASES, "unknown-request-field")
    r = run("plan", "--target", str(target), "--cases", folder)
    assert r.returncode == 2
    assert "unknown field 'paramz' in request" in r.stderr


BAD_TARGETS = sorted(os.path.basename(p)[:-len(".json")]
                     for p in glob.glob(os.path.join(TARGETS, "bad-*.json")))


@pytest.mark.parametrize("name", BAD_TARGETS)
def test_bad_target_file(name):
    env = dict(os.environ)
    env.pop("RACONFORM_E2E_UNSET_SECRET", None)
    with open(os.path.join(TARGETS, name + ".expected"), encoding="utf-8") as f:
        expected = f.read().strip()
    r = run("plan", "--target", name + ".json", "--cases", CASES, env=env,
            cwd=TARGETS)
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.strip() == "raconform plan: " + expected


def bad_folders(root):
    return sorted(d for d in os.listdir(root)
                  if os.path.isdir(os.path.join(root, d)))


def expected_message(folder):
    with open(os.path.join(folder, "expected.txt"), encoding="utf-8") as f:
        return f.read().strip()


@pytest.mark.parametrize("name", bad_folders(BAD_BASELINES))
def test_bad_baseline_file(name, tmp_path):
    folder = os.path.join(BAD_BASELINES, name)
    r = run("run", "--target", os.path.join(TARGETS, "good-manifest.json"),
            "--cases", CASES, "--reports", str(tmp_path / "reports"),
            "--baseline", os.path.join(folder, "baseline.json"))
    assert r.returncode == 2
    assert r.stdout == ""
    # exact file:line:column: a wrong position fails here
    assert r.stderr.strip() == "raconform run: %s/%s" % (
        folder, expected_message(folder))
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize("name", bad_folders(BAD_VECTORS))
def test_bad_vector_file(name):
    folder = os.path.join(BAD_VECTORS, name)
    r = run("vectors", "--dir", folder)
    assert r.returncode == 2
    assert r.stderr.strip() == "raconform vectors: %s/%s" % (
        folder, expected_message(folder))


def test_env_substitution(tmp_path):
    good = os.path.join(TARGETS, "good-control.json")
    env = dict(os.environ)
    env.pop("RA_TEST_OWNER_SECRET", None)
    r = run("plan", "--target", good, "--cases", CASES, env=env)
    assert r.returncode == 2
    assert "environment variable 'RA_TEST_OWNER_SECRET' is not set" in r.stderr
    env["RA_TEST_OWNER_SECRET"] = "very-secret-value"
    r = run("plan", "--target", good, "--cases", CASES, env=env)
    assert r.returncode == 0, r.stderr
    assert "very-secret-value" not in r.stdout + r.stderr
    assert "fixture provider: control (http://127.0.0.1:8080/_raconform/)" in r.stdout
    assert "state observable: yes" in r.stdout


def test_plan_manifest_counts():
    r = run("plan", "--target", os.path.join(TARGETS, "good-manifest.json"),
            "--cases", CASES, "--run", "RA-FB-000[12]")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "endpoint: https://mturk-requester-sandbox.us-east-1.amazonaws.com/ (sandbox)" in out
    assert "state observable: no" in out
    assert "cases: 2 selected, 4 runs, 0 skipped" in out
    assert "Submitted 4 (manifest lists 2: 2 short" in out


def test_plan_skips_with_reasons():
    r = run("plan", "--target", os.path.join(TARGETS, "good-manifest.json"),
            "--cases", CASES, "--run", "RA-REQ-0001")
    assert r.returncode == 0, r.stderr
    assert "RA-REQ-0001 json-2017: the target describes no 'other' requester" in r.stdout


def test_plan_production_warns():
    r = run("plan", "--target", os.path.join(TARGETS, "good-production.json"),
            "--cases", CASES)
    assert r.returncode == 0, r.stderr
    assert "(production)" in r.stdout
    assert "--allow-production" in r.stdout


def test_plan_needs_target():
    assert run("plan").returncode == 2
