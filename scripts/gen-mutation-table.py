#!/usr/bin/env python3
"""Mutation testing of the catalogue: which cases catch which seeded defect.

Runs the whole catalogue (both profiles, the in-process reference server)
once against the clean server and once per defect listed by
`raconform serve --list-defects` (`raconform run --defect NAME`), each
judged with and without --strict (one --strict run holds both: its JSON
report keeps the NON-STRICT grade of what only --strict fails), a few runs
in parallel, and writes docs/defects.md from the results.

A case *catches* a defect when it fails (status fail) against the defective
server but not against the clean one in the same mode (so a known failure
of the clean server, or a NON-STRICT answer the clean server gives on
purpose, is never credited to a defect). A defect is *caught* when its run
exits 1 and at least one catching case belongs to the defect's area (see
AREA_ALIASES); a MUST defect must be caught without --strict, a SHOULD
defect at least with --strict.

Defects tagged `concurrency` are races: which concurrent case loses the race
changes from run to run, so the table lists the cases that can catch them
(tags in RACE_CASE_TAGS) instead of one run's winners, and a run only has
to catch them with at least one of those.

tests/e2e/test_mutation.py imports this file (same logic, same table) and
checks that docs/defects.md is up to date.

Usage: scripts/gen-mutation-table.py [--bin RACONFORM] [--jobs N]
                                     [--out FILE] [--check]
  --bin    the built binary (default $RACONFORM_BIN, else build/raconform)
  --jobs   parallel runs (default 3)
  --out    default docs/defects.md
  --check  do not write; exit 1 if FILE differs from the generated text
"""
import argparse
import collections
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# The area tags printed by --list-defects are free words; these say which
# case areas (docs/cases.md `area`) each of them stands for. A defect's own
# tags also match case tags directly (e.g. "signature", "length").
AREA_ALIASES = {
    "assignmentid": {"assignment-id"},
    "params": {"assignment-id", "feedback", "protocol"},
    "errors": {"protocol"},
    # The error envelope (legacy Result/OperationRequest/front-door, json
    # __type) is judged by every negative case, whatever its area.
    "envelope": {"assignment-id", "feedback", "state", "requester", "auth",
                 "protocol"},
    "signature": {"auth"},
    "timestamp": {"auth"},
    "sigv4": {"auth"},
    "concurrency": {"state"},
    "length": {"feedback"},
    "unicode": {"feedback"},
    "control": {"feedback"},
    "roundtrip": {"feedback"},
}
AREAS = {"assignment-id", "feedback", "state", "requester", "auth",
         "protocol"}
RACE_DEFECT_TAGS = {"concurrency"}
RACE_CASE_TAGS = {"concurrent", "race"}
ALLOW_LIST = os.path.join("tests", "data", "mutation", "uncaught-cases.json")
PROFILE_SHORT = {"legacy-2014": "legacy", "json-2017": "json"}


def default_bin():
    return os.environ.get("RACONFORM_BIN") or os.path.join(
        os.environ.get("RACONFORM_BUILD_DIR", os.path.join(ROOT, "build")),
        "raconform")


def list_defects(binary):
    """[{name, level, tags (set), description}] from serve --list-defects."""
    p = subprocess.run([binary, "serve", "--list-defects"],
                       capture_output=True, text=True, timeout=30)
    if p.returncode != 0:
        raise RuntimeError("serve --list-defects exited %d: %s"
                           % (p.returncode, p.stderr))
    out = []
    for line in p.stdout.splitlines():
        if not line.strip():
            continue
        name, level, tags, desc = line.split(None, 3)
        out.append({"name": name, "level": level,
                    "tags": set(tags.split(",")), "description": desc})
    return out


def load_cases(binary, cases_dir):
    """{id: {area, tags (set), level, profiles, title, informational}} as
    the binary reads the catalogue (raconform list --format json)."""
    args = [binary, "list", "--format", "json"]
    if cases_dir:
        args += ["--cases", cases_dir]
    p = subprocess.run(args, capture_output=True, text=True, timeout=60,
                       cwd=ROOT)
    if p.returncode != 0:
        raise RuntimeError("list exited %d: %s" % (p.returncode, p.stderr))
    cases = {}
    for c in json.loads(p.stdout)["cases"]:
        grades = [o["grade"] for outs in c["expect"].values() for o in outs]
        cases[c["id"]] = {
            "area": c["area"], "tags": set(c.get("tags") or []),
            "level": c["level"], "profiles": list(c["profiles"]),
            "title": c["title"],
            "informational": all(g == "INFORMATIONAL" for g in grades)}
    return cases


