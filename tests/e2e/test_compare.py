"""`raconform report`: shards merge into the unsharded run, runs against
several targets become a comparison matrix (HTML checked in headless
Chromium, Markdown), the JSON report matches its published schema and
another major format version is refused. Also `run --shard K/N`.

The screenshot of the rendered page is kept as a build artefact:
<build>/artifacts/report-matrix.png (not in git).
"""
import html.parser
import json
import os
import shutil
import subprocess
import tempfile

import jsonschema  # Debian python3-jsonschema (scripts/install-deps.sh)
import pytest

from conftest import raconform_bin

SRC = os.environ.get("RACONFORM_SOURCE_DIR",
                     os.path.dirname(os.path.dirname(os.path.dirname(
                         os.path.abspath(__file__)))))
BUILD = os.environ.get("RACONFORM_BUILD_DIR", os.path.join(SRC, "build"))
SCHEMA = os.path.join(SRC, "schemas", "raconform-report-1.schema.json")
# Small but telling: the byte-counting defect fails RA-FB-0001 (1024 x
# U+00E9 accepted), the off-by-one defect fails RA-FB-0002 (1025 refused).
SELECTION = ["--run", "RA-FB-000*", "--run", "RA-FB-001*"]
CHROMIUM = "/usr/bin/chromium"


def rc_run(*args, timeout=300):
    return subprocess.run([raconform_bin(), *args], capture_output=True,
                          text=True, timeout=timeout)


def run_json(tmp_path, name, *args):
    out = tmp_path / (name + ".json")
    r = rc_run("run", "--json", str(out), "--reports",
               str(tmp_path / ("reports-" + name)), "--tap",
               str(tmp_path / (name + ".tap")), *args)
    assert r.returncode in (0, 1), r.stderr
    with open(out) as f:
        return str(out), json.load(f)


def cell_of(case):
    if case["status"] == "pass":
        return case["grade"]
    return {"fail": "FAILED", "error": "error", "skip": "skip",
            "todo": "todo"}[case["status"]]


def key(case):
    return (case["id"], case["profile"], case["status"], case["grade"],
            case["reason"], case["observed"], case["expected"])


# --- the page, read back from the DOM Chromium dumps ----------------------

class Dom(html.parser.HTMLParser):
    """Rows (tr.case), cells (td.cell), totals (tr.total), hidden flags."""

    def __init__(self):
        super().__init__()
        self.rows = []          # dicts: id, profile, differs, hidden, cells
        self.totals = {}        # cell name -> [count per column]
        self.columns = []
        self.shown = None
        self.body_filter = None
        self._row = None
        self._total = None
        self._in = None         # "col" | "total" | "shown"
        self._hidden_tbody = False
        self.scripts = []
        self.links = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "body":
            self.body_filter = a.get("data-filter")
        if tag in ("script", "link", "img", "iframe") and (
                a.get("src") or a.get("href")):
            self.links.append((tag, a.get("src") or a.get("href")))
        if tag == "tbody":
            self._hidden_tbody = "hidden" in a
        if tag == "th" and "target" in cls:
            self.columns.append("")
            self._in = "col"
        if tag == "tr" and "case" in cls:
            self._row = {"id": a["data-id"], "profile": a["data-profile"],
                         "differs": a["data-differs"] == "1",
                         "hidden": "hidden" in a or self._hidden_tbody,
                         "cells": []}
            self.rows.append(self._row)
        if tag == "td" and "cell" in cls and self._row is not None:
            self._row["cells"].append(a["data-cell"])
        if tag == "tr" and "total" in cls:
            self._total = self.totals.setdefault(a["data-cell"], [])
        if tag == "td" and self._total is not None:
            self._in = "total"
            self._total.append("")
        if tag == "span" and a.get("id") == "shown":
            self._in = "shown"
            self.shown = ""

    def handle_endtag(self, tag):
        if tag == "tr":
            self._row = None
            self._total = None
        if tag in ("td", "th", "span") and self._in != "col":
            self._in = None
        if tag == "br" or (tag == "th" and self._in == "col"):
            self._in = None

    def handle_data(self, data):
        if self._in == "col":
            self.columns[-1] += data
        elif self._in == "total":
            self._total[-1] += data
        elif self._in == "shown":
            self.shown += data


def chromium(args, url):
    if not os.path.exists(CHROMIUM):
        pytest.fail("chromium is missing: scripts/install-deps.sh installs it")
    profile = tempfile.mkdtemp(prefix="ra-chromium-")
    try:
        r = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--user-data-dir=" + profile, *args, url],
            capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout


