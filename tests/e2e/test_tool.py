"""The CLI as a new user meets it (issue 12, SPEC §4-§5): one option parser
for every subcommand, data found from any directory, no gating traps (empty
selection, fixture provider preflight), progress on a terminal only, the
failure summary grouped by signature, reports that name their profile and
target, a rerun line that reproduces a failure, scripts/run.sh's stdout.
Loopback only."""
import json
import os
import re
import shlex
import subprocess

import pytest

from conftest import raconform_bin, run_on_pty

SRC = os.environ.get("RACONFORM_SOURCE_DIR") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CASES = os.path.join(SRC, "cases")
VECTORS = os.path.join(SRC, "vectors")
# Two seeded defects at once whose failures have several causes (about 180
# failing runs from 7 signatures over the whole catalogue, about 2 s).
DEFECTS = ("wrong-envelope", "feedback-count-bytes")


def rc_run(*args, cwd=None, env=None, timeout=120):
    """stdout and stderr as text with every byte kept (no newline
    translation: the progress line's \r must stay)."""
    p = subprocess.run([raconform_bin(), *args], cwd=cwd, env=env,
                       capture_output=True, timeout=timeout)
    p.stdout = p.stdout.decode("utf-8", "replace")
    p.stderr = p.stderr.decode("utf-8", "replace")
    return p


def env_without_data(**extra):
    env = {k: v for k, v in os.environ.items() if k != "RACONFORM_DATA"}
    env.update(extra)
    return env


# --- options --------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ("list", "--run=RA-FB-0012"),
    ("list", "--run", "RA-FB-0012"),
    ("plan", "--run=RA-FB-0012", "--target=%s"),
    ("vectors", "--dir=" + VECTORS),
    ("list", "--format=json", "--run=RA-FB-0012"),
])
def test_opt_equals_value_everywhere(tmp_path, args):
    target = tmp_path / "t.json"
    target.write_text(json.dumps({
        "endpoint": "http://127.0.0.1:9/", "profile": "json-2017",
        "requesters": {"owner": {"access_key_id": "A",
                                 "secret_access_key": "s"}}}))
    args = [a.replace("%s", str(target)) for a in args]
    r = rc_run(*args)
    assert r.returncode == 0, r.stderr
    if args[0] == "list":
        assert "RA-FB-0012" in r.stdout and "RA-FB-0013" not in r.stdout


@pytest.mark.parametrize("cmd", ["run", "serve", "client-check", "sign",
                                 "vectors", "list", "plan"])
def test_help_and_version_everywhere(cmd):
    for flag in ("-V", "--version"):
        r = rc_run(cmd, flag)
        assert r.returncode == 0 and re.match(r"raconform \d", r.stdout), r
    for flag in ("-h", "--help"):
        r = rc_run(cmd, flag)
        assert r.returncode == 0 and "usage: raconform " + cmd in r.stdout, r


def test_unknown_option_suggests_the_nearest():
    r = rc_run("run", "--porfile", "json-2017")
    assert r.returncode == 2
    assert "unknown option '--porfile'; did you mean '--profile'?" in r.stderr
    r = rc_run("vectors", "--singer=x")
    assert r.returncode == 2 and "did you mean '--signer'?" in r.stderr
    r = rc_run("lsit")
    assert r.returncode == 2 and "did you mean 'list'?" in r.stderr
    r = rc_run("list", "--frobnicate")
    assert r.returncode == 2 and "did you mean" not in r.stderr


def test_misspelt_target_field_suggests_the_nearest(tmp_path):
    t = tmp_path / "t.json"
    t.write_text('{"endpoint": "http://127.0.0.1:9/", "profile": "all",\n'
                 ' "requesters": {"owner": {"access_key_id": "A", '
                 '"secret_access_key": "s"}},\n "fixtrues": {}}\n')
    r = rc_run("run", "--target", str(t), "--cases", CASES)
    assert r.returncode == 2
    assert "t.json:3:2: unknown field 'fixtrues' in the target; did you " \
           "mean 'fixtures'?" in r.stderr, r.stderr


# --- data from any directory, gating traps ---------------------------------------

def test_run_from_an_unrelated_directory(tmp_path):
    r = rc_run("run", "--run", "RA-FB-0012", "--progress", "never",
               cwd=tmp_path, env=env_without_data())
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "reports" / "raconform.json").is_file()
    # a missing --cases folder is named in the error
    r = rc_run("run", "--cases", "no-such-cases", cwd=tmp_path)
    assert r.returncode == 2 and "no-such-cases" in r.stderr, r.stderr


