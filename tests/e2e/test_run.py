"""End-to-end tests of `raconform run` (SPEC §4-§7, docs/runner.md).

Every run uses its own --reports folder under tmp_path; targets are the
in-process reference server, `raconform serve` (conftest `serve`), or small
Python socket servers for hostile endpoints. No request ever leaves
loopback; the production guard is checked with a recording proxy.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time

import pytest

from conftest import control_seed, control_get, raconform_bin

SOURCE = os.environ.get("RACONFORM_SOURCE_DIR") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CASES = os.path.join(SOURCE, "cases")
TESTS = os.path.join(SOURCE, "tests")
DATA = os.path.join(TESTS, "data")

# A 1025-character feedback case that `--defect feedback-off-by-one` breaks.
OFF_BY_ONE_CASE = "RA-FB-0014"
# Stateless cases (no fixture): the only ones a bare endpoint can run.
STATELESS = "RA-ID-0001"


def junit_xsd():
    p = os.path.join(SOURCE, "..", "shared", "schemas", "junit-10.xsd")
    if os.path.isfile(p):
        return p
    return os.path.join(DATA, "golden", "report", "junit-10.xsd")


class Result:
    def __init__(self, proc, reports):
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.reports = reports

    def json(self):
        with open(os.path.join(self.reports, "raconform.json"),
                  encoding="utf-8") as f:
            return json.load(f)

    def cases(self):
        """{(id, profile): case} from the JSON report."""
        return {(c["id"], c["profile"]): c for c in self.json()["cases"]}

    def junit(self):
        return os.path.join(self.reports, "raconform.junit.xml")

    def __repr__(self):
        return "rc=%r\nstderr=%s\nstdout tail=%s" % (
            self.rc, self.stderr[-3000:], self.stdout[-3000:])


def run(tmp_path, *args, name="run", timeout=60, env=None):
    reports = str(tmp_path / name)
    proc = subprocess.run([raconform_bin(), "run", "--cases", CASES,
                           "--reports", reports, *args],
                          capture_output=True, text=True, timeout=timeout,
                          env=env, errors="replace")
    if proc.returncode < 0 or proc.returncode > 4:
        # pytest shortens long assertion messages; captured output is shown
        # whole, so a crash's own words (an abort message) reach the log.
        print("raconform run exited %d; stderr ends:\n%s"
              % (proc.returncode, proc.stderr[-4000:]))
    return Result(proc, reports)


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2)
    return str(path)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class HungServer:
    """Accepts connections, reads, never answers; counts connections."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.held = []
        self.stopped = False
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self):
        self.sock.settimeout(0.2)
        while not self.stopped:
            try:
                c, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            self.held.append(c)

    def close(self):
        self.stopped = True
        self.thread.join()
        for c in self.held:
            c.close()
        self.sock.close()


@pytest.fixture
def hung():
    h = HungServer()
    yield h
    h.close()


def bare_target(tmp_path, endpoint, name="t.json", **extra):
    t = {"name": "bare", "endpoint": endpoint, "profile": "all",
         "requesters": {"owner": {"access_key_id": "AKIDBARE",
                                  "secret_access_key": "bareSecret"}}}
    t.update(extra)
    return write_json(tmp_path / name, t)


def runnable_target(tmp_path, s, name="serve-target.json", **changes):
    """The target file `serve --target-out` wrote, with top-level fields
    changed (a None value removes the field)."""
    with open(s.target_file, encoding="utf-8") as f:
        t = json.load(f)
    for k, v in changes.items():
        if v is None:
            t.pop(k, None)
        else:
            t[k] = v
    return write_json(tmp_path / name, t)


def tap_points(text):
    return [l for l in text.splitlines()
            if l.startswith("ok ") or l.startswith("not ok ")]


# --- full runs ---------------------------------------------------------------

