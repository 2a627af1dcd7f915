#!/usr/bin/env python3
"""Generates the repetitive part of the RejectAssignment case catalogue.

Writes cases/<area>/RA-<AREA>-<NNNN>.json (format: docs/cases.md), each
marked `"generator": "scripts/gen-cases.py"`. Running it again rewrites the
same files byte for byte (idempotent). It never touches a file it did not
generate: an existing case file without that marker (a hand-written case
such as RA-FB-0001, or one added by hand later) is never overwritten, and its
ID is never given to a generated case.

IDs are explicit and permanent: scripts/case-ids.tsv maps every generated
case's title to its ID. A case declared here with a title the table does not
know gets the next free number of its area (above every ID in the table, in
the reserved list and on disk) and is appended to the table. Declaration
order does not matter; a table entry whose case is no longer declared is an
error (IDs are never reused: retire a case by keeping it, or say so in
PENDING).

Usage: scripts/gen-cases.py [--out DIR] [--check]
  --check  write nothing; exit 1 when the table lacks an ID or a generated
           file differs from what the generator writes (CI runs this)

Every expectation is sourced from ../shared/reference/protocol-notes.md
("the notes") or the legacy RejectAssignment page; section numbers refer to
the notes.

"""
import argparse
import collections
import json
import os
import sys

LEGACY = "legacy-2014"
JSON = "json-2017"

AREA_PREFIX = {
    "assignment-id": "ID",
    "feedback": "FB",
    "state": "STATE",
    "requester": "REQ",
    "auth": "AUTH",
    "protocol": "PROTO",
}
# Written by hand by someone else: never generated here.
# Declared (IDs kept, never reused) but not written until the harness can
# express them; see the PENDING reasons. Files left over are removed.
PENDING = {
    # Un-held once the runner gained ${signature} in raw legacy strings and
    # JSON booleans for OverrideRejection (docs/runner.md): RA-FB-0084..0087
    # and RA-STATE-0016 are written again.
    "RA-PROTO-0061": "needs a legacy-only endpoint (a combined server routes "
                     "a JSON content type to json-2017)",
}
RESERVED = {"RA-STATE-0001", "RA-ID-0001", "RA-FB-0001", "RA-FB-0002",
            "RA-REQ-0001", "RA-AUTH-0001"}

# Plausible client-error statuses (anything 5xx is a server fault, never a
# graceful refusal).
J4XX = [400, 403, 404, 405, 409, 411, 413, 415]
L_STATUS = [200, 400, 403, 404, 405, 411, 413, 414, 415]

REF = {"ref": "assignment"}
NONEXISTENT = "3NONEXISTENTASSIGNMENT0000000Z"

# ---------------------------------------------------------------- quotes
Q_LEN_LEGACY = ("can be up to 1024 characters, including multi-byte "
                "characters")
Q_LEN_NEW = ("Can be up to 1024 characters (including multi-byte "
             "characters).")
Q_CTRL = ("The RequesterFeedback parameter cannot contain ASCII characters "
          "0-8, 11,12, or 14-31. If these characters are present, the "
          "operation throws an InvalidParameterValue error.")
Q_OPTIONAL = "You can include an optional feedback message with the rejection"
Q_OWNER = ("Only the Requester who created the HIT can reject an assignment "
           "for the HIT.")
Q_VERSION = "If not specified, the latest version of the API is used."
Q_GETPOST = ("REST requests are simple HTTP requests, using either the GET "
             "method with parameters in the URL, or the POST method with "
             "parameters in the POST body")
Q_SIG = ("calculated by concatenating the values of the Service, Operation, "
         "and Timestamp parameters, in that order, and then calculating an "
         "RFC 2104-compliant HMAC, using the Secret Access Key as the 'key.'")
Q_OPVALUES = "Valid Values: RejectAssignment"
Q_DESC = ("The RejectAssignment operation rejects the results of a completed "
          "assignment.")

# ---------------------------------------------------------------- sources


def _source(kind, field, text, ref, unconfirmed, note):
    s = {"kind": kind, field: text}
    if ref:
        s["ref"] = ref
    if unconfirmed:
        s["unconfirmed"] = True
    if note:
        s["note"] = note
    return s


def doc(quote, ref=None, unconfirmed=False, note=None):
    return _source("doc", "quote", quote, ref, unconfirmed, note)


def observed(citation, ref=None, unconfirmed=False, note=None):
    return _source("observed", "citation", citation, ref, unconfirmed, note)


def inferred(reasoning, ref=None, unconfirmed=False, note=None):
    return _source("inferred", "reasoning", reasoning, ref, unconfirmed, note)

# ---------------------------------------------------------------- outcomes


# Why a NON-STRICT refusal is weaker, when the outcome does not say more:
# under --strict the reason names it (a case says why it fails there).
NS_REFUSAL = ("refused, so the assignment is safe (the MUST part), but not "
              "with the documented or observed answer")


def out(grade, outcome, **kw):
    if grade == "NON-STRICT" and not kw.get("note"):
        # A NON-STRICT success must say itself why it is tolerated.
        assert outcome == "error", "a NON-STRICT %s needs a note" % outcome
        kw["note"] = NS_REFUSAL
    o = {"grade": grade, "outcome": outcome}
    for k in ("status", "type", "code", "envelope", "root", "content_type",
              "when", "post", "note"):
        if k in kw and kw[k] is not None:
            o[k] = kw[k]
    return o


def ok_success(**kw):
    return out("OK", "success", **kw)


# Legacy operation errors arrive in <XxxResult><Request><Errors> with HTTP
# 200 (notes §1.6 form 2, observed).
def l_result(grade, code=None, **kw):
    st = 200 if grade == "OK" else None
    return out(grade, "error", envelope="result", code=code, status=st, **kw)


# Legacy auth errors arrive in OperationRequest/Errors with HTTP 200 (notes
# §1.6 form 1, observed boto/boto#2260, #2247).
def l_operation(grade, code=None, **kw):
    st = 200 if grade == "OK" else None
    return out(grade, "error", envelope="operation", code=code, status=st,
               **kw)


def l_any_error(grade="NON-STRICT", **kw):
    kw.setdefault("status", L_STATUS)
    return out(grade, "error", **kw)


def j_err(grade, type_=None, code=None, status=None, **kw):
    return out(grade, "error", type=type_, code=code, status=status, **kw)


def j_any_4xx(grade="NON-STRICT", **kw):
    return out(grade, "error", status=J4XX, **kw)


C_NOT_FOUND = "AWS.MechanicalTurk.AssignmentDoesNotExist"
C_STATE = "AWS.MechanicalTurk.InvalidAssignmentState"
C_PARAM = ["AWS.MechanicalTurk.InvalidParameterValue",
           "AWS.ParameterOutOfRange", "AWS.InvalidParameterValue"]
C_MISSING = "AWS.MissingParameters"

# Feedback refused (too long, forbidden character, invalid text).
LEG_FB_BAD = [
    l_result("OK", C_PARAM),
    l_result("NON-STRICT", note="another operation error code: the code for "
             "an invalid RequesterFeedback is UNCONFIRMED (notes §1.7)"),
]
JSON_FB_BAD = [
    j_err("OK", "RequestError", C_PARAM, 400),
    j_err("OK", "ParameterValidationError", status=400,
          note="notes §2.4: likely arrives as RequestError or "
          "ParameterValidationError"),
    j_err("NON-STRICT", "ValidationException", status=J4XX,
          note="the model has no length/character constraint, so a "
          "ValidationException is plausible but not expected"),
]
# Invalid text (not UTF-8, lone surrogates): a deserialisation error is as
# plausible as a parameter error.
JSON_TEXT_BAD = [
    j_err("OK", "SerializationException", status=J4XX),
    j_err("OK", "RequestError", C_PARAM, 400),
    j_err("OK", ["ValidationException", "ParameterValidationError"],
          status=J4XX),
    j_any_4xx(note="another client error: the exact answer for invalid "
              "text is UNCONFIRMED"),
]

# Malformed AssignmentId.
LEG_ID_BAD = [
    l_result("OK", [C_NOT_FOUND] + C_PARAM),
    l_result("NON-STRICT", note="another operation error code"),
    l_any_error(note="front-door refusal of a malformed parameter"),
]
JSON_ID_BAD = [
    j_err("OK", "ValidationException", status=J4XX,
          note="EntityId: min 1, max 64, pattern ^[A-Z0-9]+$ (botocore "
          "model, notes §2.3)"),
    j_err("NON-STRICT", "RequestError", [C_NOT_FOUND] + C_PARAM, 400),
    j_err("NON-STRICT", ["ParameterValidationError",
                         "SerializationException"], status=J4XX),
]
LEG_NOT_FOUND = [
    l_result("OK", C_NOT_FOUND),
]
JSON_NOT_FOUND = [
    j_err("OK", "RequestError", C_NOT_FOUND, 400),
]
LEG_STATE = [l_result("OK", C_STATE)]
JSON_STATE = [j_err("OK", "RequestError", C_STATE, 400)]

LEG_AUTH = [
    l_operation("OK", "AWS.BadClaimsSupplied"),
    l_operation("OK", "AWS.NotAuthorized",
                note="sources conflict on the code for a bad signature; the "
                "notes say accept either (notes §1.7)"),
    l_operation("NON-STRICT", "AWS.BadCredentialSupplied",
                note="listed as an access-key error by the Java SDK, trigger "
                "UNCONFIRMED (notes §1.7)"),
]
JSON_AUTH = [
    j_err("OK", "InvalidSignatureException", status=[400, 403]),
    j_any_4xx(note="another client error (e.g. IncompleteSignature"
              "Exception): the request is refused, which is the MUST part"),
]

# ---------------------------------------------------------------- registry
CASES = []
GENERATOR = "scripts/gen-cases.py"
HERE = os.path.dirname(os.path.abspath(__file__))
LEDGER = os.path.join(HERE, "case-ids.tsv")


def load_ledger(path=LEDGER):
    """title -> ID, in file order."""
    ids = collections.OrderedDict()
    if not os.path.exists(path):
        return ids
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cid, sep, title = line.partition("\t")
            if not sep or not cid.startswith("RA-"):
                sys.exit("%s:%d: expected 'ID<TAB>title'" % (path, n))
            if title in ids:
                sys.exit("%s:%d: title listed twice: %s" % (path, n, title))
            ids[title] = cid
    return ids


IDS = load_ledger()


def case(area, title, level, source, request, expect, tags=(), needs=None):
    # The ID comes from the table (None: a new case, numbered in main()).
    cid = IDS.get(title)
    assert cid is None or cid.startswith("RA-%s-" % AREA_PREFIX[area]), \
        (cid, area)
    assert cid not in RESERVED, cid
    assert len(title) <= 120, title
    c = collections.OrderedDict()
    c["id"] = cid
    c["generator"] = GENERATOR
    c["title"] = title
    c["area"] = area
    c["tags"] = list(tags)
    c["level"] = level
    c["source"] = source
    if needs is None:
        needs = {"fixture": "Submitted"}
    if needs:
        c["needs"] = needs
    c["request"] = request
    c["expect"] = expect
    CASES.append(c)
    return c


def req(assignment=REF, feedback="Rejected: the answers do not follow the "
        "instructions.", **kw):
    params = collections.OrderedDict()
    if assignment is not None:
        params["AssignmentId"] = assignment
    if feedback is not None:
        params["RequesterFeedback"] = feedback
    r = {"params": params}
    r.update(kw)
    return r


def rep(v, n):
    return {"repeat": v, "count": n}


def hexv(h):
    return {"hex": h}


def cat(*vs):
    return {"concat": list(vs)}


def both(leg, js):
    return {LEGACY: leg, JSON: js}

# ================================================================ feedback
FB = "feedback"
SRC_LEN = doc(Q_LEN_LEGACY, "legacy-RA-doc",
              note="2017 doc says the same: '" + Q_LEN_NEW + "' (new-RA-doc); "
              "the counting unit is a declared capability "
              "(feedback_length_unit), notes §3")
SRC_LEN_UNC = doc(Q_LEN_LEGACY, "legacy-RA-doc", unconfirmed=True,
                  note="the error code for an overlong feedback is "
                  "UNCONFIRMED (notes §1.7, §2.4); the counting unit is "
                  "UNCONFIRMED (notes §3, §5.5)")

# --- absent / empty
case(FB, "RequesterFeedback absent: legacy accepts (optional), json-2017 "
     "refuses (required)", "MUST",
     doc(Q_OPTIONAL, "legacy-RA-doc",
         note="json-2017: required in the botocore model; omission observed "
         "as ValidationException 'Value null at requesterFeedback ... Member "
         "must not be null' (boto/boto3#1222, notes §2.3)"),
     req(feedback=None),
     both([ok_success(note="stored feedback: none")],
          [j_err("OK", "ValidationException", status=J4XX),
           j_err("NON-STRICT", ["RequestError", "ParameterValidationError",
                                "SerializationException"], status=J4XX)]),
     tags=["absent", "required"])
case(FB, "RequesterFeedback empty string is accepted and stored empty",
     "SHOULD",
     inferred("notes §2.3: production code sends RequesterFeedback='' to "
              "satisfy the 2017 required check (oTree-style admin view, "
              "boto/boto3#1222 reporter); legacy: feedback is optional and "
              "has no minimum length (legacy-RA-doc)", "new-RA-doc"),
     req(feedback=""),
     both([ok_success()], [ok_success()]), tags=["empty"])

