"""Shared pytest fixtures for the end-to-end tests (only ADD fixtures here)."""
import json
import os
import subprocess

import pytest


def raconform_bin():
    return os.environ.get("RACONFORM_BIN") or os.path.join(
        os.environ.get("RACONFORM_BUILD_DIR", "build"), "raconform")


class Served:
    """A running `raconform serve`: url, control url, target description."""

    def __init__(self, proc, url, target_file):
        self.proc = proc
        self.url = url
        self.target_file = target_file
        with open(target_file) as f:
            self.target = json.load(f)
        self.control = self.target["fixtures"]["control"]
        self.owner = self.target["requesters"]["owner"]
        self.other = self.target["requesters"]["other"]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                return self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise
        return self.proc.returncode


def start_serve(tmp_path, *args):
    """Starts `raconform serve --target-out FILE ARGS...` and reads the URL
    from the first stdout line."""
    target = str(tmp_path / "target.json")
    proc = subprocess.Popen([raconform_bin(), "serve", "--target-out", target,
                             *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    url = proc.stdout.readline().strip()
    if not url.startswith("http://"):
        proc.kill()
        _, err = proc.communicate()
        raise RuntimeError("serve did not print its URL: %r" % err)
    return Served(proc, url, target)


@pytest.fixture
def serve(tmp_path):
    """Factory: serve(*args) starts a server, stopped at teardown."""
    started = []

    def factory(*args):
        d = tmp_path / ("serve%d" % len(started))
        d.mkdir()
        s = start_serve(d, *args)
        started.append(s)
        return s

    yield factory
    for s in started:
        s.stop()


# --- helpers for driving the reference server (test_serve*.py) -------------
import base64 as _b64
import datetime as _dt
import hashlib as _hl
import hmac as _hmac
import urllib.error as _ue
import urllib.parse as _up
import urllib.request as _ur


def http(method, url, body=None, headers=None):
    """(status, headers, body bytes) without raising on 4xx/5xx."""
    req = _ur.Request(url, data=body, method=method, headers=headers or {})
    try:
        with _ur.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except _ue.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def control_seed(served, status="Submitted", owner=None):
    owner = owner or served.owner["access_key_id"]
    st, _, body = http("POST", served.control + "assignments",
                       json.dumps({"owner": owner, "status": status}).encode(),
                       {"Content-Type": "application/json"})
    assert st == 201, body
    return json.loads(body)["AssignmentId"]


def control_get(served, assignment_id):
    st, _, body = http("GET", served.control + "assignments/" + assignment_id)
    assert st == 200, body
    return json.loads(body)


def now_timestamp(offset_s=0):
    t = _dt.datetime.now(_dt.timezone.utc) + _dt.timedelta(seconds=offset_s)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def legacy_call(served, params, who=None, post=False, v1=False, ts=None,
                secret=None, operation="RejectAssignment", sign=True,
                raw=None):
    """Hand-signed legacy-2014 request; params override the common ones (a
    value of None removes it). Returns (status, body text)."""
    who = who or served.owner
    ts = ts or now_timestamp()
    p = {"Service": "AWSMechanicalTurkRequester",
         "AWSAccessKeyId": who["access_key_id"], "Version": "2014-08-15",
         "Operation": operation, "Timestamp": ts}
    p.update(params)
    p = {k: v for k, v in p.items() if v is not None}
    key = (secret or who["secret_access_key"]).encode()
    if sign:
        if v1:
            p["SignatureVersion"] = "1"
            sts = "".join(k + p[k] for k in sorted(p, key=str.lower))
        else:
            sts = "AWSMechanicalTurkRequester" + p.get("Operation", "") + \
                p.get("Timestamp", "")
        p["Signature"] = _b64.b64encode(_hmac.new(
            key, sts.encode(), _hl.sha1).digest()).decode()
    q = raw if raw is not None else _up.urlencode(p, quote_via=_up.quote)
    if post:
        st, _, body = http("POST", served.url, q.encode(), {
            "Content-Type": "application/x-www-form-urlencoded"})
    else:
        st, _, body = http("GET", served.url + "?" + q)
    return st, body.decode("utf-8", "replace")


def boto_client(served, who=None, region="us-east-1"):
    import boto3
    import botocore.config
    who = who or served.owner
    return boto3.client(
        "mturk", endpoint_url=served.url, region_name=region,
        aws_access_key_id=who["access_key_id"],
        aws_secret_access_key=who["secret_access_key"],
        config=botocore.config.Config(retries={"max_attempts": 0}))


def boto_error(fn, **kwargs):
    """Calls fn and returns (http status, __type code, TurkErrorCode)."""
    import botocore.exceptions
    try:
        fn(**kwargs)
    except botocore.exceptions.ClientError as e:
        r = e.response
        return (r["ResponseMetadata"]["HTTPStatusCode"], r["Error"]["Code"],
                r.get("TurkErrorCode"))
    return (200, None, None)


def at_once(n, fn):
    """Runs fn() in n threads released together (a barrier), returns the
    n results in completion order: for races on one assignment."""
    import threading
    results = []
    barrier = threading.Barrier(n)

    def run():
        barrier.wait()
        results.append(fn())

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def run_on_pty(args, env=None, cwd=None):
    """Runs raconform ARGS with stderr on a pseudo-terminal (stdout
    discarded); returns (exit code, stderr text). Gives up reading after
    120 s."""
    import pty
    import select
    import time
    master, slave = pty.openpty()
    p = subprocess.Popen([raconform_bin(), *args], stdout=subprocess.DEVNULL,
                         stderr=slave, env=env, cwd=cwd)
    os.close(slave)
    out = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        elif p.poll() is not None:
            break
    rc = p.wait(timeout=30)
    os.close(master)
    return rc, out.decode("utf-8", "replace")
