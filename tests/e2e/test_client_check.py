"""raconform client-check end to end: the example adapters of tests/clients
(the hand-written legacy client, the deliberately broken clients, the
hostile adapters) judged by the examiner (SPEC §5,
docs/client-conformance.md). The real SDKs are in test_clients.py."""
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET

import pytest

from conftest import raconform_bin, run_on_pty

SRC = os.environ.get("RACONFORM_SOURCE_DIR",
                     os.path.dirname(os.path.dirname(os.path.dirname(
                         os.path.abspath(__file__)))))
CLIENTS = os.path.join(SRC, "tests", "clients")
PY = "/usr/bin/python3"


def client_check(tmp_path, command, *options, timeout=300):
    """Runs client-check; returns (exit code, JSON report, TAP text)."""
    report = tmp_path / "report.json"
    argv = [raconform_bin(), "client-check", "--json", str(report)]
    argv += list(options) + ["--"] + list(command)
    proc = subprocess.run(argv, cwd=CLIENTS, capture_output=True, text=True,
                          timeout=timeout)
    data = None
    if report.exists():
        with open(report) as f:
            data = json.load(f)
    return proc.returncode, data, proc.stdout + proc.stderr


def by_status(data, status):
    return {c["id"]: c for c in data["cases"] if c["status"] == status}


def explain(data):
    return "\n".join("%s: %s" % (c["id"], c.get("reason"))
                     for c in data["cases"]
                     if c["status"] not in ("pass", "skip"))


def test_bare_codes_and_error_prefixed_lines_both_pass(tmp_path):
    """SPEC 5: the adapter prints `ok` or what it got back; a leading
    `error` word is allowed, not required. The legacy client with --bare
    prints only the code (`AWS.MechanicalTurk.InvalidAssignmentState`)."""
    scenarios = ["--scenario", "invalid-state", "--scenario",
                 "does-not-exist", "--scenario", "validation-error",
                 "--scenario", "bad-signature", "--scenario", "success",
                 "--scenario", "malformed-truncated", "--jobs", "3"]
    for extra in (["--bare"], []):
        rc, data, out = client_check(
            tmp_path, [PY, "legacy_adapter.py"] + extra, "--profile",
            "legacy-2014", *scenarios)
        assert data is not None, out
        assert rc == 0, explain(data)
        outcomes = [c for c in data["cases"] if c["id"].endswith("/outcome")]
        assert len(outcomes) == 6
        assert all(c["grade"] == "OK" for c in outcomes), explain(data)
        state = [c for c in outcomes if c["id"] == "invalid-state/outcome"][0]
        assert ("error MTurkError" in state["actual"]) == (not extra)


def test_legacy_client_with_sigv1_passes(tmp_path):
    rc, data, out = client_check(
        tmp_path, [PY, "legacy_adapter.py", "--sigv1"], "--profile",
        "legacy-2014", "--scenario", "success", "--scenario",
        "unicode-feedback")
    assert rc == 0, explain(data) if data else out


def test_broken_signer_fails_with_the_reason(tmp_path):
    rc, data, out = client_check(tmp_path, [PY, "broken_signer_adapter.py"],
                                 "--scenario", "success")
    assert rc == 1, out
    failed = by_status(data, "fail")
    assert "success/signature" in failed
    assert "signed payload hash does not match the body" in \
        failed["success/signature"]["reason"]
    # The reference server refused it too, and the report says so.
    assert "InvalidSignatureException" in failed["success/outcome"]["reason"]
    # Nothing secret in the report.
    assert "ForTestsOnly" not in json.dumps(data)