# --- length boundaries per UTF-8 width. 1024 x U+00E9 is RA-FB-0001/0002.
WIDTHS = [
    ("a", "1-byte", "utf8-1", "ASCII 'a'"),
    ("\u00e9", "2-byte", "utf8-2", "U+00E9"),
    ("\u20ac", "3-byte", "utf8-3", "U+20AC"),
    ("\u5b57", "3-byte CJK", "utf8-3", "U+5B57"),
]
for ch, width, tag, name in WIDTHS:
    counts = [1023, 1024, 1025]
    if ch == "\u00e9":
        counts = [1023]     # 1024 / 1025 are RA-FB-0001 / RA-FB-0002
    for n in counts:
        if n <= 1024:
            case(FB, "%d %s characters (%s) are accepted and stored exactly"
                 % (n, width, name), "MUST", SRC_LEN,
                 req(feedback=rep(ch, n)),
                 both([ok_success()], [ok_success()]),
                 tags=["length", tag, "boundary"])
        else:
            case(FB, "%d %s characters (%s) are refused, state unchanged"
                 % (n, width, name), "MUST", SRC_LEN_UNC,
                 req(feedback=rep(ch, n)),
                 both(LEG_FB_BAD, JSON_FB_BAD),
                 tags=["length", tag, "boundary"])

# --- astral (4-byte UTF-8, 2 UTF-16 units): depends on the declared unit
EMOJI = "\U0001F600"
CP = {"feedback_length_unit": "codepoint"}
U16 = {"feedback_length_unit": "utf16"}


def unit_dependent(n_units_cp, n_units_16):
    leg, js = [], []
    for when, n in ((CP, n_units_cp), (U16, n_units_16)):
        if n <= 1024:
            leg.append(ok_success(when=when))
            js.append(ok_success(when=when))
        else:
            leg += [dict(o, when=when) for o in LEG_FB_BAD]
            js += [dict(o, when=when) for o in JSON_FB_BAD]
    return both(leg, js)


for n in (512, 513, 1023, 1024, 1025):
    verdict = []
    verdict.append("codepoint: %s" % ("accepted" if n <= 1024 else "refused"))
    verdict.append("utf16: %s" % ("accepted" if 2 * n <= 1024 else "refused"))
    case(FB, "%d x U+1F600 (4-byte UTF-8, 2 UTF-16 units) per declared "
         "counting unit (%s)" % (n, ", ".join(verdict)),
         "MUST", SRC_LEN_UNC, req(feedback=rep(EMOJI, n)),
         unit_dependent(n, 2 * n), tags=["length", "utf8-4", "astral",
                                         "boundary"])

case(FB, "600 x U+1F600 records the counting unit actually used (success: "
     "code points, error: UTF-16 units or bytes)", "MAY",
     inferred("notes §3: how the service counted is UNCONFIRMED; 600 astral "
              "characters are 600 code points, 1200 UTF-16 units and 2400 "
              "bytes, so the answer reveals the unit", unconfirmed=True),
     req(feedback=rep(EMOJI, 600)),
     both([out("INFORMATIONAL", "success", note="counts code points"),
           out("INFORMATIONAL", "error", note="counts UTF-16 units or "
               "bytes")],
          [out("INFORMATIONAL", "success", note="counts code points"),
           out("INFORMATIONAL", "error", note="counts UTF-16 units or "
               "bytes")]),
     tags=["length", "utf8-4", "astral", "unit-probe"])

# --- mixes
MIX4 = cat(rep("a", 256), rep("\u00e9", 256), rep("\u20ac", 256),
           rep(EMOJI, 256))
case(FB, "1024 code points mixing 1-, 2-, 3- and 4-byte characters (1280 "
     "UTF-16 units) per declared counting unit", "MUST", SRC_LEN_UNC,
     req(feedback=MIX4), unit_dependent(1024, 1280),
     tags=["length", "mix", "astral", "boundary"])
MIX3_1024 = cat(rep("a\u00e9\u20ac", 341), "z")
case(FB, "1024 BMP characters mixing 1-, 2- and 3-byte UTF-8 are accepted",
     "MUST", SRC_LEN, req(feedback=MIX3_1024),
     both([ok_success()], [ok_success()]), tags=["length", "mix",
                                                 "boundary"])
case(FB, "1025 BMP characters mixing 1-, 2- and 3-byte UTF-8 are refused",
     "MUST", SRC_LEN_UNC, req(feedback=cat(rep("a\u00e9\u20ac", 341), "zz")),
     both(LEG_FB_BAD, JSON_FB_BAD), tags=["length", "mix", "boundary"])

# --- combining sequences: counted per code point
SRC_COMB = inferred(
    "the documented limit is 1024 characters (legacy-RA-doc, new-RA-doc); "
    "'e' + U+0301 is two code points and stays two after storage because "
    "feedback is stored as sent (no normalisation), so 512 pairs = 1024 "
    "code points and 513 pairs = 1026", "legacy-RA-doc", unconfirmed=True,
    note="a grapheme-counting or NFC-normalising server gets 512/513 wrong")
case(FB, "512 x 'e'+U+0301 (1024 code points) are accepted and stored "
     "without normalisation", "SHOULD", SRC_COMB,
     req(feedback=rep("e\u0301", 512)), both([ok_success()], [ok_success()]),
     tags=["length", "combining", "boundary", "normalization"])
case(FB, "513 x 'e'+U+0301 (1026 code points, 513 graphemes) are refused",
     "SHOULD", SRC_COMB, req(feedback=rep("e\u0301", 513)),
     both(LEG_FB_BAD, JSON_FB_BAD),
     tags=["length", "combining", "boundary"])
case(FB, "1020 ASCII then 4 trailing spaces (1024) are accepted without "
     "trimming", "MUST", SRC_LEN, req(feedback=cat(rep("a", 1020), "    ")),
     both([ok_success()], [ok_success()]),
     tags=["length", "boundary", "byte-exact", "whitespace"])
case(FB, "4 leading spaces then 1021 ASCII (1025) are refused, no trimming "
     "before counting", "MUST", SRC_LEN_UNC,
     req(feedback=cat("    ", rep("a", 1021))),
     both(LEG_FB_BAD, JSON_FB_BAD), tags=["length", "boundary", "whitespace"])

# --- forbidden control characters, one case per byte
SRC_CTRL = doc(Q_CTRL, "new-RA-doc", unconfirmed=True,
               note="legacy: the same rule is documented for "
               "ApproveRejectedAssignment (notes §1.7, §1.8); the exact "
               "error code is UNCONFIRMED (notes §1.7, §2.4)")
FORBIDDEN = list(range(0x00, 0x09)) + [0x0B, 0x0C] + list(range(0x0E, 0x20))
for b in FORBIDDEN:
    case(FB, "RequesterFeedback containing control character 0x%02X is "
         "refused, state unchanged" % b, "MUST", SRC_CTRL,
         req(feedback=cat("Wrong answer", hexv("%02x" % b), " see rules")),
         both(LEG_FB_BAD, JSON_FB_BAD),
         tags=["control-char", "ctrl-%02x" % b])

SRC_CTRL_OK = inferred(
    "new-RA-doc forbids exactly ASCII 0-8, 11, 12 and 14-31 ('" + Q_CTRL +
    "'); characters outside that list are allowed and stored as sent",
    "new-RA-doc")
for b, name in ((0x09, "TAB"), (0x0A, "LF"), (0x0D, "CR")):
    case(FB, "RequesterFeedback containing %s (0x%02X) is accepted and "
         "stored exactly" % (name, b), "MUST", SRC_CTRL_OK,
         req(feedback=cat("Line one", hexv("%02x" % b), "line two")),
         both([ok_success()], [ok_success()]),
         tags=["control-char", "allowed", "byte-exact"])
case(FB, "RequesterFeedback with CRLF line breaks and a trailing LF is "
     "stored byte for byte", "MUST", SRC_CTRL_OK,
     req(feedback="Problems:\r\n- item 1\r\n- item 2\n"),
     both([ok_success()], [ok_success()]),
     tags=["control-char", "allowed", "byte-exact"])
SRC_CTRL_SOFT = inferred(
    "DEL (0x7F) and C1 controls are not in the documented forbidden list "
    "('" + Q_CTRL + "'), so they are accepted and stored as sent",
    "new-RA-doc", unconfirmed=True,
    note="no capture: refusing them is graded NON-STRICT")
for v, what, tg in ((hexv("7f"), "DEL 0x7F", "del"),
                    ("\u0085", "C1 control U+0085 (NEL)", "c1"),
                    ("\u2028", "U+2028 LINE SEPARATOR", "line-separator")):
    case(FB, "RequesterFeedback containing %s is accepted (not in the "
         "forbidden list)" % what, "SHOULD", SRC_CTRL_SOFT,
         req(feedback=cat("before ", v, " after")),
         both([ok_success(), l_result("NON-STRICT", C_PARAM)],
              [ok_success(), j_err("NON-STRICT", "RequestError", C_PARAM,
                                   400)]),
         tags=["control-char", tg])

# --- invalid UTF-8
SRC_UTF8 = inferred(
    "RequesterFeedback is a String of 'characters, including multi-byte "
    "characters' (legacy-RA-doc, new-RA-doc): a byte sequence that is not "
    "UTF-8 (RFC 3629) is no text at all; JSON text must be UTF-8 "
    "(RFC 8259 §8.1). Storing or silently repairing it would change the "
    "feedback the worker sees", "legacy-RA-doc", unconfirmed=True,
    note="the real service's answer is UNCONFIRMED (not in the notes): any "
    "refusal passes; silent acceptance or U+FFFD repair fails")
BAD_UTF8 = [
    ("c0af", "overlong '/' (C0 AF)"),
    ("c080", "overlong NUL (C0 80, Java modified UTF-8)"),
    ("e08080", "overlong 3-byte (E0 80 80)"),
    ("f0808080", "overlong 4-byte (F0 80 80 80)"),
    ("eda080", "UTF-8-encoded surrogate U+D800 (ED A0 80)"),
    ("f4908080", "code point above U+10FFFF (F4 90 80 80)"),
    ("80", "lone continuation byte 80"),
    ("e282", "truncated 3-byte sequence (E2 82) at the end"),
    ("ff", "byte FF"),
    ("e9", "Latin-1 e-acute (E9) instead of UTF-8"),
]
for h, what in BAD_UTF8:
    fb = cat("caf", hexv(h)) if h == "e282" else cat("x", hexv(h), "y")
    case(FB, "invalid UTF-8 in RequesterFeedback: %s is refused" % what,
         "SHOULD", SRC_UTF8,
         req(feedback=fb, json={"escape": "utf8"}),
         both(LEG_FB_BAD + [l_any_error(note="front-door refusal of "
                                        "invalid text")], JSON_TEXT_BAD),
         tags=["invalid-utf8", "utf8-%s" % h])

# --- legacy percent-encoding traps
SRC_URLENC = inferred(
    "legacy values are URL-encoded (notes §1.1, 2008 MakingRESTRequests "
    "page); the suite percent-encodes every reserved byte, so '+' travels "
    "as %2B and must be decoded to '+' (only a literal '+' means space in "
    "application/x-www-form-urlencoded)", "legacy-CP-doc")
case(FB, "legacy: '+', '&', '=', '%', '?', '#' and '/' in feedback "
     "round-trip exactly (GET)", "MUST", SRC_URLENC,
     req(feedback="1+1=2 & 50% off? #tag a/b;c,d"),
     {LEGACY: [ok_success()]}, tags=["urlencode", "plus", "byte-exact"])
case(FB, "legacy: '+', '&', '=' and '%' in feedback round-trip exactly "
     "(POST form body)", "MUST", SRC_URLENC,
     req(feedback="a+b=c&d=50%25 + more", legacy={"method": "POST"}),
     {LEGACY: [ok_success()]}, tags=["urlencode", "plus", "post",
                                     "byte-exact"])
case(FB, "legacy: feedback '%C3%A9' (already percent-encoded text) is "
     "stored literally, not decoded twice", "MUST", SRC_URLENC,
     req(feedback="%C3%A9 and %2B and %25"),
     {LEGACY: [ok_success(note="sent as %25C3%25A9...; stored literally")]},
     tags=["urlencode", "double-encoding", "byte-exact"])
RAWQ = ("Service=AWSMechanicalTurkRequester&AWSAccessKeyId=${access_key_id}"
        "&Version=2014-08-15&Operation=RejectAssignment"
        "&Timestamp=${timestamp}&Signature=${signature}"
        "&AssignmentId=${assignment}&RequesterFeedback=")
RAWQ_NOTE = ("params document the decoded value the raw query carries; the "
             "runner substitutes ${signature} (the MTurk signature, "
             "percent-encoded)")
for raw, decoded, title in (
        ("Not+acceptable+work", "Not acceptable work",
         "legacy: a literal '+' in a raw query means space"),
        ("1%2B1%3D2", "1+1=2", "legacy: %2B and %3D in a raw query decode "
         "to '+' and '='"),
        ("caf%c3%a9+na%C3%AFve", "caf\u00e9 na\u00efve",
         "legacy: lower-case percent hex (%c3%a9) decodes like upper-case"),
        ("%25C3%25A9", "%C3%A9", "legacy: double percent-encoding "
         "(%25C3%25A9) in a raw query is stored as '%C3%A9'")):
    case(FB, title, "MUST", SRC_URLENC,
         req(feedback=decoded, legacy={"raw_query": RAWQ + raw}),
         {LEGACY: [ok_success(note=RAWQ_NOTE)]},
         tags=["urlencode", "raw-query", "byte-exact"])

# --- JSON \u escapes (json-2017 only)
SRC_UESC = inferred(
    "RFC 8259 §7: \\uXXXX escapes denote the same characters as their raw "
    "UTF-8; botocore sends every non-ASCII character escaped and astral "
    "characters as surrogate pairs (notes §2.2, §3)", "botocore")
SRC_LONE = inferred(
    "RFC 8259 §8.2: a lone surrogate escape denotes no Unicode character; "
    "the feedback cannot be stored as UTF-8 text", "botocore",
    unconfirmed=True,
    note="the real service's answer is UNCONFIRMED: SerializationException, "
    "ValidationException and RequestError are all plausible")
case(FB, "json: 1024 x '\\u00e9' escapes are 1024 characters and accepted",
     "MUST", SRC_UESC, req(feedback={"uescape": "\\u00e9" * 1024}),
     {JSON: [ok_success(note="stored as 1024 x U+00E9 (2048 bytes)")]},
     tags=["uescape", "length", "boundary"])