def test_empty_selection_is_exit_2(tmp_path):
    r = rc_run("run", "--run", "NOPE-*", "--reports", str(tmp_path / "r"))
    assert r.returncode == 2, r
    assert "matches none" in r.stderr
    assert "ok " not in r.stdout


def test_target_without_name_is_labelled_host_port(tmp_path, serve):
    s = serve("--profile", "json-2017")
    with open(s.target_file) as f:
        t = json.load(f)
    del t["name"]
    path = tmp_path / "noname.json"
    path.write_text(json.dumps(t))
    reports = tmp_path / "r"
    r = rc_run("run", "--target", str(path), "--run", "RA-FB-0012",
               "--reports", str(reports), "--cases", CASES)
    assert r.returncode == 0, r.stderr
    hostport = re.match(r"http://([^/]+)/", s.url).group(1)
    with open(reports / "raconform.json") as f:
        assert json.load(f)["suite"]["target"] == hostport
    junit = (reports / "raconform.junit.xml").read_text()
    assert '<testsuite name="raconform %s json-2017"' % hostport in junit


def test_wrong_control_url_is_one_preflight_error(tmp_path, serve):
    s = serve("--profile", "json-2017")
    with open(s.target_file) as f:
        t = json.load(f)
    t["fixtures"]["control"] = s.url + "wrong/"
    path = tmp_path / "t.json"
    path.write_text(json.dumps(t))
    r = rc_run("run", "--target", str(path), "--reports",
               str(tmp_path / "r"), "--cases", CASES)
    assert r.returncode == 3, r.stderr
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    assert len(lines) == 1, r.stderr
    assert "fixture provider preflight failed" in lines[0]
    assert s.url + "wrong/" in lines[0]
    assert "ok " not in r.stdout


# --- progress, colour, summary ----------------------------------------------------

def test_progress_off_when_not_a_terminal_on_when_asked(tmp_path):
    base = ["run", "--run", "RA-FB-001*", "--cases", CASES]
    r = rc_run(*base, "--reports", str(tmp_path / "a"))
    assert r.returncode == 0 and "\r" not in r.stderr and \
        "\033" not in r.stderr, r.stderr
    r = rc_run(*base, "--reports", str(tmp_path / "b"), "--progress",
               "always")
    assert r.returncode == 0
    assert re.search(r"\r\033\[Kraconform: \d+/20 done, 0 failed, "
                     r"[\d.]+ s", r.stderr), r.stderr
    # a non-terminal never gets colour, even with progress forced
    assert "\033[3" not in r.stderr
    r = rc_run(*base, "--progress", "sometimes")
    assert r.returncode == 2 and "--progress" in r.stderr


def test_terminal_gets_progress_and_colour_unless_no_color(tmp_path):
    args = ["run", "--run", "RA-FB-0014", "--defect", "feedback-off-by-one",
            "--cases", CASES, "--reports", str(tmp_path / "r")]
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    rc, err = run_on_pty(args, env)
    assert rc == 1, err
    assert "\r\033[Kraconform: " in err and "done" in err, err
    assert "\033[31m" in err, err
    rc, err = run_on_pty(args, dict(env, NO_COLOR="1"))
    assert rc == 1, err
    assert "\r\033[Kraconform: " in err  # progress stays
    assert "\033[31m" not in err and "\033[32m" not in err, err
    rc, err = run_on_pty(args + ["--progress", "never"], env)
    assert "done," not in err, err


def signature(case):
    """The grouping key, computed from the JSON report on its own: status
    and the observed answer for failures, status and kind for errors."""
    if case["status"] == "fail":
        return ("fail", case["observed"] or "(none)")
    if case["status"] == "error":
        return ("error", case["error_kind"] or "harness")
    return None