def parse_dom(text):
    d = Dom()
    d.feed(text)
    return d


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    """Runs against the reference server and two defect servers."""
    tmp = tmp_path_factory.mktemp("three")
    runs = [run_json(tmp, "ref", *SELECTION),
            run_json(tmp, "bytes", "--defect", "feedback-count-bytes",
                     *SELECTION),
            run_json(tmp, "offbyone", "--defect", "feedback-off-by-one",
                     *SELECTION)]
    return tmp, runs


def test_compare__matrix_in_chromium(three):
    tmp, runs = three
    page = tmp / "m.html"
    md = tmp / "m.md"
    r = rc_run("report", "--html", str(page), "--markdown", str(md),
               "--json", str(tmp / "c.json"), "--junit", str(tmp / "c.xml"),
               *[p for p, _ in runs])
    assert r.returncode == 1, r.stderr  # the defect runs fail
    # Several targets: a comparison document holding each merged report,
    # and one JUnit file with a suite per target and profile.
    with open(tmp / "c.json") as f:
        comp = json.load(f)
    assert comp["format"] == "raconform-comparison/1"
    assert [d["suite"]["target"] for d in comp["reports"]] == \
        [doc["suite"]["target"] for _, doc in runs]
    assert [d["summary"] for d in comp["reports"]] == \
        [doc["summary"] for _, doc in runs]
    v = subprocess.run(["xmllint", "--noout", "--schema",
                        os.path.join(SRC, "tests", "data", "golden", "report",
                                     "junit-10.xsd"), str(tmp / "c.xml")],
                       capture_output=True, text=True)
    assert v.returncode == 0, v.stderr
    xml = (tmp / "c.xml").read_text()
    assert xml.count("<testsuite ") == 6
    assert 'name="raconform raconform-refserver (defects: ' \
        'feedback-off-by-one) json-2017"' in xml
    expected = {}
    for col, (_, doc) in enumerate(runs):
        for c in doc["cases"]:
            expected.setdefault((c["id"], c["profile"]),
                                ["absent"] * len(runs))[col] = cell_of(c)

    dom = parse_dom(chromium(["--dump-dom"], page.as_uri()))
    assert dom.links == []  # nothing fetched: self-contained
    assert dom.columns[0].startswith("raconform-refserver")
    assert "feedback-count-bytes" in dom.columns[1]
    assert "feedback-off-by-one" in dom.columns[2]
    got = {(r["id"], r["profile"]): r["cells"] for r in dom.rows}
    assert got == expected
    # What the defects are known to break, independently of the reports:
    for p in ("legacy-2014", "json-2017"):
        assert got[("RA-FB-0001", p)] == ["OK", "FAILED", "OK"]
        assert got[("RA-FB-0002", p)] == ["OK", "OK", "FAILED"]
    # Totals per column and grade.
    for name in ("OK", "NON-STRICT", "INFORMATIONAL", "FAILED", "error",
                 "skip", "todo", "absent"):
        want = [sum(1 for cells in expected.values() if cells[c] == name)
                for c in range(3)]
        assert [int(x) for x in dom.totals[name]] == want, name
    assert [int(x) for x in dom.totals["FAILED"]][0] == 0
    assert min(int(x) for x in dom.totals["FAILED"][1:]) > 0
    # Unfiltered: every row shown.
    assert dom.body_filter == "all"
    assert not any(r["hidden"] for r in dom.rows)
    assert int(dom.shown) == len(dom.rows)

    # The filter (the page's own script, started by #differ).
    filtered = parse_dom(chromium(["--dump-dom"], page.as_uri() + "#differ"))
    assert filtered.body_filter == "differ"
    differ = [r for r in filtered.rows if len(set(r["cells"])) > 1]
    assert differ and len(differ) < len(filtered.rows)
    for row in filtered.rows:
        assert row["differs"] == (len(set(row["cells"])) > 1)
        assert row["hidden"] == (not row["differs"]), row["id"]
    assert int(filtered.shown) == len(differ)

    # The artefact: a screenshot under the build directory.
    art = os.path.join(BUILD, "artifacts")
    os.makedirs(art, exist_ok=True)
    shot = os.path.join(art, "report-matrix.png")
    if os.path.exists(shot):
        os.unlink(shot)
    chromium(["--window-size=1400,1000", "--screenshot=" + shot],
             page.as_uri())
    assert os.path.getsize(shot) > 1000

    # Markdown: the same totals, the differing rows and their reasons.
    text = md.read_text()
    assert "| FAILED | 0 | %s | %s |" % tuple(dom.totals["FAILED"][1:]) \
        in text
    assert "RA-FB-0001 \u26a0 | legacy-2014 | MUST |" in text
    assert "## Where the targets differ" in text
    assert "no acceptable outcome matches" in text