case(FB, "json: 1025 x '\\u00e9' escapes are refused", "MUST", SRC_LEN_UNC,
     req(feedback={"uescape": "\\u00e9" * 1025}), {JSON: JSON_FB_BAD},
     tags=["uescape", "length", "boundary"])
case(FB, "json: the surrogate pair \\ud83d\\ude00 is one character, stored "
     "as U+1F600 (F0 9F 98 80)", "MUST", SRC_UESC,
     req(feedback={"uescape": "smile \\ud83d\\ude00 done"}),
     {JSON: [ok_success()]}, tags=["uescape", "surrogate-pair"])
for n in (512, 513, 1024, 1025):
    u = unit_dependent(n, 2 * n)
    case(FB, "json: %d escaped surrogate pairs (U+1F600) per declared "
         "counting unit" % n, "MUST", SRC_LEN_UNC,
         req(feedback={"uescape": "\\ud83d\\ude00" * n}),
         {JSON: u[JSON]}, tags=["uescape", "surrogate-pair", "length",
                                "boundary", "astral"])
for text, what in (("bad \\ud83d end", "a lone high surrogate \\ud83d"),
                   ("bad \\ude00 end", "a lone low surrogate \\ude00"),
                   ("bad \\ude00\\ud83d end", "a reversed pair "
                    "\\ude00\\ud83d"),
                   ("bad \\ud83dA end", "a high surrogate followed by 'A'"),
                   ("bad \\ud83d", "a lone high surrogate at the end")):
    case(FB, "json: %s is refused, state unchanged" % what, "SHOULD",
         SRC_LONE, req(feedback={"uescape": text}), {JSON: JSON_TEXT_BAD},
         tags=["uescape", "lone-surrogate"])
for text, what in (("bad\\u0000nul", "\\u0000"), ("bell\\u0007x", "\\u0007"),
                   ("back\\bspace", "\\b (U+0008)"),
                   ("form\\ffeed", "\\f (U+000C)"),
                   ("esc\\u001Bx", "\\u001B (upper-case hex)")):
    case(FB, "json: forbidden control character written as %s is refused"
         % what, "MUST", SRC_CTRL, req(feedback={"uescape": text}),
         {JSON: JSON_FB_BAD}, tags=["uescape", "control-char"])
case(FB, "json: \\t, \\n and \\r escapes are accepted and stored as TAB, "
     "LF, CR", "MUST", SRC_CTRL_OK,
     req(feedback={"uescape": "a\\tb\\nc\\r\\nd"}), {JSON: [ok_success()]},
     tags=["uescape", "control-char", "allowed"])
case(FB, "json: escaped ASCII, '\\/', '\\\\' and '\\\"' decode to the plain "
     "characters", "MUST", SRC_UESC,
     req(feedback={"uescape": "\\u0041\\u0042C \\/ \\\\ \\\" done"}),
     {JSON: [ok_success(note="stored as 'ABC / \\ \" done'")]},
     tags=["uescape", "byte-exact"])
case(FB, "json: upper- and lower-case hex escapes (\\u00C9 \\u00e9) are "
     "equivalent", "MUST", SRC_UESC,
     req(feedback={"uescape": "\\u00C9t\\u00e9"}), {JSON: [ok_success()]},
     tags=["uescape", "byte-exact"])
MIXED_TEXT = "Caf\u00e9 \u65e5\u672c \U0001F600 \u00e9t\u00e9 \u2014 ok"
case(FB, "json: non-ASCII feedback sent as raw UTF-8 (escape=utf8) is "
     "stored exactly", "MUST", SRC_UESC,
     req(feedback=MIXED_TEXT, json={"escape": "utf8"}),
     {JSON: [ok_success()]}, tags=["escape-utf8", "byte-exact"])
case(FB, "json: the same text sent as \\u escapes (escape=ascii, botocore "
     "form) is stored identically", "MUST", SRC_UESC,
     req(feedback=MIXED_TEXT, json={"escape": "ascii"}),
     {JSON: [ok_success()]}, tags=["escape-ascii", "byte-exact"])

# --- byte-exact storage
SRC_EXACT = inferred(
    "the feedback is shown to the worker as written ('A message for the "
    "Worker, which the Worker can see in the Status section of the web "
    "site', legacy-RA-doc); nothing in either API documents trimming, "
    "normalisation or escaping, so it is stored byte for byte",
    "legacy-RA-doc")
EXACT = [
    ("  leading and trailing spaces  ", "leading and trailing spaces",
     "whitespace"),
    ("   ", "only spaces", "whitespace"),
    ("caf\u00e9", "NFC 'caf\u00e9' (U+00E9)", "normalization"),
    ("cafe\u0301", "NFD 'cafe'+U+0301 (not normalised to NFC)",
     "normalization"),
    ("\u2126 \ufb01 \uff21", "OHM SIGN, 'fi' ligature, fullwidth A (no "
     "NFC/NFKC folding)", "normalization"),
    ("\u65e5\u672c\u8a9e\u306e\u30d5\u30a3\u30fc\u30c9\u30d0\u30c3\u30af",
     "CJK and kana", "cjk"),
    ("\U0001F469\u200d\U0001F4BB \U0001F468\u200d\U0001F469\u200d\U0001F467"
     "\u200d\U0001F466", "emoji ZWJ sequences", "emoji"),
    ("\U0001F1EF\U0001F1F5 \u2764\ufe0f \U0001F44D\U0001F3FD",
     "flags, variation selector, skin tone", "emoji"),
    ("\u05e9\u05dc\u05d5\u05dd \u200f\u0645\u0631\u062d\u0628\u0627",
     "Hebrew and Arabic with RLM", "rtl"),
    ("\ufeffstarts with a BOM", "a leading U+FEFF", "bom"),
    ("<b>bad</b> &amp; <![CDATA[x]]> ]]> \"q\" 'a'",
     "XML/HTML specials, not escaped or unescaped", "markup"),
    ("{\"json\": \"\\\\ back\\\\slash\"}", "JSON specials: quotes and "
     "backslashes", "markup"),
    ("' OR '1'='1'; --", "SQL metacharacters", "injection"),
    ("\u200b\u200czero\u200dwidth\u2060", "zero-width characters",
     "invisible"),
]
for text, what, tg in EXACT:
    case(FB, "RequesterFeedback with %s is stored byte for byte" % what,
         "MUST", SRC_EXACT, req(feedback=text),
         both([ok_success()], [ok_success()]), tags=["byte-exact", tg])
case(FB, "legacy POST: 1024 x U+00E9 in a form body (2048 bytes, 6144 "
     "percent-encoded) are accepted", "MUST", SRC_LEN,
     req(feedback=rep("\u00e9", 1024), legacy={"method": "POST"}),
     {LEGACY: [ok_success()]}, tags=["length", "utf8-2", "post", "boundary"])
case(FB, "legacy POST: 1025 x U+20AC in a form body are refused", "MUST",
     SRC_LEN_UNC,
     req(feedback=rep("\u20ac", 1025), legacy={"method": "POST"}),
     {LEGACY: LEG_FB_BAD}, tags=["length", "utf8-3", "post", "boundary"])
case(FB, "json escape=utf8: 1024 x U+20AC (3072 bytes) are accepted",
     "MUST", SRC_LEN,
     req(feedback=rep("\u20ac", 1024), json={"escape": "utf8"}),
     {JSON: [ok_success()]}, tags=["length", "utf8-3", "escape-utf8",
                                   "boundary"])
case(FB, "json escape=utf8: 1025 x U+20AC are refused", "MUST", SRC_LEN_UNC,
     req(feedback=rep("\u20ac", 1025), json={"escape": "utf8"}),
     {JSON: JSON_FB_BAD}, tags=["length", "utf8-3", "escape-utf8",
                                "boundary"])

# ================================================================ assignment-id
ID = "assignment-id"
SRC_ID_MODEL = inferred(
    "json-2017: AssignmentId is EntityId {min 1, max 64, pattern "
    "^[A-Z0-9]+$} in the botocore model (notes §2.3), checked by the "
    "service since botocore does not check max/pattern; legacy: no format "
    "is documented, a nonexistent ID gives AssignmentDoesNotExist "
    "(notes §1.7)", "botocore", unconfirmed=True,
    note="whether the service enforces pattern/max is not captured: a "
    "RequestError AssignmentDoesNotExist is NON-STRICT")
case(ID, "AssignmentId empty is refused, state unchanged", "MUST",
     inferred("AssignmentId is required (legacy-RA-doc 'AssignmentId ... "
              "Required Yes'; model min 1, notes §2.3); an empty value names "
              "no assignment", "botocore", unconfirmed=True),
     req(assignment=""),
     both([l_result("OK", [C_MISSING, C_NOT_FOUND] + C_PARAM)] +
          LEG_ID_BAD[1:], JSON_ID_BAD), tags=["empty"])
case(ID, "AssignmentId of one space is refused", "MUST", SRC_ID_MODEL,
     req(assignment=" "),
     both([l_result("OK", [C_MISSING, C_NOT_FOUND] + C_PARAM)] +
          LEG_ID_BAD[1:], JSON_ID_BAD), tags=["whitespace"])
case(ID, "the fixture's AssignmentId surrounded by spaces is refused, not "
     "trimmed", "SHOULD", SRC_ID_MODEL,
     req(assignment=cat(" ", REF, " ")),
     both(LEG_ID_BAD + [out("NON-STRICT", "success", note="legacy may trim; "
                           "no capture")], JSON_ID_BAD),
     tags=["whitespace"])
case(ID, "lower-case AssignmentId: legacy upper-cases it and succeeds; "
     "json-2017 refuses the pattern", "SHOULD",
     observed("hackundsoehne/object-service src/integration-test/.../"
              "MTurkRestApiTest.java: RejectAssignment with 'alpha' returned "
              "'Assignment ALPHA does not exist.' (notes §1.7)",
              unconfirmed=True,
              note="json-2017: pattern ^[A-Z0-9]+$ (botocore model, notes "
              "§2.3)"),
     req(assignment={"lower": REF}),
     both([ok_success(note="the legacy service upper-cased IDs")],
          [j_err("OK", "ValidationException", status=J4XX),
           j_any_4xx(note="another refusal (e.g. RequestError "
                     "AssignmentDoesNotExist)")]),
     tags=["lower-case"])
case(ID, "lower-case nonexistent AssignmentId 'alpha' gives "
     "AssignmentDoesNotExist (legacy) / ValidationException (json)",
     "SHOULD",
     observed("hackundsoehne/object-service MTurkRestApiTest.java: 'Assignment "
              "ALPHA does not exist.' with Data AssignmentId = ALPHA "
              "(notes §1.7)"),
     req(assignment="alpha"),
     both(LEG_NOT_FOUND + [l_result("NON-STRICT", C_PARAM)],
          JSON_ID_BAD), tags=["lower-case", "nonexistent"])
case(ID, "AssignmentId of 1 character (valid pattern, nonexistent) gives "
     "AssignmentDoesNotExist", "SHOULD", SRC_ID_MODEL,
     req(assignment="A"),
     both(LEG_NOT_FOUND + [l_result("NON-STRICT", C_PARAM)],
          JSON_NOT_FOUND), tags=["length", "boundary", "nonexistent"])
case(ID, "AssignmentId of 64 characters (the model maximum) passes "
     "validation and gives AssignmentDoesNotExist", "SHOULD", SRC_ID_MODEL,
     req(assignment=rep("A", 64)),
     both(LEG_NOT_FOUND + [l_result("NON-STRICT", C_PARAM,
                                    note="legacy documents no maximum")],
          JSON_NOT_FOUND), tags=["length", "boundary", "nonexistent"])
case(ID, "AssignmentId of 65 characters exceeds the model maximum and is "
     "refused", "SHOULD", SRC_ID_MODEL,
     req(assignment=rep("A", 65)),
     both(LEG_ID_BAD, JSON_ID_BAD + [j_err(
         "NON-STRICT", "RequestError", C_NOT_FOUND, 400,
         note="the Assignment doc says 'Can be up to 255 bytes in length', "
         "conflicting with the model max 64 (notes §2.3)")]),
     tags=["length", "boundary"])
case(ID, "AssignmentId of 256 characters is refused", "MUST", SRC_ID_MODEL,
     req(assignment=rep("A", 256)),
     both(LEG_ID_BAD, JSON_ID_BAD), tags=["length"])
case(ID, "AssignmentId of 4096 characters is refused without a server "
     "error", "MUST", SRC_ID_MODEL,
     req(assignment=rep("9", 4096)),
     both(LEG_ID_BAD, JSON_ID_BAD), tags=["length", "huge"])
for val, what, tg in (
        ("3ABC-DEF", "a hyphen", "pattern"),
        ("3ABC_DEF", "an underscore", "pattern"),
        ("3ABC DEF", "an inner space", "pattern"),
        ("3ABC\u00c9DEF", "a non-ASCII letter (U+00C9)", "pattern"),
        ("../../etc/passwd", "a path", "injection"),
        ("' OR '1'='1", "SQL metacharacters", "injection"),
        ("%2A", "a percent sign", "pattern"),
        ("*", "a wildcard", "pattern")):
    case(ID, "AssignmentId with %s is refused, nothing rejected" % what,
         "MUST", SRC_ID_MODEL, req(assignment=val),
         both(LEG_ID_BAD, JSON_ID_BAD), tags=[tg])
case(ID, "the fixture's AssignmentId followed by a NUL byte and 'X' is "
     "refused (no C-string truncation)", "MUST", SRC_ID_MODEL,
     req(assignment=cat(REF, hexv("00"), "X")),
     both(LEG_ID_BAD, JSON_ID_BAD), tags=["nul", "truncation"])
case(ID, "the fixture's AssignmentId followed by '-' is refused (no prefix "
     "match)", "MUST", SRC_ID_MODEL, req(assignment=cat(REF, "-")),
     both(LEG_ID_BAD, JSON_ID_BAD), tags=["pattern", "truncation"])
