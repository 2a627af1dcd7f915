"""Real consumers read the report golden files.

The golden files under tests/data/golden/report/ are what the C reporters
write for a fixed run covering every status and grade with hostile strings
(tests/unit/report/report_sample.h; the Check tests fail when the writers
drift from them). Here they are fed to the consumers users actually have:
Perl's TAP::Parser (prove, Debian 12), node's tap-parser, xmllint with the
JUnit schema and the npm JUnit parser junit2json.
"""
import json
import os
import shutil
import subprocess

import pytest

SRC = os.environ.get("RACONFORM_SOURCE_DIR",
                     os.path.dirname(os.path.dirname(os.path.dirname(
                         os.path.abspath(__file__)))))
GOLDEN = os.path.join(SRC, "tests", "data", "golden", "report")
TESTS = os.path.join(SRC, "tests")
TAP13 = os.path.join(GOLDEN, "sample.tap13")
TAP14 = os.path.join(GOLDEN, "sample.tap14")
JUNIT = os.path.join(GOLDEN, "sample.junit.xml")
XSD = os.path.join(GOLDEN, "junit-10.xsd")


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                          **kw)


def require_node_modules():
    # Not a skip: a missing install is a broken test set-up.
    for pkg in ("tap-parser", "junit2json"):
        if not os.path.isdir(os.path.join(TESTS, "node_modules", pkg)):
            pytest.fail("tests/node_modules/%s is missing: run "
                        "'cd tests && npm ci' (scripts/test.sh does)" % pkg)


PERL_TAP = r'''
use strict; use warnings; use TAP::Parser; use JSON::PP;
local $/; my $tap = <STDIN>;
my $p = TAP::Parser->new({ tap => $tap });
my (@tests, %yaml);
my $last;
while (my $r = $p->next) {
  if ($r->is_test) {
    $last = $r->number;
    push @tests, { n => $r->number, ok => ($r->is_actual_ok ? 1 : 0),
                   desc => $r->description, directive => $r->directive,
                   explanation => $r->explanation };
  } elsif ($r->is_yaml) {
    $yaml{$last} = $r->data;
  }
}
print JSON::PP->new->canonical->encode({
  errors => [ $p->parse_errors ], tests => \@tests, yaml => \%yaml,
  planned => $p->tests_planned, version => $p->version,
  failed => [ $p->failed ], todo => [ $p->todo ], skipped => [ $p->skipped ] });
'''


def perl_parse(text):
    res = run(["/usr/bin/perl", "-e", PERL_TAP], input=text)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def check_tap_content(d, yaml=True):
    assert d["planned"] == 9
    assert [t["n"] for t in d["tests"]] == list(range(1, 10))
    assert d["failed"] == [2, 3, 9]
    assert d["todo"] == [5]
    assert d["skipped"] == [4]
    desc = {t["n"]: t["desc"] for t in d["tests"]}
    # TAP::Parser keeps the escapes in the description ("\#"); what matters
    # is that the title did not become a directive
    assert d["tests"][0]["directive"] == ""
    assert "hash" in desc[1] and "backslash" in desc[1]
    assert d["tests"][3]["explanation"].startswith("no fixture provider")
    assert d["tests"][4]["explanation"] == "baseline: mock counts bytes #42"
    if not yaml:
        return
    y2 = d["yaml"]["2"]
    assert y2["severity"] == "fail"
    assert y2["curl"].startswith("curl ")
    assert "\u00e9 \u65e5\u672c \U0001F600" in y2["request"]
    assert y2["response"] == "HTTP/1.1 200 OK\n\n{}\n...\n---"
    assert y2["expected"].startswith("400 ValidationException\n  or ")
    assert d["yaml"]["3"]["severity"] == "error"
    assert d["yaml"]["3"]["kind"] == "timeout"
    assert d["yaml"]["6"]["grade"] == "NON-STRICT"
    assert d["yaml"]["7"]["grade"] == "INFORMATIONAL"


def test_prove_reads_tap13_without_parse_errors():
    res = run(["/usr/bin/prove", "--exec", "cat", TAP13])
    out = res.stdout + res.stderr
    assert "Parse errors" not in out, out
    # the sample has real failures, so prove fails for the right reason
    assert "Failed tests:  2-3, 9" in out, out
    with open(TAP13, encoding="utf-8") as f:
        d = perl_parse(f.read())
    assert d["errors"] == []
    assert d["version"] == 13
    check_tap_content(d)


