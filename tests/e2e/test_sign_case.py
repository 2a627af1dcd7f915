"""End-to-end: `raconform sign --case` prints exactly the bytes `raconform
run` sends. A loopback capture server records the raw bytes of every request
`run` sends for one case (its clock fixed with RACONFORM_TEST_TIME, the
test-only twin of `sign --time`), and they must equal what `sign --case`
prints for the same case, time and target, byte for byte, over every case of
both profiles (mutated ones included: garbled, truncated and omitted
signatures, omitted headers, raw queries and bodies, wrong scopes...)."""
import json
import os
import re
import socketserver
import subprocess
import tempfile
import threading

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("RACONFORM_SOURCE_DIR",
                     os.path.abspath(os.path.join(HERE, "..", "..")))
BIN = os.environ.get("RACONFORM_BIN") or os.path.join(
    os.environ.get("RACONFORM_BUILD_DIR", os.path.join(SRC, "build")),
    "raconform")
TIME = "2015-08-30T12:36:00Z"
ASSIGNMENT = "3RACONFORMCAPTUREDASSIGNMENT01"
CONTROL = "/_raconform/"
LEGACY_OK = (b"<RejectAssignmentResponse><OperationRequest><RequestId>"
             b"00000000-0000-0000-0000-000000000000</RequestId>"
             b"</OperationRequest><RejectAssignmentResult><Request><IsValid>"
             b"True</IsValid></Request></RejectAssignmentResult>"
             b"</RejectAssignmentResponse>")


def read_request(f):
    """One raw request (head and body) from a buffered socket file, or
    None at the end of the connection."""
    head = b""
    while not head.endswith(b"\r\n\r\n"):
        line = f.readline(65536)
        if not line:
            return None
        head += line
    m = re.search(rb"\r\ncontent-length: *(\d+)\r\n", head, re.I)
    body = f.read(int(m.group(1))) if m else b""
    return head + body


class Capture(socketserver.ThreadingTCPServer):
    """Records every request but the control API's and the preflight's, and
    answers each as a target that accepts everything would."""
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.seen = []

    def take(self):
        with self.lock:
            seen, self.seen = self.seen, []
        return seen


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        while True:
            raw = read_request(self.rfile)
            if raw is None:
                return
            line = raw.split(b"\r\n", 1)[0].decode("latin-1")
            target = line.split(" ")[1] if line.count(" ") >= 2 else "/"
            if target.startswith(CONTROL):
                self.control(line, target)
                continue
            if b"\r\nAccept: */*\r\n" not in raw:  # not the preflight
                with self.server.lock:
                    self.server.seen.append(raw)
            if b"x-amz-json" in raw.lower() or b"X-Amz-" in raw:
                self.answer(200, b"application/x-amz-json-1.1", b"{}")
            else:
                self.answer(200, b"text/xml", LEGACY_OK)

    def control(self, line, target):
        if target.endswith("/reset"):
            self.answer(204, None, b"")
        elif line.startswith("POST"):
            self.answer(201, b"application/json",
                        json.dumps({"AssignmentId": ASSIGNMENT}).encode())
        else:
            self.answer(200, b"application/json", json.dumps({
                "AssignmentId": ASSIGNMENT, "owner": "AKIDCAPTUREOWNER",
                "status": "Submitted", "RequesterFeedback": None}).encode())

    def answer(self, status, ctype, body):
        reason = {200: b"OK", 201: b"Created", 204: b"No Content"}[status]
        head = b"HTTP/1.1 %d %s\r\n" % (status, reason)
        if ctype:
            head += b"Content-Type: " + ctype + b"\r\n"
        if status != 204:
            head += b"Content-Length: %d\r\n" % len(body)
        self.wfile.write(head + b"\r\n" + body)
        self.wfile.flush()