def test_two_defects_summary_groups_by_signature(tmp_path):
    reports = tmp_path / "r"
    args = ["run", "--cases", CASES, "--reports", str(reports)]
    for d in DEFECTS:
        args += ["--defect", d]
    r = rc_run(*args, timeout=300)
    assert r.returncode == 1, r.stderr
    with open(reports / "raconform.json") as f:
        cases = json.load(f)["cases"]
    sigs = {}
    for c in cases:
        s = signature(c)
        if s:
            sigs.setdefault(s, []).append(c)
    # many failures from several causes, or the test proves little
    assert len(sigs) >= 3 and sum(map(len, sigs.values())) > 50, sigs.keys()
    # both defects were in force: RA-FB-0001 fails only when feedback is
    # counted in bytes, RA-FB-0010 only with the wrong envelope
    failed = {c["id"] for v in sigs.values() for c in v}
    assert {"RA-FB-0001", "RA-FB-0010"} <= failed, sorted(failed)
    lines = r.stderr.splitlines()
    head = [i for i, l in enumerate(lines) if "failing run" in l]
    assert len(head) == 1, r.stderr
    m = re.search(r"(\d+) failing runs? from (\d+) causes?", lines[head[0]])
    assert int(m.group(1)) == sum(len(v) for v in sigs.values())
    assert int(m.group(2)) == len(sigs)
    groups = []
    for l in lines[head[0] + 1:]:
        g = re.match(r"^\s+(\d+) x (\S+) (.*?): (.*)$", l)
        if not g:
            break
        groups.append(g)
    assert len(groups) == len(sigs), (groups, sigs.keys())
    counts = [int(g.group(1)) for g in groups]
    assert counts == sorted(counts, reverse=True)  # largest first
    for g in groups:
        key = (g.group(2), g.group(3))
        assert key in sigs, (key, list(sigs))
        want = sorted("%s [%s]" % (c["id"], c["profile"]) for c in sigs[key])
        assert sorted(g.group(4).split(", ")) == want
    # then where the reports are
    assert any(l.startswith("raconform: reports: ") and
               str(reports) in l for l in lines[head[0]:])
    # cases and runs are counted apart; skips are not FAILED
    m = re.search(r"raconform: (\d+) cases?, (\d+) runs?", r.stderr)
    assert int(m.group(1)) == len({c["id"] for c in cases})
    assert int(m.group(2)) == len(cases)
    graded = [c for c in cases if c["status"] in ("pass", "fail", "todo")]
    failed_grades = sum(1 for c in graded if c["grade"] == "FAILED")
    assert "%d FAILED" % failed_grades in r.stderr


# --- reports that identify themselves -----------------------------------------------

def test_tap_lines_carry_the_profile_and_rerun_reproduces(tmp_path):
    reports = tmp_path / "r"
    r = rc_run("run", "--cases", CASES, "--reports", str(reports),
               "--defect", "feedback-off-by-one", "--run", "RA-FB-001*")
    assert r.returncode == 1, r.stderr
    points = [l for l in r.stdout.splitlines()
              if l.startswith("ok ") or l.startswith("not ok ")]
    descr = [l.split(" - ", 1)[1] for l in points]
    assert len(set(descr)) == len(descr), "two TAP lines read the same"
    assert any("RA-FB-0012 [json-2017] " in d for d in descr)
    assert any("RA-FB-0012 [legacy-2014] " in d for d in descr)
    reruns = re.findall(r'^  rerun: "(.*)"$', r.stdout, re.M)
    assert reruns, r.stdout
    with open(reports / "raconform.json") as f:
        failing = [c for c in json.load(f)["cases"] if c["status"] == "fail"]
    assert len(reruns) == len(failing)
    assert all(c["rerun"] in reruns for c in failing)
    # the rerun line runs that one case again, signed afresh, and it fails
    # the same way
    argv = shlex.split(reruns[0])
    assert argv[:2] == ["raconform", "run"]
    again = rc_run(*argv[1:], "--reports", str(tmp_path / "again"))
    assert again.returncode == 1, again.stderr
    with open(tmp_path / "again" / "raconform.json") as f:
        cases = json.load(f)["cases"]
    assert len(cases) == 1 and cases[0]["status"] == "fail"
    assert cases[0]["rerun"] == reruns[0] or \
        cases[0]["id"] in reruns[0]


# --- scripts/run.sh -----------------------------------------------------------------

def test_run_sh_stdout_is_tap_only(tmp_path):
    build = os.environ.get("RACONFORM_BUILD_DIR") or os.path.dirname(
        raconform_bin())
    env = dict(os.environ, BUILD_DIR=os.path.abspath(build))
    p = subprocess.run([os.path.join(SRC, "scripts", "run.sh"), "--run",
                        "RA-FB-0012", "--reports", str(tmp_path / "r")],
                       capture_output=True, text=True, timeout=600, env=env)
    assert p.returncode == 0, p.stderr[-3000:]
    lines = p.stdout.splitlines()
    assert lines[0] == "TAP version 13", lines[:5]
    for l in lines[1:]:
        assert re.match(r"^(#|ok |not ok |1\.\.\d+$|  |Bail out!)", l), l
