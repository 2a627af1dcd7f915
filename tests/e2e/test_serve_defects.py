"""Every seeded defect of `raconform serve --defect NAME` really misbehaves
(and only the clean server behaves): each test shows the bug over HTTP."""
import subprocess

import pytest

from conftest import (boto_client, boto_error, control_get,
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


RACE_ROUNDS = 5
RACE_COPIES = 6


def race_round(s):
    """One round: RACE_COPIES copies of one signed json-2017 reject of a
    fresh assignment, each on its own kept-alive connection that already
    carried a reject of an unknown ID (so the server accepted each one on
    its own, rather than one server thread taking them all), then all
    written before any answer is read (one thread: the copies leave within
    a fraction of a millisecond however loaded the machine is); returns
    how many succeeded."""
    import http.client
    import json
    import urllib.parse
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    u = urllib.parse.urlsplit(s.url)

    def signed(aid):
        body = json.dumps({"AssignmentId": aid, "RequesterFeedback": "r"})
        req = AWSRequest(method="POST", url=s.url, data=body, headers={
            "X-Amz-Target": "MTurkRequesterServiceV20170117.RejectAssignment",
            "Content-Type": "application/x-amz-json-1.1"})
        SigV4Auth(Credentials(s.owner["access_key_id"],
                              s.owner["secret_access_key"]),
                  "mturk-requester", "us-east-1").add_auth(req)
        return body.encode(), dict(req.headers.items())

    def send(c, req):
        c.request("POST", u.path or "/", req[0], req[1])

    warm, real = signed("NOSUCH"), signed(control_seed(s))
    conns = []
    try:
        for _ in range(RACE_COPIES):
            c = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
            conns.append(c)
            send(c, warm)
            r = c.getresponse()
            r.read()
            assert r.status == 400 and not r.will_close, r.status
        for c in conns:
            send(c, real)
        answers = [c.getresponse() for c in conns]
        for r in answers:
            r.read()
        return sum(r.status == 200 for r in answers)
    finally:
        for c in conns:
            c.close()


def obs_race(s):
    """Whether some round of concurrent rejects of one assignment has more
    than one winner. A correct server never has one (every round is
    strict). The seeded defect sleeps 50 ms between check and set; the
    copies of a round reach the server well within that, and a round can
    still miss when two copies land on one server thread (it serves them
    one after the other), so up to RACE_ROUNDS rounds are tried."""
    for _ in range(RACE_ROUNDS):
        if race_round(s) > 1:
            return True
    return False


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


# --- independently designed defects (docs/defects-independent.md) ---------

def obs_legacy_signature(transform):
    """Legacy reject whose correct Signature is transformed first."""
    def f(s):
        ts = now_timestamp()
        sig = transform(mturk_signature(s, "RejectAssignment", ts))
        return obs_legacy_params({"Signature": sig}, ts=ts, sign=False)(s)
    return f


def sigv4_reject(s, doc=None, signed=("content-type", "host", "x-amz-date",
                                      "x-amz-target"),
                 scope_date=None, service="mturk-requester", headers=None,
                 body_after=None, drop=()):
    """A json-2017 reject signed by hand (so the scope, the signed headers
    and the body can each be made wrong on their own); returns (HTTP
    status, response Content-Type, assignment status, stored feedback)."""
    import datetime
    import hashlib
    import hmac
    import json
    import urllib.parse
    from conftest import http
    a = control_seed(s)
    body = json.dumps(doc(a) if doc else
                      {"AssignmentId": a, "RequesterFeedback": "x"}).encode()
    amz = datetime.datetime.now(datetime.timezone.utc).strftime(
        "%Y%m%dT%H%M%SZ")
    h = {"host": urllib.parse.urlsplit(s.url).netloc, "x-amz-date": amz,
         "x-amz-target": "MTurkRequesterServiceV20170117.RejectAssignment",
         "content-type": "application/x-amz-json-1.1"}
    for k, v in (headers or {}).items():
        h[k] = hashlib.sha256(body).hexdigest() if v is SHA256 else v
    names = sorted(signed)
    creq = "\n".join(["POST", "/", ""] + ["%s:%s" % (n, h[n]) for n in names]
                     + ["", ";".join(names),
                        hashlib.sha256(body).hexdigest()])
    date8 = scope_date or amz[:8]
    scope = "%s/us-east-1/%s/aws4_request" % (date8, service)
    sts = "\n".join(["AWS4-HMAC-SHA256", amz, scope,
                     hashlib.sha256(creq.encode()).hexdigest()])
    key = ("AWS4" + s.owner["secret_access_key"]).encode()
    for part in (date8, "us-east-1", service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    sig = hmac.new(key, sts.encode(), hashlib.sha256).hexdigest()
    h["authorization"] = ("AWS4-HMAC-SHA256 Credential=%s/%s, "
                          "SignedHeaders=%s, Signature=%s"
                          % (s.owner["access_key_id"], scope,
                             ";".join(names), sig))
    if body_after:
        body = json.dumps(body_after(a)).encode()
    send = {k: v for k, v in h.items() if k != "host" and k not in drop}
    st, rh, _ = http("POST", s.url, body, send)
    got = control_get(s, a)
    ctype = {k.lower(): v for k, v in rh.items()}.get("content-type")
    return st, ctype, got["status"], got["RequesterFeedback"]


def obs_sigv4(**kw):
    return lambda s: sigv4_reject(s, **kw)


def yesterday8():
    import datetime
    return (datetime.datetime.now(datetime.timezone.utc) -
            datetime.timedelta(days=1)).strftime("%Y%m%d")


def obs_form_body_with_query(s):
    """MTurkR's form: Service in the URL, everything else in the body."""
    import urllib.parse
    from conftest import http
    a = control_seed(s)
    ts = now_timestamp()
    body = urllib.parse.urlencode({
        "AWSAccessKeyId": s.owner["access_key_id"], "Version": "2014-08-15",
        "Operation": "RejectAssignment", "Timestamp": ts,
        "Signature": mturk_signature(s, "RejectAssignment", ts),
        "AssignmentId": a})
    st, _, _ = http("POST", s.url + "?Service=AWSMechanicalTurkRequester",
                    body.encode(),
                    {"Content-Type": "application/x-www-form-urlencoded"})
    return st, control_get(s, a)["status"]


def obs_legacy_body(check):
    """A valid legacy reject; returns check(answer body)."""
    def f(s):
        return check(legacy_call(s, {"AssignmentId": control_seed(s)})[1])
    return f


def well_formed(text):
    import xml.etree.ElementTree as ET
    try:
        ET.fromstring(text.encode())
    except ET.ParseError:
        return False
    return True


def obs_legacy_wrong_secret(aid_fn, check):
    def f(s):
        st, body = legacy_call(s, {"AssignmentId": aid_fn(s)},
                               secret="wrong")
        return st, check(body)
    return f


def obs_boto(aid_fn, who=None, fb="x"):
    def f(s):
        aid, watch = aid_fn(s)
        err = boto_error(boto_client(s, s.other if who == "other" else None)
                         .reject_assignment, AssignmentId=aid,
                         RequesterFeedback=fb)
        got = control_get(s, watch) if watch else {}
        return err, got.get("status"), got.get("RequesterFeedback")
    return f


INDEPENDENT = {
    "signature-prefix-match": obs_legacy_signature(lambda x: x[:8]),
    "signature-case-insensitive": obs_legacy_signature(str.swapcase),
    "scope-date-unchecked": lambda s: sigv4_reject(
        s, scope_date=yesterday8()),
    "host-not-signed": obs_sigv4(signed=("content-type", "x-amz-date",
                                         "x-amz-target")),
    "payload-hash-from-header": obs_sigv4(
        signed=("content-type", "host", "x-amz-content-sha256",
                "x-amz-date", "x-amz-target"),
        headers={"x-amz-content-sha256": SHA256},
        body_after=lambda a: {"AssignmentId": a, "RequesterFeedback": "y"}),
    "any-service-scope": obs_sigv4(service="mturk"),
    "future-timestamp-accepted": obs_legacy_ts(lambda: now_timestamp(3600)),
    "sigv1-case-sensitive-sort": obs_legacy_params({}, v1=True),
    "missing-date-500": obs_sigv4(drop=("x-amz-date",)),
    "legacy-auth-error-403": obs_legacy_wrong_secret(
        control_seed, lambda b: "AWS.BadClaimsSupplied" in b),
    "state-before-auth": obs_legacy_wrong_secret(
        lambda s: "3NOSUCHASSIGNMENT000000000000Z",
        lambda b: "AWS.BadClaimsSupplied" in b),
    "form-body-ignored-with-query": obs_form_body_with_query,
    "duplicate-feedback-split": obs_raw_feedback(
        "ok&RequesterFeedback=a%01b"),
    "target-suffix-only": obs_json(headers={
        "X-Amz-Target": "MTurkRequesterServiceV20140815.RejectAssignment"}),
    "json-member-case-insensitive": obs_sigv4(
        doc=lambda a: {"assignmentId": a, "requesterFeedback": "x"}),
    "json-feedback-coerced": obs_json(members={"RequesterFeedback": 123}),
    "json-null-feedback": obs_json(members={"RequesterFeedback": None}),
    "json-reply-content-type": obs_sigv4(),
    "json-error-200": obs_state("Approved"),
    "no-turk-error-code": obs_state("Approved"),
    "legacy-bare-result": obs_legacy_body(
        lambda b: "<RejectAssignmentResponse>" in b),
    "xml-unescaped-echo": lambda s: well_formed(
        legacy_call(s, {"AssignmentId": "A<B&C"})[1]),
    "trim-assignment-id-json": obs_sigv4(
        doc=lambda a: {"AssignmentId": a + " ", "RequesterFeedback": "x"}),
    "assignment-id-max-65": obs_boto(lambda s: ("A" * 65, None)),
    "assignment-id-prefix-match": obs_boto(
        lambda s: (lambda a: (a[:-1], a))(control_seed(s))),
    "state-before-owner": obs_boto(
        lambda s: (lambda a: (a, a))(control_seed(s, "Approved")),
        who="other"),
    "feedback-before-checks": obs_boto(
        lambda s: (lambda a: (a, a))(control_seed(s, "Approved"))),
    "astral-not-counted": obs_feedback("\U0001F600" * 1025),
    "astral-refused": obs_feedback("smile \U0001F600"),
    "nul-ends-control-check": obs_feedback("a\x00b"),
    "control-check-first-line": obs_feedback("a\nb\x01"),
    "control-range-off-by-one": obs_feedback("a\x1fb"),
    "isspace-allows-vt-ff": obs_feedback("a\x0bb"),
    "crlf-to-lf": obs_roundtrip("a\r\nb"),
    "feedback-too-long-500": obs_feedback("a" * 1025),
}
OBSERVATIONS.update(INDEPENDENT)


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
