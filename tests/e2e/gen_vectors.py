#!/usr/bin/python3
"""Generates (and checks) raconform's signing vectors, independently of the
C code: SigV4 outputs come from botocore's SigV4Auth with its clock patched,
legacy outputs from Python's hmac/hashlib.

    /usr/bin/python3 tests/e2e/gen_vectors.py [--dir vectors] [--check]

Without --check, (re)writes vectors/<kind>/<name>/vector.json and every
expected output file. With --check, recomputes every vector found under
--dir from its vector.json alone and reports each file that differs (exit 1
on any difference). The format is described in docs/vectors.md.
"""
import argparse
import base64
import datetime
import hashlib
import hmac
import json
import os
import sys
from unittest import mock
from urllib.parse import quote

from botocore import auth as botocore_auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

AK = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
AMZ_DATE = "20150830T123600Z"
MTURK_HOST = "mturk-requester.us-east-1.amazonaws.com"
SANDBOX_HOST = "mturk-requester-sandbox.us-east-1.amazonaws.com"
TARGET = "MTurkRequesterServiceV20170117.RejectAssignment"
JSON_CT = "application/x-amz-json-1.1"
ASSIGNMENT = "3EXAMPLEASSIGNMENTID"
FEEDBACK = "Does not follow instructions."

SIGV4_FILES = ["canonical-request.txt", "string-to-sign.txt", "signature.txt",
               "authorization.txt", "signed-request.txt"]


# --- resolving inputs (shared with tests/e2e/test_vectors.py) ------------

