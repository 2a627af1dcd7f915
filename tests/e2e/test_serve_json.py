"""`raconform serve` over real HTTP, json-2017 profile, driven by boto3."""
import datetime
import hashlib
import hmac
import json

import pytest

from conftest import (at_once, boto_client, boto_error, control_get,
                      control_seed, http)


@pytest.fixture
def srv(serve):
    return serve()


def test_url_first_line_and_target_file(srv):
    assert srv.url.startswith("http://127.0.0.1:")
    t = srv.target
    assert t["endpoint"] == srv.url
    assert t["capabilities"] == {"feedback_length_unit": "codepoint",
                                 "operations": ["RejectAssignment",
                                                "ApproveAssignment",
                                                "ApproveRejectedAssignment",
                                                "GetAssignment"]}
    assert t["requesters"]["owner"]["access_key_id"] == "AKIDRACONFORMOWNER01"
    assert t["requesters"]["other"]["access_key_id"] == "AKIDRACONFORMOTHER02"
    assert srv.control == srv.url + "_raconform/"


def test_sigterm_exits_zero(srv):
    assert srv.stop() == 0


def test_happy_path_and_state(srv):
    c = boto_client(srv)
    a = control_seed(srv)
    r = c.reject_assignment(AssignmentId=a, RequesterFeedback="Did not follow")
    assert r["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert r["ResponseMetadata"]["RequestId"]
    got = control_get(srv, a)
    assert got == {"AssignmentId": a, "owner": "AKIDRACONFORMOWNER01",
                   "status": "Rejected", "RequesterFeedback": "Did not follow"}
    assert control_get(srv, control_seed(srv))["RequesterFeedback"] is None


@pytest.mark.parametrize("status", ["Approved", "Rejected"])
def test_wrong_state(srv, status):
    c = boto_client(srv)
    a = control_seed(srv, status)
    st, code, _ = boto_error(c.reject_assignment, AssignmentId=a,
                             RequesterFeedback="x")
    assert (st, code) == (400, "RequestError")
    assert control_get(srv, a)["status"] == status


def test_error_body_shape(srv):
    c = boto_client(srv)
    import botocore.exceptions
    with pytest.raises(botocore.exceptions.ClientError) as ei:
        c.reject_assignment(AssignmentId="NOSUCH1", RequesterFeedback="x")
    r = ei.value.response
    assert r["Error"]["Code"] == "RequestError"
    assert r["TurkErrorCode"] == "AWS.MechanicalTurk.AssignmentDoesNotExist"
    assert r["Error"]["Message"].startswith("Assignment NOSUCH1 does not exist")
    assert r["Error"]["Message"].endswith(")")


def test_other_requester_like_nonexistent(srv):
    a = control_seed(srv)
    c = boto_client(srv, srv.other)
    e1 = boto_error(c.reject_assignment, AssignmentId=a, RequesterFeedback="x")
    e2 = boto_error(c.reject_assignment, AssignmentId="NOSUCH",
                    RequesterFeedback="x")
    assert e1 == e2 == (400, "RequestError",
                        "AWS.MechanicalTurk.AssignmentDoesNotExist")
    assert control_get(srv, a)["status"] == "Submitted"


@pytest.mark.parametrize("unit,n,ok", [
    ("a", 1024, True), ("a", 1025, False),
    ("\u00e9", 1024, True), ("\u00e9", 1025, False),
    ("\u4e2d", 1024, True), ("\u4e2d", 1025, False),
    ("\U0001F600", 1024, True), ("\U0001F600", 1025, False),
    ("e\u0301", 512, True), ("e\u0301", 513, False),
])
def test_feedback_length_codepoints(srv, unit, n, ok):
    c = boto_client(srv)
    a = control_seed(srv)
    fb = unit * n
    err = boto_error(c.reject_assignment, AssignmentId=a, RequesterFeedback=fb)
    got = control_get(srv, a)
    if ok:
        assert err == (200, None, None)
        assert got["RequesterFeedback"] == fb
    else:
        assert err == (400, "RequestError",
                       "AWS.MechanicalTurk.InvalidParameterValue")
        assert got["status"] == "Submitted"
        assert got["RequesterFeedback"] is None


@pytest.mark.parametrize("fb", ["  spaced \t\n\r ", "\U0001F600 emoji",
                                "e\u0301 combining", "\u4e2d\u6587",
                                "", "q\"uo\\te"])
def test_feedback_round_trip_byte_exact(srv, fb):
    a = control_seed(srv)
    boto_client(srv).reject_assignment(AssignmentId=a, RequesterFeedback=fb)
    assert control_get(srv, a)["RequesterFeedback"] == fb


@pytest.mark.parametrize("ch", [0, 1, 8, 11, 12, 14, 31])
def test_feedback_control_chars(srv, ch):
    a = control_seed(srv)
    err = boto_error(boto_client(srv).reject_assignment, AssignmentId=a,
                     RequesterFeedback="x" + chr(ch) + "y")
    assert err == (400, "RequestError",
                   "AWS.MechanicalTurk.InvalidParameterValue")
    assert control_get(srv, a)["status"] == "Submitted"


@pytest.mark.parametrize("aid", ["abc", "A" * 65, "AB-12"])
def test_assignment_id_validation(srv, aid):
    err = boto_error(boto_client(srv).reject_assignment, AssignmentId=aid,
                     RequesterFeedback="x")
    assert err[:2] == (400, "ValidationException")


def test_64_char_id_is_valid_pattern(srv):
    err = boto_error(boto_client(srv).reject_assignment, AssignmentId="A" * 64,
                     RequesterFeedback="x")
    assert err == (400, "RequestError",
                   "AWS.MechanicalTurk.AssignmentDoesNotExist")


def test_auth_errors(srv):
    a = control_seed(srv)
    bad = dict(srv.owner, secret_access_key="wrong")
    assert boto_error(boto_client(srv, bad).reject_assignment, AssignmentId=a,
                      RequesterFeedback="x")[:2] == \
        (400, "InvalidSignatureException")
    unknown = {"access_key_id": "AKIDNOBODY", "secret_access_key": "x"}
    assert boto_error(boto_client(srv, unknown).reject_assignment,
                      AssignmentId=a, RequesterFeedback="x")[:2] == \
        (400, "UnrecognizedClientException")
    assert boto_error(boto_client(srv, region="us-west-1").reject_assignment,
                      AssignmentId=a, RequesterFeedback="x")[:2] == \
        (400, "InvalidSignatureException")
    assert control_get(srv, a)["status"] == "Submitted"


def sigv4_post(srv, body, target="MTurkRequesterServiceV20170117."
               "RejectAssignment", ctype="application/x-amz-json-1.1",
               when=None, auth=True, who=None):
    """Minimal SigV4 signer (host;x-amz-date;x-amz-target) for raw bodies."""
    who = who or srv.owner
    when = when or datetime.datetime.now(datetime.timezone.utc)
    amz = when.strftime("%Y%m%dT%H%M%SZ")
    host = srv.url.split("/")[2]
    hdrs = {"Host": host, "X-Amz-Date": amz, "Content-Type": ctype}
    names = ["host", "x-amz-date"]
    if target is not None:
        hdrs["X-Amz-Target"] = target
        names.append("x-amz-target")
    canon = "".join("%s:%s\n" % (n, hdrs[{"host": "Host", "x-amz-date":
                                          "X-Amz-Date", "x-amz-target":
                                          "X-Amz-Target"}[n]]) for n in names)
    creq = "\n".join(["POST", "/", "", canon, ";".join(names),
                      hashlib.sha256(body).hexdigest()])
    scope = "%s/us-east-1/mturk-requester/aws4_request" % amz[:8]
    sts = "\n".join(["AWS4-HMAC-SHA256", amz, scope,
                     hashlib.sha256(creq.encode()).hexdigest()])
    k = ("AWS4" + who["secret_access_key"]).encode()
    for part in (amz[:8], "us-east-1", "mturk-requester", "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    sig = hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()
    if auth:
        hdrs["Authorization"] = ("AWS4-HMAC-SHA256 Credential=%s/%s, "
                                 "SignedHeaders=%s, Signature=%s" % (
                                     who["access_key_id"], scope,
                                     ";".join(names), sig))
    del hdrs["Host"]
    st, h, b = http("POST", srv.url, body, hdrs)
    return st, h, json.loads(b) if b else None


def test_raw_protocol_errors(srv):
    a = control_seed(srv)
    good = json.dumps({"AssignmentId": a, "RequesterFeedback": "x"}).encode()
    assert sigv4_post(srv, good, auth=False)[2]["__type"] == \
        "MissingAuthenticationTokenException"
    assert sigv4_post(srv, good, target=None)[2]["__type"] == \
        "UnknownOperationException"
    assert sigv4_post(srv, good, target="MTurkRequesterServiceV20170117."
                      "Nope")[2]["__type"] == "UnknownOperationException"
    assert sigv4_post(srv, good, ctype="application/json")[2]["__type"] == \
        "SerializationException"
    assert sigv4_post(srv, b"{not json")[2]["__type"] == \
        "SerializationException"
    dup = ('{"AssignmentId":"%s","AssignmentId":"%s","RequesterFeedback":""}'
           % (a, a)).encode()
    assert sigv4_post(srv, dup)[2]["__type"] == "SerializationException"
    lone = ('{"AssignmentId":"%s","RequesterFeedback":"\\ud83d"}' % a).encode()
    assert sigv4_post(srv, lone)[2]["__type"] == "SerializationException"
    nofb = ('{"AssignmentId":"%s"}' % a).encode()
    st, _, b = sigv4_post(srv, nofb)
    assert (st, b["__type"]) == (400, "ValidationException")
    assert "TurkErrorCode" not in b
    num = ('{"AssignmentId":"%s","RequesterFeedback":5}' % a).encode()
    assert sigv4_post(srv, num)[2]["__type"] == "ValidationException"
    stale = datetime.datetime.now(datetime.timezone.utc) - \
        datetime.timedelta(minutes=6)
    assert sigv4_post(srv, good, when=stale)[2]["__type"] == \
        "InvalidSignatureException"
    assert control_get(srv, a)["status"] == "Submitted"
    # extra members are ignored; \u escapes and pairs decode
    extra = ('{"AssignmentId":"%s","RequesterFeedback":"\\u00e9\\ud83d\\ude00",'
             '"Unknown":{"x":1}}' % a).encode()
    st, h, b = sigv4_post(srv, extra)
    assert (st, b) == (200, {})
    assert h["Content-Type"] == "application/x-amz-json-1.1"
    assert h.get("x-amzn-RequestId")
    assert control_get(srv, a)["RequesterFeedback"] == "\u00e9\U0001F600"


def test_oversized_body_413(srv):
    st, _, _ = http("POST", srv.url, b"x" * (70 * 1024), {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "MTurkRequesterServiceV20170117.RejectAssignment"})
    assert st == 413
    # still serving
    assert control_get(srv, control_seed(srv))["status"] == "Submitted"


def test_concurrent_rejects_one_wins(srv):
    a = control_seed(srv)
    clients = [boto_client(srv) for _ in range(8)]
    results = at_once(8, lambda: boto_error(clients.pop().reject_assignment,
                                            AssignmentId=a,
                                            RequesterFeedback="race"))
    assert results.count((200, None, None)) == 1
    assert results.count((400, "RequestError",
                          "AWS.MechanicalTurk.InvalidAssignmentState")) == 7


def test_override_rejection(srv):
    c = boto_client(srv)
    a = control_seed(srv, "Rejected")
    assert boto_error(c.approve_assignment, AssignmentId=a)[0] == 400
    c.approve_assignment(AssignmentId=a, OverrideRejection=True)
    assert control_get(srv, a)["status"] == "Approved"
    got = c.get_assignment(AssignmentId=a)
    assert got["Assignment"]["AssignmentStatus"] == "Approved"


def test_control_api(serve):
    s = serve("--control-token", "sekret")
    st, _, _ = http("POST", s.control + "assignments",
                    b'{"owner":"AK","status":"Submitted"}')
    assert st == 401
    auth = {"Authorization": "Bearer sekret"}
    st, _, b = http("POST", s.control + "assignments",
                    b'{"owner":"AK","status":"Submitted"}', auth)
    assert st == 201
    aid = json.loads(b)["AssignmentId"]
    assert len(aid) == 30 and aid.isalnum() and aid.upper() == aid
    assert http("GET", s.control + "assignments/" + aid, None, auth)[0] == 200
    assert http("POST", s.control + "assignments",
                b'{"owner":"AK","status":"Bogus"}', auth)[0] == 400
    assert http("POST", s.control + "reset", b"", auth)[0] == 204
    assert http("GET", s.control + "assignments/" + aid, None, auth)[0] == 404