def test_compare__hostile_strings_are_escaped(tmp_path, three):
    _, runs = three
    with open(runs[0][0]) as f:
        doc = json.load(f)
    evil = "<script>alert(1)</script> | **x** & \"q\""
    doc["suite"]["target"] = evil
    doc["cases"][0]["reason"] = evil
    doc["cases"][0]["title"] = evil
    bad = tmp_path / "evil.json"
    bad.write_text(json.dumps(doc))
    page, md = tmp_path / "e.html", tmp_path / "e.md"
    r = rc_run("report", "--html", str(page), "--markdown", str(md),
               str(bad), runs[1][0])
    assert r.returncode == 1, r.stderr
    text = page.read_text()
    assert "<script>alert" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert text.count("<script>") == 1  # the page's own filter
    mdt = md.read_text()
    assert "<script>" not in mdt and "\\| \\*\\*x\\*\\*" in mdt


def test_compare__shards_merge_into_the_unsharded_run(tmp_path):
    sel = ["--run", "RA-FB-*", "--run", "RA-STATE-*", "--run", "RA-AUTH-00*"]
    _, full = run_json(tmp_path, "full", *sel)
    shards = [run_json(tmp_path, "s%d" % k, "--shard", "%d/4" % k, *sel)
              for k in range(1, 5)]
    ids = [set(c["id"] for c in doc["cases"]) for _, doc in shards]
    for i in range(4):
        assert shards[i][1]["suite"]["shard"] == "%d/4" % (i + 1)
        assert ids[i], "empty shard %d" % (i + 1)
        for j in range(i + 1, 4):
            assert not ids[i] & ids[j]
    assert set().union(*ids) == set(c["id"] for c in full["cases"])
    merged_json, merged_xml = tmp_path / "m.json", tmp_path / "m.xml"
    # Any order of the inputs gives the same merge.
    r = rc_run("report", "--json", str(merged_json), "--junit",
               str(merged_xml), *[p for p, _ in reversed(shards)])
    assert r.returncode == 0, r.stderr
    with open(merged_json) as f:
        merged = json.load(f)
    assert [key(c) for c in merged["cases"]] == \
        [key(c) for c in full["cases"]]
    assert merged["summary"] == full["summary"]
    assert "shard" not in merged["suite"]
    assert merged["suite"]["profile"] == full["suite"]["profile"]
    v = subprocess.run(["xmllint", "--noout", "--schema",
                        os.path.join(SRC, "tests", "data", "golden", "report",
                                     "junit-10.xsd"), str(merged_xml)],
                       capture_output=True, text=True)
    assert v.returncode == 0, v.stderr
    # Shards that overlap are no shards of one run.
    r = rc_run("report", "--json", str(tmp_path / "x.json"), shards[0][0],
               shards[0][0])
    assert r.returncode == 2
    assert "not disjoint shards" in r.stderr


def test_compare__shard_is_stable_and_balanced(tmp_path):
    """The same K/N gives the same cases every time; a case added to the
    catalogue moves (almost) nothing else."""
    cases = tmp_path / "cases"
    shutil.copytree(os.path.join(SRC, "cases"), cases)

    def shard_ids(k, n=4):
        _, doc = run_json(tmp_path, "st%d" % k, "--cases", str(cases),
                          "--shard", "%d/%d" % (k, n), "--run",
                          "RA-FB-00*", "--run", "RA-STATE-*", "--profile",
                          "json-2017")
        return set(c["id"] for c in doc["cases"])

    before = [shard_ids(k) for k in range(1, 5)]
    assert before == [shard_ids(k) for k in range(1, 5)]
    # A new case: a copy of RA-FB-0001 under a new id.
    src = next(os.path.join(d, f) for d, _, fs in os.walk(cases) for f in fs
               if f.startswith("RA-FB-0001"))
    with open(src) as f:
        doc = json.load(f)
    doc["id"] = "RA-FB-0009"
    assert not any(f.startswith("RA-FB-0009") for _, _, fs in os.walk(cases)
                   for f in fs)
    with open(os.path.join(os.path.dirname(src), "RA-FB-0009.json"),
              "w") as f:
        json.dump(doc, f)
    after = [shard_ids(k) for k in range(1, 5)]
    assert sum("RA-FB-0009" in s for s in after) == 1
    moved = sum(len(before[k] - after[k]) for k in range(4))
    assert moved <= 2, (before, after)


