"""Every seeded defect of `raconform serve --defect NAME` really misbehaves
(and only the clean server behaves): each test shows the bug over HTTP."""
import subprocess

import pytest

from conftest import (at_once, boto_client, boto_error, control_get,
                      control_seed, legacy_call, now_timestamp, raconform_bin)

NOT_FOUND = (400, "RequestError", "AWS.MechanicalTurk.AssignmentDoesNotExist")
BAD_VALUE = (400, "RequestError", "AWS.MechanicalTurk.InvalidParameterValue")
OK = (200, None, None)


def reject(s, fb="x", who=None, region="us-east-1", status="Submitted"):
    aid = control_seed(s, status)
    err = boto_error(boto_client(s, who, region).reject_assignment,
                     AssignmentId=aid, RequesterFeedback=fb)
    return err, control_get(s, aid)


# name -> function(served) returning an observation; it must differ between
# the clean server and the defective one.
def obs_feedback(fb):
    return lambda s: reject(s, fb)[0]


def obs_owner(s):
    a = control_seed(s)
    return boto_error(boto_client(s, s.other).reject_assignment,
                      AssignmentId=a, RequesterFeedback="x"), \
        control_get(s, a)["status"]


def obs_signature(s):
    bad = dict(s.owner, secret_access_key="wrong")
    return boto_error(boto_client(s, bad).reject_assignment,
                      AssignmentId=control_seed(s), RequesterFeedback="x")[:2]


def obs_skew(s):
    a = control_seed(s)
    return legacy_call(s, {"AssignmentId": a}, ts=now_timestamp(-3600))[0]


def obs_state(status):
    return lambda s: reject(s, status=status)[0]


def obs_state_before_validate(s):
    err, got = reject(s, "x" * 1025)
    return got["status"]


def obs_roundtrip(fb):
    def f(s):
        a = control_seed(s)
        boto_error(boto_client(s).reject_assignment, AssignmentId=a,
                   RequesterFeedback=fb)
        return control_get(s, a)["RequesterFeedback"]
    return f


def obs_missing_param(s):
    st, body = legacy_call(s, {})
    return st


def obs_envelope(s):
    st, body = legacy_call(s, {"AssignmentId": "NOSUCH"})
    return st, "<RejectAssignmentResult>" in body


def obs_race(s):
    a = control_seed(s)
    clients = [boto_client(s) for _ in range(6)]
    res = at_once(6, lambda: boto_error(clients.pop().reject_assignment,
                                        AssignmentId=a, RequesterFeedback="r"))
    return res.count(OK) > 1


def obs_region(s):
    return reject(s, region="eu-west-1")[0][:2]


def obs_lower(s):
    a = control_seed(s)
    return boto_error(boto_client(s).reject_assignment,
                      AssignmentId=a.lower(), RequesterFeedback="x")[:2]


def obs_invalid_utf8(s):
    import urllib.parse
    from conftest import http
    import base64, hashlib, hmac
    a = control_seed(s)
    ts = now_timestamp()
    sig = base64.b64encode(hmac.new(s.owner["secret_access_key"].encode(),
                                    ("AWSMechanicalTurkRequesterReject"
                                     "Assignment" + ts).encode(),
                                    hashlib.sha1).digest()).decode()
    q = ("Operation=RejectAssignment&AWSAccessKeyId=%s&Timestamp=%s"
         "&Signature=%s&AssignmentId=%s&RequesterFeedback=%%FF"
         % (s.owner["access_key_id"], ts, urllib.parse.quote(sig, safe=""),
            a))
    http("GET", s.url + "?" + q)
    return control_get(s, a)["status"]


def obs_unknown_key(s):
    who = {"access_key_id": "AKIDNOBODY", "secret_access_key": "x"}
    return boto_error(boto_client(s, who).reject_assignment,
                      AssignmentId=control_seed(s), RequesterFeedback="x")[:2]


def obs_legacy_case(s):
    a = control_seed(s)
    return "<IsValid>True</IsValid>" in legacy_call(
        s, {"AssignmentId": a.lower()})[1]


