"""End-to-end: `raconform sign` prints complete signed requests (checked
against botocore and Python hmac, not against the C code) and refuses bad
input with one line and exit 2."""
import base64
import hashlib
import hmac
import os
import subprocess
import sys
from urllib.parse import parse_qsl

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_vectors  # noqa: E402

SRC = os.environ.get("RACONFORM_SOURCE_DIR",
                     os.path.abspath(os.path.join(HERE, "..", "..")))
BIN = os.environ.get("RACONFORM_BIN") or os.path.join(
    os.environ.get("RACONFORM_BUILD_DIR", os.path.join(SRC, "build")),
    "raconform")
AK = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
BASE = ["sign", "--access-key-id", AK, "--secret-access-key", SECRET]


def run(*args):
    return subprocess.run([BIN, *args], capture_output=True, timeout=60)


def split(out):
    head, _, body = out.partition(b"\n\n")
    lines = head.decode().split("\n")
    headers = [tuple(x.split(": ", 1)) for x in lines[1:]]
    return lines[0], headers, body


def test_json_default_matches_published_vector():
    r = run(*BASE, "--profile", "json-2017", "--time", "2015-08-30T12:36:00Z")
    assert r.returncode == 0, r.stderr
    line, headers, body = split(r.stdout)
    assert line == "POST / HTTP/1.1"
    h = dict(headers)
    assert h["X-Amz-Target"] == \
        "MTurkRequesterServiceV20170117.RejectAssignment"
    assert h["Authorization"].endswith(
        "Signature=50dd529c144ae5f329992f581936959d25cb67d5cadb132f5515154e"
        "4f3ff457")
    assert body == (b'{"AssignmentId":"3EXAMPLEASSIGNMENTID",'
                    b'"RequesterFeedback":"Does not follow instructions."}\n')
    assert r.stderr == b""


@pytest.mark.parametrize("feedback", ["Tr\u00e8s mauvais", "\U0001F600 no",
                                      "a" * 1025, ""])
def test_json_signature_matches_botocore(feedback):
    r = run(*BASE, "--profile", "json-2017", "--time", "20150830T123600Z",
            "--endpoint",
            "https://mturk-requester-sandbox.us-east-1.amazonaws.com/",
            "--param", "AssignmentId=3X", "--param",
            "RequesterFeedback=" + feedback)
    assert r.returncode == 0, r.stderr
    _, headers, body = split(r.stdout)
    body = body[:-1]  # sign adds one newline after the body
    v = {"scheme": "sigv4", "access_key_id": AK, "secret": SECRET,
         "region": "us-east-1", "service": "mturk-requester",
         "amz_date": "20150830T123600Z", "method": "POST", "path": "/",
         "headers": [list(x) for x in headers if x[0] != "Authorization"],
         "body": body.decode("ascii"),
         "signed_headers": "content-type;host;x-amz-date;x-amz-target"}
    expected = gen_vectors.compute_sigv4(v)["authorization.txt"].decode()
    assert dict(headers)["Authorization"] == expected
    assert body.decode("ascii")  # ensure_ascii form


@pytest.mark.parametrize("method,signature", [("GET", "mturk"),
                                              ("POST", "mturk"),
                                              ("GET", "sigv1"),
                                              ("POST", "sigv1")])
def test_legacy_matches_hmac(method, signature):
    ts = "2015-08-30T05:36:00.123-07:00"
    r = run(*BASE, "--profile", "legacy-2014", "--time", ts, "--method",
            method, "--signature", signature, "--param", "AssignmentId=3X",
            "--param", "RequesterFeedback=caf\u00e9 & co")
    assert r.returncode == 0, r.stderr
    line, headers, body = split(r.stdout)
    if method == "GET":
        query = line.split(" ")[1].split("?", 1)[1]
    else:
        query = body.decode().rstrip("\n")
        assert dict(headers)["Content-Length"] == str(len(query))
    params = parse_qsl(query, keep_blank_values=True)
    got = dict(params)
    assert got["Timestamp"] == ts
    assert got["RequesterFeedback"] == "caf\u00e9 & co"
    if signature == "mturk":
        sts = "AWSMechanicalTurkRequesterRejectAssignment" + ts
    else:
        assert got["SignatureVersion"] == "1"
        signed = sorted((p for p in params if p[0] != "Signature"),
                        key=lambda p: p[0].lower())
        sts = "".join(n + x for n, x in signed)
    want = base64.b64encode(hmac.new(SECRET.encode(), sts.encode(),
                                     hashlib.sha1).digest()).decode()
    assert got["Signature"] == want


def test_verbose_prints_steps_on_stderr():
    r = run(*BASE, "--profile", "json-2017", "--time", "2015-08-30T12:36:00Z",
            "--verbose")
    assert r.returncode == 0
    err = r.stderr.decode()
    assert "# canonical request\nPOST\n/\n\ncontent-type:" in err
    assert "20150830/us-east-1/mturk-requester/aws4_request\n" \
           "a15032bded14688b9859c509ec15aa255d44290f3c71d7014407f2aaf0ca34c6" \
           in err
    r = run(*BASE, "--profile", "legacy-2014", "--time",
            "2015-08-30T12:36:00Z", "--verbose")
    assert "AWSMechanicalTurkRequesterRejectAssignment2015-08-30T12:36:00Z" \
        in r.stderr.decode()


@pytest.mark.parametrize("args,message", [
    (["--profile", "nope", "--time", "2015-08-30T12:36:00Z"],
     "unknown profile 'nope'"),
    (["--profile", "json-2017", "--time", "yesterday"],
     "malformed time 'yesterday'"),
    (["--profile", "json-2017"], "missing --time"),
    (["--time", "2015-08-30T12:36:00Z"], "missing --profile"),
    (["--profile", "legacy-2014", "--time", "2015-08-30T12:36:00Z",
      "--method", "PUT"], "unknown method 'PUT'"),
    (["--profile", "legacy-2014", "--time", "2015-08-30T12:36:00Z",
      "--signature", "sigv2"], "unknown signature 'sigv2'"),
    (["--profile", "legacy-2014", "--time", "2015-08-30T12:36:00Z",
      "--param", "novalue"], "malformed parameter 'novalue'"),
    (["--profile", "json-2017", "--time", "2015-08-30T12:36:00Z",
      "--endpoint", "not-a-url"], "cannot build a request"),
    (["--profile", "json-2017", "--time", "2015-08-30T12:36:00Z",
      "--bogus"], "unknown option '--bogus'"),
])
def test_errors(args, message):
    r = run(*BASE, *args)
    assert r.returncode == 2
    err = r.stderr.decode()
    assert err.count("\n") == 1 and err.startswith("raconform sign: ")
    assert message in err
    assert r.stdout == b""


def test_missing_key():
    r = run("sign", "--profile", "json-2017", "--access-key-id", AK,
            "--time", "2015-08-30T12:36:00Z")
    assert r.returncode == 2
    assert r.stderr.decode() == \
        "raconform sign: missing --secret-access-key\n"
