"""Rules the whole catalogue keeps, checked on the case files themselves
(no server): one fact, one grade; a 5xx is never a graceful refusal; every
NON-STRICT outcome says why it is weaker (so --strict fails only with a
reason); every case cites its source."""
import glob
import itertools
import json
import os

import pytest

SRC = os.environ.get("RACONFORM_SOURCE_DIR") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load_cases():
    out = []
    for f in sorted(glob.glob(os.path.join(SRC, "cases", "*", "*.json"))):
        with open(f, encoding="utf-8") as fh:
            out.append(json.load(fh))
    return out


CASES = load_cases()


def as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def grade_of(outcomes, probe):
    """The grade the judge gives a parsed answer (outcome, status, type,
    code, envelope), as runner/judge.c matches: first outcome wins, an
    omitted field matches anything, a 5xx matches only an outcome naming
    its status. Outcomes that depend on a capability are left out."""
    kind, status, type_, code, envelope = probe
    for o in outcomes:
        if "when" in o:
            continue
        if o["outcome"] != "any" and o["outcome"] != kind:
            continue
        st = as_list(o.get("status"))
        if kind == "error" and status >= 500 and not st:
            continue
        if st and status not in st:
            continue
        if o.get("type") and type_ not in as_list(o["type"]):
            continue
        if o.get("code") and code not in as_list(o["code"]):
            continue
        if o.get("envelope") and o["envelope"] != envelope:
            continue
        return o["grade"]
    return "FAILED"


# A fact is a rule of the protocol that several cases probe with different
# inputs; every case of one fact must grade the same answer the same way.
# (name, profile, predicate on a case)
def refuses_only(c, p):
    outs = c["expect"].get(p, [])
    return outs and all(o["outcome"] == "error" for o in outs) and \
        not any("when" in o for o in outs)


def tagged(*tags):
    return lambda c: set(tags) <= set(c.get("tags", []))


FACTS = [
    ("overlong RequesterFeedback",
     lambda c, p: c["area"] == "feedback" and tagged("length")(c) and
     refuses_only(c, p) and "oversized" not in c.get("tags", [])),
    ("invalid UTF-8 in RequesterFeedback",
     lambda c, p: c["area"] == "feedback" and tagged("invalid-utf8")(c) and
     refuses_only(c, p)),
    ("forbidden control character",
     lambda c, p: c["area"] == "feedback" and tagged("control-char")(c) and
     refuses_only(c, p) and "uescape" not in c.get("tags", [])),
]


def probes(cases, p):
    """Every concrete answer some outcome of these cases describes."""
    seen = set()
    for c in cases:
        for o in c["expect"][p]:
            for st in as_list(o.get("status")) or [200, 400]:
                for t in as_list(o.get("type")) or [None]:
                    for code in as_list(o.get("code")) or [None]:
                        env = o.get("envelope") or (
                            "result" if p == "legacy-2014" else None)
                        seen.add((o["outcome"], st, t, code, env))
    return sorted(seen, key=str)


@pytest.mark.parametrize("fact", [f[0] for f in FACTS])
@pytest.mark.parametrize("profile", ["legacy-2014", "json-2017"])
def test_one_fact_one_grade(fact, profile):
    pred = dict(FACTS)[fact]
    cases = [c for c in CASES if profile in c["expect"] and pred(c, profile)]
    assert len(cases) >= 2, (fact, profile)
    disagree = []
    for probe in probes(cases, profile):
        grades = {}
        for c in cases:
            grades.setdefault(grade_of(c["expect"][profile], probe),
                              []).append(c["id"])
        if len(grades) > 1:
            disagree.append("%s -> %s" % (probe, {g: ids[:4] for g, ids in
                                                   grades.items()}))
    assert not disagree, "%s [%s]: cases grade one answer differently:\n%s" \
        % (fact, profile, "\n".join(disagree))


def test_grade_of_can_fail():
    """The comparison above can tell grades apart."""
    a = [{"grade": "OK", "outcome": "error", "code": "X"},
         {"grade": "NON-STRICT", "outcome": "error"}]
    b = [{"grade": "OK", "outcome": "error"}]
    probe = ("error", 200, None, "Y", "result")
    assert grade_of(a, probe) == "NON-STRICT" and grade_of(b, probe) == "OK"
    assert grade_of(b, ("error", 500, None, "Y", "result")) == "FAILED"


def test_no_5xx_refusal():
    """A 5xx is a server fault: only an explicit 503 (throttling, notes
    §1.1 and §2.5) may be listed, and never as OK."""
    bad = []
    for c in CASES:
        for p, outs in c["expect"].items():
            for o in outs:
                for st in as_list(o.get("status")):
                    if st >= 500 and (st != 503 or o["grade"] == "OK" or
                                      not o.get("note")):
                        bad.append((c["id"], p, o))
    assert not bad, bad


def test_every_non_strict_outcome_says_why():
    bad = [(c["id"], p) for c in CASES for p, outs in c["expect"].items()
           for o in outs if o["grade"] == "NON-STRICT" and not o.get("note")]
    assert not bad, bad


def test_every_case_cites_its_source():
    need = {"doc": "quote", "observed": "citation", "inferred": "reasoning"}
    for c in CASES:
        s = c["source"]
        assert s["kind"] in need and s.get(need[s["kind"]]), c["id"]


def test_ids_unique_and_match_files():
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