def resolve_text(value):
    """A string, or {"repeat": s, "count": n} (optionally "prefix" and
    "suffix"), to a str."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "repeat" in value:
        return (value.get("prefix", "") + value["repeat"] * value["count"] +
                value.get("suffix", ""))
    raise ValueError(f"bad text value {value!r}")


def resolve_body(body):
    """The body bytes of a SigV4 vector."""
    if body is None:
        return b""
    if isinstance(body, dict) and "json" in body:
        members = {n: resolve_text(v) for n, v in body["json"]}
        return json.dumps(members, separators=(",", ":"),
                          ensure_ascii=body.get("escape", "ascii") == "ascii"
                          ).encode("utf-8")
    return resolve_text(body).encode("utf-8")


# --- legacy ---------------------------------------------------------------

def b64_hmac_sha1(secret, msg):
    return base64.b64encode(hmac.new(secret.encode("utf-8"),
                                     msg.encode("utf-8"),
                                     hashlib.sha1).digest()).decode("ascii")


def legacy_request_params(v):
    """The full parameter list the request builder sends (without
    Signature)."""
    r = v["request"]
    params = [("Service", "AWSMechanicalTurkRequester"),
              ("AWSAccessKeyId", r["access_key_id"])]
    if r.get("version"):
        params.append(("Version", r["version"]))
    params.append(("Operation", r["operation"]))
    params.append(("Timestamp", r["timestamp"]))
    params += [(n, resolve_text(x)) for n, x in r.get("params", [])]
    if v["scheme"] == "sigv1":
        params.append(("SignatureVersion", "1"))
    return params


def compute_legacy(v):
    out = {}
    if "request" in v:
        r = v["request"]
        params = legacy_request_params(v)
        operation, timestamp = r["operation"], r["timestamp"]
        service = "AWSMechanicalTurkRequester"
    else:
        params = [(n, resolve_text(x)) for n, x in v.get("params", [])]
        operation, timestamp = v.get("operation"), v.get("timestamp")
        service = v.get("service", "AWSMechanicalTurkRequester")
    if v["scheme"] == "mturk":
        sts = service + operation + timestamp
    else:
        # boto 2 QuerySignatureV1AuthHandler: stable sort on name.lower()
        signed = [(n, x) for n, x in params if n != "Signature"]
        signed.sort(key=lambda p: p[0].lower())
        sts = "".join(n + x for n, x in signed)
    sig = b64_hmac_sha1(v["secret"], sts)
    out["string-to-sign.txt"] = sts.encode("utf-8")
    out["signature.txt"] = sig.encode("ascii")
    if "request" in v:
        r = v["request"]
        params.append(("Signature", sig))
        query = "&".join(quote(n, safe="-_.~") + "=" + quote(x, safe="-_.~")
                         for n, x in params)
        scheme_end = r["endpoint"].index("://") + 3
        rest = r["endpoint"][scheme_end:]
        host, _, path = rest.partition("/")
        path = "/" + path
        if r.get("method", "GET") == "GET":
            target = path + ("&" if "?" in path else "?") + query
            text = (f"GET {target} HTTP/1.1\nHost: {host}\n\n")
        else:
            text = (f"POST {path} HTTP/1.1\nHost: {host}\n"
                    "Content-Type: application/x-www-form-urlencoded; "
                    f"charset=UTF-8\nContent-Length: {len(query)}\n\n{query}")
        out["signed-request.txt"] = text.encode("utf-8")
    return out


# --- SigV4 (botocore) -----------------------------------------------------

class _FixedClock(datetime.datetime):
    fixed = None

    @classmethod
    def utcnow(cls):
        return cls.fixed


def compute_sigv4(v):
    body = resolve_body(v.get("body"))
    headers = v["headers"]
    signed = v.get("signed_headers")
    wanted = set(signed.split(";")) if signed else None
    host = next(x for n, x in headers if n.lower() == "host")
    url = "https://" + host + v["path"]
    if v.get("query"):
        url += "?" + v["query"]
    req = AWSRequest(method=v["method"], url=url, data=body)
    for n, x in headers:
        # botocore sets X-Amz-Date from its (patched) clock itself
        if n.lower() == "x-amz-date":
            continue
        if wanted is None or n.lower() in wanted:
            req.headers[n] = x
    signer = botocore_auth.SigV4Auth(Credentials(v["access_key_id"],
                                                 v["secret"]),
                                     v["service"], v["region"])
    seen = {}
    real_cr = signer.canonical_request
    real_sts = signer.string_to_sign
    real_sig = signer.signature

    def cr(request):
        seen["cr"] = real_cr(request)
        return seen["cr"]

    def sts(request, canonical):
        seen["sts"] = real_sts(request, canonical)
        return seen["sts"]

    def sig(string_to_sign, request):
        seen["sig"] = real_sig(string_to_sign, request)
        return seen["sig"]

    signer.canonical_request = cr
    signer.string_to_sign = sts
    signer.signature = sig
    _FixedClock.fixed = datetime.datetime.strptime(v["amz_date"],
                                                   "%Y%m%dT%H%M%SZ")
    with mock.patch.object(botocore_auth.datetime, "datetime", _FixedClock):
        signer.add_auth(req)
    authz = req.headers["Authorization"]
    target = v["path"] + ("?" + v["query"] if v.get("query") else "")
    lines = [f"{v['method']} {target} HTTP/1.1"]
    lines += [f"{n}: {x}" for n, x in headers]
    lines.append(f"Authorization: {authz}")
    sreq = ("\n".join(lines) + "\n\n").encode("utf-8") + body
    return {
        "canonical-request.txt": seen["cr"].encode("utf-8"),
        "string-to-sign.txt": seen["sts"].encode("utf-8"),
        "signature.txt": seen["sig"].encode("ascii"),
        "authorization.txt": authz.encode("utf-8"),
        "signed-request.txt": sreq,
    }


def compute(v):
    if v["scheme"] == "sigv4":
        return compute_sigv4(v)
    return compute_legacy(v)


# --- the vector set -------------------------------------------------------

def mturk(desc, feedback=FEEDBACK, escape="ascii", host=MTURK_HOST,
          signed="content-type;host;x-amz-date;x-amz-target",
          sha256_header=False, raw_body=None, extra_headers=()):
    body = (raw_body if raw_body is not None else
            {"json": [["AssignmentId", ASSIGNMENT],
                      ["RequesterFeedback", feedback]], "escape": escape})
    length = len(resolve_body(body))
    headers = [["Host", host], ["Content-Type", JSON_CT],
               ["Content-Length", str(length)], ["X-Amz-Date", AMZ_DATE],
               ["X-Amz-Target", TARGET]]
    if sha256_header:
        headers.append(["X-Amz-Content-Sha256",
                        hashlib.sha256(resolve_body(body)).hexdigest()])
    headers += [list(h) for h in extra_headers]
    return {"scheme": "sigv4", "description": desc, "access_key_id": AK,
            "secret": SECRET, "region": "us-east-1",
            "service": "mturk-requester", "amz_date": AMZ_DATE,
            "method": "POST", "path": "/", "headers": headers,
            "body": body, "signed_headers": signed}


def generic(desc, method="GET", path="/", query=None, headers=(),
            body=None):
    v = {"scheme": "sigv4", "description": desc, "access_key_id": AK,
         "secret": SECRET, "region": "us-east-1", "service": "service",
         "amz_date": AMZ_DATE, "method": method, "path": path,
         "headers": [["Host", "example.amazonaws.com"]] +
                    [list(h) for h in headers] +
                    [["X-Amz-Date", AMZ_DATE]]}
    if query is not None:
        v["query"] = query
    if body is not None:
        v["body"] = body
    return v


def mturk_legacy(desc, timestamp, operation="RejectAssignment",
                 secret=SECRET, service=None):
    v = {"scheme": "mturk", "description": desc, "secret": secret,
         "operation": operation, "timestamp": timestamp}
    if service:
        v["service"] = service
    return v


def legacy_request(scheme, desc, method="GET", feedback=FEEDBACK,
                   timestamp="2015-08-30T12:36:00Z",
                   endpoint="https://mechanicalturk.amazonaws.com/"):
    return {"scheme": scheme, "description": desc, "secret": SECRET,
            "request": {"endpoint": endpoint, "method": method,
                        "access_key_id": AK, "version": "2014-08-15",
                        "operation": "RejectAssignment",
                        "timestamp": timestamp,
                        "params": [["AssignmentId", ASSIGNMENT],
                                   ["RequesterFeedback", feedback]]}}


def sigv1(desc, params):
    return {"scheme": "sigv1", "description": desc, "secret": SECRET,
            "params": [list(p) for p in params]}


REJECT_V1 = [("AWSAccessKeyId", AK), ("Operation", "RejectAssignment"),
             ("Version", "2014-08-15"), ("SignatureVersion", "1"),
             ("Timestamp", "2015-08-30T12:36:00Z"),
             ("AssignmentId", ASSIGNMENT), ("RequesterFeedback", FEEDBACK)]

E2 = "\u00e9"          # 2-byte UTF-8
E3 = "\u20ac"          # 3-byte UTF-8
E4 = "\U0001F600"      # 4-byte UTF-8, a surrogate pair in JSON escapes

VECTORS = {
    # legacy MTurk HMAC-SHA1
    "legacy/mturk-public-service-a": mturk_legacy(
        "public vector (chbrown/turk): ServiceA+OperationB+TimestampC",
        "TimestampC", "OperationB",
        "zzT2CTVVfFeXw/OrwezR8inI5WwiO/mlfGEXxvP1", "ServiceA"),
    "legacy/mturk-reject": mturk_legacy(
        "RejectAssignment, timestamp without milliseconds",
        "2015-08-30T12:36:00Z"),
    "legacy/mturk-reject-millis-000": mturk_legacy(
        "timestamp with .000 milliseconds", "2015-08-30T12:36:00.000Z"),
    "legacy/mturk-reject-millis-123": mturk_legacy(
        "timestamp with .123 milliseconds (ruby-aws)",
        "2015-08-30T12:36:00.123Z"),
    "legacy/mturk-reject-offset-minus": mturk_legacy(
        "local time with a negative offset (rturk)",
        "2015-08-30T05:36:00-07:00"),
    "legacy/mturk-reject-offset-plus": mturk_legacy(
        "local time with a positive offset", "2015-08-30T14:36:00+02:00"),
    "legacy/mturk-reject-millis-offset": mturk_legacy(
        "milliseconds and an offset", "2015-08-30T05:36:00.321-07:00"),
    "legacy/mturk-get-account-balance": mturk_legacy(
        "another operation, same scheme", "2015-08-30T12:36:00Z",
        "GetAccountBalance"),
    "legacy/mturk-request-get": legacy_request(
        "mturk", "complete GET request, parameters in the query string"),
    "legacy/mturk-request-post": legacy_request(
        "mturk", "complete POST form request", method="POST",
        feedback="R\u00e9ponse vide & incompl\u00e8te = 0/10 +"),
    "legacy/mturk-request-sandbox-millis": legacy_request(
        "mturk", "sandbox endpoint, timestamp with milliseconds",
        timestamp="2015-08-30T12:36:00.000Z",
        endpoint="https://mechanicalturk.sandbox.amazonaws.com/"),
    # AWS Signature Version 1
    "legacy/sigv1-reject": sigv1(
        "SigV1 RejectAssignment (protocol notes 1.4)", REJECT_V1),
    "legacy/sigv1-mixed-case": sigv1(
        "names sorted case-insensitively, not by byte",
        [("b", "2"), ("A", "1"), ("C", "3"), ("a", "0")]),
    "legacy/sigv1-prefix-names": sigv1(
        "names that are prefixes of others sort first",
        [("FooBar", "3"), ("Foo.10", "2"), ("Foo", "1"), ("Foo.2", "4"),
         ("Foo.1", "5")]),
    "legacy/sigv1-underscore": sigv1(
        "'_' sorts before letters once names are lowercased",
        [("ab", "1"), ("a_b", "2"), ("AB", "3"), ("A", "4")]),
    "legacy/sigv1-utf8-value": sigv1(
        "values are signed as raw UTF-8, not URL-encoded",
        REJECT_V1[:-1] + [("RequesterFeedback", E2 + E3 + E4 + " a+b&c=d")]),
    "legacy/sigv1-signature-ignored": sigv1(
        "a Signature parameter is never part of the string",
        REJECT_V1 + [("Signature", "bogus")]),
    "legacy/sigv1-empty-value": sigv1(
        "empty values contribute only their name",
        REJECT_V1[:-1] + [("RequesterFeedback", "")]),
    "legacy/sigv1-request-get": legacy_request(
        "sigv1", "complete GET request signed with SigV1"),
    "legacy/sigv1-request-post": legacy_request(
        "sigv1", "complete POST request signed with SigV1", method="POST",
        feedback="Spaces  and\ttabs, " + E2),
    # SigV4, MTurk RejectAssignment
    "sigv4/mturk-reject-ascii": mturk(
        "RejectAssignment, ASCII feedback (protocol notes 2.2)"),
    "sigv4/mturk-reject-2byte-escaped": mturk(
        "2-byte UTF-8 feedback sent as \\u escapes (botocore)",
        "Tr" + E2 + "s mauvais"),
    "sigv4/mturk-reject-2byte-raw": mturk(
        "2-byte UTF-8 feedback sent as raw UTF-8", "Tr" + E2 + "s mauvais",
        escape="utf8"),
    "sigv4/mturk-reject-3byte-escaped": mturk(
        "3-byte UTF-8 feedback sent as \\u escapes", "Costs 5" + E3),
    "sigv4/mturk-reject-3byte-raw": mturk(
        "3-byte UTF-8 feedback sent as raw UTF-8", "Costs 5" + E3,
        escape="utf8"),
    "sigv4/mturk-reject-4byte-escaped": mturk(
        "astral feedback sent as a surrogate pair of \\u escapes",
        "Nope " + E4),
    "sigv4/mturk-reject-4byte-raw": mturk(
        "astral feedback sent as raw 4-byte UTF-8", "Nope " + E4,
        escape="utf8"),
    "sigv4/mturk-reject-1024-ascii": mturk(
        "1024 ASCII characters", {"repeat": "a", "count": 1024}),
    "sigv4/mturk-reject-1025-ascii": mturk(
        "1025 ASCII characters", {"repeat": "a", "count": 1025}),
    "sigv4/mturk-reject-1024-2byte-escaped": mturk(
        "1024 x U+00E9 as \\u escapes", {"repeat": E2, "count": 1024}),
    "sigv4/mturk-reject-1024-2byte-raw": mturk(
        "1024 x U+00E9 as raw UTF-8 (2048 bytes)",
        {"repeat": E2, "count": 1024}, escape="utf8"),
    "sigv4/mturk-reject-1025-2byte-raw": mturk(
        "1025 x U+00E9 as raw UTF-8", {"repeat": E2, "count": 1025},
        escape="utf8"),
    "sigv4/mturk-reject-512-astral-escaped": mturk(
        "512 x U+1F600 (1024 UTF-16 units) as escapes",
        {"repeat": E4, "count": 512}),
    "sigv4/mturk-reject-1024-astral-raw": mturk(
        "1024 x U+1F600 as raw UTF-8 (4096 bytes)",
        {"repeat": E4, "count": 1024}, escape="utf8"),
    "sigv4/mturk-reject-reserved-chars": mturk(
        "JSON and URL reserved characters in the feedback",
        "\"quoted\" back\\slash /path?a=1&b=2#frag 100% +plus\n\ttab"),
    "sigv4/mturk-reject-empty-feedback": mturk(
        "empty feedback (accepted by the service)", ""),
    "sigv4/mturk-reject-botocore-spacing": mturk(
        "body as json.dumps defaults write it (', ' and ': ')",
        raw_body=json.dumps({"AssignmentId": ASSIGNMENT,
                             "RequesterFeedback": FEEDBACK})),
    "sigv4/mturk-signed-no-content-type": mturk(
        "signed headers host;x-amz-date;x-amz-target (a PHP client)",
        signed="host;x-amz-date;x-amz-target"),
    "sigv4/mturk-signed-content-length": mturk(
        "content-length signed too (aws-sdk-go)",
        signed="content-length;content-type;host;x-amz-date;x-amz-target"),
    "sigv4/mturk-signed-content-sha256": mturk(
        "x-amz-content-sha256 sent and signed (Ruby SDK)",
        signed="content-type;host;x-amz-content-sha256;x-amz-date;"
               "x-amz-target", sha256_header=True),
    "sigv4/mturk-sandbox-host": mturk(
        "sandbox host, same us-east-1 scope", host=SANDBOX_HOST),
    "sigv4/mturk-unsigned-user-agent": mturk(
        "a User-Agent that is sent but not signed",
        extra_headers=[("User-Agent", "raconform/0.1")]),
    # SigV4, generic, in the style of the public AWS suite
    "sigv4/get-vanilla": generic("GET / with nothing else"),
    "sigv4/get-vanilla-query-order-key": generic(
        "query parameters sorted by name", query="Param2=value2&Param1=value1"),
    "sigv4/get-vanilla-query-order-value": generic(
        "repeated names sorted by value", query="Param1=value2&Param1=Value1"),
    "sigv4/get-vanilla-query-order-key-case": generic(
        "uppercase names sort before lowercase (byte order)",
        query="param1=value1&Param1=value2"),
    "sigv4/get-vanilla-query-unreserved": generic(
        "unreserved characters stay as they are",
        query="-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
              "vwxyz=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmno"
              "pqrstuvwxyz"),
    "sigv4/get-vanilla-utf8-query": generic(
        "UTF-8 query name, percent-encoded", query="%E1%88%B4=bar"),
    "sigv4/get-vanilla-query-prefix-names": generic(
        "names that are prefixes of others",
        query="ab=2&a=1&a-b=3&a.b=4"),
    "sigv4/get-vanilla-empty-query-value": generic(
        "a parameter with an empty value", query="Param1=&Param0=x"),
    "sigv4/get-header-value-trim": generic(
        "values trimmed, inner space runs folded",
        headers=[("My-Header1", " value1"),
                 ("My-Header2", ' "a   b   c" ')]),
    "sigv4/get-header-key-duplicate": generic(
        "a repeated header: values joined with ',' in the order sent",
        headers=[("My-Header1", "value2"), ("My-Header1", "value2"),
                 ("My-Header1", "value1")]),
    "sigv4/get-header-value-order": generic(
        "repeated header values are not sorted",
        headers=[("My-Header1", "value4"), ("My-Header1", "value1"),
                 ("My-Header1", "value3"), ("My-Header1", "value2")]),
    "sigv4/get-header-key-case": generic(
        "header names lowercased and sorted",
        headers=[("ZOO", "zoobar"), ("Content-Type", "text/plain")]),
    "sigv4/get-unreserved-path": generic(
        "unreserved characters in the path",
        path="/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
             "vwxyz"),
    "sigv4/get-path-encoded-space": generic(
        "an encoded path is encoded again (not S3)",
        path="/example%20space/"),
    "sigv4/post-vanilla": generic("POST / without a body", method="POST"),
    "sigv4/post-vanilla-query": generic(
        "POST with a query string", method="POST", query="Param1=value1"),
    "sigv4/post-x-www-form-urlencoded": generic(
        "a form body", method="POST",
        headers=[("Content-Type", "application/x-www-form-urlencoded")],
        body="Param1=value1"),
}


def write_vector(root, name, v):
    d = os.path.join(root, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "vector.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(v, indent=2, ensure_ascii=False))
    for fname, data in compute(v).items():
        with open(os.path.join(d, fname), "wb") as f:
            f.write(data)


def find_vectors(root):
    names = []
    for kind in ("legacy", "sigv4"):
        base = os.path.join(root, kind)
        if not os.path.isdir(base):
            continue
        for entry in sorted(os.listdir(base)):
            if os.path.isfile(os.path.join(base, entry, "vector.json")):
                names.append(kind + "/" + entry)
    return names


def check(root):
    """Recomputes every vector under root; returns a list of problems."""
    problems = []
    for name in find_vectors(root):
        d = os.path.join(root, name)
        with open(os.path.join(d, "vector.json"), encoding="utf-8") as f:
            v = json.load(f)
        for fname, data in compute(v).items():
            path = os.path.join(d, fname)
            if not os.path.exists(path):
                problems.append(f"{name}/{fname}: missing")
                continue
            with open(path, "rb") as f:
                if f.read() != data:
                    problems.append(f"{name}/{fname}: differs")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--dir", default=os.path.join(here, "..", "..",
                                                  "vectors"))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    if args.check:
        problems = check(args.dir)
        for p in problems:
            print(p)
        print(f"{len(find_vectors(args.dir))} vectors, "
              f"{len(problems)} problems")
        return 1 if problems else 0
    for name, v in VECTORS.items():
        write_vector(args.dir, name, v)
    print(f"wrote {len(VECTORS)} vectors under {args.dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
