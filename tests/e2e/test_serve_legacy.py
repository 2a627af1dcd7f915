"""`raconform serve` over real HTTP, legacy-2014 profile, hand-signed."""
import re
import urllib.parse

import pytest

from conftest import at_once, control_get, control_seed, legacy_call, now_timestamp

FRONT = re.compile(r'^<\?xml version="1\.0"\?>\n<Response><Errors><Error>'
                   r'<Code>([^<]+)</Code><Message>[^<]*</Message></Error>'
                   r'</Errors><RequestID>[^<]+</RequestID></Response>$')


@pytest.fixture
def srv(serve):
    return serve("--profile", "legacy-2014")


def op_error_code(body):
    m = re.search(r"<RejectAssignmentResult><Request><IsValid>False</IsValid>"
                  r"<Errors><Error><Code>([^<]+)</Code><Message>([^<]*)"
                  r"</Message>", body)
    return m.group(1) if m else None


def auth_error_code(body):
    m = re.search(r"<RejectAssignmentResponse><OperationRequest><RequestId>"
                  r"[^<]+</RequestId><Errors><Error><Code>([^<]+)</Code>", body)
    return m.group(1) if m else None


@pytest.mark.parametrize("post", [False, True])
@pytest.mark.parametrize("v1", [False, True])
def test_success_envelope(srv, post, v1):
    a = control_seed(srv)
    st, body = legacy_call(srv, {"AssignmentId": a,
                                 "RequesterFeedback": "Bad work"},
                           post=post, v1=v1)
    assert st == 200
    assert re.fullmatch(
        r'<\?xml version="1\.0"\?>\n<RejectAssignmentResponse>'
        r'<OperationRequest><RequestId>[0-9a-f-]{36}</RequestId>'
        r'</OperationRequest><RejectAssignmentResult><Request><IsValid>True'
        r'</IsValid></Request></RejectAssignmentResult>'
        r'</RejectAssignmentResponse>', body)
    assert control_get(srv, a)["status"] == "Rejected"


@pytest.mark.parametrize("ts_fmt", ["%Y-%m-%dT%H:%M:%S.123Z",
                                    "%Y-%m-%dT%H:%M:%S+00:00"])
def test_timestamp_forms(srv, ts_fmt):
    import datetime
    ts = datetime.datetime.now(datetime.timezone.utc).strftime(ts_fmt)
    a = control_seed(srv)
    st, body = legacy_call(srv, {"AssignmentId": a}, ts=ts)
    assert "<IsValid>True</IsValid>" in body


def test_feedback_optional_and_plus_is_space(srv):
    a = control_seed(srv)
    legacy_call(srv, {"AssignmentId": a})
    assert control_get(srv, a) ["RequesterFeedback"] is None
    b = control_seed(srv)
    st, body = legacy_call(srv, {"AssignmentId": b,
                                 "RequesterFeedback": "two words"})
    assert control_get(srv, b)["RequesterFeedback"] == "two words"
    c = control_seed(srv)
    # a literal '+' in a form body is a space
    from conftest import http
    import base64, hashlib, hmac
    ts = now_timestamp()
    sig = base64.b64encode(hmac.new(srv.owner["secret_access_key"].encode(),
                                    ("AWSMechanicalTurkRequesterReject"
                                     "Assignment" + ts).encode(),
                                    hashlib.sha1).digest()).decode()
    raw = ("Service=AWSMechanicalTurkRequester&Operation=RejectAssignment"
           "&AWSAccessKeyId=%s&Timestamp=%s&Signature=%s&AssignmentId=%s"
           "&RequesterFeedback=a+b%%2Bc" % (srv.owner["access_key_id"], ts,
                                            urllib.parse.quote(sig, safe=""),
                                            c))
    st, _, body = http("POST", srv.url, raw.encode(), {
        "Content-Type": "application/x-www-form-urlencoded"})
    assert b"<IsValid>True</IsValid>" in body
    assert control_get(srv, c)["RequesterFeedback"] == "a b+c"


def test_lowercase_id_is_uppercased(srv):
    a = control_seed(srv)
    st, body = legacy_call(srv, {"AssignmentId": a.lower()})
    assert "<IsValid>True</IsValid>" in body
    st, body = legacy_call(srv, {"AssignmentId": "alpha"})
    assert op_error_code(body) == "AWS.MechanicalTurk.AssignmentDoesNotExist"
    assert "Assignment ALPHA does not exist." in body
    assert re.search(r"\(\d{13} s\)</Message>", body)


@pytest.mark.parametrize("status", ["Approved", "Rejected"])
def test_wrong_state(srv, status):
    a = control_seed(srv, status)
    st, body = legacy_call(srv, {"AssignmentId": a, "RequesterFeedback": "x"})
    assert st == 200
    assert op_error_code(body) == "AWS.MechanicalTurk.InvalidAssignmentState"
    assert control_get(srv, a)["status"] == status