def test_perl_reads_tap14_body():
    # TAP::Parser 3.44 refuses "TAP version 14" by design (SPEC §5); the
    # rest of a version-14 stream must still parse (without a version line
    # TAP::Parser reads version 12, which has no YAML blocks: it passes the
    # YAML lines over as unknown, so only the test lines are checked).
    with open(TAP14, encoding="utf-8") as f:
        text = f.read()
    first, body = text.split("\n", 1)
    assert first == "TAP version 14"
    d = perl_parse(body)
    assert d["errors"] == []
    check_tap_content(d, yaml=False)
    d14 = perl_parse(text)
    assert any("version 14" in e for e in d14["errors"]), d14["errors"]


NODE_TAP = r'''
import { Parser } from 'tap-parser'
import { readFileSync } from 'fs'
const out = { asserts: [] }
const p = new Parser(r => { out.final = r; console.log(JSON.stringify(out)) })
p.on('assert', a => out.asserts.push({ id: a.id, ok: a.ok, name: a.name,
  todo: a.todo, skip: a.skip, diag: a.diag }))
p.on('version', v => { out.version = v })
p.end(readFileSync(process.argv[1]))
'''


@pytest.mark.parametrize("path,version", [(TAP13, 13), (TAP14, 14)])
def test_node_tap_parser_reads_tap(path, version):
    require_node_modules()
    res = run(["node", "--input-type=module", "-e", NODE_TAP, path], cwd=TESTS)
    assert res.returncode == 0, res.stderr
    d = json.loads(res.stdout)
    final = d["final"]
    assert d["version"] == version
    assert final["count"] == 9 and final["plan"]["end"] == 9
    assert final["pass"] == 5 and final["fail"] == 4
    assert final["todo"] == 1 and final["skip"] == 1
    # no parse trouble: every failure is a real test point
    assert all(not f.get("tapError") for f in final["failures"]), final
    a = {x["id"]: x for x in d["asserts"]}
    assert a[1]["name"] == ("RA-FB-0001 [json-2017] feedback with # hash "
                            "and \\ backslash")
    assert a[2]["name"] == "RA-FB-0002 [json-2017] quotes \"x\" <tag> & amp 'y'"
    assert a[2]["diag"]["curl"].startswith("curl ")
    assert a[2]["diag"]["rerun"] == ("raconform run --target mock.json "
                                     "--profile json-2017 --run RA-FB-0002")
    assert a[2]["diag"]["response"] == "HTTP/1.1 200 OK\n\n{}\n...\n---"
    assert a[3]["diag"]["severity"] == "error"
    assert a[5]["todo"] == "baseline: mock counts bytes #42"
    assert a[4]["skip"].startswith("no fixture provider configured")
    assert a[6]["diag"]["grade"] == "NON-STRICT"


def test_xmllint_validates_junit():
    assert shutil.which("xmllint"), "xmllint missing (libxml2-utils)"
    res = run(["xmllint", "--noout", "--schema", XSD, JUNIT])
    assert res.returncode == 0, res.stderr
    assert "validates" in res.stderr


NODE_JUNIT = r'''
import { parse } from 'junit2json'
import { readFileSync } from 'fs'
const out = await parse(readFileSync(process.argv[1], 'utf8'))
console.log(JSON.stringify(out))
'''


def test_junit2json_reads_junit():
    require_node_modules()
    res = run(["node", "--input-type=module", "-e", NODE_JUNIT, JUNIT],
              cwd=TESTS)
    assert res.returncode == 0, res.stderr
    d = json.loads(res.stdout)
    assert d["tests"] == 9 and d["failures"] == 2 and d["errors"] == 1
    suites = {s["name"]: s for s in d["testsuite"]}
    # named after target and profile
    assert set(suites) == {'raconform mock <"one"> & co json-2017',
                           'raconform mock <"one"> & co legacy-2014'}
    js = suites['raconform mock <"one"> & co json-2017']
    cases = js["testcase"]
    assert len(cases) == js["tests"] == 8
    # counts add up per suite
    n_fail = sum(1 for c in cases if c.get("failure"))
    n_err = sum(1 for c in cases if c.get("error"))
    n_skip = sum(1 for c in cases if c.get("skipped"))
    assert (n_fail, n_err, n_skip) == (js["failures"], js["errors"],
                                       js["skipped"])
    names = [c["name"] for c in cases]
    assert len(set(names)) == len(names)
    props = {p["name"]: p["value"] for p in js["properties"]}
    assert props["target"] == 'mock <"one"> & co'
    assert props["endpoint class"] == "loopback"
    fail = next(c for c in cases if c.get("failure"))
    assert fail["failure"][0]["type"] == "assertion"
    assert "curl -sS" in fail["failure"][0]["inner"]
    xfail = [c for c in cases if c.get("skipped") and
             c["skipped"][0].get("type") == "xfail"]
    assert len(xfail) == 1
    assert xfail[0]["skipped"][0]["message"].startswith("baseline: ")