def obs_leak(s):
    a = control_seed(s)
    return boto_error(boto_client(s, s.other).reject_assignment,
                      AssignmentId=a, RequesterFeedback="x")


def mturk_signature(s, operation, ts, service="AWSMechanicalTurkRequester"):
    import base64
    import hashlib
    import hmac
    return base64.b64encode(hmac.new(
        s.owner["secret_access_key"].encode(),
        (service + operation + ts).encode(), hashlib.sha1).digest()).decode()


def obs_raw_feedback(raw_fb):
    """Legacy GET whose query carries RequesterFeedback exactly as raw_fb
    (no encoding by the test); returns (HTTP status, stored feedback)."""
    def f(s):
        import urllib.parse
        from conftest import http
        a = control_seed(s)
        ts = now_timestamp()
        q = ("Operation=RejectAssignment&AWSAccessKeyId=%s&Timestamp=%s"
             "&Signature=%s&AssignmentId=%s&RequesterFeedback=%s"
             % (s.owner["access_key_id"], urllib.parse.quote(ts, safe=""),
                urllib.parse.quote(mturk_signature(s, "RejectAssignment",
                                                   ts), safe=""),
                a, raw_fb))
        st, _, _ = http("GET", s.url + "?" + q)
        return st, control_get(s, a)["RequesterFeedback"]
    return f


def obs_legacy_params(params, **kw):
    """Legacy call with some parameters changed; returns (HTTP status,
    IsValid True?, assignment status)."""
    def f(s):
        a = control_seed(s)
        p = {"AssignmentId": a}
        p.update(params)
        st, body = legacy_call(s, p, **kw)
        return st, "<IsValid>True</IsValid>" in body, \
            control_get(s, a)["status"]
    return f


def obs_legacy_ts(ts_fn):
    return lambda s: obs_legacy_params({}, ts=ts_fn())(s)


def obs_service(s):
    # Signed over the Service sent, as a client using another service would.
    a = control_seed(s)
    ts = now_timestamp()
    sig = mturk_signature(s, "RejectAssignment", ts,
                          service="AWSMechanicalTurkWorker")
    st, body = legacy_call(s, {"AssignmentId": a,
                               "Service": "AWSMechanicalTurkWorker",
                               "Signature": sig}, ts=ts, sign=False)
    return st, control_get(s, a)["status"]


def obs_json(method="POST", members=None, headers=None):
    """A json-2017 reject signed by botocore (it signs every header sent)
    with another method, extra body members or extra/changed headers;
    returns (HTTP status, assignment status)."""
    def f(s):
        import hashlib
        import json
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        from conftest import http
        a = control_seed(s)
        doc = {"AssignmentId": a, "RequesterFeedback": "x"}
        doc.update(members or {})
        body = json.dumps(doc)
        h = {"X-Amz-Target": "MTurkRequesterServiceV20170117.RejectAssignment",
             "Content-Type": "application/x-amz-json-1.1"}
        for k, v in (headers or {}).items():
            h[k] = hashlib.sha256(body.encode()).hexdigest() \
                if v is SHA256 else v
        req = AWSRequest(method=method, url=s.url, data=body, headers=h)
        SigV4Auth(Credentials(s.owner["access_key_id"],
                              s.owner["secret_access_key"]),
                  "mturk-requester", "us-east-1").add_auth(req)
        st, _, _ = http(method, s.url, body.encode(),
                        dict(req.headers.items()))
        return st, control_get(s, a)["status"]
    return f


SHA256 = object()  # obs_json header value: the body's SHA-256 in hex


def millis_timestamp():
    return now_timestamp()[:-1] + ".123Z"