def test_full_run_in_process(tmp_path):
    r = run(tmp_path)
    assert r.rc == 0, r
    d = r.json()
    assert d["summary"]["total"] >= 400
    assert d["summary"]["status"]["fail"] == 0
    assert d["summary"]["status"]["error"] == 0
    assert d["suite"]["endpoint_class"] == "loopback"
    points = tap_points(r.stdout)
    assert len(points) == d["summary"]["total"]
    assert r.stdout.startswith("TAP version 13\n")


def test_serve_target_out_loads_as_is(tmp_path, serve):
    s = serve("--profile", "json-2017")
    r = run(tmp_path, "--target", s.target_file, "--run", STATELESS)
    assert r.rc == 0, r


@pytest.mark.parametrize("profile", ["json-2017", "legacy-2014"])
def test_external_serve_target(tmp_path, serve, profile):
    s = serve("--profile", profile)
    r = run(tmp_path, "--target", runnable_target(tmp_path, s))
    assert r.rc == 0, r
    cases = r.json()["cases"]
    assert cases and {c["profile"] for c in cases} == {profile}
    assert not [c for c in cases if c["status"] in ("fail", "error")]
    # stateful cases ran (the control API is in the target file)
    assert sum(c["status"] == "pass" for c in cases) > 150


def test_defect_off_by_one_fails_the_1025_case(tmp_path, serve):
    s = serve("--defect", "feedback-off-by-one")
    r = run(tmp_path, "--target", runnable_target(tmp_path, s))
    assert r.rc == 1, r
    cases = r.cases()
    c = cases[(OFF_BY_ONE_CASE, "json-2017")]
    assert c["status"] == "fail"
    assert "1025" in c["title"]
    assert c["grade"] == "FAILED"
    assert "success" in c["reason"] or "post-condition" in c["reason"]
    for k in ("expected", "actual", "source", "curl", "request", "response"):
        assert c[k], (k, c)
    assert c["curl"].startswith("curl ") or c["curl"].startswith("printf ")
    assert "error" in c["expected"]
    assert c["actual"].startswith("HTTP 200")
    failed = {k[0] for k, v in cases.items() if v["status"] == "fail"}
    assert failed and all(i.startswith("RA-FB-") for i in failed), failed
    assert "not ok" in r.stdout and OFF_BY_ONE_CASE in r.stdout


# --- configuration errors and unreachable targets ------------------------------

def test_bad_case_files_exit_2_with_position(tmp_path):
    base = os.path.join(DATA, "cases-bad")
    checked = 0
    for name in sorted(os.listdir(base))[:4]:
        d = os.path.join(base, name)
        with open(os.path.join(d, "expected.txt"), encoding="utf-8") as f:
            want = f.read().strip()
        reports = str(tmp_path / ("r" + name))
        p = subprocess.run([raconform_bin(), "run", "--cases", d, "--reports",
                            reports], capture_output=True, text=True,
                           cwd=SOURCE, timeout=30)
        assert p.returncode == 2, (name, p.stderr)
        # file:line:column: what
        tail = want.split("/")[-1]
        assert tail in p.stderr, (want, p.stderr)
        assert p.stdout == ""
        checked += 1
    assert checked == 4


@pytest.mark.parametrize("name", ["bad-unknown-field", "bad-profile",
                                  "bad-endpoint", "bad-missing-owner"])
def test_bad_target_files_exit_2_with_position(tmp_path, name):
    path = os.path.join(DATA, "targets", name + ".json")
    with open(os.path.join(DATA, "targets", name + ".expected"),
              encoding="utf-8") as f:
        want = f.read().strip()
    p = subprocess.run([raconform_bin(), "run", "--cases", CASES, "--reports",
                        str(tmp_path / "r"), "--target", path],
                       capture_output=True, text=True, timeout=30,
                       cwd=os.path.join(DATA, "targets"))
    assert p.returncode == 2, p.stderr
    assert want in p.stderr, (want, p.stderr)
    assert p.stdout == ""


