#!/usr/bin/python3
"""A complete external signer for `raconform vectors --signer`: reads one
vector's inputs (JSON) on stdin, prints the signature (legacy) or the
Authorization value (SigV4). Protocol: docs/vectors.md. Standard library
only."""
import base64
import hashlib
import hmac
import json
import sys
from urllib.parse import quote, unquote

UNRESERVED = "-_.~"


def b64_sha1(secret, msg):
    return base64.b64encode(hmac.new(secret.encode(), msg.encode(),
                                     hashlib.sha1).digest()).decode()


def h256(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def sigv4(v, sort_names=True, encode_path=True):
    path = quote(v["path"], safe="/~") if encode_path else v["path"]
    pairs = []
    for seg in filter(None, (v.get("query") or "").split("&")):
        name, _, value = seg.partition("=")
        pairs.append((quote(unquote(name), safe=UNRESERVED),
                      quote(unquote(value), safe=UNRESERVED)))
    query = "&".join(f"{n}={x}" for n, x in sorted(pairs))
    wanted = v.get("signed_headers")
    wanted = set(wanted.split(";")) if wanted else None
    values = {}
    for name, value in v["headers"]:
        lname = name.lower()
        if wanted is None or lname in wanted:
            values.setdefault(lname, []).append(" ".join(value.split()))
    names = sorted(values) if sort_names else list(values)
    canon = "".join(f"{n}:{','.join(values[n])}\n" for n in names)
    signed = ";".join(names)
    payload = v.get("payload_hash") or hashlib.sha256(
        v.get("body", "").encode()).hexdigest()
    creq = "\n".join([v["method"], path, query, canon, signed, payload])
    scope = f"{v['amz_date'][:8]}/{v['region']}/{v['service']}/aws4_request"
    sts = "\n".join(["AWS4-HMAC-SHA256", v["amz_date"], scope,
                     hashlib.sha256(creq.encode()).hexdigest()])
    key = ("AWS4" + v["secret"]).encode()
    for part in (v["amz_date"][:8], v["region"], v["service"],
                 "aws4_request"):
        key = h256(key, part)
    sig = hmac.new(key, sts.encode(), hashlib.sha256).hexdigest()
    return (f"AWS4-HMAC-SHA256 Credential={v['access_key_id']}/{scope}, "
            f"SignedHeaders={signed}, Signature={sig}")


def sign(v, case_sensitive_v1=False, **kw):
    if v["scheme"] == "mturk":
        return b64_sha1(v["secret"],
                        v["service"] + v["operation"] + v["timestamp"])
    if v["scheme"] == "sigv1":
        key = (lambda p: p[0]) if case_sensitive_v1 else \
              (lambda p: p[0].lower())
        # Every parameter handed over is signed: raconform never hands a
        # signer the Signature (docs/vectors.md).
        params = sorted(v["params"], key=key)
        return b64_sha1(v["secret"], "".join(n + x for n, x in params))
    return sigv4(v, **kw)


if __name__ == "__main__":
    print(sign(json.load(sys.stdin)))