@pytest.fixture(scope="module")
def capture():
    server = Capture()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def target_file(capture):
    port = capture.server_address[1]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "capture.json")
        with open(path, "w") as f:
            json.dump({
                "name": "capture",
                "endpoint": "http://127.0.0.1:%d/" % port,
                "profile": "all",
                "requesters": {
                    "owner": {"access_key_id": "AKIDCAPTUREOWNER",
                              "secret_access_key": "capture/owner+secret"},
                    "other": {"access_key_id": "AKIDCAPTUREOTHER",
                              "secret_access_key": "capture/other+secret"}},
                "fixtures": {"control": "http://127.0.0.1:%d%s"
                             % (port, CONTROL)},
                "capabilities": {"feedback_length_unit": "codepoint"},
            }, f)
        yield path


def run_profile(capture, target_file, profile):
    """Runs the whole catalogue for profile, one case at a time: the raw
    requests in the order sent, and the IDs of the cases not skipped, in
    the order run (TAP order)."""
    capture.take()
    env = dict(os.environ, RACONFORM_TEST_TIME=TIME)
    for var in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        env.pop(var, None)
    r = subprocess.run([BIN, "run", "--target", target_file, "--profile",
                        profile, "--jobs", "1", "--tap", "-", "--progress",
                        "never"], capture_output=True, env=env, timeout=600)
    assert r.returncode in (0, 1), r.stderr.decode()
    ran = re.findall(r"^(?:not )?ok \d+ - (RA-[A-Z]+-\d+) (?!.*# SKIP)",
                     r.stdout.decode(), re.M)
    return capture.take(), ran


def first_difference(a, b):
    i = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]),
             min(len(a), len(b)))
    return "at byte %d:\nrun:  %r\nsign: %r" % (i, a[max(0, i - 200):i + 80],
                                                b[max(0, i - 200):i + 80])


@pytest.mark.parametrize("profile", ["legacy-2014", "json-2017"])
def test_run_sends_what_sign_case_prints(capture, target_file, profile):
    sent, ran = run_profile(capture, target_file, profile)
    # every case run sends (mutations included); the others are skipped
    # with a reason (a capability, a request the profile cannot express)
    assert len(ran) >= 150, len(ran)
    args = [BIN, "sign", "--profile", profile, "--time", TIME, "--target",
            target_file, "--assignment", ASSIGNMENT]
    for case_id in ran:
        args += ["--case", case_id]
    signed = subprocess.run(args, capture_output=True, timeout=300)
    assert signed.returncode == 0, signed.stderr.decode()
    wire = b"".join(sent)
    assert len(sent) >= len(ran)
    assert wire == signed.stdout, first_difference(wire, signed.stdout)


def sign_case(target_file, case_id, profile):
    return subprocess.run([BIN, "sign", "--case", case_id, "--profile",
                           profile, "--time", TIME, "--target", target_file,
                           "--assignment", ASSIGNMENT],
                          capture_output=True, timeout=60)


def test_sign_case_refuses_bad_input(target_file):
    r = sign_case(target_file, "RA-NOPE-0000", "json-2017")
    assert r.returncode == 2
    assert b"no case 'RA-NOPE-0000'" in r.stderr
    r = subprocess.run([BIN, "sign", "--case", "RA-AUTH-0001", "--profile",
                        "json-2017", "--time", TIME, "--target", target_file,
                        "--param", "A=B"], capture_output=True, timeout=60)
    assert r.returncode == 2
    assert r.stderr.count(b"\n") == 1


def test_sign_case_without_target_uses_the_given_keys():
    r = subprocess.run([BIN, "sign", "--case", "RA-AUTH-0001", "--profile",
                        "legacy-2014", "--time", TIME, "--access-key-id",
                        "AKIDEXAMPLE", "--secret-access-key", "secret",
                        "--assignment", ASSIGNMENT],
                       capture_output=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(b"GET /?Service=AWSMechanicalTurkRequester&"
                               b"AWSAccessKeyId=AKIDEXAMPLE&")
    assert b"\r\nHost: mechanicalturk.amazonaws.com\r\n\r\n" in r.stdout
