"""docs/behavior.md, the expected-behaviour document people cite, is exactly
what `raconform list --format markdown` generates from cases/ (so it can
never drift from the catalogue), and it carries, per area, every case with
what is sent, the graded outcomes per profile and the source."""
import html
import json
import os
import re
import subprocess

from conftest import raconform_bin

SRC = os.environ.get("RACONFORM_SOURCE_DIR") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOC = os.path.join(SRC, "docs", "behavior.md")
REGEN = ("cd %s && <build>/raconform list --format markdown > "
         "docs/behavior.md" % SRC)
AREAS = ["assignment-id", "feedback", "state", "requester", "auth",
         "protocol"]


def plain(md):
    """Markdown text as read: entities and backslash escapes undone."""
    return html.unescape(re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>])", r"\1", md))


def generate(fmt="markdown"):
    p = subprocess.run([raconform_bin(), "list", "--format", fmt],
                       capture_output=True, text=True, cwd=SRC, timeout=60)
    assert p.returncode == 0, p.stderr
    return p.stdout


def test_committed_document_is_up_to_date():
    with open(DOC, encoding="utf-8") as f:
        committed = f.read()
    fresh = generate()
    if committed != fresh:
        old, new = committed.splitlines(), fresh.splitlines()
        first = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b),
                     min(len(old), len(new)))
        raise AssertionError(
            "docs/behavior.md differs from `raconform list --format "
            "markdown` (first difference at line %d:\n  committed: %r\n  "
            "generated: %r)\nregenerate it with: %s"
            % (first + 1, old[first] if first < len(old) else None,
               new[first] if first < len(new) else None, REGEN))


def test_generation_is_deterministic():
    assert generate() == generate()


def test_document_covers_every_case_with_sent_expected_and_source():
    cases = json.loads(generate("json"))["cases"]
    doc = generate()
    # Sections per case, in the order of the document.
    parts = re.split(r"^### ", doc, flags=re.M)[1:]
    by_id = {p.split(":", 1)[0]: p for p in parts}
    assert sorted(by_id) == sorted(c["id"] for c in cases)
    for a in AREAS:
        assert re.search(r"^## .*\(`%s`\)$" % re.escape(a), doc, re.M), a
    area_pos = {a: doc.index("(`%s`)" % a) for a in AREAS}
    for c in cases:
        body = by_id[c["id"]]
        assert c["title"] in plain(body.splitlines()[0]), c["id"]
        # the case sits under its area's heading
        pos = doc.index("### " + c["id"] + ":")
        here = max((p, a) for a, p in area_pos.items() if p < pos)[1]
        assert here == c["area"], (c["id"], here)
        assert "- Level: " + c["level"] in body, c["id"]
        assert "- Source: " + c["source"]["kind"] in body, c["id"]
        assert re.search(r"^Sent( \(|:)", body, re.M), c["id"]
        for prof, outs in c["expect"].items():
            assert "Expected (%s)" % prof in body, (c["id"], prof)
            for o in outs:
                assert "- %s: " % o["grade"] in body, (c["id"], o)