def test_broken_signer_wrong_key(tmp_path):
    env = dict(os.environ, BROKEN_SIGNER_BUG="wrong-key")
    argv = [raconform_bin(), "client-check", "--json",
            str(tmp_path / "r.json"), "--scenario", "success", "--",
            PY, "broken_signer_adapter.py"]
    proc = subprocess.run(argv, cwd=CLIENTS, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    with open(tmp_path / "r.json") as f:
        failed = by_status(json.load(f), "fail")
    assert "signature does not match the request" in \
        failed["success/signature"]["reason"]


@pytest.mark.parametrize("strict", [False, True])
def test_unsigned_target_is_weaker_not_wrong(tmp_path, strict):
    """The service accepted any signed-header set with host and x-amz-date
    (notes 2.2): leaving x-amz-target unsigned is NON-STRICT (the operation
    name is not protected), so it fails only under --strict."""
    env = dict(os.environ, BROKEN_SIGNER_BUG="unsigned-target")
    argv = [raconform_bin(), "client-check", "--json",
            str(tmp_path / "r.json"), "--scenario", "success"]
    argv += ["--strict"] if strict else []
    proc = subprocess.run(argv + ["--", PY, "broken_signer_adapter.py"],
                          cwd=CLIENTS, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == (1 if strict else 0), proc.stdout + proc.stderr
    with open(tmp_path / "r.json") as f:
        sig = {c["id"]: c for c in json.load(f)["cases"]}["success/signature"]
    assert sig["grade"] == "NON-STRICT"
    assert "x-amz-target is not signed" in sig["reason"]


def test_bytes_client_fails_on_the_feedback(tmp_path):
    rc, data, out = client_check(tmp_path, [PY, "bytes_adapter.py"],
                                 "--scenario", "unicode-feedback",
                                 "--scenario", "feedback-1024")
    assert rc == 1, out
    failed = by_status(data, "fail")
    assert "double-encoded" in failed["unicode-feedback/feedback"]["reason"]
    assert "Latin-1" in failed["feedback-1024/feedback"]["reason"]
    # Its signature is right: only the feedback (and what follows) fails.
    assert "unicode-feedback/signature" in by_status(data, "pass")


# ---- hostile adapters (tests/clients/hostile_adapter.py) -----------------

def hostile(tmp_path, mode, *options, env=None, timeout=60):
    """client-check of one hostile adapter on the success scenario, with
    every report written; returns (proc, JSON report, elapsed s). proc has
    the bytes client-check wrote on the terminal (stdout_bytes,
    stderr_bytes), the reports' bytes and maxrss_kib, the peak RSS of
    client-check and what it waited for (wait4)."""
    report, junit, tap = (tmp_path / "r.json", tmp_path / "r.xml",
                          tmp_path / "r.tap")
    out_path, err_path = tmp_path / "stdout", tmp_path / "stderr"
    argv = [raconform_bin(), "client-check", "--json", str(report),
            "--junit", str(junit), "--tap", "-", "--scenario", "success",
            *options, "--", PY, "hostile_adapter.py", mode]
    start = time.monotonic()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(argv, cwd=CLIENTS, env=env, stdout=out,
                                stderr=err)
    killer = threading.Timer(timeout, proc.kill)
    killer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        killer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.monotonic() - start
    assert elapsed < timeout, "client-check had to be killed"
    with open(report, encoding="utf-8") as f:
        data = json.load(f)
    proc.stdout_bytes = out_path.read_bytes()
    proc.stderr_bytes = err_path.read_bytes()
    proc.reports = [report.read_bytes(), junit.read_bytes()]
    proc.maxrss_kib = usage.ru_maxrss
    return proc, data, elapsed


def case(data, cid):
    return {c["id"]: c for c in data["cases"]}[cid]


def test_hostile_adapter_that_never_exits(tmp_path):
    proc, data, elapsed = hostile(tmp_path, "hang", "--timeout", "2")
    assert proc.returncode == 1
    assert elapsed < 10
    outcome = case(data, "success/outcome")
    assert outcome["status"] == "error" and outcome["error_kind"] == "timeout"
    assert "did not finish within 2 s" in outcome["reason"]
    assert case(data, "success/signature")["reason"] == \
        "the client sent no request"


def test_hostile_adapter_that_prints_megabytes(tmp_path):
    """64 MiB on each stream: kept to 64 KiB, the line cut in reports, and
    client-check's own memory stays small."""
    proc, data, elapsed = hostile(tmp_path, "megabytes", "--timeout", "10")
    assert proc.returncode == 1
    assert elapsed < 20
    outcome = case(data, "success/outcome")
    assert outcome["status"] == "fail"
    assert "stdout cut at 65536 bytes" in outcome["actual"]
    assert len(outcome["reason"]) < 400
    assert all(len(r) < 200_000 for r in proc.reports)
    assert len(proc.stdout_bytes) + len(proc.stderr_bytes) < 50_000
    # Nothing near the 128 MiB printed is kept (sanitizer builds included).
    assert proc.maxrss_kib < 96 * 1024, proc.maxrss_kib


def test_hostile_adapter_that_prints_nothing(tmp_path):
    proc, data, elapsed = hostile(tmp_path, "nothing", "--timeout", "5")
    assert proc.returncode == 1
    assert elapsed < 10
    outcome = case(data, "success/outcome")
    assert outcome["status"] == "fail"
    assert outcome["observed"] == "printed nothing"
    assert "printed nothing on stdout (exit status 0" in outcome["reason"]


def test_hostile_adapter_escapes_never_reach_terminal_or_reports(tmp_path):
    """Terminal escapes, C1 controls and invalid UTF-8 on stdout and stderr:
    shown escaped (\\x1B), never as the bytes themselves, on the terminal
    (client-check's stdout and stderr) and in TAP, JUnit and JSON."""
    proc, data, elapsed = hostile(tmp_path, "escapes", "--timeout", "5")
    assert elapsed < 10
    outcome = case(data, "success/outcome")
    assert outcome["status"] == "fail"
    assert "\\x1B]0;pwned\\x07\\x1B[2J" in outcome["reason"]
    assert "\\xFF\\xFE\\xC2\\x9B31m" in outcome["reason"]
    for blob in [proc.stdout_bytes, proc.stderr_bytes] + proc.reports:
        assert b"\x1b" not in blob and b"\x07" not in blob
        assert b"\xc2\x9b" not in blob and b"\xff" not in blob
        blob.decode("utf-8")


def test_hostile_adapter_that_leaves_a_child_behind(tmp_path):
    """The child holds the adapter's stdout and sleeps a minute: the run
    ends at once (RA_CHILD_GRACE_MS), the child is killed with the process
    group, and the verdict says so (NON-STRICT)."""
    pidfile = tmp_path / "child.pid"
    env = dict(os.environ, HOSTILE_PIDFILE=str(pidfile))
    proc, data, elapsed = hostile(tmp_path, "fork", "--timeout", "10",
                                  env=env)
    assert elapsed < 8
    outcome = case(data, "success/outcome")
    assert outcome["status"] == "pass" and outcome["grade"] == "NON-STRICT"
    assert "left 1 process of its group running" in outcome["reason"]
    pid = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the adapter's child %d outlived the run" % pid)


def test_hostile_adapter_that_sends_a_thousand_requests(tmp_path):
    proc, data, elapsed = hostile(tmp_path, "flood", "--timeout", "20")
    assert proc.returncode == 1
    assert elapsed < 15
    outcome = case(data, "success/outcome")
    assert outcome["status"] == "fail"
    assert "sent more than 32 requests and was stopped" in outcome["reason"]
    attempts = case(data, "success/attempts")
    assert attempts["observed"] == "more than 32 attempts"


def test_client_that_hangs_is_killed(tmp_path):
    rc, data, out = client_check(tmp_path, ["sleep", "60"], "--scenario",
                                 "success", "--timeout", "1", timeout=30)
    assert rc == 1, out
    outcome = [c for c in data["cases"] if c["id"] == "success/outcome"][0]
    assert outcome["status"] == "error"
    assert outcome["error_kind"] == "timeout"


def test_parallel_jobs_keep_scenario_order(tmp_path):
    """--jobs runs scenarios at once; the report lists them in table order
    all the same, each verdict whole."""
    args = ["--profile", "legacy-2014", "--scenario", "slow-answer",
            "--scenario", "success", "--scenario", "invalid-state"]
    rc1, seq, out1 = client_check(tmp_path, [PY, "legacy_adapter.py"],
                                  *args)
    rc4, par, out4 = client_check(tmp_path, [PY, "legacy_adapter.py"],
                                  "--jobs", "3", *args)
    assert rc1 == rc4 == 0, out1 + out4
    assert [c["id"] for c in seq["cases"]] == [c["id"] for c in par["cases"]]
    assert [c["id"] for c in par["cases"]][0] == "slow-answer/outcome"


def test_junit_written_whole_when_interrupted(tmp_path):
    """SIGTERM while scenarios run in parallel: the JUnit file is complete
    XML holding only whole verdicts."""
    junit = tmp_path / "r.xml"
    proc = subprocess.Popen(
        [raconform_bin(), "client-check", "-q", "--jobs", "3", "--junit",
         str(junit), "--profile", "legacy-2014", "--", PY,
         "legacy_adapter.py"], cwd=CLIENTS, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    time.sleep(3)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    root = ET.parse(junit).getroot()
    for tc in root.iter("testcase"):
        assert tc.get("name") and tc.get("classname")


def test_client_that_lies_is_caught(tmp_path):
    """Prints ok without sending anything."""
    rc, data, out = client_check(tmp_path, ["/bin/echo", "ok"],
                                 "--scenario", "invalid-state")
    assert rc == 1, out
    failed = by_status(data, "fail")
    assert "reported success for an error answer" in \
        failed["invalid-state/outcome"]["reason"]
    assert "0 requests" in failed["invalid-state/attempts"]["reason"]


# --- progress (SPEC 5: as run shows it) ------------------------------------

PROGRESS = re.compile(r"\r\033\[Kraconform: \d/2 done, \d+ failed, [\d.]+ s")


def cc_stderr(*options):
    proc = subprocess.run(
        [raconform_bin(), "client-check", "--scenario", "success",
         "--scenario", "invalid-state", *options, "--", "/bin/echo", "ok"],
        cwd=CLIENTS, capture_output=True, timeout=120)
    err = proc.stderr.decode()  # bytes: text mode would turn \r into \n
    assert proc.returncode == 1, err
    return err


def test_progress_off_when_not_a_terminal_on_when_asked():
    err = cc_stderr()
    assert "\r" not in err and "\033" not in err, err
    assert "client-check: success: 0 requests, reported 'ok'" in err
    err = cc_stderr("--progress", "always")
    assert PROGRESS.search(err), err
    assert "\r\033[Kraconform: 2/2 done, " in err, err
    assert "\033[3" not in err  # no colour off a terminal
    # the per-scenario lines are not overwritten by the progress line
    assert "\033[Kclient-check: invalid-state: 0 requests" in err, err
    assert "\r" not in cc_stderr("--progress", "never")
    # --quiet: nothing of either, unless progress is asked for
    assert cc_stderr("--quiet") == ""
    err = cc_stderr("--quiet", "--progress", "always")
    assert PROGRESS.search(err) and "client-check: success" not in err, err
    proc = subprocess.run([raconform_bin(), "client-check", "--progress",
                           "sometimes", "--", "true"],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 2 and "--progress" in proc.stderr


def cc_on_pty(args):
    """client-check with stderr on a pseudo-terminal: (rc, stderr)."""
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    return run_on_pty(["client-check", *args], env=env, cwd=CLIENTS)


def test_terminal_gets_progress_unless_never():
    args = ["--scenario", "success", "--scenario", "invalid-state", "--",
            "/bin/echo", "ok"]
    rc, err = cc_on_pty(args)
    assert rc == 1, err
    assert PROGRESS.search(err), err
    assert "\033[31m" in err, err  # failures so far, in red
    rc, err = cc_on_pty(["--progress", "never"] + args)
    assert rc == 1 and "done," not in err, err


def test_tap_and_junit_reports(tmp_path):
    junit = tmp_path / "r.xml"
    proc = subprocess.run(
        [raconform_bin(), "client-check", "-q", "--junit", str(junit),
         "--profile", "legacy-2014", "--scenario", "success", "--",
         PY, "legacy_adapter.py"],
        cwd=CLIENTS, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("TAP version 13\n")
    assert "ok 1 - success/outcome" in proc.stdout
    assert "1..8" in proc.stdout
    assert junit.read_text().count("<testcase") == 8


@pytest.mark.parametrize("args,text", [
    (["--scenario", "nope", "--", "true"], "unknown scenario 'nope'"),
    (["--profile", "soap", "--", "true"], "unknown profile 'soap'"),
    (["--scenario", "success"], "no COMMAND given"),
    (["--timeout", "0", "--", "true"], "bad --timeout"),
])
def test_usage_errors_exit_2(args, text):
    proc = subprocess.run([raconform_bin(), "client-check"] + args,
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 2
    assert text in proc.stderr


def test_list_names_at_least_ten_scenarios():
    proc = subprocess.run([raconform_bin(), "client-check", "--list"],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0
    names = [l.split()[0] for l in proc.stdout.splitlines() if l.strip()]
    assert len(names) >= 10
    assert "throttling" in names and "feedback-1025" in names


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
