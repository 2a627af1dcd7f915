"""run --record DIR and rejudge DIR (SPEC §5, docs/recording.md).

Records a run against `raconform serve`, stops the server, then re-judges:
the same verdicts with the target down; a changed expectation changes the
verdict; a changed request is skipped with the reason; no secret is in the
recording.
"""
import json
import os
import shutil
import subprocess

import pytest

from conftest import raconform_bin, start_serve

SRC = os.environ.get("RACONFORM_SOURCE_DIR",
                     os.path.dirname(os.path.dirname(os.path.dirname(
                         os.path.abspath(__file__)))))
# The whole catalogue: its answers include invalid UTF-8 and NUL bytes
# (stored as base64), bodies cut at the cap and concurrent cases.
SELECTION = []


def rc_run(*args, env=None):
    return subprocess.run([raconform_bin(), *args], capture_output=True,
                          text=True, timeout=300, env=env)


def verdicts(doc):
    return [(c["id"], c["profile"], c["status"], c["grade"], c["reason"],
             c["observed"]) for c in doc["cases"]]


def load(path):
    with open(path) as f:
        return json.load(f)


def case_file(cases, case_id):
    for d, _, files in os.walk(cases):
        if case_id + ".json" in files:
            return os.path.join(d, case_id + ".json")
    raise AssertionError(case_id)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rec")
    served = start_serve(tmp)
    try:
        r = rc_run("run", "--target", served.target_file, "--record",
                   str(tmp / "rec"), "--json", str(tmp / "orig.json"),
                   "--reports", str(tmp / "reports"), "--tap",
                   str(tmp / "orig.tap"), *SELECTION)
        assert r.returncode == 0, r.stderr
    finally:
        assert served.stop() in (0, -15, 143)
    return tmp, served


def test_record__rejudge_offline_gives_the_same_verdicts(recorded):
    tmp, served = recorded
    orig = load(tmp / "orig.json")
    # The target is down: a run now is unreachable...
    r = rc_run("run", "--target", served.target_file, "--reports",
               str(tmp / "down"), "--run", "RA-FB-0001")
    assert r.returncode == 3
    # ...but the recording is judged again without it.
    r = rc_run("rejudge", str(tmp / "rec"), "--json", str(tmp / "re.json"),
               "--junit", str(tmp / "re.xml"), "--tap", str(tmp / "re.tap"))
    assert r.returncode == 0, r.stderr
    again = load(tmp / "re.json")
    assert verdicts(again) == verdicts(orig)
    assert again["suite"]["target"] == orig["suite"]["target"]
    judged = [c for c in again["cases"] if c["note"] is None]
    assert len(judged) > len(again["cases"]) * 3 // 4
    # Some answers could only be stored as base64: they judge the same.
    b64 = [f for d, _, fs in os.walk(tmp / "rec") for f in fs
           if b'"base64"' in open(os.path.join(d, f), "rb").read()]
    assert b64
    # The concurrent cases never reach the judge as one exchange: their
    # recorded verdict is replayed and says so.
    replayed = [c for c in again["cases"] if c["note"]]
    assert all("not re-judged" in c["note"] for c in replayed)
    with open(tmp / "re.tap") as f:
        tap = f.read()
    assert tap.startswith("TAP version 13")
    assert "not ok" not in tap


def test_record__no_secret_in_the_recording(recorded):
    tmp, served = recorded
    secrets = [served.owner["secret_access_key"],
               served.other["secret_access_key"]]
    n = 0
    for d, _, files in os.walk(tmp / "rec"):
        for f in files:
            with open(os.path.join(d, f), "rb") as fh:
                data = fh.read()
            n += 1
            for s in secrets:
                assert s.encode() not in data, f
            # legacy query signatures and SigV4 Authorization are redacted
            assert b"Signature=" not in data.replace(b"Signature=[REDACTED]",
                                                     b"")
    assert n > 400
    manifest = load(tmp / "rec" / "recording.json")
    assert manifest["format"] == "raconform-recording/1"
    assert manifest["target"]["requesters"]["owner"]["secret_access_key"] \
        == "[REDACTED]"
    assert all(len(h["file"]) == 64 and len(h["request"]) == 64
               for h in manifest["case_files"].values())
    one = load(tmp / "rec" / "cases" / "json-2017" / "RA-FB-0001.json")
    auth = [v for k, v in one["judged"]["request"]["headers"]
            if k.lower() == "authorization"]
    assert auth and "[REDACTED]" in auth[0]
    assert one["judged"]["response"]["status"] == 200
    assert one["judged"]["after"]["status"] == "Rejected"


