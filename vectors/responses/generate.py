#!/usr/bin/python3
"""Writes the response fixtures (docs/responses.md) from the table below.

Run from anywhere: /usr/bin/python3 vectors/responses/generate.py
Each fixture is written as raw wire bytes (response.http) plus expect.json.
Content-Length is computed here unless a fixture sets "no_cl" (then the
loader computes it: that path is tested too). Rerunning rewrites every
directory in the table and leaves others alone.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
NS = 'xmlns="http://requester.mturk.amazonaws.com/doc/2014-08-15"'
DECL = '<?xml version="1.0"?>\n'
RID = "643b794b-66b6-4427-bb8a-4d3df5c9a20e"
JRID = "1b3a8c1e-5f2d-4c6e-9a47-2f0d7e8b9c10"
XMLH = [("Date", "Thu, 07 Jul 2016 20:55:29 GMT"), ("Server", "MTurk"),
        ("Content-Type", "text/xml")]
JSONH = [("Date", "Fri, 18 Jun 2021 20:21:13 GMT"),
         ("x-amzn-RequestId", JRID),
         ("Content-Type", "application/x-amz-json-1.1")]


def opreq(ns=""):
    return "<OperationRequest><RequestId>%s</RequestId></OperationRequest>" % RID


def rr(inner, ns=False, op="RejectAssignment", head=True):
    attr = " " + NS if ns else ""
    return "%s<%sResponse%s>%s%s</%sResponse>" % (
        DECL if head else "", op, attr, opreq(), inner, op)


def result_ok(op="RejectAssignment"):
    return "<%sResult><Request><IsValid>True</IsValid></Request></%sResult>" % (op, op)


def err_xml(code, msg, data=()):
    d = "".join("<Data><Key>%s</Key><Value>%s</Value></Data>" % kv for kv in data)
    return "<Errors><Error><Code>%s</Code><Message>%s</Message>%s</Error></Errors>" % (code, msg, d)


def result_err(code, msg, data=(), op="RejectAssignment"):
    return "<%sResult><Request><IsValid>False</IsValid>%s</Request></%sResult>" % (
        op, err_xml(code, msg, data), op)


def op_err(code, msg, data=(), op="GetAccountBalance", ns=False):
    attr = " " + NS if ns else ""
    return "%s<%sResponse%s><OperationRequest><RequestId>%s</RequestId>%s</OperationRequest></%sResponse>" % (
        DECL, op, attr, RID, err_xml(code, msg, data), op)


def front(code, msg, rid="e7a3c9d2-7b1f-4f55-9a0e-3c4d5e6f7a8b", ns=False):
    attr = " " + NS if ns else ""
    return "%s<Response%s><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors><RequestID>%s</RequestID></Response>" % (
        DECL, attr, code, msg, rid)


PRETTY = DECL + """<RejectAssignmentResponse>
  <OperationRequest>
    <RequestId>%s</RequestId>
  </OperationRequest>
  <RejectAssignmentResult>
    <Request>
      <IsValid>True</IsValid>
    </Request>
  </RejectAssignmentResult>