def test_other_requester_like_nonexistent(srv):
    a = control_seed(srv)
    _, b1 = legacy_call(srv, {"AssignmentId": a}, who=srv.other)
    assert op_error_code(b1) == "AWS.MechanicalTurk.AssignmentDoesNotExist"
    assert control_get(srv, a)["status"] == "Submitted"


@pytest.mark.parametrize("fb", ["x" * 1025, "\u00e9" * 1025, "a\x01b",
                                "a\x0bb", "\x1f"])
def test_feedback_refused(srv, fb):
    a = control_seed(srv)
    st, body = legacy_call(srv, {"AssignmentId": a, "RequesterFeedback": fb},
                           post=True)
    assert op_error_code(body) == "AWS.MechanicalTurk.InvalidParameterValue"
    got = control_get(srv, a)
    assert got["status"] == "Submitted" and got["RequesterFeedback"] is None


def test_invalid_utf8_refused(srv):
    a = control_seed(srv)
    from conftest import http
    import base64, hashlib, hmac
    ts = now_timestamp()
    sig = base64.b64encode(hmac.new(srv.owner["secret_access_key"].encode(),
                                    ("AWSMechanicalTurkRequesterReject"
                                     "Assignment" + ts).encode(),
                                    hashlib.sha1).digest()).decode()
    q = ("Operation=RejectAssignment&AWSAccessKeyId=%s&Timestamp=%s"
         "&Signature=%s&AssignmentId=%s&RequesterFeedback=%%FF%%FE"
         % (srv.owner["access_key_id"], ts, urllib.parse.quote(sig, safe=""),
            a))
    st, _, body = http("GET", srv.url + "?" + q)
    assert b"AWS.MechanicalTurk.InvalidParameterValue" in body
    assert control_get(srv, a)["status"] == "Submitted"


@pytest.mark.parametrize("fb", ["\U0001F600 ok", "e\u0301", "\u4e2d\u6587",
                                " tab\tLF\nCR\r ", "\u00e9" * 1024])
def test_feedback_round_trip(srv, fb):
    a = control_seed(srv)
    legacy_call(srv, {"AssignmentId": a, "RequesterFeedback": fb}, post=True)
    assert control_get(srv, a)["RequesterFeedback"] == fb


def test_auth_errors(srv):
    a = control_seed(srv)
    st, body = legacy_call(srv, {"AssignmentId": a}, secret="wrong")
    assert st == 200 and auth_error_code(body) == "AWS.BadClaimsSupplied"
    st, body = legacy_call(srv, {"AssignmentId": a, "Signature": "garbled"},
                           sign=False)
    assert st == 200 and auth_error_code(body) == "AWS.BadClaimsSupplied"
    unknown = {"access_key_id": "AKIDNOBODY", "secret_access_key": "x"}
    st, body = legacy_call(srv, {"AssignmentId": a}, who=unknown)
    assert st == 200 and auth_error_code(body) == "AWS.NotAuthorized"
    st, body = legacy_call(srv, {"AssignmentId": a, "Timestamp": None})
    assert auth_error_code(body) == "AWS.MissingParameters"
    for off in (-16 * 60, 16 * 60):
        st, body = legacy_call(srv, {"AssignmentId": a},
                               ts=now_timestamp(off))
        m = FRONT.match(body)
        assert st == 400 and m and m.group(1) == "RequestExpired"
    assert control_get(srv, a)["status"] == "Submitted"


def test_front_door_errors(srv):
    a = control_seed(srv)
    for params, code in [({"Version": "2012-03-25"}, "NoSuchVersion"),
                         ({"Service": "Other"}, "InvalidParameterValue")]:
        params["AssignmentId"] = a
        st, body = legacy_call(srv, params)
        assert st == 400 and FRONT.match(body).group(1) == code
    # duplicate parameters
    from conftest import http
    st, _, body = http("GET", srv.url + "?Operation=RejectAssignment"
                       "&AssignmentId=A&AssignmentId=B")
    assert st == 400
    assert FRONT.match(body.decode()).group(1) == "InvalidParameterValue"
    assert control_get(srv, a)["status"] == "Submitted"


def test_missing_assignment_id(srv):
    st, body = legacy_call(srv, {})
    assert op_error_code(body) == "AWS.MissingParameters"


def test_approve_rejected(srv):
    a = control_seed(srv, "Rejected")
    st, body = legacy_call(srv, {"AssignmentId": a},
                           operation="ApproveRejectedAssignment")
    assert "<IsValid>True</IsValid>" in body
    assert control_get(srv, a)["status"] == "Approved"


def test_concurrent_rejects_one_wins(srv):
    a = control_seed(srv)
    bodies = [r[1] for r in
              at_once(8, lambda: legacy_call(srv, {"AssignmentId": a}))]
    assert sum("<IsValid>True</IsValid>" in b for b in bodies) == 1
    assert sum(op_error_code(b) == "AWS.MechanicalTurk.InvalidAssignmentState"
               for b in bodies) == 7
