"""Load test of `raconform serve` (loopback, bounded in time and count).

Many concurrent signed clients (threads, http.client keep-alive; json-2017
signed with botocore's SigV4Auth, legacy-2014 with hmac) mix successes,
conflicting rejects of the same assignments and every error class. The
server must answer no 5xx, lose or duplicate no transition (the control
API's final state accounts for each success exactly once), stay within a
memory bound, and keep serving normal clients while 50 half-open
connections stall."""
import base64
import collections
import datetime
import hashlib
import hmac
import http.client
import json
import os
import random
import socket
import threading
import time
import urllib.parse

import pytest

THREADS = 24
ASSIGNMENTS = 60
REQUESTS_PER_THREAD = 100
RUN_BOUND_S = 60
VMHWM_BOUND_KB = 150 * 1024
HALF_OPEN = 50
NORMAL_LATENCY_BOUND_S = 2.0


def vm_hwm_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def amz_json_request(served, who, body, target="RejectAssignment",
                     region="us-east-1"):
    """(headers, body bytes) of a SigV4-signed json-2017 request."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    req = AWSRequest(method="POST", url=served.url, data=data, headers={
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "MTurkRequesterServiceV20170117." + target})
    SigV4Auth(Credentials(who["access_key_id"], who["secret_access_key"]),
              "mturk-requester", region).add_auth(req)
    headers = {k: v for k, v in req.headers.items() if k.lower() != "host"}
    return headers, data


def legacy_query(who, params, secret=None, ts_offset=0):
    ts = (datetime.datetime.now(datetime.timezone.utc) +
          datetime.timedelta(seconds=ts_offset)).strftime("%Y-%m-%dT%H:%M:%SZ")
    p = {"Service": "AWSMechanicalTurkRequester",
         "AWSAccessKeyId": who["access_key_id"], "Version": "2014-08-15",
         "Operation": "RejectAssignment", "Timestamp": ts}
    p.update(params)
    key = (secret or who["secret_access_key"]).encode()
    p["Signature"] = base64.b64encode(hmac.new(
        key, ("AWSMechanicalTurkRequester" + p["Operation"] + ts).encode(),
        hashlib.sha1).digest()).decode()
    return urllib.parse.urlencode(p, quote_via=urllib.parse.quote)


class Client:
    """One keep-alive connection; reconnects when the server closes it."""

    def __init__(self, served):
        u = urllib.parse.urlsplit(served.url)
        self.host, self.port = u.hostname, u.port
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port,
                                                       timeout=15)
            try:
                self.conn.request(method, path, body=body,
                                  headers=headers or {})
                r = self.conn.getresponse()
                data = r.read()
                if r.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return r.status, data
            except (http.client.RemoteDisconnected, ConnectionResetError,
                    BrokenPipeError, http.client.CannotSendRequest):
                # a keep-alive connection the server had already closed;
                # only retried when nothing can have been processed twice
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self):
        if self.conn:
            self.conn.close()


def seed(served, n, status="Submitted", owner=None):
    c = Client(served)
    ids = []
    path = urllib.parse.urlsplit(served.control).path
    for _ in range(n):
        st, body = c.request("POST", path + "assignments", json.dumps({
            "owner": owner or served.owner["access_key_id"],
            "status": status}).encode(), {"Content-Type": "application/json"})
        assert st == 201, body
        ids.append(json.loads(body)["AssignmentId"])
    c.close()
    return ids


def is_success_json(st, body):
    return st == 200


def is_success_legacy(st, body):
    return st == 200 and b"<IsValid>True</IsValid>" in body and \
        b"Error" not in body


def worker(served, rnd, targets, others, record, errors, stop_at):
    c = Client(served)
    owner, other = served.owner, served.other
    try:
        for _ in range(REQUESTS_PER_THREAD):
            if time.monotonic() > stop_at:
                break
            kind = rnd.choice(
                ["json", "json", "legacy", "legacy-post", "bad-signature",
                 "unknown-key", "missing-id", "malformed-json",
                 "wrong-content-type", "oversized", "unknown-operation",
                 "stale", "other-owner", "bad-feedback", "wrong-region"])
            aid = rnd.choice(targets)
            fb = "load %s" % kind
            if kind == "json":
                h, b = amz_json_request(served, owner, {
                    "AssignmentId": aid, "RequesterFeedback": fb})
                st, body = c.request("POST", "/", b, h)
                record(kind, aid, st, body, is_success_json(st, body))
                continue
            if kind in ("legacy", "legacy-post"):
                q = legacy_query(owner, {"AssignmentId": aid,
                                         "RequesterFeedback": fb})
                if kind == "legacy":
                    st, body = c.request("GET", "/?" + q)
                else:
                    st, body = c.request("POST", "/", q.encode(), {
                        "Content-Type": "application/x-www-form-urlencoded"})
                record(kind, aid, st, body, is_success_legacy(st, body))
                continue
            # every error class: none of these may change any state
            if kind == "bad-signature":
                q = legacy_query(owner, {"AssignmentId": aid}, secret="nope")
                st, body = c.request("GET", "/?" + q)
            elif kind == "unknown-key":
                h, b = amz_json_request(served, {
                    "access_key_id": "AKIDUNKNOWNLOAD00001",
                    "secret_access_key": "x"}, {"AssignmentId": aid,
                                                "RequesterFeedback": fb})
                st, body = c.request("POST", "/", b, h)
            elif kind == "missing-id":
                h, b = amz_json_request(served, owner,
                                        {"RequesterFeedback": fb})
                st, body = c.request("POST", "/", b, h)
            elif kind == "malformed-json":
                h, b = amz_json_request(served, owner, b'{"AssignmentId": ')
                st, body = c.request("POST", "/", b, h)
            elif kind == "wrong-content-type":
                h, b = amz_json_request(served, owner, {
                    "AssignmentId": aid, "RequesterFeedback": fb})
                h["Content-Type"] = "text/plain"
                st, body = c.request("POST", "/", b, h)
            elif kind == "oversized":
                h, b = amz_json_request(served, owner, {
                    "AssignmentId": aid, "RequesterFeedback": "x" * 70000})
                st, body = c.request("POST", "/", b, h)
            elif kind == "unknown-operation":
                h, b = amz_json_request(served, owner, {"AssignmentId": aid},
                                        target="RejectEverything")
                st, body = c.request("POST", "/", b, h)
            elif kind == "stale":
                q = legacy_query(owner, {"AssignmentId": aid},
                                 ts_offset=-3600)
                st, body = c.request("GET", "/?" + q)
            elif kind == "other-owner":
                h, b = amz_json_request(served, other, {
                    "AssignmentId": aid, "RequesterFeedback": fb})
                st, body = c.request("POST", "/", b, h)
            elif kind == "bad-feedback":
                h, b = amz_json_request(served, owner, {
                    "AssignmentId": aid, "RequesterFeedback": "\u0001" * 3})
                st, body = c.request("POST", "/", b, h)
            else:  # wrong-region
                h, b = amz_json_request(served, owner, {
                    "AssignmentId": aid, "RequesterFeedback": fb},
                    region="eu-west-1")
                st, body = c.request("POST", "/", b, h)
            record(kind, aid, st, body, False)
            if kind != "oversized" and st == 200 and (
                    kind != "bad-signature" and b"Error" not in body):
                errors.append("%s answered as a success: %r" % (kind, body))
        c.close()
    except Exception as e:  # noqa: BLE001 - reported by the test
        errors.append("%s: %r" % (type(e).__name__, e))


def test_concurrent_signed_clients(serve):
    served = serve()
    pid = served.proc.pid
    targets = seed(served, ASSIGNMENTS)
    lock = threading.Lock()
    outcomes = []
    successes = collections.Counter()
    errors = []

    def record(kind, aid, st, body, ok):
        with lock:
            outcomes.append((kind, st))
            if ok:
                successes[aid] += 1

    start = time.monotonic()
    threads = [threading.Thread(target=worker, args=(
        served, random.Random(i), targets, None, record, errors,
        start + RUN_BOUND_S)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(RUN_BOUND_S + 30)
    elapsed = time.monotonic() - start
    assert not any(t.is_alive() for t in threads), "clients hung"
    assert not errors, errors[:5]
    total = len(outcomes)
    assert total >= THREADS * REQUESTS_PER_THREAD * 0.9, total
    five = [o for o in outcomes if o[1] >= 500]
    assert not five, "5xx answers: %r" % five[:5]
    # every error class was exercised
    kinds = {k for k, _ in outcomes}
    assert len(kinds) >= 14, kinds
    # no lost or duplicated transition
    path = urllib.parse.urlsplit(served.control).path
    c = Client(served)
    for aid in targets:
        assert successes[aid] <= 1, (aid, successes[aid])
        st, body = c.request("GET", path + "assignments/" + aid)
        assert st == 200, body
        state = json.loads(body)
        assert (state["status"] == "Rejected") == (successes[aid] == 1), \
            (aid, state, successes[aid])
        if successes[aid]:
            assert state["RequesterFeedback"].startswith("load ")
    c.close()
    assert sum(successes.values()) > 0
    hwm = vm_hwm_kb(pid)
    assert hwm < VMHWM_BOUND_KB, "server VmHWM %d kB" % hwm
    print("load: %d requests by %d threads in %.1fs (%.0f req/s), "
          "%d successes on %d assignments, server VmHWM %d kB" % (
              total, THREADS, elapsed, total / elapsed,
              sum(successes.values()), len(targets), hwm))
    # stops cleanly after the load (under RA_SANITIZE: without leaks)
    assert served.stop() == 0


def test_half_open_connections_do_not_starve(serve):
    served = serve()
    u = urllib.parse.urlsplit(served.url)
    held = []
    try:
        for i in range(HALF_OPEN):
            s = socket.create_connection((u.hostname, u.port), timeout=5)
            if i % 2:
                # half a request line and headers, then silence
                s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Le")
            else:
                # complete headers announcing a body that never comes
                s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\n"
                          b"Content-Type: application/x-amz-json-1.1\r\n"
                          b"Content-Length: 1000\r\n\r\n{\"Assign")
            held.append(s)
        targets = seed(served, 10)
        latencies = []
        lock = threading.Lock()

        def normal(aid):
            c = Client(served)
            t0 = time.monotonic()
            h, b = amz_json_request(served, served.owner, {
                "AssignmentId": aid, "RequesterFeedback": "not starved"})
            st, body = c.request("POST", "/", b, h)
            with lock:
                latencies.append((time.monotonic() - t0, st))
            c.close()

        threads = [threading.Thread(target=normal, args=(aid,))
                   for aid in targets for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert len(latencies) == len(threads)
        assert all(st < 500 for _, st in latencies), latencies
        assert sum(1 for _, st in latencies if st == 200) == len(targets)
        worst = max(lat for lat, _ in latencies)
        assert worst < NORMAL_LATENCY_BOUND_S, "slowest normal client %.2fs" \
            % worst
        print("half-open: %d stalled sockets held, %d normal requests, "
              "slowest %.3fs" % (len(held), len(latencies), worst))
    finally:
        for s in held:
            s.close()
    # the server is still healthy afterwards, and stops cleanly
    assert served.proc.poll() is None
    assert served.stop() == 0


# --- control API floods: the store is bounded (SPEC §7, issue 13) ----------

STORE_MAX = 100000
RSS_BOUND_KB = 64 * 1024


def vm_rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def flood(served, n, body, threads=4):
    """n POSTs of body to {control}assignments over raw keep-alive sockets
    (fast enough to fill the store in seconds); a Counter of statuses."""
    u = urllib.parse.urlsplit(served.control)
    head = ("POST %sassignments HTTP/1.1\r\nHost: x\r\n"
            "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" %
            (u.path, len(body))).encode()
    req = head + body
    counts = collections.Counter()
    lock = threading.Lock()

    def one(k):
        got = collections.Counter()
        s = socket.create_connection((u.hostname, u.port), timeout=15)
        f = s.makefile("rb")
        for _ in range(k):
            s.sendall(req)
            status = int(f.readline().split()[1])
            length = 0
            close = False
            while True:
                line = f.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
                if name.lower() == "connection" and "close" in value.lower():
                    close = True
            f.read(length)
            got[status] += 1
            if close:
                f.close()
                s.close()
                s = socket.create_connection((u.hostname, u.port), timeout=15)
                f = s.makefile("rb")
        f.close()
        s.close()
        with lock:
            counts.update(got)

    ts = [threading.Thread(target=one, args=(n // threads,))
          for _ in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return counts


def test_control_api_floods_stay_bounded(serve):
    """Huge owners are refused, the store stops at 100,000 assignments
    with a JSON error, the server's RSS stays under 64 MB throughout, and
    POST reset gives the memory back."""
    s = serve()
    pid = s.proc.pid
    rss = {"start": vm_rss_kb(pid)}
    big = json.dumps({"owner": "A" * 60000, "status": "Submitted"}).encode()
    counts = flood(s, 2000, big)
    assert counts == {400: 2000}, counts
    rss["60 KB owners"] = vm_rss_kb(pid)
    small = json.dumps({"owner": "O" * 128, "status": "Submitted"}).encode()
    counts = flood(s, STORE_MAX + 2000, small)
    assert counts[201] == STORE_MAX, counts
    assert counts[507] == 2000, counts
    rss["store full"] = vm_rss_kb(pid)
    st, _, body = http_json(s, "POST", "assignments",
                            {"owner": "x", "status": "Submitted"})
    assert st == 507 and "full" in json.loads(body)["error"]
    st, _, body = http_json(s, "GET", "")
    assert json.loads(body)["assignments"] == STORE_MAX
    st, _, _ = http_json(s, "POST", "reset", {})
    assert st == 204
    rss["after reset"] = vm_rss_kb(pid)
    print("control API floods, VmRSS kB:", rss)
    if not os.environ.get("RACONFORM_SANITIZED"):  # ASan's shadow memory
        assert max(rss.values()) < RSS_BOUND_KB, rss
        assert rss["after reset"] < rss["store full"] - 8 * 1024, rss
    st, _, body = http_json(s, "POST", "assignments",
                            {"owner": "x", "status": "Submitted"})
    assert st == 201, body


def http_json(served, method, path, obj=None):
    from conftest import http
    data = json.dumps(obj).encode() if obj is not None else None
    return http(method, served.control + path, data,
                {"Content-Type": "application/json"} if data else None)