def run_one(binary, workdir, defect, cases_dir=None):
    """One full --strict run, read back as the two results it holds:
    {False: normal, True: strict}, each {rc, fail: {(id, profile)},
    error: {...}, ms}. Under --strict a NON-STRICT outcome is a failure that
    keeps its grade in the JSON report, so the normal result is the strict
    one without those (and its exit code follows SPEC §5: 1 when anything
    fails or errs). One run instead of two halves the matrix's time."""
    tag = defect or "clean"
    report = os.path.join(workdir, tag + ".json")
    args = [binary, "run", "--strict", "--json", report, "--tap",
            os.path.join(workdir, tag + ".tap"),
            "--reports", os.path.join(workdir, "reports-" + tag)]
    if cases_dir:
        args += ["--cases", cases_dir]
    if defect:
        args += ["--defect", defect]
    p = subprocess.run(args, capture_output=True, text=True, timeout=600,
                       cwd=ROOT)
    strict = {"rc": p.returncode, "fail": set(), "error": set(), "ms": 0.0,
              "stderr": p.stderr[-2000:]}
    normal = dict(strict, fail=set(), error=set())
    if os.path.exists(report):
        with open(report, encoding="utf-8") as f:
            j = json.load(f)
        strict["ms"] = normal["ms"] = j["suite"]["duration_ms"]
        for c in j["cases"]:
            key = (c["id"], c["profile"])
            if c["status"] in ("fail", "error"):
                strict[c["status"]].add(key)
                # A NON-STRICT grade fails only under --strict, unless
                # something else (a post-condition) failed it.
                if c["status"] == "error" or c["grade"] != "NON-STRICT" or \
                        not (c["reason"] or "").startswith(
                            "NON-STRICT outcome under --strict"):
                    normal[c["status"]].add(key)
        if p.returncode in (0, 1):
            normal["rc"] = 1 if normal["fail"] or normal["error"] else 0
    return {False: normal, True: strict}


def run_matrix(binary, defects, jobs=3, cases_dir=None):
    """{(defect or None, strict): result} for the clean server and every
    defect, with and without --strict (both read from one --strict run)."""
    names = [None] + [d["name"] for d in defects]
    with tempfile.TemporaryDirectory(prefix="raconform-mut-") as work:
        with concurrent.futures.ThreadPoolExecutor(max(1, jobs)) as ex:
            futs = {n: ex.submit(run_one, binary, work, n, cases_dir)
                    for n in names}
            return {(n, strict): futs[n].result()[strict]
                    for n in names for strict in (False, True)}


def expand(tags):
    areas = set()
    for t in tags:
        areas |= AREA_ALIASES.get(t, set())
        if t in AREAS:
            areas.add(t)
    return areas


def area_match(case, defect):
    """The case's area is one the defect's tags stand for, or the case
    shares a tag with the defect."""
    return case["area"] in expand(defect["tags"]) or \
        bool(case["tags"] & defect["tags"])


def is_race(defect):
    return bool(defect["tags"] & RACE_DEFECT_TAGS)


def analyse(defects, cases, matrix, allow):
    """Everything the tests and the table need, as plain data."""
    clean = matrix[(None, False)]
    clean_s = matrix[(None, True)]
    res = {"clean": clean, "clean_strict": clean_s, "defects": [],
           "caught_by": collections.defaultdict(set)}
    race_cands = sorted(i for i, c in cases.items()
                        if c["tags"] & RACE_CASE_TAGS)
    for d in defects:
        n = matrix[(d["name"], False)]
        s = matrix[(d["name"], True)]
        normal = collections.defaultdict(set)
        for cid, prof in n["fail"] - clean["fail"] - clean["error"]:
            normal[cid].add(prof)
        strict = collections.defaultdict(set)
        for cid, prof in s["fail"] - clean_s["fail"] - clean_s["error"]:
            strict[cid].add(prof)
        known = [i for i in list(normal) + list(strict) if i not in cases]
        normal = {i: p for i, p in normal.items() if i in cases}
        strict = {i: p for i, p in strict.items() if i in cases}
        strict_only = {i: p for i, p in strict.items() if i not in normal}
        m_normal = sorted(i for i in normal if area_match(cases[i], d))
        m_strict = sorted(i for i in strict if area_match(cases[i], d))
        caught_normal = n["rc"] == 1 and bool(m_normal)
        caught_strict = s["rc"] == 1 and bool(m_strict)
        race = is_race(d)
        if race:
            listed_normal = {i: set(cases[i]["profiles"]) for i in race_cands}
            listed_strict = {}
            for i in race_cands:
                res["caught_by"][i].add(d["name"])
        else:
            listed_normal, listed_strict = normal, strict_only
            for i in list(normal) + list(strict):
                res["caught_by"][i].add(d["name"])
        res["defects"].append({
            "name": d["name"], "level": d["level"],
            "tags": sorted(d["tags"]), "description": d["description"],
            "race": race, "rc": n["rc"], "rc_strict": s["rc"],
            "stderr": s["stderr"],
            "normal": normal, "strict_only": strict_only,
            "matched_normal": m_normal, "matched_strict": m_strict,
            "caught_normal": caught_normal, "caught_strict": caught_strict,
            "listed_normal": listed_normal, "listed_strict": listed_strict,
            "unknown_ids": known})
    res["informational"] = sorted(i for i, c in cases.items()
                                  if c["informational"] and
                                  not res["caught_by"][i])
    res["uncaught"] = sorted(i for i, c in cases.items()
                             if not c["informational"] and
                             not res["caught_by"][i])
    res["allowed"] = {i: allow[i] for i in res["uncaught"] if i in allow}
    res["missing_reason"] = [i for i in res["uncaught"]
                             if not str(allow.get(i, "")).strip()]
    res["stale_allow"] = sorted(i for i in allow
                                if i not in cases or res["caught_by"][i])
    return res