case(ID, "the fixture's AssignmentId with '0' appended names another "
     "(nonexistent) assignment", "MUST", SRC_ID_MODEL,
     req(assignment=cat(REF, "0")),
     both(LEG_NOT_FOUND + [l_result("NON-STRICT", C_PARAM)],
          JSON_NOT_FOUND + [j_err("NON-STRICT", "ValidationException",
                                  status=J4XX,
                                  note="fixture ID of 64 characters")]),
     tags=["nonexistent", "truncation"])
case(ID, "'0' followed by the fixture's AssignmentId names another "
     "(nonexistent) assignment", "MUST", SRC_ID_MODEL,
     req(assignment=cat("0", REF)),
     both(LEG_NOT_FOUND + [l_result("NON-STRICT", C_PARAM)],
          JSON_NOT_FOUND + [j_err("NON-STRICT", "ValidationException",
                                  status=J4XX,
                                  note="fixture ID of 64 characters")]),
     tags=["nonexistent"])
SRC_NOTFOUND = observed(
    "legacy: 'Assignment X does not exist.' AWS.MechanicalTurk."
    "AssignmentDoesNotExist (cloudyr/MTurkR#18, Java SDK test with "
    "INVALIDASSIGNMENTID, notes §1.7); 2017: RequestError AssignmentDoes"
    "NotExist (NYUCCL/psiTurk#360, notes §2.4)")
case(ID, "nonexistent well-formed AssignmentId gives AssignmentDoesNotExist",
     "MUST", SRC_NOTFOUND, req(assignment=NONEXISTENT),
     both(LEG_NOT_FOUND, JSON_NOT_FOUND), tags=["nonexistent"], needs={})
case(ID, "nonexistent AssignmentId without feedback gives "
     "AssignmentDoesNotExist (legacy) / a refusal (json, feedback missing)",
     "MUST", SRC_NOTFOUND, req(assignment=NONEXISTENT, feedback=None),
     both(LEG_NOT_FOUND,
          JSON_NOT_FOUND + [j_err("OK", "ValidationException",
                                  status=J4XX, note="feedback is required")]),
     tags=["nonexistent", "absent"], needs={})
case(ID, "legacy POST: nonexistent AssignmentId gives AssignmentDoesNotExist "
     "in the Result envelope", "MUST", SRC_NOTFOUND,
     req(assignment=NONEXISTENT, legacy={"method": "POST"}),
     {LEGACY: LEG_NOT_FOUND}, tags=["nonexistent", "post"], needs={})
case(ID, "json: AssignmentId null is refused as a missing member", "MUST",
     observed("boto/boto3#1222: 'Value null at ... failed to satisfy "
              "constraint: Member must not be null' (ValidationException, "
              "notes §2.3)"),
     req(json={"raw_body": '{"AssignmentId": null, "RequesterFeedback": '
               '"x"}'}),
     {JSON: [j_err("OK", "ValidationException", status=J4XX),
             j_err("NON-STRICT", ["SerializationException", "RequestError",
                                  "ParameterValidationError"],
                   status=J4XX)]}, tags=["null", "raw-body"])
case(ID, "json: AssignmentId as an array is refused", "MUST",
     inferred("the model types AssignmentId as a string (notes §2.3); "
              "AWS JSON deserialisers refuse a wrong type", "botocore"),
     req(json={"raw_body": '{"AssignmentId": ["${assignment}"], '
               '"RequesterFeedback": "x"}'}),
     {JSON: [j_err("OK", ["SerializationException", "ValidationException"],
                   status=J4XX), j_any_4xx()]}, tags=["type", "raw-body"])
case(ID, "json: AssignmentId as a number is refused", "MUST",
     inferred("the model types AssignmentId as a string (notes §2.3); "
              "AWS JSON deserialisers refuse a wrong type", "botocore"),
     req(json={"raw_body": '{"AssignmentId": 12345, '
               '"RequesterFeedback": "x"}'}),
     {JSON: [j_err("OK", ["SerializationException", "ValidationException"],
                   status=J4XX), j_any_4xx()]}, tags=["type", "raw-body"])
case(ID, "json: the fixture's AssignmentId followed by an escaped NUL "
     "(\\u0000) in a raw body is refused", "MUST", SRC_ID_MODEL,
     req(json={"raw_body": '{"AssignmentId": "${assignment}\\u0000", '
               '"RequesterFeedback": "x"}'}),
     {JSON: JSON_ID_BAD}, tags=["nul", "truncation", "raw-body"])

# ================================================================ state
ST = "state"
SRC_STATE = observed(
    "NRGI/resourcecontracts.org#1384: {\"__type\":\"RequestError\",\"Message\":"
    "\"This operation can be called with a status of: Submitted (...)\","
    "\"TurkErrorCode\":\"AWS.MechanicalTurk.InvalidAssignmentState\"} (notes "
    "§2.4, §1.8); legacy code AWS.MechanicalTurk.InvalidAssignmentState "
    "(notes §1.7)")
case(ST, "reject an Approved assignment: InvalidAssignmentState, state and "
     "feedback unchanged", "MUST", SRC_STATE, req(),
     both(LEG_STATE, JSON_STATE), tags=["approved"],
     needs={"fixture": "Approved"})
case(ST, "reject an Approved assignment without feedback (legacy) "
     "is refused", "MUST", SRC_STATE, req(feedback=None),
     {LEGACY: LEG_STATE}, tags=["approved", "absent"],
     needs={"fixture": "Approved"})
case(ST, "reject a Rejected assignment: InvalidAssignmentState, first "
     "feedback kept", "MUST", SRC_STATE,
     req(feedback="a second, different reason"),
     both(LEG_STATE, JSON_STATE), tags=["rejected"],
     needs={"fixture": "Rejected"})
POST_REJ = {"state": "Rejected", "feedback": "sent"}
case(ST, "reject twice in a row: the second gets InvalidAssignmentState, "
     "the first feedback stays", "MUST", SRC_STATE, req(repeat=2),
     both([l_result("OK", C_STATE, post=POST_REJ)],
          [j_err("OK", "RequestError", C_STATE, 400, post=POST_REJ)]),
     tags=["repeat", "idempotency"])
case(ST, "reject an Approved assignment with an overlong feedback: refused, "
     "nothing changes", "MUST", SRC_STATE,
     req(feedback=rep("a", 1025)),
     both(LEG_STATE + LEG_FB_BAD, JSON_STATE + JSON_FB_BAD),
     tags=["approved", "length"], needs={"fixture": "Approved"})
case(ST, "reject a Rejected assignment with a forbidden control character: "
     "refused, feedback kept", "MUST", SRC_STATE,
     req(feedback=cat("x", hexv("01"))),
     both(LEG_STATE + LEG_FB_BAD, JSON_STATE + JSON_FB_BAD),
     tags=["rejected", "control-char"], needs={"fixture": "Rejected"})
SRC_OVERRIDE = observed(
    "NYUCCL/psiTurk#360: after override-approval a re-reject fails with the "
    "Submitted-status error (notes §1.8)")
POST_APPR = {"state": "Approved"}
case(ST, "json: reject after ApproveAssignment with OverrideRejection: "
     "InvalidAssignmentState, stays Approved", "MUST",
     SRC_OVERRIDE,
     req(setup=[{"operation": "ApproveAssignment",
                 "params": {"AssignmentId": REF,
                            "OverrideRejection": "true",
                            "RequesterFeedback": "approved after review"}}]),
     {JSON: [j_err("OK", "RequestError", C_STATE, 400, post=POST_APPR)]},
     tags=["override", "setup"],
     needs={"fixture": "Rejected"})
CASES[-1]["source"] = dict(SRC_OVERRIDE)
CASES[-1]["source"]["note"] = (
    "OverrideRejection is a boolean in the model (notes §1.8, botocore); "
    "case params are strings and the runner sends \"true\"/\"false\" for "
    "OverrideRejection as JSON booleans (docs/runner.md). Feedback after "
    "setup is the approval's, so the post-condition checks the state only")
case(ST, "legacy: reject after ApproveRejectedAssignment: "
     "InvalidAssignmentState, stays Approved", "MUST", SRC_OVERRIDE,
     req(setup=[{"operation": "ApproveRejectedAssignment",
                 "params": {"AssignmentId": REF}}]),
     {LEGACY: [l_result("OK", C_STATE, post=POST_APPR)]},
     tags=["override", "setup"], needs={"fixture": "Rejected"})
CONC_NOTE = ("exactly one copy must win; the losers are judged here and the "
             "assignment ends Rejected with the (identical) sent feedback")
for n in (8, 2, 16):
    case(ST, "%d concurrent rejects of one assignment: exactly one succeeds, "
         "the rest get InvalidAssignmentState" % n, "MUST", SRC_STATE,
         req(concurrent=n, feedback="concurrent reject"),
         both([l_result("OK", C_STATE, post=POST_REJ, note=CONC_NOTE),
               l_any_error(post=POST_REJ, status=503,
                           note="throttled under load (notes §1.1)")],
              [j_err("OK", "RequestError", C_STATE, 400, post=POST_REJ,
                     note=CONC_NOTE),
               j_err("NON-STRICT", "ThrottlingException", status=[400, 429],
                     post=POST_REJ, note="throttled under load (notes "
                     "§2.4)")]),
         tags=["concurrent", "race"])
case(ST, "reject a Submitted assignment via legacy POST: success, Rejected, "
     "feedback stored", "MUST",
     doc(Q_DESC, "legacy-RA-doc",
         note="POST form bodies observed in boto2, ruby-aws, rturk (notes "
         "§1.1)"),
     req(legacy={"method": "POST"}), {LEGACY: [ok_success()]},
     tags=["submitted", "post"])
case(ST, "reject a Submitted assignment without feedback (legacy): success, "
     "no feedback stored", "MUST", doc(Q_OPTIONAL, "legacy-RA-doc"),
     req(feedback=None), {LEGACY: [ok_success()]},
     tags=["submitted", "absent"])
case(ST, "a refused request (overlong feedback) leaves a Submitted "
     "assignment rejectable afterwards", "MUST", SRC_LEN_UNC,
     req(feedback=rep("\u00e9", 2048)),
     both(LEG_FB_BAD, JSON_FB_BAD), tags=["submitted", "length",
                                          "validation-order"])

# ================================================================ requester
RQ = "requester"
SRC_OWNER = doc(Q_OWNER, "legacy-RA-doc", unconfirmed=True,
                note="the error for a non-owner is UNCONFIRMED; probably "
                "AssignmentDoesNotExist (notes §1.7). PermissionDenied "
                "leaks that the assignment exists: NON-STRICT")
OTHER_LEG = [l_result("OK", C_NOT_FOUND),
             l_result("NON-STRICT", "AWS.MechanicalTurk.PermissionDenied")]
OTHER_JSON = [j_err("OK", "RequestError", C_NOT_FOUND, 400),
              j_err("NON-STRICT", "RequestError",
                    "AWS.MechanicalTurk.PermissionDenied", [400, 403])]
case(RQ, "the owner rejects its own Submitted assignment: success",
     "MUST", doc(Q_OWNER, "legacy-RA-doc"), req(signer="owner"),
     both([ok_success()], [ok_success()]), tags=["owner"])
case(RQ, "requester 'other' rejects the owner's Submitted assignment: "
     "refused, state unchanged", "MUST", SRC_OWNER, req(signer="other"),
     both(OTHER_LEG, OTHER_JSON), tags=["other", "owner-check"],
     needs={"fixture": "Submitted", "requesters": ["other"]})
case(RQ, "the owner rejects another requester's Approved assignment: "
     "refused without revealing its state", "MUST", SRC_OWNER, req(),
     both(OTHER_LEG + [l_result("NON-STRICT", C_STATE,
                                note="leaks existence and state")],
          OTHER_JSON + [j_err("NON-STRICT", "RequestError", C_STATE, 400,
                              note="leaks existence and state")]),
     tags=["other", "owner-check"],
     needs={"fixture": "Approved", "fixture_owner": "other",
            "requesters": ["other"]})
case(RQ, "another requester's Submitted assignment in lower case: refused",
     "MUST", SRC_OWNER, req(assignment={"lower": REF}),
     both(OTHER_LEG, [j_err("OK", "ValidationException", status=J4XX)] +
          OTHER_JSON), tags=["other", "owner-check", "lower-case"],
     needs={"fixture": "Submitted", "fixture_owner": "other",
            "requesters": ["other"]})
case(RQ, "legacy POST: the owner rejects another requester's Submitted "
     "assignment: refused", "MUST", SRC_OWNER,
     req(legacy={"method": "POST"}), {LEGACY: OTHER_LEG},
     tags=["other", "owner-check", "post"],
     needs={"fixture": "Submitted", "fixture_owner": "other",
            "requesters": ["other"]})
case(RQ, "legacy SigV1: the owner rejects another requester's Submitted "
     "assignment: refused", "MUST", SRC_OWNER,
     req(legacy={"signature": "sigv1"}), {LEGACY: OTHER_LEG},
     tags=["other", "owner-check", "sigv1"],
     needs={"fixture": "Submitted", "fixture_owner": "other",
            "requesters": ["other"]})
case(RQ, "json escape=utf8: the owner rejects another requester's Submitted "
     "assignment: refused", "MUST", SRC_OWNER,
     req(feedback="caf\u00e9", json={"escape": "utf8"}), {JSON: OTHER_JSON},
     tags=["other", "owner-check"],
     needs={"fixture": "Submitted", "fixture_owner": "other",
            "requesters": ["other"]})
SRC_UNKNOWN = observed(
    "legacy: AWS.NotAuthorized 'The identity contained in the request is "
    "not authorized to use this AWSAccessKeyId' (boto/boto#2247, #3565, "
    "notes §1.7)", unconfirmed=True,
    note="json-2017: UnrecognizedClientException is the generic AWS answer "
    "for an unknown access key (INFERRED, not in the notes)")