def test_record__changed_expectation_and_request(recorded, tmp_path):
    tmp, _ = recorded
    cases = tmp_path / "cases"
    shutil.copytree(os.path.join(SRC, "cases"), cases)
    # RA-FB-0001 now expects an error where the server succeeded.
    p = case_file(cases, "RA-FB-0001")
    doc = load(p)
    for prof in doc["expect"]:
        for o in doc["expect"][prof]:
            if o["outcome"] == "success":
                o["outcome"] = "error"
                o.pop("status", None)
    with open(p, "w") as f:
        json.dump(doc, f)
    # RA-FB-0002 now sends another request.
    p = case_file(cases, "RA-FB-0002")
    doc = load(p)
    doc["request"]["params"]["RequesterFeedback"]["count"] += 1
    with open(p, "w") as f:
        json.dump(doc, f)
    # Its title only: not a request change.
    p = case_file(cases, "RA-FB-0010")
    doc = load(p)
    doc["title"] += " (retitled)"
    with open(p, "w") as f:
        json.dump(doc, f)

    # The data lookup of SPEC §5: RACONFORM_DATA holds cases/.
    env = dict(os.environ, RACONFORM_DATA=str(cases.parent))
    r = rc_run("rejudge", str(tmp / "rec"), "--json",
               str(tmp_path / "re.json"), env=env)
    assert r.returncode == 1, r.stderr
    again = {(c["id"], c["profile"]): c for c in
             load(tmp_path / "re.json")["cases"]}
    orig = {(c["id"], c["profile"]): c for c in
            load(tmp / "orig.json")["cases"]}
    for prof in ("legacy-2014", "json-2017"):
        assert orig[("RA-FB-0001", prof)]["status"] == "pass"
        assert again[("RA-FB-0001", prof)]["status"] == "fail"
        assert again[("RA-FB-0002", prof)]["status"] == "skip"
        assert "request has changed since the recording" in \
            again[("RA-FB-0002", prof)]["reason"]
        assert again[("RA-FB-0010", prof)]["status"] == "pass"
        assert again[("RA-FB-0010", prof)]["title"].endswith("(retitled)")
    changed = {k for k in orig if (orig[k]["status"], orig[k]["grade"]) !=
               (again[k]["status"], again[k]["grade"])}
    assert {k[0] for k in changed} == {"RA-FB-0001", "RA-FB-0002"}

    # --cases DIR says the same as the environment variable.
    r = rc_run("rejudge", str(tmp / "rec"), "--cases", str(cases), "--json",
               str(tmp_path / "re2.json"))
    assert r.returncode == 1
    assert verdicts(load(tmp_path / "re2.json")) == \
        verdicts(load(tmp_path / "re.json"))


def test_record__bad_folders(recorded, tmp_path):
    tmp, _ = recorded
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    r = rc_run("run", "--record", str(busy), "--run", "RA-FB-0001",
               "--reports", str(tmp_path / "r"))
    assert r.returncode == 2
    assert "holds other files" in r.stderr
    assert (busy / "notes.txt").read_text() == "mine"
    r = rc_run("rejudge", str(tmp_path / "nothing"))
    assert r.returncode == 2
    copy = tmp_path / "copy"
    shutil.copytree(tmp / "rec", copy)
    m = load(copy / "recording.json")
    m["format"] = "raconform-recording/2"
    with open(copy / "recording.json", "w") as f:
        json.dump(m, f)
    r = rc_run("rejudge", str(copy))
    assert r.returncode == 2
    assert "not supported" in r.stderr
    r = rc_run("rejudge")
    assert r.returncode == 2
