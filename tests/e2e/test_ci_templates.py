"""The CI templates in docs/ci/ work: their shell steps, run locally in
order against the reference server, shard the catalogue 4 ways, merge the
shards with `raconform report` and gate on the exit code.

GitHub Actions and GitLab themselves cannot be reached from here, so this
test plays their part: each job (each matrix entry / parallel node) runs in
a fresh directory, `run:` steps and `script:` lines run under bash with
errexit and pipefail as the runners do, a job stops at its first failing
step except steps marked `if: always()`, later jobs run even when a shard
failed (`if: always()` / `when: always`), and artifacts are copied between
job directories as upload-artifact/download-artifact and GitLab's
artifacts:paths do. The built raconform is put on PATH, so the templates'
install steps find it and skip building (the build itself is what
scripts/test.sh does).
"""
import json
import os
import re
import shutil
import signal
import subprocess

import pytest
import yaml  # Debian python3-yaml (scripts/install-deps.sh)

from conftest import raconform_bin

SRC = os.environ.get("RACONFORM_SOURCE_DIR",
                     os.path.dirname(os.path.dirname(os.path.dirname(
                         os.path.abspath(__file__)))))
CI = os.path.join(SRC, "docs", "ci")
XSD = os.path.join(SRC, "tests", "data", "golden", "report", "junit-10.xsd")


def env_with_raconform(extra=None):
    env = dict(os.environ)
    bindir = os.path.dirname(os.path.abspath(raconform_bin()))
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    env.update(extra or {})
    return env


def bash(script, cwd, env):
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo",
                           "pipefail", "-c", script], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def stop_server(workdir):
    """Stops the `raconform serve` a template started (by its pid file)."""
    pid_file = os.path.join(workdir, "serve.pid")
    if os.path.exists(pid_file):
        with open(pid_file) as f:
            pid = int(f.read().strip())
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass


def patch(script, defect):
    """For the gate test: a defective server, and a smaller selection (the
    defect's own area) to keep the test fast."""
    if defect:
        script = script.replace(
            "raconform serve --target-out",
            "raconform serve --defect %s --target-out" % defect)
        script = script.replace(
            "raconform run --target target.json",
            "raconform run --run 'RA-FB-00*' --target target.json")
    return script


# --- GitHub Actions --------------------------------------------------------

def gh_expr(script, shard):
    script = script.replace("${{ matrix.shard }}", str(shard))
    assert "${{" not in script, script  # nothing else needs the runner
    return script


def run_github(tmp, defect=None):
    with open(os.path.join(CI, "github-actions.yml")) as f:
        wf = yaml.safe_load(f)
    jobs = wf["jobs"]
    assert list(jobs) == ["conformance", "merge"]
    assert jobs["merge"]["needs"] == "conformance"
    assert jobs["merge"]["if"] == "always()"
    artifacts = tmp / "artifacts"
    results = {}

    def run_job(name, job, shard):
        work = tmp / ("%s-%s" % (name, shard))
        work.mkdir()
        failed = False
        codes = []
        env = env_with_raconform()
        try:
            for step in job["steps"]:
                always = step.get("if") == "always()"
                if failed and not always:
                    continue
                uses = step.get("uses", "")
                if uses.startswith("actions/checkout@"):
                    continue  # the sources under test are the checkout
                if uses.startswith("actions/upload-artifact@"):
                    name_ = gh_expr(step["with"]["name"], shard)
                    for p in step["with"]["path"].split():
                        src = work / p
                        dst = artifacts / name_ / p
                        if src.is_dir():
                            shutil.copytree(src, dst, dirs_exist_ok=True)
                        elif src.exists():
                            dst.parent.mkdir(parents=True, exist_ok=True)
                            shutil.copy(src, dst)
                    continue
                if uses.startswith("actions/download-artifact@"):
                    w = step["with"]
                    assert w.get("merge-multiple") is True
                    pat = re.compile(w["pattern"].replace("*", ".*") + "$")
                    dst = work / w["path"]
                    dst.mkdir(parents=True, exist_ok=True)
                    for a in sorted(os.listdir(artifacts)):
                        if pat.match(a):
                            # upload-artifact stores a folder's content
                            root = artifacts / a
                            inner = [root / d for d in os.listdir(root)]
                            for d in inner:
                                if d.is_dir():
                                    shutil.copytree(d, dst,
                                                    dirs_exist_ok=True)
                                else:
                                    shutil.copy(d, dst)
                    continue
                assert not uses, "unknown action " + uses
                assert step.get("shell", "bash") == "bash"
                r = bash(patch(gh_expr(step["run"], shard), defect),
                         str(work), env)
                codes.append((gh_expr(step.get("name", ""), shard),
                              r.returncode))
                if r.returncode:
                    failed = True
                    results.setdefault("stderr", []).append(r.stderr)
        finally:
            stop_server(str(work))
        return work, codes

    shards = jobs["conformance"]["strategy"]["matrix"]["shard"]
    assert shards == [1, 2, 3, 4]
    assert jobs["conformance"]["strategy"]["fail-fast"] is False
    for k in shards:
        results[k] = run_job("conformance", jobs["conformance"], k)
    results["merge"] = run_job("merge", jobs["merge"], "all")
    return results