case(RQ, "an unknown access key is refused, state unchanged", "MUST",
     SRC_UNKNOWN, req(signer="unknown"),
     both([l_operation("OK", "AWS.NotAuthorized"),
           l_operation("NON-STRICT", ["AWS.BadClaimsSupplied",
                                      "AWS.BadCredentialSupplied"])],
          [j_err("OK", ["UnrecognizedClientException",
                        "InvalidClientTokenId"], status=[400, 403]),
           j_any_4xx(note="another refusal (e.g. InvalidSignature"
                     "Exception)")]), tags=["unknown-key"])
case(RQ, "an unknown access key on a nonexistent assignment is refused as "
     "an auth error first", "SHOULD", SRC_UNKNOWN,
     req(signer="unknown", assignment=NONEXISTENT),
     both([l_operation("OK", "AWS.NotAuthorized"),
           l_operation("NON-STRICT", ["AWS.BadClaimsSupplied",
                                      "AWS.BadCredentialSupplied"])],
          [j_err("OK", ["UnrecognizedClientException",
                        "InvalidClientTokenId"], status=[400, 403]),
           j_any_4xx()]), tags=["unknown-key"], needs={})
case(RQ, "legacy POST with an unknown access key is refused", "MUST",
     SRC_UNKNOWN, req(signer="unknown", legacy={"method": "POST"}),
     {LEGACY: [l_operation("OK", "AWS.NotAuthorized"),
               l_operation("NON-STRICT", ["AWS.BadClaimsSupplied",
                                          "AWS.BadCredentialSupplied"])]},
     tags=["unknown-key", "post"])

# ================================================================ auth
AU = "auth"
SRC_BADSIG = observed(
    "legacy: HTTP 200 AWS.BadClaimsSupplied in OperationRequest/Errors "
    "(cloudyr/MTurkR#35, boto/boto#2260, notes §1.4, §1.6); json-2017: "
    "InvalidSignatureException (aws/aws-sdk-go#1322, jcjohnson/simple-amt#29,"
    " notes §2.4)")
case(AU, "request without a signature is refused, state unchanged", "MUST",
     inferred("the signature is required (legacy-CP-doc: 'Signature' "
              "Required); json-2017 requests are SigV4-signed (notes §2.1)",
              "legacy-CP-doc", unconfirmed=True,
              note="no capture of a missing signature: codes are "
              "plausible guesses (json: MissingAuthenticationToken"
              "Exception is the generic AWS answer)"),
     req(auth={"mutation": "omit-signature"}),
     both([l_operation("OK", ["AWS.BadClaimsSupplied", "AWS.NotAuthorized",
                              C_MISSING]),
           l_any_error(status=[200, 400, 401, 403])],
          [j_err("OK", ["MissingAuthenticationTokenException",
                        "IncompleteSignatureException",
                        "InvalidSignatureException"], status=[400, 403]),
           j_any_4xx()]), tags=["signature", "missing"])
case(AU, "legacy POST without a signature is refused", "MUST",
     inferred("legacy-CP-doc: 'Signature' Required", "legacy-CP-doc",
              unconfirmed=True),
     req(auth={"mutation": "omit-signature"}, legacy={"method": "POST"}),
     {LEGACY: [l_operation("OK", ["AWS.BadClaimsSupplied",
                                  "AWS.NotAuthorized", C_MISSING]),
               l_any_error(status=[200, 400, 401, 403])]},
     tags=["signature", "missing", "post"])
case(AU, "legacy POST with a garbled signature is refused", "MUST",
     SRC_BADSIG, req(auth={"mutation": "garble-signature"},
                     legacy={"method": "POST"}),
     {LEGACY: LEG_AUTH}, tags=["signature", "post"])
case(AU, "signed with the wrong secret: refused (legacy code "
     "BadClaimsSupplied or NotAuthorized)", "MUST",
     observed("BadClaimsSupplied on a signature mismatch (MTurkR#35, "
              "boto#2260); perl-sdk tests expect AWS.NotAuthorized for a "
              "bogus secret (notes §1.7); json: InvalidSignatureException "
              "(notes §2.4)", unconfirmed=True,
              note="legacy mapping UNCONFIRMED: both codes OK"),
     req(auth={"mutation": "wrong-secret"}),
     both([l_operation("OK", ["AWS.BadClaimsSupplied",
                              "AWS.NotAuthorized"]),
           l_operation("NON-STRICT", "AWS.BadCredentialSupplied")],
          JSON_AUTH), tags=["signature", "wrong-secret"])
case(AU, "wrong secret with an overlong feedback is refused, preferably as "
     "an auth error (authenticate before validating)", "MUST", SRC_BADSIG,
     req(auth={"mutation": "wrong-secret"}, feedback=rep("a", 1025)),
     both([l_operation("OK", ["AWS.BadClaimsSupplied",
                              "AWS.NotAuthorized"]),
           l_result("NON-STRICT", C_PARAM, note="validated before "
                    "authenticating")], JSON_AUTH),
     tags=["signature", "wrong-secret", "order"])

SRC_SKEW_L = observed(
    "cloudyr/MTurkR#59: 'Error (RequestExpired): Request has expired. "
    "Timestamp date is ...' (notes §1.3)", unconfirmed=True,
    note="the legacy window is UNCONFIRMED; the generic AWS query rule is 15 "
    "minutes (notes §1.3). RequestExpired is probably the front-door "
    "envelope (INFERRED), so the envelope is not constrained")
SRC_SKEW_J = inferred(
    "generic SigV4 services reject more than 5 minutes of skew ('Signature "
    "not yet current ... + 5 min.', JuliaCloud/AWS.jl#206) and AWS "
    "common-errors pages say RequestExpired beyond 15 minutes (notes §2.5)",
    unconfirmed=True, note="the MTurk SigV4 window is UNCONFIRMED")
L_EXPIRED = [l_any_error("OK", code="RequestExpired"),
             l_any_error("NON-STRICT", note="another refusal of a stale "
                         "timestamp")]
J_EXPIRED = [j_err("OK", ["InvalidSignatureException", "RequestExpired",
                          "SignatureDoesNotMatch"], status=[400, 403]),
             j_any_4xx()]