def test_unreachable_target_exit_3(tmp_path):
    t = bare_target(tmp_path, "http://127.0.0.1:%d/" % free_port())
    r = run(tmp_path, "--target", t, "--timeout", "5")
    assert r.rc == 3, r
    assert "unreachable" in r.stderr
    assert tap_points(r.stdout) == []


class RecordingProxy(HungServer):
    """A proxy that records CONNECTs and answers none."""


def test_production_target_refused_without_request(tmp_path):
    proxy = RecordingProxy()
    try:
        t = bare_target(tmp_path, "https://mturk-requester.us-east-1."
                        "amazonaws.com/", profile="json-2017")
        env = dict(os.environ)
        url = "http://127.0.0.1:%d" % proxy.port
        for k in ("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY",
                  "ALL_PROXY", "all_proxy"):
            env[k] = url
        env.pop("NO_PROXY", None)
        env.pop("no_proxy", None)
        r = run(tmp_path, "--target", t, "--timeout", "2", env=env)
        assert r.rc == 2, r
        assert "production" in r.stderr and "--allow-production" in r.stderr
        time.sleep(0.3)
        assert proxy.connections == 0
        assert tap_points(r.stdout) == []
    finally:
        proxy.close()


# --- baselines -------------------------------------------------------------------

def test_baseline_same_different_stale_expired(tmp_path):
    sel = ["--run", OFF_BY_ONE_CASE, "--run", "RA-FB-0013"]
    base = str(tmp_path / "base.json")
    r = run(tmp_path, "--defect", "feedback-off-by-one", "--write-baseline",
            base, *sel, name="w")
    assert r.rc == 1, r
    with open(base, encoding="utf-8") as f:
        b = json.load(f)
    assert {e["id"] for e in b["entries"]} == {OFF_BY_ONE_CASE}
    assert len(b["entries"]) == 2  # one per profile

    same = run(tmp_path, "--defect", "feedback-off-by-one", "--baseline",
               base, *sel, name="same")
    assert same.rc == 0, same
    todo = [l for l in tap_points(same.stdout) if "# TODO baseline:" in l]
    assert len(todo) == 2 and all(l.startswith("not ok") for l in todo)

    b2 = json.loads(json.dumps(b))
    b2["entries"][0]["observed"] = "400 RequestError AWS.Something.Else"
    diff_file = write_json(tmp_path / "diff.json", b2)
    diff = run(tmp_path, "--defect", "feedback-off-by-one", "--baseline",
               diff_file, *sel, name="diff")
    assert diff.rc == 1, diff
    reasons = [c["reason"] for c in diff.json()["cases"]
               if c["status"] == "fail"]
    assert any("fails differently" in x for x in reasons), reasons

    stale = run(tmp_path, "--baseline", base, *sel, name="stale")
    assert stale.rc == 4, stale
    assert "stale" in stale.stdout

    b3 = json.loads(json.dumps(b))
    for e in b3["entries"]:
        e["expires"] = "2001-01-31"
    exp_file = write_json(tmp_path / "exp.json", b3)
    exp = run(tmp_path, "--defect", "feedback-off-by-one", "--baseline",
              exp_file, *sel, name="exp")
    assert exp.rc == 1, exp
    assert any("expired on 2001-01-31" in (c["reason"] or "")
               for c in exp.json()["cases"])
    assert "# TODO" not in exp.stdout


# --- hostile endpoints and killed runs -----------------------------------------