# --- GitLab CI -------------------------------------------------------------

def flatten(lines):
    for x in lines:
        if isinstance(x, list):
            yield from flatten(x)
        else:
            yield x


def run_gitlab(tmp, defect=None):
    with open(os.path.join(CI, "gitlab-ci.yml")) as f:
        ci = yaml.safe_load(f)
    assert ci["stages"] == ["conformance", "report"]
    shard_job, report_job = ci["raconform-shard"], ci["raconform-report"]
    assert shard_job["parallel"] == 4
    assert report_job["when"] == "always"
    results = {}
    collected = tmp / "collected"   # artifacts handed to the later stage
    collected.mkdir()

    def run_job(name, job, index, total):
        work = tmp / ("%s-%s" % (name, index))
        work.mkdir()
        for p in os.listdir(collected):
            s = collected / p
            (shutil.copytree(s, work / p, dirs_exist_ok=True) if s.is_dir()
             else shutil.copy(s, work / p))
        env = env_with_raconform({"CI_NODE_INDEX": str(index),
                                  "CI_NODE_TOTAL": str(total)})
        script = "\n".join(flatten(job["script"]))
        try:
            r = bash(patch(script, defect), str(work), env)
        finally:
            stop_server(str(work))
        if job["artifacts"]["when"] == "always" or r.returncode == 0:
            for p in job["artifacts"]["paths"]:
                s = work / p.rstrip("/")
                if s.is_dir():
                    shutil.copytree(s, collected / p.rstrip("/"),
                                    dirs_exist_ok=True)
                elif s.exists():
                    shutil.copy(s, collected / p)
        return work, r

    for k in range(1, 5):
        results[k] = run_job("shard", shard_job, k, 4)
    results["report"] = run_job("report", report_job, 1, 1)
    return results


# --- the tests ---------------------------------------------------------------

@pytest.fixture(scope="module")
def unsharded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("full")
    r = subprocess.run([raconform_bin(), "run", "--json",
                        str(tmp / "full.json"), "--reports",
                        str(tmp / "reports"), "--tap", str(tmp / "t.tap")],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    with open(tmp / "full.json") as f:
        return json.load(f)


def check_merged(work, unsharded):
    with open(work / "raconform.json") as f:
        merged = json.load(f)
    assert merged["summary"]["total"] == unsharded["summary"]["total"]
    assert [(c["id"], c["profile"], c["status"]) for c in merged["cases"]] \
        == [(c["id"], c["profile"], c["status"]) for c in unsharded["cases"]]
    v = subprocess.run(["xmllint", "--noout", "--schema", XSD,
                        str(work / "raconform.junit.xml")],
                       capture_output=True, text=True)
    assert v.returncode == 0, v.stderr
    page = (work / "raconform.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and 'id="matrix"' in page
    assert (work / "raconform.md").read_text().startswith(
        "# raconform comparison")


def test_ci_templates__github_actions(tmp_path, unsharded):
    res = run_github(tmp_path)
    for k in (1, 2, 3, 4):
        work, codes = res[k]
        assert codes and all(c == 0 for _, c in codes), (codes, res.get(
            "stderr"))
        with open(work / "out" / ("shard-%d.json" % k)) as f:
            assert json.load(f)["suite"]["shard"] == "%d/4" % k
    work, codes = res["merge"]
    assert codes == [("Install raconform", 0),
                     ("Merge the shards (the gate)", 0)], res.get("stderr")
    check_merged(work, unsharded)


def test_ci_templates__gitlab(tmp_path, unsharded):
    res = run_gitlab(tmp_path)
    for k in (1, 2, 3, 4):
        work, r = res[k]
        assert r.returncode == 0, r.stderr
        assert (work / "out" / ("shard-%d.json" % k)).exists()
    work, r = res["report"]
    assert r.returncode == 0, r.stderr
    check_merged(work, unsharded)


def test_ci_templates__gate_fails_on_a_failing_target(tmp_path):
    """The same steps against a defective server: a shard fails, the merge
    still runs (always) and its exit code fails the pipeline."""
    (tmp_path / "gh").mkdir()
    gh = run_github(tmp_path / "gh", defect="feedback-off-by-one")
    shard_codes = [dict(gh[k][1]).get("Run shard %d of 4" % k)
                   for k in (1, 2, 3, 4)]
    assert 1 in shard_codes and set(shard_codes) <= {0, 1}
    assert dict(gh["merge"][1])["Merge the shards (the gate)"] == 1
    assert (gh["merge"][0] / "raconform.html").exists()

    (tmp_path / "gl").mkdir()
    gl = run_gitlab(tmp_path / "gl", defect="feedback-off-by-one")
    assert 1 in [gl[k][1].returncode for k in (1, 2, 3, 4)]
    assert gl["report"][1].returncode == 1
    assert (gl["report"][0] / "raconform.html").exists()