def test_compare__schema_and_versions(tmp_path, three):
    with open(SCHEMA) as f:
        schema = json.load(f)
    with open(os.path.join(SRC, "docs", "raconform-report-1.schema.json")) \
            as f:
        assert json.load(f) == schema  # the published copy is the same
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    _, runs = three
    for path, doc in runs:
        assert doc["format"] == "raconform-report/1"
        assert doc["format_version"] == "1.1"
        assert list(validator.iter_errors(doc)) == []
    # The schema can fail: a wrong status is caught.
    broken = json.loads(json.dumps(runs[0][1]))
    broken["cases"][0]["status"] = "passed"
    assert list(validator.iter_errors(broken))

    # A 1.0 document (no format_version, no level) still loads.
    old = json.loads(json.dumps(runs[0][1]))
    del old["format_version"]
    for c in old["cases"]:
        del c["level"]
    p_old = tmp_path / "old.json"
    p_old.write_text(json.dumps(old))
    r = rc_run("report", "--json", str(tmp_path / "o.json"), str(p_old))
    assert r.returncode == 0, r.stderr
    # Another major is refused with a clear message, exit 2.
    for fmt, ver in (("raconform-report/2", None), ("raconform-report/1",
                                                     "2.0")):
        new = json.loads(json.dumps(runs[0][1]))
        new["format"] = fmt
        if ver:
            new["format_version"] = ver
        p_new = tmp_path / "new.json"
        p_new.write_text(json.dumps(new))
        r = rc_run("report", "--html", str(tmp_path / "n.html"), str(p_new))
        assert r.returncode == 2
        assert "not supported" in r.stderr
        assert "major version 1" in r.stderr
        assert not (tmp_path / "n.html").exists()
    r = rc_run("report", str(tmp_path / "missing.json"))
    assert r.returncode == 2
    r = rc_run("report")
    assert r.returncode == 2


def test_compare__bad_shard_option(tmp_path):
    for bad in ("0/4", "5/4", "1/0", "x", "1/", "2/2/2", "1/1001"):
        r = rc_run("run", "--shard", bad, "--reports", str(tmp_path))
        assert r.returncode == 2, bad
        assert "bad --shard" in r.stderr


def test_compare__two_clients(tmp_path):
    """client-check reports of two clients make a two-column matrix; two
    unsharded runs of one target are two columns too."""
    clients = os.path.join(SRC, "tests", "clients")
    paths = []
    for name in ("boto3_adapter.py", "broken_signer_adapter.py"):
        out = tmp_path / (name + ".json")
        r = subprocess.run([os.path.abspath(raconform_bin()), "client-check",
                            "--json",
                            str(out), "--scenario", "success", "--",
                            "/usr/bin/python3", name], cwd=clients,
                           capture_output=True, text=True, timeout=300)
        assert r.returncode in (0, 1), r.stderr
        paths.append(str(out))
    page, md = tmp_path / "c.html", tmp_path / "c.md"
    r = rc_run("report", "--html", str(page), "--markdown", str(md), *paths)
    assert r.returncode == 1, r.stderr   # the broken signer fails
    dom = parse_dom(page.read_text())
    assert len(dom.columns) == 2
    # the columns are named by the whole client command
    assert dom.columns[0].startswith("client-check: /usr/bin/python3 "
                                     "boto3_adapter.py")
    assert "boto3_adapter.py" in dom.columns[0]
    assert "broken_signer_adapter.py" in dom.columns[1]
    cells = {r["id"]: r["cells"] for r in dom.rows}
    assert cells["success/signature"] == ["OK", "FAILED"]
    assert any(r["differs"] for r in dom.rows)
    assert "success/signature" in md.read_text()
    # The same report twice: two runs of one target, two columns.
    r = rc_run("report", "--html", str(page), paths[0], paths[0])
    assert r.returncode == 0, r.stderr
    dom = parse_dom(page.read_text())
    assert len(dom.columns) == 2 and dom.columns[1].find(" (2)") > 0
    assert not any(r["differs"] for r in dom.rows)