def test_hung_endpoint_is_error_timeout(tmp_path, hung):
    t = bare_target(tmp_path, "http://127.0.0.1:%d/" % hung.port)
    start = time.monotonic()
    r = run(tmp_path, "--target", t, "--timeout", "1", "--run", STATELESS,
            "--run", "RA-ID-0032", "--run", "RA-FB-0014")
    took = time.monotonic() - start
    assert r.rc == 1, r
    assert took < 8, took
    cases = r.json()["cases"]
    ran = [c for c in cases if c["status"] != "skip"]
    skipped = [c for c in cases if c["status"] == "skip"]
    assert len(ran) == 4, cases  # 2 stateless cases x 2 profiles
    for c in ran:
        assert c["status"] == "error" and c["error_kind"] == "timeout", c
        assert c["duration_ms"] < 2500
    # the stateful case is skipped: no fixture provider
    assert skipped and all("fixture provider" in c["reason"]
                           for c in skipped)
    for f in ("raconform.json", "raconform.junit.xml", "raconform.tap"):
        assert os.path.getsize(os.path.join(r.reports, f)) > 0
    assert 'severity: "error"' in r.stdout and 'kind: "timeout"' in r.stdout


@pytest.mark.parametrize("sig,status", [(signal.SIGTERM, 143),
                                        (signal.SIGINT, 130)])