def verdict(d):
    if d["caught_normal"]:
        return "caught"
    if d["caught_strict"]:
        return "caught only with --strict"
    return "NOT CAUGHT"


def fmt_ids(ids, cases):
    """`RA-X-0001`, or `RA-X-0001 (json)` when only some of the case's
    profiles catch."""
    out = []
    for i in sorted(ids):
        profs = ids[i]
        if set(profs) >= set(cases[i]["profiles"]):
            out.append(i)
        else:
            out.append("%s (%s)" % (i, ", ".join(
                PROFILE_SHORT.get(p, p) for p in sorted(profs))))
    return ", ".join(out) if out else "none"


def render(res, cases, allow):
    L = []
    w = L.append
    w("# Seeded defects and the cases that catch them")
    w("")
    w("Generated by `scripts/gen-mutation-table.py` (it runs `raconform run "
      "--strict --defect NAME` for every defect of "
      "`raconform serve --list-defects` and judges each run with and "
      "without `--strict`); do not edit by hand. "
      "`tests/e2e/test_mutation.py` fails when this file is out of date.")
    w("")
    w("A case *catches* a defect when it fails against the defective "
      "reference server but passes against the clean one in the same mode. "
      "A defect counts as caught when the run exits 1 and at least one "
      "catching case belongs to the defect's area (the area tags map to "
      "case areas as in `AREA_ALIASES` in the script, or a case tag equals "
      "a defect tag). MUST defects must be caught without `--strict`; "
      "SHOULD defects at least with it. Races (`concurrency`) list the "
      "concurrent cases that can catch them: which one loses the race "
      "varies from run to run.")
    w("")
    w("%d defects, %d cases." % (len(res["defects"]), len(cases)))
    w("")
    w("| defect | breaks | areas | result | catching cases | "
      "more with `--strict` |")
    w("|---|---|---|---|---|---|")
    for d in res["defects"]:
        w("| `%s` | %s | %s | %s | %s | %s |" % (
            d["name"], d["level"], ", ".join(d["tags"]), verdict(d),
            "race: 1+ of %d" % len(d["listed_normal"]) if d["race"]
            else len(d["normal"]),
            "-" if d["race"] else len(d["strict_only"])))
    w("")
    for d in res["defects"]:
        w("## `%s` (%s)" % (d["name"], d["level"]))
        w("")
        w("%s. Areas: %s. Result: **%s**." % (
            d["description"][0].upper() + d["description"][1:],
            ", ".join(d["tags"]), verdict(d)))
        w("")
        if d["race"]:
            w("- Can be caught (race, at least one per run): " +
              fmt_ids(d["listed_normal"], cases))
        else:
            w("- Caught without `--strict`: " +
              fmt_ids(d["listed_normal"], cases))
            w("- Caught only with `--strict`: " +
              fmt_ids(d["listed_strict"], cases))
        w("")
    w("## Cases that catch no defect")
    w("")
    w("INFORMATIONAL-only cases never fail, so no defect can be caught by "
      "them: %s." % (", ".join(res["informational"]) or "none"))
    w("")
    w("Other cases that no seeded defect breaks, with the reason they exist "
      "(`%s`):" % ALLOW_LIST)
    w("")
    w("| case | level | reason |")
    w("|---|---|---|")
    for i in res["uncaught"]:
        w("| %s | %s | %s |" % (i, cases[i]["level"],
                                str(allow.get(i, "**no reason given**"))
                                .replace("|", "\\|")))
    w("")
    return "\n".join(L)


def load_allow(path=None):
    path = path or os.path.join(ROOT, ALLOW_LIST)
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return data.get("cases", data)


def generate(binary, jobs=3):
    defects = list_defects(binary)
    cases = load_cases(binary, None)
    matrix = run_matrix(binary, defects, jobs)
    allow = load_allow()
    res = analyse(defects, cases, matrix, allow)
    return res, cases, render(res, cases, allow)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=default_bin())
    ap.add_argument("--jobs", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "defects.md"))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    res, cases, text = generate(args.bin, args.jobs)
    for d in res["defects"]:
        sys.stderr.write("%-26s %-6s %-26s normal %3d  strict-only %3d\n" % (
            d["name"], d["level"], verdict(d), len(d["normal"]),
            len(d["strict_only"])))
    sys.stderr.write("uncaught non-informational cases: %d (no reason: %d)\n"
                     % (len(res["uncaught"]), len(res["missing_reason"])))
    old = None
    if os.path.exists(args.out):
        with open(args.out, encoding="utf-8") as f:
            old = f.read()
    if args.check:
        if old != text:
            sys.stderr.write("%s is out of date: run scripts/gen-mutation-"
                             "table.py\n" % args.out)
            return 1
        return 0
    if old != text:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