</RejectAssignmentResponse>
""" % RID

SHUTDOWN = ("This Requester API is no longer supported. Please use the latest API "
            "using the official AWS SDK. https://aws.amazon.com/getting-started/tools-sdks")

HTML502 = """<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
"""
HTML503 = """<!DOCTYPE html>
<html><head><title>503 Service Temporarily Unavailable</title></head>
<body><h1>Service Temporarily Unavailable</h1>
<p>The server is temporarily unable to service your request. Please try again later.</p>
</body></html>
"""

LAUGHS = DECL + """<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<RejectAssignmentResponse><OperationRequest><RequestId>&lol3;</RequestId></OperationRequest>""" + result_ok() + "</RejectAssignmentResponse>"

F = []


def fx(name, profile, status, reason, headers, body, source, **expect):
    F.append((name, profile, status, reason, headers, body, source, expect))


L, J = "legacy-2014", "json-2017"

# --- legacy success ------------------------------------------------------
fx("legacy-success-request", L, 200, "OK", XMLH, rr(result_ok()),
   "doc: legacy-RA-doc sample response (notes §1.5)",
   kind="success", envelope="result", is_valid=True, request_id=RID, error_code=None)
fx("legacy-success-request-ns", L, 200, "OK", XMLH, rr(result_ok(), ns=True),
   "doc: xsd-2013 targetNamespace (notes §1.5); REST answers usually had none",
   kind="success", envelope="result", is_valid=True, request_id=RID)
fx("legacy-success-no-request", L, 200, "OK", XMLH,
   rr("<RejectAssignmentResult></RejectAssignmentResult>"),
   "doc: xsd-2007 RejectAssignmentResult = Request? (Request only with ResponseGroup=Request, notes §1.5)",
   kind="success", envelope="result", is_valid=None, request_id=RID)
fx("legacy-success-no-request-ns", L, 200, "OK", XMLH,
   rr("<RejectAssignmentResult/>", ns=True),
   "doc: xsd-2013 (notes §1.5), empty result element, namespaced",
   kind="success", envelope="result", is_valid=None, request_id=RID)
fx("legacy-success-pretty", L, 200, "OK", XMLH, PRETTY,
   "inferred: notes §1.5 body re-indented; whitespace between elements must not matter",
   kind="success", envelope="result", is_valid=True, request_id=RID)
fx("legacy-success-crlf", L, 200, "OK", XMLH, PRETTY.replace("\n", "\r\n"),
   "inferred: notes §1.5 body with CRLF line ends",
   kind="success", envelope="result", is_valid=True, request_id=RID)
fx("legacy-success-bom", L, 200, "OK", XMLH, "\ufeff" + rr(result_ok()),
   "inferred: notes §1.5 body preceded by a UTF-8 byte order mark",
   kind="success", envelope="result", is_valid=True, request_id=RID)
fx("legacy-success-prefixed-ns", L, 200, "OK", XMLH,
   DECL + '<mt:RejectAssignmentResponse xmlns:mt="http://requester.mturk.amazonaws.com/doc/2014-08-15">'
   '<mt:OperationRequest><mt:RequestId>%s</mt:RequestId></mt:OperationRequest>'
   '<mt:RejectAssignmentResult><mt:Request><mt:IsValid>True</mt:IsValid></mt:Request></mt:RejectAssignmentResult>'
   '</mt:RejectAssignmentResponse>' % RID,
   "inferred: namespaced with a prefix; matching is on local names",
   kind="success", envelope="result", is_valid=True, request_id=RID)
fx("legacy-success-createhit-hit", L, 200, "OK", XMLH,
   DECL + "<CreateHITResponse><OperationRequest><RequestId>%s</RequestId></OperationRequest>"
   "<HIT><Request><IsValid>True</IsValid></Request><HITId>GBHZVQX3EHXZ2AYDY2T0</HITId>"
   "<HITTypeId>NYVZTQ1QVKJZXCYZCZVZ</HITTypeId></HIT></CreateHITResponse>" % RID,
   "observed: go-amz/amz exp/mturk/responses_test.go (notes §1.5), result element named HIT",
   kind="success", envelope="result", is_valid=True, request_id=RID)
fx("legacy-success-no-content-length", L, 200, "OK",
   [h for h in XMLH], rr(result_ok()),
   "doc: legacy-RA-doc sample; file omits Content-Length so the loader adds it",
   no_cl=True, kind="success", envelope="result", is_valid=True, request_id=RID)
fx("legacy-success-no-operation-request", L, 200, "OK", XMLH,
   DECL + "<RejectAssignmentResponse>" + result_ok() + "</RejectAssignmentResponse>",
   "doc: xsd-2007 OperationRequest is optional (notes §1.5)",
   kind="success", envelope="result", is_valid=True, request_id=None)

# --- legacy OperationRequest/Errors --------------------------------------
BADCLAIMS_MSG = ("The request signature we calculated does not match the signature you provided. "
                 "Check your AWS Secret Access Key and signing method. (1395776734470)")
BADCLAIMS_DATA = (("CustomerSignature", "cE8nJ6gUq2ZPsE6pCUHNbz9uWtU="),
                  ("CalculatedSignature", "qXxPyRmQR8j1n1Xq3fxqR7Yvd0o="))
fx("legacy-operation-bad-claims", L, 200, "OK", XMLH,
   op_err("AWS.BadClaimsSupplied", BADCLAIMS_MSG, BADCLAIMS_DATA),
   "observed: boto/boto#2260 (notes §1.6 form 1, MTurkRequestError: 200 OK); Data values illustrative",
   kind="error", envelope="operation", error_code="AWS.BadClaimsSupplied",
   request_id=RID, message_prefix="The request signature we calculated",
   data=[list(kv) for kv in BADCLAIMS_DATA], error_type=None)
fx("legacy-operation-bad-claims-ns", L, 200, "OK", XMLH,
   op_err("AWS.BadClaimsSupplied", BADCLAIMS_MSG, BADCLAIMS_DATA, op="RejectAssignment", ns=True),
   "inferred: boto/boto#2260 envelope with the 2014-08-15 namespace",
   kind="error", envelope="operation", error_code="AWS.BadClaimsSupplied", request_id=RID,
   data=[list(kv) for kv in BADCLAIMS_DATA])
fx("legacy-operation-not-authorized", L, 200, "OK", XMLH,
   op_err("AWS.NotAuthorized",
          "The identity contained in the request is not authorized to use this AWSAccessKeyId (1399076300389)",
          op="RejectAssignment"),
   "observed: boto/boto#2247, #3565 (notes §1.7)",
   kind="error", envelope="operation", error_code="AWS.NotAuthorized", request_id=RID,
   message_prefix="The identity contained in the request is not authorized", data=[])
fx("legacy-operation-wins-over-result", L, 200, "OK", XMLH,
   DECL + "<RejectAssignmentResponse><OperationRequest><RequestId>%s</RequestId>%s</OperationRequest>%s</RejectAssignmentResponse>" % (
       RID, err_xml("AWS.BadCredentialSupplied", "Bad credentials (1399076300389)"),
       result_err("AWS.MechanicalTurk.AssignmentDoesNotExist", "Assignment X does not exist.")),
   "inferred: ruby-aws validateResponse order (notes §1.6): OperationRequest/Errors before Result/Request/Errors",
   kind="error", envelope="operation", error_code="AWS.BadCredentialSupplied", request_id=RID)

# --- legacy Result/Request/Errors ----------------------------------------
fx("legacy-result-get-assignment-does-not-exist", L, 200, "OK", [],
   "<GetAssignmentResponse><OperationRequest><RequestId>d33692e5-9cc7-4a0c-a5d4-c5e1b2f6e0a1</RequestId></OperationRequest>"
   "<GetAssignmentResult><Request><IsValid>False</IsValid><Errors><Error><Code>AWS.MechanicalTurk.AssignmentDoesNotExist</Code>"
   "<Message>Assignment ASSIGNMENT_ID_NOT_AVAILABLE does not exist. (1447745775170 s)</Message><Data><Key>AssignmentId</Key>"
   "<Value>ASSIGNMENT_ID_NOT_AVAILABLE</Value></Data></Error></Errors></Request></GetAssignmentResult></GetAssignmentResponse>",
   "observed: JS parser test fixture quoted in notes §1.6 form 2 (no XML declaration, no headers but Content-Length)",
   kind="error", envelope="result", is_valid=False,
   error_code="AWS.MechanicalTurk.AssignmentDoesNotExist",
   request_id="d33692e5-9cc7-4a0c-a5d4-c5e1b2f6e0a1",
   message_prefix="Assignment ASSIGNMENT_ID_NOT_AVAILABLE does not exist.",
   data=[["AssignmentId", "ASSIGNMENT_ID_NOT_AVAILABLE"]])
fx("legacy-result-reject-does-not-exist", L, 200, "OK", XMLH,
   rr(result_err("AWS.MechanicalTurk.AssignmentDoesNotExist",
                 "Assignment ALPHA does not exist. (1447745775170 s)", (("AssignmentId", "ALPHA"),))),
   "observed: hackundsoehne/object-service MTurkRestApiTest.java (notes §1.7; ID upper-cased by the service); envelope inferred from §1.6 form 2",
   kind="error", envelope="result", is_valid=False, request_id=RID,
   error_code="AWS.MechanicalTurk.AssignmentDoesNotExist", message_prefix="Assignment ALPHA does not exist.",
   data=[["AssignmentId", "ALPHA"]])
fx("legacy-result-reject-does-not-exist-ns", L, 200, "OK", XMLH,
   rr(result_err("AWS.MechanicalTurk.AssignmentDoesNotExist",
                 "Assignment ALPHA does not exist. (1447745775170 s)", (("AssignmentId", "ALPHA"),)), ns=True),
   "inferred: legacy-result-reject-does-not-exist with the 2014-08-15 namespace",
   kind="error", envelope="result", is_valid=False,
   error_code="AWS.MechanicalTurk.AssignmentDoesNotExist", data=[["AssignmentId", "ALPHA"]])
fx("legacy-result-invalid-state-duplicated-data", L, 200, "OK", XMLH,
   rr(result_err("AWS.MechanicalTurk.InvalidAssignmentState",
                 "This operation can be called with a status of: Submitted (1373477231604 s)",
                 (("CurrentState", "Approved"), ("ExpectedStates", "Submitted"), ("ExpectedStates", "Submitted")))),
   "observed: InvalidState example with Data CurrentState/ExpectedStates duplicated (notes §1.6, §1.7); wrapped for RejectAssignment",
   kind="error", envelope="result", is_valid=False, request_id=RID,
   error_code="AWS.MechanicalTurk.InvalidAssignmentState",
   message_prefix="This operation can be called with a status of: Submitted",
   data=[["CurrentState", "Approved"], ["ExpectedStates", "Submitted"], ["ExpectedStates", "Submitted"]])
fx("legacy-result-service-unavailable-200", L, 200, "OK", XMLH,
   rr(result_err("AWS.ServiceUnavailable",
                 "There was an error with this request. (System error code: 1001 1467924929120)")),
   "observed: berkeley-cocosci/Wallace#375 (notes §1.7): internal error, HTTP 200, in Result/Request/Errors",
   kind="error", envelope="result", is_valid=False, error_code="AWS.ServiceUnavailable", request_id=RID)
fx("legacy-result-isvalid-false-no-errors", L, 200, "OK", XMLH,
   rr("<RejectAssignmentResult><Request><IsValid>False</IsValid></Request></RejectAssignmentResult>"),
   "inferred: IsValid False alone is an error with no code",
   kind="error", envelope="result", is_valid=False, error_code=None,
   detail_contains="IsValid False")
fx("legacy-result-missing-parameters-pretty-crlf", L, 200, "OK", XMLH,
   (DECL + "<RejectAssignmentResponse>\n  <OperationRequest>\n    <RequestId>%s</RequestId>\n  </OperationRequest>\n"
    "  <RejectAssignmentResult>\n    <Request>\n      <IsValid>False</IsValid>\n      <Errors>\n        <Error>\n"
    "          <Code>AWS.MissingParameters</Code>\n          <Message>Your request is missing required parameters. "
    "Required parameters include AssignmentId. (1399076300389)</Message>\n"
    "          <Data>\n            <Key>AssignmentId</Key>\n            <Value/>\n          </Data>\n"
    "        </Error>\n      </Errors>\n    </Request>\n  </RejectAssignmentResult>\n</RejectAssignmentResponse>\n" % RID
    ).replace("\n", "\r\n"),
   "inferred: perl-sdk t/03-api-CreateHIT.t code AWS.MissingParameters (notes §1.7), pretty-printed with CRLF",
   kind="error", envelope="result", is_valid=False, error_code="AWS.MissingParameters",
   request_id=RID, data=[["AssignmentId", ""]])

# --- legacy front door ----------------------------------------------------
fx("legacy-front-door-forbidden-2019", L, 403, "Forbidden", XMLH, front("Forbidden", SHUTDOWN),
   "observed: jcjohnson/simple-amt#27 (notes §1.9): 403 after 2019-06-01",
   kind="error", envelope="front_door", error_code="Forbidden",
   request_id="e7a3c9d2-7b1f-4f55-9a0e-3c4d5e6f7a8b",
   message_prefix="This Requester API is no longer supported.")
fx("legacy-front-door-throttled-503", L, 503, "Service Unavailable", XMLH,
   front("ServiceUnavailable", "Service AWSMechanicalTurkRequester is busy handling other requests. Please retry. (1467924929120)"),
   "inferred: ruby-aws raises Throttled on top-level Errors Code ServiceUnavailable; 503 from the 2008 doc (notes §1.6); exact body UNCONFIRMED",
   kind="error", envelope="front_door", error_code="ServiceUnavailable")
fx("legacy-front-door-request-expired", L, 400, "Bad Request", XMLH,
   front("RequestExpired", "Request has expired. Timestamp date is 2014-04-01T12:00:00Z. (1399076300389)"),
   "inferred: RequestExpired probably front-door form (notes §1.6, MTurkR#59); status UNCONFIRMED",
   kind="error", envelope="front_door", error_code="RequestExpired")
fx("legacy-front-door-invalid-parameter-value", L, 400, "Bad Request", XMLH,
   front("InvalidParameterValue", "Value (mturk-requester) for parameter Service is invalid."),
   "observed: aws/aws-sdk-ruby#2024 (notes §1.6): 400 InvalidParameterValue for a SigV4 request; message illustrative",
   kind="error", envelope="front_door", error_code="InvalidParameterValue")
fx("legacy-front-door-ns", L, 403, "Forbidden", XMLH, front("Forbidden", SHUTDOWN, ns=True),
   "inferred: simple-amt#27 body with a namespace",
   kind="error", envelope="front_door", error_code="Forbidden",
   request_id="e7a3c9d2-7b1f-4f55-9a0e-3c4d5e6f7a8b")

# --- legacy malformed -----------------------------------------------------
fx("legacy-malformed-truncated", L, 200, "OK", XMLH, rr(result_ok())[:120],
   "inferred: connection cut mid-body",
   kind="malformed", envelope="none", detail_contains="not well-formed")
fx("legacy-malformed-empty", L, 200, "OK", XMLH, "",
   "inferred: 200 with no body",
   kind="malformed", detail_contains="empty body")
fx("legacy-malformed-html-proxy-502", L, 502, "Bad Gateway",
   [("Server", "nginx"), ("Content-Type", "text/html")], HTML502,
   "inferred: an HTML error page from a proxy in front of the endpoint",
   kind="malformed", detail_contains="html")
fx("legacy-malformed-html-200", L, 200, "OK",
   [("Content-Type", "text/html; charset=utf-8")], HTML503,
   "inferred: a captive portal or proxy page with status 200",
   kind="malformed", detail_contains="html")
fx("legacy-malformed-unknown-root", L, 200, "OK", XMLH,
   DECL + "<Envelope><Body>ok</Body></Envelope>",
   "inferred: well-formed XML that is no MTurk envelope",
   kind="malformed", detail_contains="unrecognised root")
fx("legacy-malformed-entities", L, 200, "OK", XMLH, LAUGHS,
   "inferred: billion laughs (small); any DTD is refused, entities never expanded",
   kind="malformed", detail_contains="document type declaration")
fx("legacy-malformed-500-text", L, 500, "Internal Server Error",
   [("Content-Type", "text/plain")], "Internal Server Error\n",
   "inferred: non-2xx without an error envelope",
   kind="malformed", detail_contains="http status 500")
fx("legacy-malformed-no-result", L, 200, "OK", XMLH,
   DECL + "<RejectAssignmentResponse>" + opreq() + "</RejectAssignmentResponse>",
   "inferred: an XxxResponse with neither errors nor a result says nothing",
   kind="malformed", request_id=RID, detail_contains="no result")

# --- json-2017 ------------------------------------------------------------
fx("json-success-empty", J, 200, "OK", JSONH, "",
   "doc: new-RA-doc (notes §2.3): HTTP 200, empty body",
   kind="success", envelope="json", request_id=JRID, error_type=None)
fx("json-success-empty-object", J, 200, "OK", JSONH, "{}",
   "inferred: notes §2.3 (empty body or {} UNCONFIRMED); botocore accepts both",
   kind="success", envelope="json", request_id=JRID)
fx("json-success-unknown-fields", J, 200, "OK", JSONH, '{"Extra":{"a":[1,2,3]},"Note":"x"}',
   "inferred: unknown output members are ignored by clients",
   kind="success", envelope="json")
fx("json-request-error-invalid-state", J, 400, "Bad Request", JSONH,
   '{"__type":"RequestError","Message":"This operation can be called with a status of: Submitted (1624047673908)","TurkErrorCode":"AWS.MechanicalTurk.InvalidAssignmentState"}',
   "observed: NRGI/resourcecontracts.org#1384 (notes §2.4)",
   kind="error", envelope="json", error_type="RequestError",
   error_code="AWS.MechanicalTurk.InvalidAssignmentState", request_id=JRID,
   message_prefix="This operation can be called with a status of: Submitted")
fx("json-request-error-hit-does-not-exist", J, 400, "Bad Request", JSONH,
   '{"__type":"RequestError","Message":"Hit 3PR3LXCWSFNV4OJWZBHIMQOIJVSX9G does not exist. (1624047673969)","TurkErrorCode":"AWS.MechanicalTurk.HITDoesNotExist"}',
   "observed: NRGI/resourcecontracts.org#1384 (notes §2.4)",
   kind="error", envelope="json", error_type="RequestError", error_code="AWS.MechanicalTurk.HITDoesNotExist")
fx("json-request-error-coral-prefix", J, 400, "Bad Request", JSONH,
   '{"__type":"com.amazon.coral.service#RequestError","Message":"Assignment 3X4YZ does not exist. (1624047673969 s)","TurkErrorCode":"AWS.MechanicalTurk.AssignmentDoesNotExist"}',
   "inferred: botocore strips the prefix before '#' (notes §2.4 parsers.py)",
   kind="error", envelope="json", error_type="RequestError",
   error_code="AWS.MechanicalTurk.AssignmentDoesNotExist")
fx("json-service-fault-prefix-500", J, 500, "Internal Server Error", JSONH,
   '{"__type":"aws.mturk#ServiceFault","Message":"Amazon Mechanical Turk is temporarily unable to process your request. Try your call again.","TurkErrorCode":"AWS.ServiceUnavailable"}',
   "inferred: ServiceFault shape (fault: true) in the botocore model; status and body UNCONFIRMED (notes §2.3, §2.4)",
   kind="error", envelope="json", error_type="ServiceFault", error_code="AWS.ServiceUnavailable")
fx("json-type-colon-suffix", J, 400, "Bad Request", JSONH,
   '{"__type":"RequestError:http://internal.amazon.com/coral/com.amazon.coral.service/","Message":"Your request is invalid.","TurkErrorCode":"AWS.MechanicalTurk.PermissionDenied"}',
   "inferred: botocore strips anything after ':' (notes §2.4)",
   kind="error", envelope="json", error_type="RequestError", error_code="AWS.MechanicalTurk.PermissionDenied")
fx("json-type-prefix-and-suffix", J, 400, "Bad Request", JSONH,
   '{"__type":"com.amazon.coral.service#RequestError:http://internal.amazon.com/coral/","Message":"x"}',
   "inferred: botocore cuts at ':' first, then after the last '#'",
   kind="error", envelope="json", error_type="RequestError", error_code=None)
fx("json-validation-lowercase-message", J, 400, "Bad Request", JSONH,
   '{"__type":"com.amazon.coral.validate#ValidationException","message":"1 validation error detected: Value null at \'requesterFeedback\' failed to satisfy constraint: Member must not be null"}',
   "observed: boto/boto3#1222 message (notes §2.3); lower-case 'message', prefix and status 400 inferred",
   kind="error", envelope="json", error_type="ValidationException", error_code=None,
   message_prefix="1 validation error detected: Value null at 'requesterFeedback'")
fx("json-message-both-cases", J, 400, "Bad Request", JSONH,
   '{"__type":"RequestError","message":"lower wins","Message":"upper loses"}',
   "inferred: botocore takes body.get('message', body.get('Message')) (notes §2.4)",
   kind="error", envelope="json", error_type="RequestError", message_prefix="lower wins")
fx("json-header-errortype-only", J, 400, "Bad Request",
   JSONH + [("X-Amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/")],
   '{"message":"Rate exceeded"}',
   "inferred: no __type in the body; X-Amzn-ErrorType header as the fallback",
   kind="error", envelope="json", error_type="ThrottlingException", message_prefix="Rate exceeded")
fx("json-header-and-body-type", J, 400, "Bad Request",
   JSONH + [("X-Amzn-ErrorType", "SomethingElse")],
   '{"__type":"RequestError","Message":"m","TurkErrorCode":"AWS.MechanicalTurk.HITDoesNotExist"}',
   "inferred: the body's __type wins over the header",
   kind="error", envelope="json", error_type="RequestError")
fx("json-throttling-400", J, 400, "Bad Request", JSONH,
   '{"__type":"ThrottlingException","message":"Rate exceeded"}',
   "observed: allenai/amti#12 ThrottlingException 'Rate exceeded' (notes §2.4); status 400 inferred from _retry.json",
   kind="error", envelope="json", error_type="ThrottlingException", error_code=None,
   message_prefix="Rate exceeded")
fx("json-throttling-503", J, 503, "Service Unavailable", JSONH,
   '{"__type":"ThrottlingException","message":"Rate exceeded"}',
   "inferred: throttling answered with 503 (retried by botocore on status alone)",
   kind="error", envelope="json", error_type="ThrottlingException")
fx("json-invalid-signature", J, 400, "Bad Request", JSONH,
   '{"__type":"InvalidSignatureException","message":"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\\n\\nThe Canonical String for this request should have been\\n\'POST\\n/\\n\\ncontent-type:application/x-amz-json-1.1\\nhost:mturk-requester.us-east-1.amazonaws.com\\n\'\\n"}',
   "observed: aws/aws-sdk-go#1322, jcjohnson/simple-amt#29 (notes §2.4); canonical string shortened",
   kind="error", envelope="json", error_type="InvalidSignatureException",
   message_prefix="The request signature we calculated does not match")
fx("json-unrecognized-client", J, 400, "Bad Request", JSONH,
   '{"__type":"UnrecognizedClientException","message":"The security token included in the request is invalid."}',
   "inferred: the generic AWS JSON answer to an unknown access key",
   kind="error", envelope="json", error_type="UnrecognizedClientException", error_code=None)
fx("json-internal-failure-500", J, 500, "Internal Server Error", JSONH,
   '{"__type":"InternalFailure"}',
   "inferred: boto/boto3#1288 InternalFailure retried 4 times, so 5xx (notes §2.4)",
   kind="error", envelope="json", error_type="InternalFailure", message_prefix=None, error_code=None)
fx("json-parameter-validation-error", J, 400, "Bad Request", JSONH,
   '{"__type":"ParameterValidationError","Message":"The value 11 is invalid for ExpirationIncrementInSeconds. Valid values range from 60 to 31536000. (1542881973916)","TurkErrorCode":"AWS.ParameterOutOfRange"}',
   "observed: aws/aws-sdk-java#1817 message (notes §2.4); TurkErrorCode inferred",
   kind="error", envelope="json", error_type="ParameterValidationError", error_code="AWS.ParameterOutOfRange")
fx("json-error-extra-fields", J, 400, "Bad Request", JSONH,
   '{"Extra":[1,{"b":null}],"__type":"RequestError","Message":"m (1624047673908)","TurkErrorCode":"AWS.MechanicalTurk.InvalidAssignmentState","Unknown":true}',
   "inferred: unknown members are ignored",
   kind="error", envelope="json", error_type="RequestError", error_code="AWS.MechanicalTurk.InvalidAssignmentState")
fx("json-error-html-503-proxy", J, 503, "Service Unavailable",
   [("Server", "awselb/2.0"), ("Content-Type", "text/html")], HTML503,
   "inferred: a load balancer's HTML page; the status alone makes it an error",
   kind="error", envelope="json", error_type=None, error_code=None, request_id=None,
   detail_contains="not json")
fx("json-error-empty-body-500", J, 500, "Internal Server Error", JSONH, "",
   "inferred: error status with no body",
   kind="error", envelope="json", error_type=None, detail_contains="empty error body")
fx("json-malformed-2xx-html", J, 200, "OK", [("Content-Type", "text/html")], HTML503,
   "inferred: a 200 that is not JSON says nothing about the call",
   kind="malformed", detail_contains="not json")
fx("json-malformed-2xx-truncated", J, 200, "OK", JSONH, '{"Extra":',
   "inferred: connection cut mid-body",
   kind="malformed", detail_contains="not json")
fx("json-malformed-2xx-array", J, 200, "OK", JSONH, '[]',
   "inferred: a JSON 1.1 answer is always an object",
   kind="malformed", detail_contains="not a json object")


def write(name, profile, status, reason, headers, body, source, expect):
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    no_cl = expect.pop("no_cl", False)
    b = body.encode("utf-8")
    hs = list(headers)
    if not no_cl:
        hs.append(("Content-Length", str(len(b))))
    head = "HTTP/1.1 %d %s\r\n" % (status, reason)
    head += "".join("%s: %s\r\n" % h for h in hs)
    head += "\r\n"
    with open(os.path.join(d, "response.http"), "wb") as f:
        f.write(head.encode("ascii") + b)
    exp = {"profile": profile}
    exp.update(expect)
    exp["source"] = source
    with open(os.path.join(d, "expect.json"), "w") as f:
        json.dump(exp, f, indent=2, ensure_ascii=False)
        f.write("\n")


names = set()
for item in F:
    assert item[0] not in names, item[0]
    names.add(item[0])
    write(*item)
print("%d fixtures" % len(F))
