"""Hostile endpoints bed (SPEC §7): `raconform run` pointed at endpoints that
hang, trickle, hang up, flood, redirect, answer the wrong protocol, send
invalid or explosive bodies, or present bad certificates. Every run must end
within a bound, exit 1 or 3 (never a crash), fail the affected cases with a
clear reason, write well-formed reports, stay under 200 MB of RSS and print
no secret. Loopback only (127.0.0.1 and 127.0.0.2)."""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostile_servers as hs  # noqa: E402

OWNER_SECRET = "hostileOwnerSecret/DoNotPrint+0001"
OTHER_SECRET = "hostileOtherSecret/DoNotPrint+0002"
RUN_BOUND_S = 30
RSS_BOUND_KB = 200 * 1024
CASES = ["RA-STATE-0001", "RA-ID-0001"]


def raconform_bin():
    return os.environ.get("RACONFORM_BIN") or os.path.join(
        os.environ.get("RACONFORM_BUILD_DIR", "build"), "raconform")


def src_dir():
    return os.environ.get("RACONFORM_SOURCE_DIR") or os.path.dirname(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def junit_xsd():
    src = src_dir()
    for p in (os.path.join(src, "..", "shared", "schemas", "junit-10.xsd"),
              os.path.join(src, "tests", "data", "golden", "report",
                           "junit-10.xsd")):
        if os.path.exists(p):
            return p
    return None


class Run:
    pass


def write_target(tmp_path, endpoint, control, profile, ca_file=None):
    t = {
        "name": "hostile",
        "endpoint": endpoint,
        "profile": profile,
        "requesters": {
            "owner": {"access_key_id": "AKIDHOSTILEOWNER0001",
                      "secret_access_key": OWNER_SECRET},
            "other": {"access_key_id": "AKIDHOSTILEOTHER0002",
                      "secret_access_key": OTHER_SECRET},
        },
        "fixtures": {"control": control} if control else {},
        "tls": {"ca_file": ca_file, "insecure": False},
    }
    path = tmp_path / "target.json"
    path.write_text(json.dumps(t))
    return str(path)


def run_raconform(tmp_path, endpoint, control, profile="all", ca_file=None,
                  cases=CASES):
    target = write_target(tmp_path, endpoint, control, profile, ca_file)
    reports = tmp_path / "reports"
    out_path = tmp_path / "stdout.txt"
    err_path = tmp_path / "stderr.txt"
    args = [raconform_bin(), "run", "--target", target, "--timeout", "3",
            "--reports", str(reports)]
    for c in cases:
        args += ["--run", c]
    start = time.monotonic()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(args, stdout=out, stderr=err, cwd=src_dir())
        # wait4 gives the child's own peak RSS; a watchdog bounds the wait.
        deadline = start + RUN_BOUND_S * 2
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        proc.returncode = (os.WEXITSTATUS(status) if os.WIFEXITED(status)
                           else -os.WTERMSIG(status))
    r = Run()
    r.elapsed = time.monotonic() - start
    r.rc = proc.returncode
    r.maxrss_kb = usage.ru_maxrss
    r.stdout = out_path.read_bytes()
    r.stderr = err_path.read_bytes()
    r.reports = reports
    r.json = None
    jpath = reports / "raconform.json"
    if jpath.exists():
        r.json = json.loads(jpath.read_text())
    return r


def parse_tap(text):
    """Minimal TAP 13 reader: plan, and one result per test line."""
    lines = text.splitlines()
    assert lines and lines[0].startswith("TAP version 1"), lines[:1]
    plan = None
    results = []
    in_yaml = False
    for line in lines[1:]:
        if in_yaml:
            if line.strip() == "...":
                in_yaml = False
            continue
        if line.strip() == "---":
            in_yaml = True
            continue
        m = re.match(r"^1\.\.(\d+)", line)
        if m:
            assert plan is None, "two plans"
            plan = int(m.group(1))
            continue
        m = re.match(r"^(not ok|ok) (\d+)", line)
        if m:
            results.append((m.group(1) == "ok", int(m.group(2))))
            continue
        assert line == "" or line.startswith("#") or line.startswith(" "), \
            "unexpected TAP line %r" % line
    assert plan is not None, "no plan"
    assert [n for _, n in results] == list(range(1, plan + 1))
    return results


def check_common(r, servers, allowed_rc=(1,)):
    assert r.rc >= 0, "killed by signal %d" % -r.rc
    assert r.rc not in (134, 139)
    assert r.rc in allowed_rc, (r.rc, r.stderr.decode(errors="replace")[-2000:])
    assert r.elapsed < RUN_BOUND_S, r.elapsed
    assert r.maxrss_kb < RSS_BOUND_KB, "peak RSS %d kB" % r.maxrss_kb
    # reports well-formed
    if r.rc != 3 or r.json is not None:
        assert r.json is not None, "no JSON report"
        assert r.json["format"].startswith("raconform-report/")
        parse_tap(r.stdout.decode())
        junit = r.reports / "raconform.junit.xml"
        assert junit.exists()
        xsd = junit_xsd()
        assert shutil.which("xmllint"), "xmllint (libxml2-utils) is needed"
        # well-formed always; valid against the schema when it is at hand
        v = subprocess.run(["xmllint", "--noout"] +
                           (["--schema", xsd] if xsd else []) + [str(junit)],
                           capture_output=True)
        assert v.returncode == 0, v.stderr.decode()
        tap = r.reports / "raconform.tap"
        if tap.exists():
            parse_tap(tap.read_text())
    # nothing secret anywhere: the secrets, and every credential the
    # endpoints saw (signatures, Authorization values)
    secrets = [OWNER_SECRET, OTHER_SECRET]
    for s in servers:
        for name, value in s.credentials_seen():
            if name == "Authorization":
                m = re.search(r"Signature=([0-9a-f]+)", value)
                if m:
                    secrets.append(m.group(1))
            elif name == "Signature" and len(value) > 8:
                secrets.append(value)
    blobs = [("stdout", r.stdout), ("stderr", r.stderr)]
    if r.reports.exists():
        for root, _, files in os.walk(r.reports):
            for f in files:
                p = os.path.join(root, f)
                with open(p, "rb") as fh:
                    blobs.append((p, fh.read()))
    for where, blob in blobs:
        for s in secrets:
            for form in {s, s.replace("/", "%2F").replace("+", "%2B")}:
                assert form.encode() not in blob, "secret in %s" % where


def case_results(r):
    return [c for c in r.json["cases"] if c["id"] in CASES]


def assert_cases_fail(r, pattern, ids=("RA-STATE-0001",)):
    """Every selected case that hit the endpoint failed, with a reason
    matching pattern (case-insensitive)."""
    seen = 0
    for c in case_results(r):
        if c["id"] not in ids:
            continue
        seen += 1
        assert c["status"] in ("fail", "error"), c
        text = " ".join(str(c.get(k) or "") for k in
                        ("reason", "error_kind", "actual", "observed"))
        assert re.search(pattern, text, re.I), (pattern, c)
    assert seen, "no case ran: %r" % [(c["id"], c["status"], c["reason"])
                                       for c in r.json["cases"]]


@pytest.fixture
def control():
    c = hs.FakeControl()
    yield c
    c.stop()


@pytest.fixture
def hostile():
    started = []

    def factory(behaviour, **kw):
        s = hs.Server(behaviour, **kw)
        started.append(s)
        return s

    yield factory
    for s in started:
        s.stop()


def test_never_answers(tmp_path, control, hostile):
    s = hostile(hs.never_answers)
    r = run_raconform(tmp_path, s.url, control.url)
    check_common(r, [s])
    assert_cases_fail(r, r"timeout|timed out", ids=CASES)


def test_one_byte_per_second(tmp_path, control, hostile):
    s = hostile(hs.one_byte_per_second)
    r = run_raconform(tmp_path, s.url, control.url, profile="legacy-2014")
    check_common(r, [s])
    assert_cases_fail(r, r"timeout|timed out|slow", ids=CASES)


def test_closes_mid_body(tmp_path, control, hostile):
    s = hostile(hs.closes_mid_body)
    r = run_raconform(tmp_path, s.url, control.url)
    check_common(r, [s])
    assert_cases_fail(r, r"reset|closed|partial|transport|malformed|end",
                      ids=CASES)


def test_100_mb_body_is_cut(tmp_path, control, hostile):
    s = hostile(hs.sends_100mb)
    s.sent_bytes = 0
    r = run_raconform(tmp_path, s.url, control.url)
    check_common(r, [s])
    assert_cases_fail(r, r"exceeds|too.large|cap", ids=CASES)
    # the runner hung up long before the end
    assert s.sent_bytes < hs.HUGE // 4, s.sent_bytes


def test_infinite_chunked_body_is_cut(tmp_path, control, hostile):
    s = hostile(hs.infinite_chunked)
    r = run_raconform(tmp_path, s.url, control.url, profile="json-2017")
    check_common(r, [s])
    assert_cases_fail(r, r"exceeds|too.large|cap", ids=CASES)


def test_redirect_to_other_host_carries_no_credentials(tmp_path, control,
                                                       hostile):
    other = hostile(lambda srv, conn, req: hs.send_response(conn, 200, "{}"),
                    host="127.0.0.2")
    s = hostile(hs.redirect_to(lambda srv, req: other.url + "steal" +
                               ("?" + req.query if req.query else "")))
    r = run_raconform(tmp_path, s.url, control.url)
    check_common(r, [s, other])
    assert_cases_fail(r, r"redirect|30[0-9]", ids=CASES)
    leaked = [req for req in other.requests
              if req.header("Authorization") or "Signature=" in req.target or
              b"Signature=" in req.body]
    assert not leaked, "credentials followed the redirect"
    assert s.credentials_seen(), "the first server saw no signed request"


def test_redirect_loop(tmp_path, control, hostile):
    s = hostile(hs.redirect_to(lambda srv, req: srv.url + "loop"))
    r = run_raconform(tmp_path, s.url, control.url)
    check_common(r, [s])
    assert_cases_fail(r, r"redirect|30[0-9]", ids=CASES)
    assert len(s.requests) < 50, "redirects were followed"


def test_wrong_protocol_envelope(tmp_path, control, hostile):
    s = hostile(hs.wrong_envelope)
    r = run_raconform(tmp_path, s.url, control.url)
    check_common(r, [s])
    # RA-STATE-0001 "succeeds" on the wire but the state never changed, or
    # the answer is not the profile's: either way a failure with a reason
    assert_cases_fail(r, r"malformed|state|not|expected|envelope|json|xml")


def test_invalid_utf8(tmp_path, control, hostile):
    s = hostile(hs.invalid_utf8)
    r = run_raconform(tmp_path, s.url, control.url)
    check_common(r, [s])
    assert_cases_fail(r, r"malformed|utf-?8|encoding|decode|invalid|state|expected")


def test_deeply_nested(tmp_path, control, hostile):
    s = hostile(hs.deep_nesting)
    r = run_raconform(tmp_path, s.url, control.url)
    check_common(r, [s])
    assert_cases_fail(r, r"malformed|depth|nest|deep|expected|invalid")


def test_billion_laughs(tmp_path, control, hostile):
    s = hostile(hs.billion_laughs)
    r = run_raconform(tmp_path, s.url, control.url, profile="legacy-2014")
    check_common(r, [s])
    assert_cases_fail(r, r"malformed|entit|expected|invalid|state")


def test_http10_close_delimited_is_read(tmp_path, control, hostile):
    """A correct answer framed by the connection close still passes."""
    s = hostile(hs.http10_close_delimited(control))
    r = run_raconform(tmp_path, s.url, control.url, profile="json-2017",
                      cases=["RA-STATE-0001"])
    check_common(r, [s], allowed_rc=(0,))
    (c,) = case_results(r)
    assert c["status"] == "pass", c


@pytest.mark.parametrize("trusted", [False, True])
def test_tls_self_signed(tmp_path, control, hostile, trusted):
    cert, key = hs.make_self_signed(tmp_path)
    s = hostile(hs.proxy_to(control), tls=(cert, key))
    r = run_raconform(tmp_path, s.url, control.url, profile="json-2017",
                      ca_file=cert if trusted else None,
                      cases=["RA-STATE-0001"])
    if trusted:
        check_common(r, [s], allowed_rc=(0,))
        (c,) = case_results(r)
        assert c["status"] == "pass", c
    else:
        check_common(r, [s], allowed_rc=(3,))
        assert re.search(rb"tls|certificate|ssl", r.stderr, re.I), r.stderr
        assert not [q for q in s.requests if not q.is_preflight()]


@pytest.mark.parametrize("trusted", [False, True])
def test_tls_expired(tmp_path, control, hostile, trusted):
    pytest.importorskip("cryptography")
    cert, key = hs.make_expired(tmp_path)
    s = hostile(hs.proxy_to(control), tls=(cert, key))
    r = run_raconform(tmp_path, s.url, control.url, profile="json-2017",
                      ca_file=cert if trusted else None,
                      cases=["RA-STATE-0001"])
    # trusting the certificate does not make an expired one valid
    check_common(r, [s], allowed_rc=(3,))
    assert re.search(rb"tls|certificate|expired|ssl", r.stderr, re.I), \
        r.stderr
    assert not s.requests, "a request got through an expired certificate"
