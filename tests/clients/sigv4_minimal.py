"""A small, self-contained SigV4 signer for the example adapters
(broken_signer_adapter.py and bytes_adapter.py). hashlib + hmac only.

`bug` selects one deliberate defect so the examiner's reasons can be tested:
  None             correct signature
  "payload-hash"   hashes an empty payload instead of the body
  "unsigned-target" leaves x-amz-target out of SignedHeaders (valid signature
                   over an incomplete header set)
  "wrong-key"      derives the key without the "AWS4" prefix
"""
import datetime
import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request

SERVICE = "mturk-requester"
REGION = "us-east-1"
TARGET = "MTurkRequesterServiceV20170117.RejectAssignment"


def _hmac(key, msg):
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()


def sign(method, host, path, headers, body, akid, secret, now=None, bug=None):
    """Returns headers (dict) with X-Amz-Date and Authorization added."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    date8 = amz_date[:8]
    headers = dict(headers)
    headers["Host"] = host
    headers["X-Amz-Date"] = amz_date
    names = sorted(k.lower() for k in headers)
    if bug == "unsigned-target":
        names = [n for n in names if n != "x-amz-target"]
    lower = {k.lower(): v.strip() for k, v in headers.items()}
    canonical_headers = "".join("%s:%s\n" % (n, lower[n]) for n in names)
    signed = ";".join(names)
    payload = b"" if bug == "payload-hash" else body
    creq = "\n".join([method, path, "", canonical_headers, signed,
                      hashlib.sha256(payload).hexdigest()])
    scope = "%s/%s/%s/aws4_request" % (date8, REGION, SERVICE)
    sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                     hashlib.sha256(creq.encode("utf-8")).hexdigest()])
    prefix = "" if bug == "wrong-key" else "AWS4"
    k = _hmac((prefix + secret).encode("utf-8"), date8)
    k = _hmac(k, REGION)
    k = _hmac(k, SERVICE)
    k = _hmac(k, "aws4_request")
    sig = hmac.new(k, sts.encode("utf-8"), hashlib.sha256).hexdigest()
    headers["Authorization"] = (
        "AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s"
        % (akid, scope, signed, sig))
    return headers


def reject(env, body, bug=None):
    """Sends one RejectAssignment (no retries) and returns the output line."""
    url = urllib.parse.urlsplit(env["RACONFORM_ENDPOINT"])
    path = url.path or "/"
    headers = sign("POST", url.netloc, path,
                   {"Content-Type": "application/x-amz-json-1.1",
                    "X-Amz-Target": TARGET},
                   body, env["RACONFORM_ACCESS_KEY_ID"],
                   env["RACONFORM_SECRET_ACCESS_KEY"], bug=bug)
    headers["User-Agent"] = "raconform-example-adapter/1.0"
    del headers["Host"]  # urllib sends it
    req = urllib.request.Request(env["RACONFORM_ENDPOINT"], data=body,
                                 headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            data = resp.read()
            if data.strip() not in (b"", b"{}"):
                json.loads(data)
            return "ok"
    except urllib.error.HTTPError as e:
        try:
            err = json.loads(e.read())
            etype = err.get("__type", "Unknown").split("#")[-1].split(":")[0]
            return ("error %s %s" % (etype, err.get("TurkErrorCode", ""))).strip()
        except ValueError:
            return "error HTTP%d" % e.code
    except ValueError:
        return "error MalformedResponse"
    except OSError as e:
        return "error %s" % type(e).__name__