for secs, inside in ((-14 * 60, True), (14 * 60, True), (-16 * 60, False),
                     (16 * 60, False)):
    mins = "%+d min" % (secs // 60)
    if inside:
        exp = [ok_success(), l_any_error("NON-STRICT", note="a tighter "
                                         "window than 15 min")]
        title = "legacy: Timestamp %s (inside a 15 min window) is accepted"
    else:
        exp = L_EXPIRED + [out("NON-STRICT", "success", note="a wider "
                               "window: accepting a stale request is weaker")]
        title = "legacy: Timestamp %s (outside a 15 min window) is refused"
    case(AU, title % mins, "SHOULD", SRC_SKEW_L,
         req(auth={"mutation": "time-offset", "seconds": secs}),
         {LEGACY: exp}, tags=["skew", "timestamp"])
for secs, inside in ((-4 * 60, True), (4 * 60, True), (-6 * 60, False),
                     (6 * 60, False)):
    mins = "%+d min" % (secs // 60)
    if inside:
        exp = [ok_success()]
        title = "json: X-Amz-Date %s (inside a 5 min window) is accepted"
    else:
        exp = J_EXPIRED + [out("NON-STRICT", "success", note="a wider "
                               "window (15 min): weaker")]
        title = "json: X-Amz-Date %s (outside a 5 min window) is refused"
    case(AU, title % mins, "SHOULD", SRC_SKEW_J,
         req(auth={"mutation": "time-offset", "seconds": secs}),
         {JSON: exp}, tags=["skew", "timestamp"])
for secs, what in ((-16 * 60, "-16 min"), (16 * 60, "+16 min")):
    case(AU, "json: X-Amz-Date %s is refused (beyond every AWS window)"
         % what, "MUST", SRC_SKEW_J,
         req(auth={"mutation": "time-offset", "seconds": secs}),
         {JSON: J_EXPIRED}, tags=["skew", "timestamp"])
for secs, what in ((-3600, "one hour in the past"),
                   (3600, "one hour in the future"),
                   (-86400, "one day in the past"),
                   (86400 * 365, "a year in the future")):
    case(AU, "request time %s is refused, state unchanged" % what, "MUST",
         SRC_SKEW_L, req(auth={"mutation": "time-offset", "seconds": secs}),
         both(L_EXPIRED, J_EXPIRED), tags=["skew", "timestamp"])
case(AU, "legacy SigV1: Timestamp one hour old is refused", "MUST",
     SRC_SKEW_L, req(auth={"mutation": "time-offset", "seconds": -3600},
                     legacy={"signature": "sigv1"}),
     {LEGACY: L_EXPIRED}, tags=["skew", "sigv1"])

SRC_REGION = observed(
    "jcjohnson/simple-amt#29: InvalidSignatureException 'Credential should "
    "be scoped to a valid region, not 'us-west-1'.' (notes §2.1)")
case(AU, "json: SigV4 scope region us-west-1 is refused", "MUST", SRC_REGION,
     req(auth={"mutation": "wrong-region", "value": "us-west-1"}),
     {JSON: JSON_AUTH}, tags=["sigv4", "scope", "region"])
case(AU, "json: SigV4 scope region eu-west-1 is refused", "MUST", SRC_REGION,
     req(auth={"mutation": "wrong-region", "value": "eu-west-1"}),
     {JSON: JSON_AUTH}, tags=["sigv4", "scope", "region"])
case(AU, "json: SigV4 scope region 'sandbox' (what botocore signs with "
     "region_name='sandbox') records acceptance", "MAY",
     inferred("botocore with region_name='sandbox' signs scope region "
              "'sandbox'; whether the service accepts it is UNCONFIRMED "
              "(notes §2.1)", "botocore", unconfirmed=True),
     req(auth={"mutation": "wrong-region", "value": "sandbox"}),
     {JSON: [out("INFORMATIONAL", "success"),
             out("INFORMATIONAL", "error")]},
     tags=["sigv4", "scope", "region", "sandbox"])
SRC_SCOPE = inferred(
    "the SigV4 scope is <date>/us-east-1/mturk-requester/aws4_request "
    "(notes §2.1); a scope naming another service or date yields a "
    "different signing key, so the signature cannot verify", "botocore")
case(AU, "json: SigV4 scope service 'sqs' is refused", "MUST", SRC_SCOPE,
     req(auth={"mutation": "wrong-service", "value": "sqs"}),
     {JSON: JSON_AUTH}, tags=["sigv4", "scope", "service"])
case(AU, "json: SigV4 scope service 'mturk' (not mturk-requester) is "
     "refused", "MUST", SRC_SCOPE,
     req(auth={"mutation": "wrong-service", "value": "mturk"}),
     {JSON: JSON_AUTH}, tags=["sigv4", "scope", "service"])
case(AU, "json: SigV4 scope date one day before X-Amz-Date is refused",
     "MUST", SRC_SCOPE, req(auth={"mutation": "wrong-scope-date"}),
     {JSON: JSON_AUTH}, tags=["sigv4", "scope", "date"])
SRC_TAMPER = inferred(
    "SigV4 covers every signed header and the body hash (notes §2.2 "
    "canonical request); changing one after signing breaks the signature",
    "botocore")
for hdr in ("x-amz-target", "x-amz-date", "content-type"):
    case(AU, "json: signed header %s changed after signing is refused" % hdr,
         "MUST", SRC_TAMPER,
         req(auth={"mutation": "tamper-signed-header", "value": hdr}),
         {JSON: JSON_AUTH}, tags=["sigv4", "tamper"])
case(AU, "json: body changed after signing is refused, state unchanged",
     "MUST", SRC_TAMPER, req(auth={"mutation": "tamper-body"}),
     {JSON: JSON_AUTH}, tags=["sigv4", "tamper", "body"])
case(AU, "json: X-Amz-Target sent but not signed: refusal preferred, "
     "acceptance plausible", "SHOULD",
     inferred("notes §2.2: any signed-header set containing host and "
              "x-amz-date works (INFERRED); nothing says x-amz-target must "
              "be signed, but an unsigned target lets a relay change the "
              "operation", "botocore", unconfirmed=True),
     req(auth={"mutation": "add-unsigned-header", "value": "x-amz-target"}),
     {JSON: JSON_AUTH + [out("NON-STRICT", "success",
                             note="unsigned x-amz-target accepted")]},
     tags=["sigv4", "signed-headers"])
case(AU, "json: X-Amz-Date sent but not signed is refused", "SHOULD",
     inferred("SigV4 requires host and x-amz-date among the signed headers "
              "(notes §2.2: every working client signs both)", "botocore",
              unconfirmed=True),
     req(auth={"mutation": "add-unsigned-header", "value": "x-amz-date"}),
     {JSON: JSON_AUTH + [out("NON-STRICT", "success",
                             note="unsigned x-amz-date accepted")]},
     tags=["sigv4", "signed-headers"])
case(AU, "json: signed headers host;x-amz-date;x-amz-target (no "
     "content-type) are accepted", "MUST",
     observed("NRGI/resourcecontracts.org#1384: a PHP client signed only "
              "host;x-amz-date;x-amz-target successfully (notes §2.2)"),
     req(json={"signed_headers": "host;x-amz-date;x-amz-target"}),
     {JSON: [ok_success()]}, tags=["sigv4", "signed-headers"])
case(AU, "json: signed headers without host are refused", "MUST",
     inferred("SigV4 requires the host header to be signed; every client in "
              "the notes signs it (notes §2.2); AWS refused S3 requests whose "
              "host was not signed (brendanhay/amazonka#264, 'Host header is "
              "a requirement for V4 request signing')", "botocore",
              unconfirmed=True,
              note="accepting it is FAILED: an unsigned Host lets a request "
              "signed for another endpoint (the sandbox) be replayed here"),
     req(json={"signed_headers": "content-type;x-amz-date;x-amz-target"}),
     {JSON: JSON_AUTH}, tags=["sigv4", "signed-headers"])
case(AU, "json: x-amz-content-sha256 sent and signed (Ruby SDK form) is "
     "accepted", "MUST",
     observed("the Ruby SDK adds x-amz-content-sha256 to the signed headers "
              "(aws/aws-sdk-ruby#2024, notes §2.2)"),
     req(json={"content_sha256": True}), {JSON: [ok_success()]},
     tags=["sigv4", "content-sha256"])
case(AU, "json: x-amz-content-sha256 that is not the body's hash is refused",
     "SHOULD",
     inferred("the payload hash is part of the canonical request (notes "
              "§2.2); a signed hash that does not match the body means the "
              "body is not the signed one", "botocore", unconfirmed=True,
              note="the harness signs over the header's (wrong) hash, so a "
              "success means the server took the header's word for the body: "
              "the body is not authenticated at all (FAILED); a server that "
              "recomputes the hash refuses the signature"),
     req(json={"content_sha256": True},
         auth={"mutation": "content-sha256-mismatch"}),
     {JSON: JSON_AUTH + [j_err("OK", "XAmzContentSHA256Mismatch",
                               status=400)]},
     tags=["sigv4", "content-sha256"])
case(AU, "json: garbled SigV4 signature with x-amz-content-sha256 is "
     "refused", "MUST", SRC_BADSIG,
     req(json={"content_sha256": True},
         auth={"mutation": "garble-signature"}),
     {JSON: JSON_AUTH}, tags=["sigv4", "signature"])
case(AU, "json: wrong secret with minimal signed headers is refused", "MUST",
     SRC_BADSIG, req(json={"signed_headers": "host;x-amz-date;x-amz-target"},
                     auth={"mutation": "wrong-secret"}),
     {JSON: JSON_AUTH}, tags=["sigv4", "wrong-secret"])

SRC_V1 = observed(
    "boto 2 always signed MTurk with SigV1 (SignatureVersion=1) and worked; "
    "the server echoed a V1 string to sign (boto/boto#2260, notes §1.4)",
    "boto2")
case(AU, "legacy: AWS Signature Version 1 (GET) is accepted", "MUST",
     SRC_V1, req(legacy={"signature": "sigv1"}), {LEGACY: [ok_success()]},
     tags=["sigv1"])
case(AU, "legacy: AWS Signature Version 1 over a POST body with non-ASCII "
     "feedback is accepted", "MUST", SRC_V1,
     req(feedback="R\u00e9ponse incompl\u00e8te \U0001F600",
         legacy={"signature": "sigv1", "method": "POST"}),
     {LEGACY: [ok_success()]}, tags=["sigv1", "post"])
case(AU, "legacy: SigV1 computed with a case-sensitive parameter sort is "
     "refused (BadClaimsSupplied)", "MUST",
     observed("SigV1 sorts parameter names case-insensitively ([boto2] "
              "auth.py QuerySignatureV1AuthHandler); with AssignmentId and "
              "AWSAccessKeyId the two orders differ, so the signature does "
              "not verify: BadClaimsSupplied (notes §1.4)", "boto2"),
     req(legacy={"signature": "sigv1"},
         auth={"mutation": "sigv1-case-sensitive-sort"}),
     {LEGACY: LEG_AUTH}, tags=["sigv1", "signature"])
case(AU, "legacy: SigV1 with a garbled signature is refused", "MUST",
     SRC_BADSIG, req(legacy={"signature": "sigv1"},
                     auth={"mutation": "garble-signature"}),
     {LEGACY: LEG_AUTH}, tags=["sigv1", "signature"])
case(AU, "legacy: SigV1 covers every parameter, so a feedback changed "
     "after signing is refused", "SHOULD",
     inferred("SigV1 signs every parameter name and value ([boto2] auth.py, "
              "notes §1.4), unlike the MTurk scheme", "boto2",
              unconfirmed=True),
     req(legacy={"signature": "sigv1"}, auth={"mutation": "tamper-param"}),
     {LEGACY: LEG_AUTH}, tags=["sigv1", "tamper"])
case(AU, "legacy MTurk scheme: parameters changed after signing are not "
     "detectable (known protocol weakness, recorded)", "MAY",
     doc(Q_SIG, note="only Service, Operation and Timestamp are signed "
         "(notes §1.4), so a changed AssignmentId/RequesterFeedback still "
         "verifies; both answers are recorded, never failed"),
     req(auth={"mutation": "tamper-param"}),
     {LEGACY: [out("INFORMATIONAL", "success",
                   note="weakness of the protocol: tampering undetected"),
               out("INFORMATIONAL", "error",
                   note="the target detected tampering by other means")]},
     tags=["tamper", "weakness"],
     needs={"fixture": "Submitted", "observe": False})
case(AU, "legacy: garbled signature on a nonexistent assignment is refused "
     "as an auth error (auth before lookup)", "SHOULD", SRC_BADSIG,
     req(assignment=NONEXISTENT, auth={"mutation": "garble-signature"}),
     both(LEG_AUTH, JSON_AUTH), tags=["signature", "order"], needs={})

# --- legacy Timestamp formats (appended: RA-AUTH-0055, RA-AUTH-0056)
SRC_TS_FORMAT = inferred(
    "notes §1.3: working clients sent xs:dateTime with milliseconds "
    "(java-aws-mturk HMACSigner, ruby-aws '.123Z', chbrown/turk "
    "toISOString) and with a numeric offset (rturk Time.now.iso8601, "
    "kempelen DateTime.now), so the service accepted both; the signature "
    "covers the Timestamp string exactly as sent", "legacy-CP-doc",
    unconfirmed=True)
case(AU, "legacy: Timestamp with milliseconds (yyyy-MM-ddTHH:mm:ss.SSSZ) is accepted",
     "SHOULD", dict(SRC_TS_FORMAT, note="one blog reports intermittent "
                    "BadClaimsSupplied with milliseconds (ratborg 2012, notes "
                    "§1.3): a refusal is NON-STRICT"),
     req(feedback="millisecond timestamp",
         legacy={"timestamp_format": "millis"}),
     {LEGACY: [ok_success(),
               l_any_error(note="milliseconds refused (the ratborg "
                           "observation)")]},
     tags=["timestamp", "timestamp-format", "millis"])
case(AU, "legacy: Timestamp in local time with a numeric offset "
     "(yyyy-MM-ddTHH:mm:ss-05:00) is accepted as the same instant", "SHOULD",
     dict(SRC_TS_FORMAT, note="a server that drops the offset sees a "
          "request 5 hours away and refuses it as expired"),
     req(feedback="offset timestamp", legacy={"timestamp_format": "offset"}),
     {LEGACY: [ok_success()]},
     tags=["timestamp", "timestamp-format", "offset"])

# ================================================================ protocol
PR = "protocol"
SRC_TARGET = inferred(
    "the operation is named by X-Amz-Target: MTurkRequesterServiceV20170117."
    "RejectAssignment (notes §2.2, [botocore] serialize.py); an AWS JSON "
    "service answers UnknownOperationException for anything else",
    "botocore", unconfirmed=True)
J_UNKNOWN_OP = [j_err("OK", "UnknownOperationException", status=[400, 404]),
                j_any_4xx()]
case(PR, "json: X-Amz-Target missing is refused", "MUST", SRC_TARGET,
     req(json={"target": None}), {JSON: J_UNKNOWN_OP + [
         j_err("OK", ["MissingAuthenticationTokenException",
                      "SerializationException"], status=[400, 403])]},
     tags=["target"])
for tgt, what in (("MTurkRequesterServiceV20170117.RejectAssignments",
                   "an unknown operation"),
                  ("AWSMechanicalTurkRequester.RejectAssignment",
                   "a wrong prefix"),
                  ("MTurkRequesterServiceV20170117.", "no operation name"),
                  ("RejectAssignment", "no prefix")):
    case(PR, "json: X-Amz-Target with %s is refused" % what, "MUST",
         SRC_TARGET, req(json={"target": tgt}), {JSON: J_UNKNOWN_OP},
         tags=["target"])
SRC_CT = inferred(
    "the model's jsonVersion 1.1 means Content-Type "
    "application/x-amz-json-1.1 (notes §2.2, [botocore])", "botocore",
    unconfirmed=True, note="how strictly the service checks the content "
    "type is UNCONFIRMED: acceptance is NON-STRICT")
J_CT_BAD = [j_err("OK", ["SerializationException",
                         "UnknownOperationException",
                         "UnsupportedMediaTypeException"],
                  status=[400, 404, 415]),
            j_any_4xx(),
            out("NON-STRICT", "success", note="lenient content type")]
for ct, what in (("application/json", "application/json"),
                 ("text/plain", "text/plain"),
                 (None, "missing"),
                 ("application/x-www-form-urlencoded",
                  "the legacy form type")):
    case(PR, "json: Content-Type %s is refused or tolerated, never a 5xx"
         % what, "SHOULD", SRC_CT, req(json={"content_type": ct}),
         {JSON: J_CT_BAD}, tags=["content-type"])
case(PR, "json: Content-Type application/x-amz-json-1.1; charset=utf-8 is "
     "accepted", "SHOULD", SRC_CT,
     req(json={"content_type": "application/x-amz-json-1.1; charset=utf-8"}),
     {JSON: [ok_success(), j_any_4xx(note="strict media-type match")]},
     tags=["content-type"])
case(PR, "json: Content-Type application/x-amz-json-1.0 is accepted or "
     "refused, never a 5xx", "MAY", SRC_CT,
     req(json={"content_type": "application/x-amz-json-1.0"}),
     {JSON: [ok_success(), j_any_4xx("OK")]}, tags=["content-type"])
SRC_JSONBODY = inferred(
    "the body is a JSON object (notes §2.2); an AWS JSON service answers "
    "SerializationException for a body it cannot parse", "botocore",
    unconfirmed=True)
J_SER = [j_err("OK", "SerializationException", status=400),
         j_err("OK", "ValidationException", status=J4XX),
         j_any_4xx()]
for body, what in (
        ('{"AssignmentId": "${assignment}", "RequesterFeedback": "x"',
         "truncated JSON"),
        ('{"AssignmentId": "${assignment}", "RequesterFeedback": "x",}',
         "a trailing comma"),
        ("{'AssignmentId': '${assignment}', 'RequesterFeedback': 'x'}",
         "single quotes"),
        ("", "an empty body"),
        ("[]", "an array root"),
        ("null", "a null root"),
        ('"${assignment}"', "a string root"),
        ('{"AssignmentId": "${assignment}", "RequesterFeedback": "x"} '
         '{"AssignmentId": "${assignment}"}', "two concatenated objects"),
        ('{"AssignmentId": "${assignment}", "RequesterFeedback": "a\nb"}',
         "a raw newline inside a string")):
    case(PR, "json: body with %s is refused, state unchanged" % what,
         "MUST", SRC_JSONBODY, req(json={"raw_body": body}), {JSON: J_SER},
         tags=["malformed-json", "raw-body"])
case(PR, "json: body {} is refused as missing members", "MUST",
     observed("boto/boto3#1222: missing members give ValidationException "
              "'... Member must not be null' (notes §2.3)"),
     req(json={"raw_body": "{}"}),
     {JSON: [j_err("OK", "ValidationException", status=J4XX),
             j_any_4xx()]}, tags=["missing", "raw-body"])
case(PR, "json: RequesterFeedback null is refused (Member must not be "
     "null)", "MUST",
     observed("boto/boto3#1222: ValidationException 'Value null at "
              "'requesterFeedback' failed to satisfy constraint: Member must "
              "not be null' (notes §2.3)"),
     req(json={"raw_body": '{"AssignmentId": "${assignment}", '
               '"RequesterFeedback": null}'}),
     {JSON: [j_err("OK", "ValidationException", status=J4XX),
             j_any_4xx()]}, tags=["null", "raw-body"])
case(PR, "json: RequesterFeedback as a number is refused", "MUST",
     inferred("RequesterFeedback is a String in the model (notes §2.3)",
              "botocore"),
     req(json={"raw_body": '{"AssignmentId": "${assignment}", '
               '"RequesterFeedback": 42}'}),
     {JSON: [j_err("OK", ["SerializationException", "ValidationException"],
                   status=J4XX), j_any_4xx()]}, tags=["type", "raw-body"])
case(PR, "json: RequesterFeedback as an object is refused", "MUST",
     inferred("RequesterFeedback is a String in the model (notes §2.3)",
              "botocore"),
     req(json={"raw_body": '{"AssignmentId": "${assignment}", '
               '"RequesterFeedback": {"text": "x"}}'}),
     {JSON: [j_err("OK", ["SerializationException", "ValidationException"],
                   status=J4XX), j_any_4xx()]}, tags=["type", "raw-body"])
case(PR, "json: unknown extra members are ignored and the reject succeeds",
     "SHOULD",
     inferred("AWS JSON services ignore members not in the input shape, so "
              "new SDK fields do not break old services; the input shape is "
              "RejectAssignmentRequest (notes §2.3)", "botocore",
              unconfirmed=True),
     req(feedback="extra members ignored",
         json={"raw_body": '{"AssignmentId": "${assignment}", '
               '"RequesterFeedback": "extra members ignored", '
               '"Foo": "bar", "Nested": {"a": [1, 2, null]}}'}),
     {JSON: [ok_success(note="raw body: only the state is checked"),
             j_any_4xx("NON-STRICT", note="strict input shape")]},
     tags=["extra-members", "raw-body"])
case(PR, "json: duplicate AssignmentId members are refused or resolved, "
     "never a 5xx", "SHOULD",
     inferred("RFC 8259 §4: names SHOULD be unique and behaviour with "
              "duplicates is unpredictable; a refusal is the safe answer",
              unconfirmed=True),
     req(feedback="duplicate members",
         json={"raw_body": '{"AssignmentId": "${assignment}", '
               '"AssignmentId": "${assignment}", '
               '"RequesterFeedback": "duplicate members"}'}),
     {JSON: J_SER + [out("NON-STRICT", "success",
                         note="last (or first) member wins")]},
     tags=["duplicate", "raw-body"])
case(PR, "json: duplicate AssignmentId members naming two assignments are "
     "refused, fixture untouched", "SHOULD",
     inferred("RFC 8259 §4 (duplicate names unpredictable): acting on one "
              "of two different IDs is unsafe", unconfirmed=True),
     req(json={"raw_body": '{"AssignmentId": "${assignment}", '
               '"AssignmentId": "' + NONEXISTENT + '", '
               '"RequesterFeedback": "x"}'}),
     {JSON: J_SER + [j_err("NON-STRICT", "RequestError", C_NOT_FOUND, 400,
                           note="last member wins"),
                     out("NON-STRICT", "success", note="first member wins: "
                         "the fixture is rejected (raw body: only the state "
                         "is checked)")]},
     tags=["duplicate", "raw-body"])
case(PR, "json: member names escaped as \\u0041ssignmentId are the same "
     "member and succeed", "SHOULD",
     inferred("RFC 8259 §7: escaped and literal names are the same string",
              unconfirmed=True),
     req(feedback="escaped name",
         json={"raw_body": '{"\\u0041ssignmentId": "${assignment}", '
               '"RequesterFeedback": "escaped name"}'}),
     {JSON: [ok_success()]}, tags=["uescape", "raw-body"])
case(PR, "json: lower-case member names (assignmentId) are not the "
     "AssignmentId member", "SHOULD",
     inferred("JSON member names are case-sensitive (RFC 8259); the shape "
              "names AssignmentId/RequesterFeedback (notes §2.3)",
              unconfirmed=True),
     req(feedback="lower-case names",
         json={"raw_body": '{"assignmentId": "${assignment}", '
               '"requesterFeedback": "lower-case names"}'}),
     {JSON: [j_err("OK", "ValidationException", status=J4XX), j_any_4xx(),
             out("NON-STRICT", "success", note="case-insensitive members")]},
     tags=["raw-body"])
case(PR, "json: whitespace around the JSON object is accepted", "SHOULD",
     inferred("RFC 8259 §2: insignificant whitespace is allowed before and "
              "after the value; botocore itself sends ', ' separators "
              "(notes §2.2)", unconfirmed=True),
     req(feedback="padded",
         json={"raw_body": '  \n{ "AssignmentId" : "${assignment}" ,\t'
               '"RequesterFeedback" : "padded" }\r\n  '}),
     {JSON: [ok_success()]}, tags=["raw-body", "whitespace"])
case(PR, "json: GET instead of POST is refused, state unchanged", "MUST",
     inferred("the 2017 API is POST / only (notes §2.2)", unconfirmed=True),
     req(json={"method": "GET"}),
     {JSON: [j_any_4xx("OK")]}, tags=["method"])
case(PR, "json: a 2 MiB body (padded with spaces) is refused, never a 5xx "
     "or a hang", "SHOULD",
     inferred("the body limit of the service is not documented; a server "
              "must refuse an oversized body gracefully (SPEC §7)",
              unconfirmed=True),
     req(json={"pad_to": 2097152}),
     {JSON: [j_err("OK", status=413), j_err("OK", status=400),
             j_any_4xx(), out("NON-STRICT", "success",
                              note="large bodies of whitespace accepted")]},
     tags=["oversized"])
case(PR, "legacy: a 60000-character feedback in a POST body is refused, never "
     "a 5xx", "MUST", SRC_LEN_UNC,
     req(feedback=rep("abcd", 15000), legacy={"method": "POST"}),
     {LEGACY: LEG_FB_BAD + [l_any_error("OK", status=[400, 413])]},
     tags=["oversized", "post"])
case(PR, "json: a 2 MiB feedback is refused, never a 5xx", "MUST",
     SRC_LEN_UNC, req(feedback=rep("abcd", 524288)),
     {JSON: JSON_FB_BAD + [j_err("OK", status=413)]},
     tags=["oversized"])
DUP_SAME = ("both copies carry the same value, so acting on it is harmless; "
            "a refusal of the ambiguous request is the safe answer")
SRC_DUP = inferred(
    "a request naming AssignmentId twice is ambiguous; the notes document "
    "repeated parameters only as Name.1/Name.2 (notes §1.1)",
    unconfirmed=True, note="real answer UNCONFIRMED: any refusal OK; "
    "acting on one of them NON-STRICT")
case(PR, "AssignmentId given twice (fixture, then nonexistent) is refused, "
     "nothing rejected", "SHOULD", SRC_DUP,
     req(extra_params=[["AssignmentId", NONEXISTENT]]),
     both([l_result("NON-STRICT", C_NOT_FOUND, note="last value wins"),
           out("NON-STRICT", "success", note="first value wins (a Java "
               "servlet's getParameter): the fixture is rejected"),
           l_any_error("OK", note="any refusal of the ambiguous request")],
          J_SER + [j_err("NON-STRICT", "RequestError", C_NOT_FOUND, 400,
                         note="last value wins"),
                   out("NON-STRICT", "success", note="first value wins: the "
                       "fixture is rejected")]),
     tags=["duplicate"])
case(PR, "AssignmentId given twice with the same value: refused or one "
     "reject", "SHOULD", SRC_DUP, req(extra_params=[["AssignmentId", REF]]),
     both([l_any_error("OK", note="any refusal of the ambiguous request"),
           out("NON-STRICT", "success", note=DUP_SAME)],
          J_SER + [out("NON-STRICT", "success", note=DUP_SAME)]), tags=["duplicate"])
case(PR, "RequesterFeedback given twice with the same value: refused or "
     "one reject", "SHOULD", SRC_DUP,
     req(feedback="same twice",
         extra_params=[["RequesterFeedback", "same twice"]]),
     both([l_result("OK", C_PARAM), l_any_error("OK"),
           out("NON-STRICT", "success", note=DUP_SAME)],
          J_SER + [out("NON-STRICT", "success", note=DUP_SAME)]), tags=["duplicate"])
case(PR, "legacy: POST with every parameter in the form body is accepted",
     "MUST", doc(Q_GETPOST, note="2008 MakingRESTRequests page (notes "
                 "§1.1); observed in boto2, ruby-aws, rturk"),
     req(legacy={"method": "POST"}, feedback="posted"),
     {LEGACY: [ok_success()]}, tags=["method", "post"])
case(PR, "legacy: GET with every parameter in the query string is "
     "accepted", "MUST", doc(Q_GETPOST, note="observed: hackundsoehne/"
                            "object-service MturkRestCommand.java (notes "
                            "§1.1)"),
     req(legacy={"method": "GET"}, feedback="via GET"),
     {LEGACY: [ok_success()]}, tags=["method", "get"])
case(PR, "legacy: POST form without '; charset=UTF-8' still decodes UTF-8 "
     "feedback", "SHOULD",
     inferred("boto2 sends 'application/x-www-form-urlencoded; "
              "charset=UTF-8' (notes §1.1); percent-encoded bytes are UTF-8 "
              "either way", "boto2", unconfirmed=True),
     req(feedback="r\u00e9ponse", legacy={
         "method": "POST", "content_type": "application/x-www-form-urlencoded"}),
     {LEGACY: [ok_success()]}, tags=["post", "content-type"])
case(PR, "legacy: POST with Content-Type text/plain is refused or "
     "tolerated, never a 5xx", "SHOULD",
     inferred("form parameters are only defined for application/x-www-form-"
              "urlencoded (notes §1.1)", unconfirmed=True),
     req(legacy={"method": "POST", "content_type": "text/plain"}),
     {LEGACY: [l_any_error("OK"), out("NON-STRICT", "success",
                                     note="tolerated: nothing in the "
                                     "request is ambiguous, but the "
                                     "documented form was not sent")]},
     tags=["post", "content-type"])
case(PR, "legacy: Version omitted means the latest version and succeeds",
     "MUST", doc(Q_VERSION, "legacy-CP-doc"),
     req(legacy={"version": None}), {LEGACY: [ok_success()]},
     tags=["version"])
SRC_VERSION = inferred(
    "the XSD namespaces name the API versions (…/doc/2007-06-21, "
    "…/doc/2013-11-15, …/doc/2014-08-15, notes §1.5); a version the "
    "target does not serve must be refused", "legacy-CP-doc",
    unconfirmed=True, note="the error for an unknown version is not "
    "captured: any non-5xx refusal is OK")
for ver, what in (("2099-01-01", "a future version"),
                  ("garbage", "a malformed version")):
    case(PR, "legacy: Version %s (%s) is refused" % (ver, what), "MUST",
         SRC_VERSION, req(legacy={"version": ver}),
         {LEGACY: [l_any_error("OK")]}, tags=["version"])
case(PR, "legacy: Version 2006-10-31 (an old API) is refused by a "
     "2014-08-15 target or served", "SHOULD", SRC_VERSION,
     req(legacy={"version": "2006-10-31"}),
     {LEGACY: [l_any_error("OK"), out("NON-STRICT", "success",
                                      note="the real service served old "
                                      "versions")]}, tags=["version"])
case(PR, "legacy: Version 2017-01-17 (the doc sample's value) records the "
     "answer", "MAY",
     doc("&Version=2017-01-17", "legacy-RA-doc",
         note="the legacy page's sample request says Version=2017-01-17, a "
         "docs bug (notes §1.2)"),
     req(legacy={"version": "2017-01-17"}),
     {LEGACY: [out("INFORMATIONAL", "success"),
               out("INFORMATIONAL", "error")]}, tags=["version", "docs-bug"])
case(PR, "legacy: Service omitted is tolerated (boto 2 never sent it)",
     "SHOULD",
     inferred("boto 2 never sent Service and worked for years (notes §1.2, "
              "[boto2] _process_request)", "boto2", unconfirmed=True,
              note="the Common Parameters page says Required: a refusal is "
              "NON-STRICT"),
     req(legacy={"service": None}),
     {LEGACY: [ok_success(), l_any_error()]}, tags=["service"])
case(PR, "legacy: Service AWSMechanicalTurkWorker with "
     "Operation=RejectAssignment is refused", "MUST",
     doc("?Service=AWSMechanicalTurkRequester", "legacy-RA-doc",
         note="Service is required with that value (legacy-CP-doc, notes "
         "§1.2); the signature also covers it (notes §1.4)"),
     req(legacy={"service": "AWSMechanicalTurkWorker"}),
     {LEGACY: [l_any_error("OK")]}, tags=["service"])
case(PR, "legacy: Operation omitted is refused", "MUST",
     doc(Q_OPVALUES, "legacy-RA-doc",
         note="Operation is required (legacy-CP-doc)"),
     req(legacy={"operation": None}),
     {LEGACY: [l_any_error("OK")]}, tags=["operation"])
case(PR, "legacy: Operation RejectAssignments (unknown) is refused", "MUST",
     doc(Q_OPVALUES, "legacy-RA-doc"),
     req(legacy={"operation": "RejectAssignments"}),
     {LEGACY: [l_any_error("OK")]}, tags=["operation"])
case(PR, "legacy: Operation rejectassignment (wrong case) is refused or "
     "tolerated", "SHOULD", doc(Q_OPVALUES, "legacy-RA-doc",
                                unconfirmed=True),
     req(legacy={"operation": "rejectassignment"}),
     {LEGACY: [l_any_error("OK"), out("NON-STRICT", "success",
                                     note="tolerated: nothing in the "
                                     "request is ambiguous, but the "
                                     "documented form was not sent")]},
     tags=["operation"])
case(PR, "legacy: a 2017 JSON request body sent to the legacy endpoint is "
     "refused", "MUST",
     observed("aws/aws-sdk-ruby#2024: a SigV4/JSON request to "
              "mechanicalturk.sandbox.amazonaws.com got HTTP 400 "
              "<Response><Errors><Error><Code>InvalidParameterValue (notes "
              "§1.4)"),
     req(legacy={"method": "POST", "content_type": "application/x-amz-json-1.1",
                 "raw_body": '{"AssignmentId": "${assignment}", '
                 '"RequesterFeedback": "x"}'}),
     {LEGACY: [l_any_error("OK", envelope="front-door", status=400,
                           code=["InvalidParameterValue",
                                 "AWS.InvalidParameterValue"]),
               l_any_error()]}, tags=["sigv4", "wrong-protocol"])
case(PR, "legacy: ResponseGroup=Minimal is accepted", "MUST",
     doc("Contains a Request element if the Request ResponseGroup is "
         "specified.", "legacy-RA-doc",
         note="ResponseGroup is a common parameter (legacy-CP-doc)"),
     req(extra_params=[["ResponseGroup", "Minimal"]]),
     {LEGACY: [ok_success()]}, tags=["response-group"])
case(PR, "legacy: ResponseGroup=Request is accepted", "MUST",
     doc("Contains a Request element if the Request ResponseGroup is "
         "specified.", "legacy-RA-doc"),
     req(extra_params=[["ResponseGroup", "Request"]]),
     {LEGACY: [ok_success()]}, tags=["response-group"])
case(PR, "legacy: the deprecated Validate parameter is ignored", "SHOULD",
     inferred("legacy-CP-doc lists Validate as 'Deprecated'; the XSD keeps "
              "it optional (notes §1.2)", "legacy-CP-doc", unconfirmed=True),
     req(extra_params=[["Validate", "False"]]),
     {LEGACY: [ok_success(), l_any_error()]}, tags=["unknown-param"])
case(PR, "legacy: Action=RejectAssignment in place of Operation is refused or "
     "taken as the operation", "SHOULD",
     observed("boto before Dec 2012 sent Action=<op> instead of Operation "
              "(boto commit bd480ed5); the service echoed it in the string "
              "to sign (boto/boto#2260)", unconfirmed=True,
              note="whether Action was a full alias of Operation is "
              "UNCONFIRMED (notes §1.2): both answers are OK; a success must "
              "reject the fixture, a refusal must leave it"),
     req(legacy={"operation": None},
         extra_params=[["Action", "RejectAssignment"]]),
     {LEGACY: [ok_success(note="Action taken as an alias of Operation"),
               l_any_error("OK", note="Operation is required")]},
     tags=["operation"])


# ================================================================ isolation
# Appended (wave 2): each request differs from a valid, correctly signed one
# in exactly one way (docs/cases.md "Isolation"), for checks that no case
# exercised alone before.
case(AU, "A correct signature cut to half its length is refused", "MUST",
     inferred("the signature is the whole Base64 HMAC-SHA1 (notes §1.4) or "
              "the whole hex SigV4 signature (notes §2.2); a server that "
              "compares only the bytes sent (a prefix) accepts a truncated "
              "one", unconfirmed=True,
              note="the error code is graded as for any signature mismatch"),
     req(auth={"mutation": "truncate-signature"}),
     both(LEG_AUTH, JSON_AUTH), tags=["signature", "truncated"])
case(FB, "RequesterFeedback with control character 0x01 only after a line "
     "break is refused, state unchanged", "MUST", SRC_CTRL,
     req(feedback=cat("First line is fine.\nSecond line has ", hexv("01"),
                      " in it.")),
     both(LEG_FB_BAD, JSON_FB_BAD), tags=["control-char", "multiline"])
case(FB, "RequesterFeedback with control character 0x1F only after CR LF is "
     "refused, state unchanged", "MUST", SRC_CTRL,
     req(feedback=cat("First line is fine.\r\nSecond line ends with ",
                      hexv("1f"))),
     both(LEG_FB_BAD, JSON_FB_BAD), tags=["control-char", "multiline"])
SRC_DUP_MIXED = inferred(
    "a parameter given twice is ambiguous (notes §1.1 documents only "
    "Name.N); when one copy is invalid, a server may refuse or act on one "
    "copy, but it must validate the copy it acts on", unconfirmed=True,
    note="a success must store the valid copy; validating one copy and "
    "storing the other is the defect")
case(PR, "RequesterFeedback given twice, valid then 1025 characters: refused, "
     "or the first (valid) value stored", "MUST", SRC_DUP_MIXED,
     req(feedback="valid first copy",
         extra_params=[["RequesterFeedback", rep("a", 1025)]]),
     both(LEG_FB_BAD + [l_any_error("OK", note="the ambiguous request is "
                                    "refused"),
                        out("NON-STRICT", "success", post={"feedback":
                                                           "first-sent"},
                            note="first value wins and it is valid")],
          JSON_FB_BAD + J_SER + [j_any_4xx("OK", note="the ambiguous request "
                                           "is refused"),
                                 out("NON-STRICT", "success",
                                     post={"feedback": "first-sent"},
                                     note="first member wins and it is "
                                     "valid")]),
     tags=["duplicate", "length"])
case(PR, "RequesterFeedback given twice, control character then valid: "
     "refused, or the last (valid) value stored", "MUST", SRC_DUP_MIXED,
     req(feedback=cat("bad ", hexv("07"), " copy"),
         extra_params=[["RequesterFeedback", "valid last copy"]]),
     both(LEG_FB_BAD + [l_any_error("OK", note="the ambiguous request is "
                                    "refused"),
                        out("NON-STRICT", "success", post={"feedback":
                                                           "last-sent"},
                            note="last value wins and it is valid")],
          JSON_FB_BAD + J_SER + [j_any_4xx("OK", note="the ambiguous request "
                                           "is refused"),
                                 out("NON-STRICT", "success",
                                     post={"feedback": "last-sent"},
                                     note="last member wins and it is "
                                     "valid")]),
     tags=["duplicate", "control-char"])
case(PR, "AssignmentId given twice (nonexistent, then fixture) is refused, or "
     "the fixture rejected", "SHOULD", SRC_DUP,
     req(assignment=NONEXISTENT, extra_params=[["AssignmentId", REF]]),
     both([l_result("NON-STRICT", C_NOT_FOUND, note="first value wins"),
           out("NON-STRICT", "success", note="last value wins: the fixture "
               "is rejected"),
           l_any_error("OK", note="any refusal of the ambiguous request")],
          J_SER + [j_err("NON-STRICT", "RequestError", C_NOT_FOUND, 400,
                         note="first value wins"),
                   out("NON-STRICT", "success", note="last value wins: the "
                       "fixture is rejected")]),
     tags=["duplicate"])
case(PR, "legacy: POST with Service in the URL and the rest in the form body "
     "(as MTurkR sends them) is accepted",
     "MUST", observed("MTurkR sends Service in the URL query string and "
                      "everything else in the POST body (notes §1.1, "
                      "[MTurkR] R/request.R)"),
     req(feedback="split between URL and body",
         legacy={"method": "POST", "service": None,
                 "raw_query": "Service=AWSMechanicalTurkRequester"}),
     {LEGACY: [ok_success()]}, tags=["post", "split"])
case(PR, "legacy: the success answer is <RejectAssignmentResponse> holding "
     "<RejectAssignmentResult>", "SHOULD",
     doc("<RejectAssignmentResult><Request><IsValid>True</IsValid></Request>"
         "</RejectAssignmentResult>", "legacy-RA-doc",
         note="the schema names the response RejectAssignmentResponse (notes "
         "§1.5, xsd-2007); a client reading it by name breaks on another "
         "root"),
     req(feedback="envelope shape"),
     {LEGACY: [ok_success(root="RejectAssignmentResponse")]},
     tags=["envelope", "response"])
case(PR, "json: the success answer carries Content-Type "
     "application/x-amz-json-1.1", "SHOULD",
     doc("HTTP 200, x-amzn-RequestId, Content-Type: "
         "application/x-amz-json-1.1", "new-RA-doc",
         note="notes §2.3; AWS JSON clients parse the body whatever the "
         "media type, so another type is weaker, not broken"),
     req(feedback="content type of the answer"),
     {JSON: [ok_success(content_type="application/x-amz-json-1.1"),
             out("NON-STRICT", "success", note="another media type: clients "
                 "tolerate it, the protocol names application/x-amz-json-1.1")]},
     tags=["content-type", "response"])
case(PR, "json: an error answer carries Content-Type "
     "application/x-amz-json-1.1", "SHOULD",
     inferred("AWS JSON 1.1 answers errors in the same media type as "
              "successes (notes §2.2, §2.4: the error body is JSON)",
              unconfirmed=True),
     req(assignment=NONEXISTENT, feedback="content type of an error"),
     {JSON: [j_err("OK", "RequestError", C_NOT_FOUND, 400,
                   content_type="application/x-amz-json-1.1"),
             j_err("NON-STRICT", "RequestError", C_NOT_FOUND, 400,
                   note="another media type: clients read the JSON anyway")]},
     tags=["content-type", "response"], needs={})

# Appended after the independent defect designers' report (wave 2): each
# still differs from a valid request in exactly one way.
case(AU, "legacy: the right signature with the case of its letters swapped "
     "is refused", "MUST",
     inferred("the signature is Base64 (notes §1.4), whose alphabet is "
              "case-sensitive: a swapped-case signature is another value",
              unconfirmed=True, note="the error code is graded as for any "
              "signature mismatch"),
     req(auth={"mutation": "swap-case-signature"}),
     {LEGACY: LEG_AUTH}, tags=["signature", "case"])
case(AU, "json: X-Amz-Date left out after signing is refused, never a 5xx",
     "MUST",
     observed("a SigV4 request needs X-Amz-Date (or Date): 'Authorization "
              "header requires existence of either a 'X-Amz-Date' or a "
              "'Date' header' is the AWS answer (notes §2.2: x-amz-date is "
              "always signed)", unconfirmed=True,
              note="the exact code is UNCONFIRMED for MTurk; a 5xx is a "
              "server fault"),
     req(auth={"mutation": "omit-amz-date"}),
     {JSON: JSON_AUTH + [j_err("OK", "IncompleteSignatureException",
                               status=[400, 403])]},
     tags=["sigv4", "x-amz-date", "missing"])
case(AU, "legacy: Timestamp left out is refused, never a 5xx", "MUST",
     doc("Timestamp: Required", "legacy-CP-doc",
         note="the code and envelope for a missing Timestamp are UNCONFIRMED "
         "(AWS.MissingParameters is the observed code for a missing "
         "parameter, notes §1.7)"),
     req(feedback="no timestamp",
         legacy={"raw_query": "Service=AWSMechanicalTurkRequester&"
                 "AWSAccessKeyId=${access_key_id}&Version=2014-08-15&"
                 "Operation=RejectAssignment&AssignmentId=${assignment}&"
                 "RequesterFeedback=no%20timestamp&Signature=${signature}"}),
     {LEGACY: [l_operation("OK", C_MISSING),
               l_any_error("OK", note="any refusal: the envelope for a "
                           "missing Timestamp is UNCONFIRMED")]},
     tags=["timestamp", "missing", "raw-query"])
case(ID, "AssignmentId one character short of the fixture's is refused, "
     "fixture untouched", "MUST",
     inferred("an AssignmentId names one assignment exactly (notes §1.7: "
              "AssignmentDoesNotExist for an ID the service does not know); "
              "a lookup by prefix acts on another assignment"),
     req(assignment={"chop": REF}),
     both(LEG_NOT_FOUND + LEG_ID_BAD, JSON_NOT_FOUND + JSON_ID_BAD),
     tags=["prefix", "nonexistent"])
case(ID, "AssignmentId with XML markup characters (A<B&C) is refused with a "
     "well-formed answer", "SHOULD",
     observed("the service echoes the AssignmentId in its error Data "
              "(notes §1.7: 'Assignment ALPHA does not exist', Data "
              "AssignmentId); the answer must stay well-formed XML",
              unconfirmed=True),
     req(assignment="A<B&C>D"),
     both(LEG_ID_BAD, JSON_ID_BAD), tags=["pattern", "markup", "echo"])


# ---------------------------------------------------------------- output
def fmt(obj, level):
    """JSON with 2-space indent; short arrays/objects stay on one line."""
    flat = json.dumps(obj, ensure_ascii=False)
    pad = "  " * level
    if level > 0 and len(flat) + len(pad) <= 78:
        return flat
    if isinstance(obj, dict) and obj:
        items = ['%s  %s: %s' % (pad, json.dumps(k, ensure_ascii=False),
                                 fmt(v, level + 1)) for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list) and obj:
        if all(not isinstance(x, (dict, list)) for x in obj):
            return flat
        items = [pad + "  " + fmt(v, level + 1) for v in obj]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return flat


def number_new_cases(out_dir, check):
    """Gives each declared case the table lacks the next free ID of its area
    and appends it to the table (not under --check: that is drift)."""
    new = [c for c in CASES if c["id"] is None]
    if not new:
        return 0
    if check:
        for c in new:
            sys.stderr.write("no ID for %r in %s: run %s\n"
                             % (c["title"], LEDGER, GENERATOR))
        return 1
    used = set(IDS.values()) | set(RESERVED)
    for area in AREA_PREFIX:
        d = os.path.join(out_dir, area)
        if os.path.isdir(d):
            used |= {f[:-5] for f in os.listdir(d) if f.endswith(".json")}
    top = collections.defaultdict(lambda: 9)
    for cid in used:
        prefix, num = cid.rsplit("-", 1)
        if num.isdigit():
            top[prefix] = max(top[prefix], int(num))
    with open(LEDGER, "a", encoding="utf-8") as f:
        for c in new:
            prefix = "RA-" + AREA_PREFIX[c["area"]]
            top[prefix] += 1
            c["id"] = "%s-%04d" % (prefix, top[prefix])
            IDS[c["title"]] = c["id"]
            f.write("%s\t%s\n" % (c["id"], c["title"]))
            sys.stderr.write("new case %s: %s\n" % (c["id"], c["title"]))
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(os.path.dirname(HERE),
                                                  "cases"))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    titles = [c["title"] for c in CASES]
    dup = {t for t in titles if titles.count(t) > 1}
    if dup:
        sys.exit("titles must be unique (they key the ID table): %s"
                 % sorted(dup))
    stale = sorted(set(IDS) - set(titles))
    if stale:
        sys.exit("%s lists cases no longer declared (IDs are never reused; "
                 "keep the case, or retitle it in both places): %s"
                 % (LEDGER, stale))
    drift = number_new_cases(args.out, args.check)
    seen = set()
    for c in CASES:
        assert c["id"] not in seen, c["id"]
        seen.add(c["id"])
        d = os.path.join(args.out, c["area"])
        path = os.path.join(d, c["id"] + ".json")
        old = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                old = f.read()
            try:
                mine = json.loads(old).get("generator") == GENERATOR
            except ValueError:
                mine = False
            if not mine:
                sys.stderr.write("%s: not written by %s (no \"generator\" "
                                 "marker): refusing to overwrite it\n"
                                 % (path, GENERATOR))
                drift = 1
                continue
        if c["id"] in PENDING:
            if old is not None:
                if args.check:
                    sys.stderr.write("%s: pending, should not exist\n" % path)
                    drift = 1
                else:
                    os.remove(path)
            continue
        text = fmt(c, 0) + "\n"
        if old != text:
            if args.check:
                sys.stderr.write("%s: differs from what %s writes\n"
                                 % (path, GENERATOR))
                drift = 1
                continue
            os.makedirs(d, exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    # A file that says it is generated but no longer is: drift.
    for area in AREA_PREFIX:
        d = os.path.join(args.out, area)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            cid = name[:-5]
            if not name.endswith(".json") or cid in seen:
                continue
            with open(os.path.join(d, name), encoding="utf-8") as f:
                try:
                    gen = json.load(f).get("generator")
                except ValueError:
                    gen = None
            if gen == GENERATOR:
                sys.stderr.write("%s: marked generated but not declared\n"
                                 % os.path.join(d, name))
                drift = 1
    written = [c for c in CASES if c["id"] not in PENDING]
    counts = collections.Counter(c["area"] for c in written)
    sys.stderr.write("%d cases, %d pending (%s)%s\n" % (
        len(written), len(PENDING), ", ".join(
            "%s %d" % kv for kv in sorted(counts.items())),
        ": DRIFT" if drift else ""))
    return 1 if drift else 0


if __name__ == "__main__":
    sys.exit(main())