OBSERVATIONS = {
    "feedback-off-by-one": obs_feedback("a" * 1025),
    "feedback-count-bytes": obs_feedback("\u00e9" * 1024),
    "feedback-count-utf16": obs_feedback("\U0001F600" * 513),
    "no-owner-check": obs_owner,
    "leak-existence": obs_leak,
    "no-signature-check": obs_signature,
    "no-skew-check": obs_skew,
    "reject-approved": obs_state("Approved"),
    "reject-rejected": obs_state("Rejected"),
    "state-before-validate": obs_state_before_validate,
    "truncate-feedback": obs_feedback("a" * 1030),
    "normalize-feedback": obs_roundtrip("  padded  "),
    "no-control-char-check": obs_feedback("a\x01b"),
    "missing-param-500": obs_missing_param,
    "wrong-envelope": obs_envelope,
    "check-then-set-race": obs_race,
    "any-region": obs_region,
    "accept-lowercase-id-json": obs_lower,
    "empty-feedback-refused": obs_feedback(""),
    "accept-invalid-utf8": obs_invalid_utf8,
    "refuse-tab-newline": obs_feedback("a\tb"),
    "unknown-key-accepted": obs_unknown_key,
    "legacy-case-sensitive-id": obs_legacy_case,
    "plus-not-space": obs_raw_feedback("a+b"),
    "plus-after-decode": obs_raw_feedback("1%2B1"),
    "double-decode": obs_raw_feedback("%2541"),
    "upper-hex-only": obs_raw_feedback("caf%c3%a9"),
    "html-escape-feedback": obs_roundtrip("<b>A & B</b>"),
    "feedback-limit-exclusive": obs_feedback("a" * 1024),
    "tight-skew-window": obs_legacy_ts(lambda: now_timestamp(-300)),
    "no-sigv1": obs_legacy_params({}, v1=True),
    "accept-missing-signature": obs_legacy_params({}, sign=False),
    "timestamp-seconds-only": obs_legacy_ts(millis_timestamp),
    "ignore-version": obs_legacy_params({"Version": "2099-01-01"}),
    "ignore-service": obs_service,
    "default-operation": obs_legacy_params({}, operation="RejectAssignments"),
    "json-any-method": obs_json("GET"),
    "cesu8-surrogates": obs_roundtrip("smile \U0001F600"),
    "normalize-nfc": obs_roundtrip("cafe\u0301"),
    "fixed-signed-headers": obs_json(headers={"X-Amz-Content-Sha256":
                                              SHA256}),
    "closed-json-shape": obs_json(members={"Foo": "bar"}),
    "exact-content-type": obs_json(headers={
        "Content-Type": "application/x-amz-json-1.1; charset=utf-8"}),
    "require-version": obs_legacy_params({"Version": None}),
    "refuse-unknown-params": obs_legacy_params({"ResponseGroup": "Minimal"}),
    "widen-control-check": obs_feedback("a\x7fb"),
    "legacy-get-only": obs_legacy_params({}, post=True),
}


def listed_defects():
    out = subprocess.run([raconform_bin(), "serve", "--list-defects"],
                         capture_output=True, text=True, check=True).stdout
    rows = [line.split(None, 3) for line in out.splitlines() if line.strip()]
    return rows


def test_list_defects_format():
    rows = listed_defects()
    assert len(rows) >= 15
    for name, breaks, areas, desc in rows:
        assert breaks in ("MUST", "SHOULD")
        assert areas and desc
    assert sorted(r[0] for r in rows) == sorted(OBSERVATIONS)


def test_unknown_defect_exit_2():
    p = subprocess.run([raconform_bin(), "serve", "--defect", "nope"],
                       capture_output=True, text=True, timeout=10)
    assert p.returncode == 2
    assert "'nope'" in p.stderr and p.stdout == ""


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    from conftest import start_serve
    s = start_serve(tmp_path_factory.mktemp("clean"))
    yield s
    s.stop()


@pytest.mark.parametrize("name", sorted(OBSERVATIONS))
def test_defect_misbehaves(serve, clean, name):
    bad = serve("--defect", name)
    assert bad.target["name"] == "raconform-refserver (defects: %s)" % name
    good_obs = OBSERVATIONS[name](clean)
    bad_obs = OBSERVATIONS[name](bad)
    assert good_obs != bad_obs, (name, good_obs)
