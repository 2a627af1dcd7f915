"""Mutation testing of the suite: the whole catalogue (both profiles, the
in-process reference server) is run against `raconform run --defect NAME`
for every defect `raconform serve --list-defects` prints, and against the
clean server, with and without --strict (a few runs in parallel, once per
session). The logic, the area-alias map and the table live in
scripts/gen-mutation-table.py, which also writes docs/defects.md.

- the clean server is conformant (exit 0, no failure);
- each MUST defect is caught without --strict, each SHOULD defect at least
  with --strict: exit 1 and a newly failing case of the defect's area
  (a defect added to the server without a catching case fails here);
- every case catches at least one defect, is INFORMATIONAL-only, or has a
  reason in tests/data/mutation/uncaught-cases.json (no stale entries);
- docs/defects.md is what the script generates from these runs.
"""
import importlib.util
import os
import sys
import time

import pytest

SRC = os.environ.get("RACONFORM_SOURCE_DIR") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(SRC, "scripts", "gen-mutation-table.py")
REGEN = "scripts/gen-mutation-table.py --bin <build>/raconform"

_spec = importlib.util.spec_from_file_location("gen_mutation_table", SCRIPT)
mt = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mt)

BIN = os.environ.get("RACONFORM_BIN") or mt.default_bin()
JOBS = int(os.environ.get("RACONFORM_MUTATION_JOBS", "3"))

# Collected at import so that a new defect becomes a new test id.
DEFECTS = mt.list_defects(BIN)


@pytest.fixture(scope="session")
def mutation():
    t0 = time.monotonic()
    cases = mt.load_cases(BIN, None)
    matrix = mt.run_matrix(BIN, DEFECTS, JOBS)
    allow = mt.load_allow(os.path.join(SRC, mt.ALLOW_LIST))
    res = mt.analyse(DEFECTS, cases, matrix, allow)
    res["wall_s"] = time.monotonic() - t0
    sys.stderr.write("mutation runs: %d in %.1f s\n"
                     % (len(matrix), res["wall_s"]))
    return {"cases": cases, "matrix": matrix, "allow": allow, "res": res}


def test_defect_list_is_sane():
    assert len(DEFECTS) >= 20, DEFECTS
    names = [d["name"] for d in DEFECTS]
    assert len(set(names)) == len(names)
    for d in DEFECTS:
        assert d["level"] in ("MUST", "SHOULD"), d
        assert d["tags"] and d["description"], d


@pytest.mark.parametrize("defect", DEFECTS, ids=lambda d: d["name"])
def test_defect_tags_map_to_case_areas(defect):
    # A word that is neither an area nor an alias can still match case
    # tags, but a defect none of whose tags names an area cannot be tied to
    # the part of the catalogue that should catch it.
    assert mt.expand(defect["tags"]), (
        "defect %s: no tag of %s names a case area; add an alias to "
        "AREA_ALIASES in scripts/gen-mutation-table.py"
        % (defect["name"], sorted(defect["tags"])))


def test_clean_server_is_conformant(mutation):
    clean = mutation["res"]["clean"]
    bad = sorted(clean["fail"] | clean["error"])
    assert clean["rc"] == 0 and not bad, (
        "the clean reference server fails %s (exit %d)\n%s"
        % (bad, clean["rc"], clean["stderr"][-400:]))


def test_clean_server_strict_failures_are_only_deliberate(mutation):
    """Under --strict the clean server may only fail by NON-STRICT grades it
    documents (docs/server.md); a real failure there is a catalogue or
    server bug, not a strictness choice."""
    clean, strict = mutation["res"]["clean"], mutation["res"]["clean_strict"]
    assert not strict["error"], sorted(strict["error"])
    assert strict["rc"] in (0, 1)
    extra = strict["fail"] - clean["fail"]
    assert len(extra) <= 3, sorted(extra)


@pytest.mark.parametrize("defect", DEFECTS, ids=lambda d: d["name"])
def test_defect_is_caught(mutation, defect):
    res = mutation["res"]
    d = next(x for x in res["defects"] if x["name"] == defect["name"])
    assert not d["unknown_ids"], d["unknown_ids"]
    normal = "caught without --strict: %s (area-matching: %s)" % (
        sorted(d["normal"]), d["matched_normal"])
    print("%s %s: %s; with --strict also %s" % (
        d["name"], d["level"], normal, sorted(d["strict_only"])))
    if d["rc"] not in (0, 1) or d["rc_strict"] not in (0, 1):
        # shown whole on failure, where an assertion message is shortened
        print("the run exited %d (%d with --strict); its stderr ends:\n%s"
              % (d["rc"], d["rc_strict"], d["stderr"]))
    if d["level"] == "MUST":
        assert d["rc"] == 1, "MUST defect %s: run exited %d, not 1" % (
            d["name"], d["rc"])
        assert d["caught_normal"], (
            "MUST defect %s is not caught without --strict by a case of "
            "its areas %s (%s); add a case that fails against it"
            % (d["name"], d["tags"], normal))
    else:
        assert d["rc_strict"] == 1, "SHOULD defect %s: --strict run " \
            "exited %d, not 1" % (d["name"], d["rc_strict"])
        assert d["caught_strict"], (
            "SHOULD defect %s is not caught even with --strict by a case of "
            "its areas %s" % (d["name"], d["tags"]))


def test_every_case_is_needed(mutation):
    res, cases = mutation["res"], mutation["cases"]
    missing = res["missing_reason"]
    assert not missing, (
        "%d cases catch no seeded defect, are not INFORMATIONAL-only and have "
        "no reason in %s: %s" % (len(missing), mt.ALLOW_LIST,
                                 ", ".join("%s (%s)" % (i, cases[i]["title"])
                                           for i in missing)))
    assert not res["stale_allow"], (
        "%s lists cases that now catch a defect or do not exist; remove "
        "them: %s" % (mt.ALLOW_LIST, res["stale_allow"]))


def test_allow_list_reasons_are_real(mutation):
    for cid, why in mutation["allow"].items():
        assert isinstance(why, str) and len(why.strip()) >= 20, (cid, why)


def test_defects_doc_is_up_to_date(mutation):
    text = mt.render(mutation["res"], mutation["cases"], mutation["allow"])
    path = os.path.join(SRC, "docs", "defects.md")
    with open(path, encoding="utf-8") as f:
        committed = f.read()
    assert committed == text, (
        "docs/defects.md is out of date; regenerate it with: %s" % REGEN)


def test_runs_finish_in_reasonable_time(mutation):
    # One full --strict run per defect (81): about a minute on 2 busy cores,
    # three times that under the sanitizers. Far more means a hang.
    assert mutation["res"]["wall_s"] < 480, mutation["res"]["wall_s"]
