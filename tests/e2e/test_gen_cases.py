"""The catalogue's source of truth (docs/cases.md "Generated and
hand-written cases"): scripts/gen-cases.py writes the generated cases with
IDs from scripts/case-ids.tsv, never from their position, marks what it
writes, and never overwrites a case written by hand. CI runs --check."""
import json
import os
import shutil
import subprocess
import sys

SRC = os.environ.get("RACONFORM_SOURCE_DIR") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GEN = os.path.join(SRC, "scripts", "gen-cases.py")


def gen(script, *args):
    return subprocess.run([sys.executable, script, *args],
                          capture_output=True, text=True, timeout=120)


def copy_tree(tmp):
    shutil.copytree(os.path.join(SRC, "cases"), tmp / "cases")
    (tmp / "scripts").mkdir()
    for f in ("gen-cases.py", "case-ids.tsv"):
        shutil.copy(os.path.join(SRC, "scripts", f), tmp / "scripts" / f)
    return str(tmp / "scripts" / "gen-cases.py")


def test_no_drift_between_generator_and_cases():
    r = gen(GEN, "--check")
    assert r.returncode == 0, r.stderr[-3000:]


def test_hand_added_case_survives_a_regeneration(tmp_path):
    script = copy_tree(tmp_path)
    cases = tmp_path / "cases"
    ids = sorted(f[:-5] for f in os.listdir(cases / "feedback"))
    top = max(int(i.rsplit("-", 1)[1]) for i in ids)
    # A case added by hand exactly as the README says: the next free ID.
    hand_id = "RA-FB-%04d" % (top + 1)
    with open(cases / "feedback" / "RA-FB-0010.json") as f:
        hand = json.load(f)
    hand.pop("generator")
    hand["id"] = hand_id
    hand["title"] = "a case written by hand"
    hand_text = json.dumps(hand, indent=2) + "\n"
    (cases / "feedback" / (hand_id + ".json")).write_text(hand_text)
    # Then someone appends a feedback case to the generator.
    with open(script, encoding="utf-8") as f:
        text = f.read()
    anchor = "\n\n# ---------------------------------------------------------" \
             "------- output"
    assert anchor in text
    text = text.replace(anchor, '''
case(FB, "an appended generated case", "SHOULD",
     inferred("test of the generator"), req(feedback="appended"),
     both([ok_success()], [ok_success()]))
''' + anchor)
    with open(script, "w", encoding="utf-8") as f:
        f.write(text)
    r = gen(script, "--out", str(cases))
    assert r.returncode == 0, r.stderr[-3000:]
    # the hand-written file is untouched, the new case got another ID
    assert (cases / "feedback" / (hand_id + ".json")).read_text() == hand_text
    new_id = "RA-FB-%04d" % (top + 2)
    with open(cases / "feedback" / (new_id + ".json")) as f:
        new = json.load(f)
    assert new["title"] == "an appended generated case"
    assert new["generator"] == "scripts/gen-cases.py"
    ledger = (tmp_path / "scripts" / "case-ids.tsv").read_text()
    assert "%s\tan appended generated case\n" % new_id in ledger
    # running again changes nothing: the ID is now permanent
    r = gen(script, "--out", str(cases), "--check")
    assert r.returncode == 0, r.stderr[-3000:]


def test_check_fails_on_drift_and_refuses_hand_files(tmp_path):
    script = copy_tree(tmp_path)
    cases = tmp_path / "cases"
    p = cases / "feedback" / "RA-FB-0011.json"
    doc = json.loads(p.read_text())
    doc["title"] += " (edited by hand)"
    p.write_text(json.dumps(doc, indent=2) + "\n")
    r = gen(script, "--out", str(cases), "--check")
    assert r.returncode == 1 and "RA-FB-0011" in r.stderr, r.stderr
    # without the marker the file is the hand's: never overwritten
    doc.pop("generator")
    p.write_text(json.dumps(doc, indent=2) + "\n")
    before = p.read_text()
    r = gen(script, "--out", str(cases))
    assert r.returncode == 1 and "refusing to overwrite" in r.stderr
    assert p.read_text() == before
