#!/usr/bin/python3
"""raconform client-check adapter: a legacy (2014-08-15) MTurk client
written with the standard library only (hmac + urllib), in the style of the
old SDKs: POST application/x-www-form-urlencoded, MTurk HMAC-SHA1
signature (`--sigv1` signs with AWS Signature Version 1 instead), XML
answers checked in all three error envelopes, 503 / AWS.ServiceUnavailable
retried with backoff 0.1*2^try s (as Amazon's Ruby SDK did), 5 tries.

Environment in (SPEC §5), one line out on stdout:
  ok | error <Type> [<Code>]
  (`--bare`: `ok` or the bare code, e.g. AWS.MechanicalTurk.InvalidAssignmentState,
  as SPEC §5 allows: a leading `error` word is allowed, not required)
Run: raconform client-check --profile legacy-2014 -- /usr/bin/python3 legacy_adapter.py
"""
import base64
import datetime
import hashlib
import hmac
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

SERVICE = "AWSMechanicalTurkRequester"
MAX_TRIES = 5


def b64_hmac_sha1(secret, msg):
    mac = hmac.new(secret.encode("utf-8"), msg.encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode("ascii")


def build_params(env, sigv1):
    ts = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    params = {
        "Service": SERVICE,
        "AWSAccessKeyId": env["RACONFORM_ACCESS_KEY_ID"],
        "Version": "2014-08-15",
        "Operation": "RejectAssignment",
        "Timestamp": ts,
        "AssignmentId": env["RACONFORM_ASSIGNMENT_ID"],
        "RequesterFeedback": env["RACONFORM_FEEDBACK"],
    }
    secret = env["RACONFORM_SECRET_ACCESS_KEY"]
    if sigv1:
        params["SignatureVersion"] = "1"
        keys = sorted(params, key=str.lower)
        sts = "".join(k + params[k] for k in keys)
        params["Signature"] = b64_hmac_sha1(secret, sts)
    else:
        params["Signature"] = b64_hmac_sha1(
            secret, SERVICE + "RejectAssignment" + ts)
    return params


def local(tag):
    return tag.rsplit("}", 1)[-1]


def judge(status, body):
    """Returns (line, retry)."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return ("error MalformedResponse HTTP%d" % status, status == 503)
    for el in root.iter():
        if local(el.tag) == "Error":
            code = next((c.text for c in el if local(c.tag) == "Code"), None)
            code = (code or "Unknown").strip()
            retry = status == 503 or code in ("ServiceUnavailable",
                                              "AWS.ServiceUnavailable")
            return ("error MTurkError %s" % code, retry)
    if status != 200:
        return ("error HTTP%d" % status, status >= 500)
    for el in root.iter():
        if local(el.tag) == "IsValid":
            if (el.text or "").strip() == "True":
                return ("ok", False)
            return ("error MTurkError IsValidFalse", False)
    if local(root.tag) == "RejectAssignmentResponse":
        return ("ok", False)
    return ("error MalformedResponse unexpected-root", False)


def main():
    if sys.argv[1:2] == ["--version"]:
        print("raconform legacy adapter 1.0 (Python standard library)")
        return 0
    env = os.environ
    sigv1 = "--sigv1" in sys.argv[1:]
    if env.get("RACONFORM_PROFILE") != "legacy-2014":
        print("error Unsupported profile %s" % env.get("RACONFORM_PROFILE"))
        return 0
    line = "error NoAttempt"
    for attempt in range(MAX_TRIES):
        if attempt:
            time.sleep(0.1 * 2 ** attempt)
        # A fresh Timestamp and Signature for every try.
        body = urllib.parse.urlencode(build_params(env, sigv1),
                                      quote_via=urllib.parse.quote).encode("ascii")
        req = urllib.request.Request(
            env["RACONFORM_ENDPOINT"], data=body, method="POST",
            headers={"Content-Type":
                     "application/x-www-form-urlencoded; charset=UTF-8",
                     "User-Agent": "raconform-legacy-adapter/1.0 python-urllib"})
        try:
            with urllib.request.urlopen(req, timeout=5) as resp:
                line, retry = judge(resp.status, resp.read())
        except urllib.error.HTTPError as e:
            line, retry = judge(e.code, e.read())
        except OSError as e:
            line, retry = "error %s" % type(e).__name__, True
        if not retry:
            break
    if "--bare" in sys.argv[1:] and line != "ok":
        line = line.split()[-1]
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