def test_interrupt_leaves_every_report(tmp_path, hung, sig, status):
    """SIGTERM/SIGINT: JUnit (valid, with a real time), JSON and the TAP
    file hold exactly the cases judged, the TAP stream ends with Bail out!,
    and the exit status is 128 + the signal."""
    assert shutil.which("xmllint"), "xmllint missing (libxml2-utils)"
    t = bare_target(tmp_path, "http://127.0.0.1:%d/" % hung.port)
    reports = str(tmp_path / "killed")
    p = subprocess.Popen([raconform_bin(), "run", "--cases", CASES,
                          "--reports", reports, "--target", t, "--jobs", "1",
                          "--timeout", "1", "--run", STATELESS, "--run",
                          "RA-ID-0032", "--run", "RA-ID-0033"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    # Kill once the first case has timed out (its TAP line is flushed as it
    # is judged), far from the end: no sleep that a loaded machine outruns.
    first = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = p.stdout.readline()
        if not line or line.startswith("not ok"):
            first.append(line)
            break
    assert first and first[0].startswith("not ok"), \
        "no case finished before the run ended: %r" % first
    assert p.poll() is None, "the run ended before it could be killed"
    p.send_signal(sig)
    out, err = p.communicate(timeout=10)
    assert p.returncode == status, err
    assert out.rstrip("\n").splitlines()[-1].startswith("Bail out! "), out
    junit = os.path.join(reports, "raconform.junit.xml")
    res = subprocess.run(["xmllint", "--noout", "--schema", junit_xsd(),
                          junit], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    with open(junit, encoding="utf-8") as f:
        text = f.read()
    assert '<error type="timeout"' in text
    judged = text.count("<testcase ")
    assert 1 <= judged < 6  # really cut short
    assert 'time="0.000"' not in text.split("<testsuite ")[0], text[:400]
    with open(os.path.join(reports, "raconform.json"),
              encoding="utf-8") as f:
        assert len(json.load(f)["cases"]) == judged
    with open(os.path.join(reports, "raconform.tap"), encoding="utf-8") as f:
        tap = f.read()
    assert len(tap_points(tap)) == judged
    assert tap.rstrip("\n").splitlines()[-1].startswith("Bail out! ")
    # the stream showed the same cases, no more
    assert len(tap_points(first[0] + out)) == judged
    assert not [n for n in os.listdir(reports) if ".tmp." in n]


# --- redaction, strict, TAP --------------------------------------------------------

def test_secrets_never_reach_output(tmp_path, serve):
    s = serve("--defect", "no-signature-check", "--defect",
              "feedback-off-by-one")
    secrets = [s.owner["secret_access_key"], s.other["secret_access_key"]]
    r = run(tmp_path, "--target", runnable_target(tmp_path, s), "--run",
            "auth",
            "--run", "requester", "--run", OFF_BY_ONE_CASE)
    assert r.rc == 1, r  # failures: request/response/curl reach the reports
    texts = {"stdout": r.stdout, "stderr": r.stderr}
    nwire = 0
    for root, _, files in os.walk(r.reports):
        for n in files:
            with open(os.path.join(root, n), encoding="utf-8",
                      errors="replace") as f:
                texts[os.path.join(root, n)] = f.read()
            nwire += "wire" in root
    assert nwire > 20
    assert any("Authorization: [REDACTED]" in t for t in texts.values())
    for where, t in texts.items():
        for sec in secrets:
            assert sec not in t, (where, sec)
            # not even the URL-encoded form (legacy raw strings)
            assert sec.replace("/", "%2F").replace("+", "%2B") not in t


def test_strict_fails_non_strict(tmp_path, serve):
    s = serve("--defect", "leak-existence")
    t = runnable_target(tmp_path, s)
    r = run(tmp_path, "--target", t, "--run", "requester", name="loose")
    assert r.rc == 0, r
    ns = [c for c in r.json()["cases"] if c["grade"] == "NON-STRICT"]
    assert ns and all(c["status"] == "pass" for c in ns)
    assert 'grade: "NON-STRICT"' in r.stdout
    strict = run(tmp_path, "--target", t, "--run", "requester",
                 "--strict", name="strict")
    assert strict.rc == 1, strict
    failed = [c for c in strict.json()["cases"] if c["status"] == "fail"]
    assert {c["id"] for c in failed} == {c["id"] for c in ns}
    assert all("--strict" in c["reason"] for c in failed)


def test_tap_parsed_by_prove_and_node(tmp_path):
    r = run(tmp_path, "--defect", "feedback-off-by-one", "--defect",
            "leak-existence", "--run", "feedback", "--run", "requester",
            "--skip", "RA-FB-00[2-9]?")
    assert r.rc == 1, r
    tap = str(tmp_path / "out.tap")
    with open(tap, "w", encoding="utf-8") as f:
        f.write(r.stdout)
    res = subprocess.run(["/usr/bin/prove", "--exec", "cat", tap],
                         capture_output=True, text=True)
    out = res.stdout + res.stderr
    assert "Parse errors" not in out, out
    assert "Failed tests:" in out  # the real failures, nothing else
    nfail = sum(l.startswith("not ok") for l in tap_points(r.stdout))
    assert nfail == r.json()["summary"]["status"]["fail"]
    if not os.path.isdir(os.path.join(TESTS, "node_modules", "tap-parser")):
        return
    script = r'''
import { Parser } from 'tap-parser'
import { readFileSync } from 'fs'
const p = new Parser(r => console.log(JSON.stringify(r)))
p.end(readFileSync(process.argv[1]))
'''
    res = subprocess.run(["node", "--input-type=module", "-e", script, tap],
                         capture_output=True, text=True, cwd=TESTS)
    assert res.returncode == 0, res.stderr
    final = json.loads(res.stdout)
    assert final["count"] == len(tap_points(r.stdout))
    assert final["fail"] == nfail
    assert all(not f.get("tapError") for f in final["failures"]), final


def test_tap_version_14(tmp_path):
    r = run(tmp_path, "--tap-version", "14", "--run", STATELESS)
    assert r.rc == 0, r
    assert r.stdout.startswith("TAP version 14\n")
    assert "1..2" in r.stdout


def test_run_skip_globs_and_file_lists(tmp_path):
    lst = tmp_path / "sel.txt"
    lst.write_text("RA-ID-000?\nRA-REQ-0018\n")
    r = run(tmp_path, "--run", "@" + str(lst), "--skip", "RA-ID-0002",
            "--profile", "json-2017")
    assert r.rc == 0, r
    ids = {c["id"] for c in r.json()["cases"]}
    want = {"RA-ID-%04d" % i for i in range(1, 10)} - {"RA-ID-0002"}
    assert ids == (want & ids) | {"RA-REQ-0018"}
    assert "RA-ID-0001" in ids and "RA-ID-0002" not in ids
    assert ids - want == {"RA-REQ-0018"}
    # every requester case skipped again: a selection of nothing is a
    # usage error (exit 2), not a pass that gates nothing
    r2 = run(tmp_path, "--run", "requester", "--skip", "RA-REQ-*",
             "--profile", "legacy-2014", name="r2")
    assert r2.rc == 2, r2
    assert "matches none of the" in r2.stderr, r2


# --- fixture providers ------------------------------------------------------------

def manifest_target(tmp_path, s, manifest, name):
    return runnable_target(tmp_path, s, name,
                           fixtures={"manifest": manifest})


def test_manifest_provider_observes_through_get_assignment(tmp_path, serve):
    s = serve("--profile", "json-2017")
    sel = ["--run", "state", "--run", "RA-FB-000?"]
    plan = run(tmp_path, "--target", runnable_target(tmp_path, s), *sel,
               name="count")
    assert plan.rc == 0, plan
    stateful = [c for c in plan.json()["cases"] if c["status"] == "pass"]
    # seed more than enough of each state through the control API
    man = {st: [control_seed(s, st) for _ in range(len(stateful))]
           for st in ("Submitted", "Approved", "Rejected")}
    t = manifest_target(tmp_path, s, man, "manifest.json")
    r = run(tmp_path, "--target", t, *sel, name="man")
    assert r.rc == 0, r
    cases = r.json()["cases"]
    passed = [c for c in cases if c["status"] == "pass"]
    assert len(passed) >= 10
    # observed, so no "state not observable" note on passing cases
    assert not [c for c in passed if "not observable" in (c["reason"] or "")]
    # the manifest's IDs were consumed: some Submitted ones are now Rejected
    states = [control_get(s, i)["status"] for i in man["Submitted"]]
    assert states.count("Rejected") >= 5


def test_manifest_post_conditions_catch_state_change(tmp_path, serve):
    # This defect answers the right error for 1025 characters but has
    # already rejected the assignment: only the post-condition, observed
    # through GetAssignment (no control URL in the target), can see it.
    s = serve("--profile", "json-2017", "--defect", "state-before-validate")
    man = {"Submitted": [control_seed(s) for _ in range(3)]}
    t = manifest_target(tmp_path, s, man, "manifest.json")
    r = run(tmp_path, "--target", t, "--run", OFF_BY_ONE_CASE)
    assert r.rc == 1, r
    c = r.cases()[(OFF_BY_ONE_CASE, "json-2017")]
    assert c["status"] == "fail", c
    assert c["reason"].startswith("post-condition: state is Rejected"), c
    assert c["observed"].endswith("(post-condition)")


def test_manifest_with_too_few_ids_skips_the_rest(tmp_path, serve):
    s = serve("--profile", "json-2017")
    man = {"Submitted": [control_seed(s) for _ in range(2)]}
    t = manifest_target(tmp_path, s, man, "few.json")
    r = run(tmp_path, "--target", t, "--run", "RA-FB-001?", "--jobs", "2")
    assert r.rc == 0, r
    cases = r.json()["cases"]
    ran = [c for c in cases if c["status"] == "pass"]
    skipped = [c for c in cases if c["status"] == "skip"]
    assert len(ran) == 2, cases
    assert skipped and all("no unused Submitted assignment" in c["reason"]
                           for c in skipped), skipped


def test_no_provider_skips_stateful_cases(tmp_path, serve):
    s = serve("--profile", "json-2017")
    path = runnable_target(tmp_path, s, "none.json", fixtures=None)
    r = run(tmp_path, "--target", path, "--run", "RA-FB-000?", "--run",
            STATELESS)
    assert r.rc == 0, r
    cases = r.cases()
    assert cases[(STATELESS, "json-2017")]["status"] == "pass"
    stateful = [c for k, c in cases.items() if k[0] != STATELESS]
    assert stateful and all(c["status"] == "skip" for c in stateful)
    assert all("no fixture provider" in c["reason"] for c in stateful)
    assert "# SKIP" in r.stdout
