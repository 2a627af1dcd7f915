"""End-to-end: the signing vectors are right (recomputed independently of
the C code, with botocore and Python hmac) and `raconform vectors` checks
them, fails on any corrupted byte, and judges external signers."""
import json
import os
import shutil
import subprocess
import sys
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_vectors  # noqa: E402

SRC = os.environ.get("RACONFORM_SOURCE_DIR",
                     os.path.abspath(os.path.join(HERE, "..", "..")))
VECTORS = os.path.join(SRC, "vectors")
BIN = os.environ.get("RACONFORM_BIN") or os.path.join(
    os.environ.get("RACONFORM_BUILD_DIR", os.path.join(SRC, "build")),
    "raconform")
NAMES = gen_vectors.find_vectors(VECTORS)


def run(*args, **kw):
    return subprocess.run([BIN, *args], capture_output=True, text=True,
                          timeout=300, **kw)


def test_enough_vectors():
    assert len(NAMES) >= 40
    assert sum(n.startswith("legacy/") for n in NAMES) >= 15
    assert sum(n.startswith("sigv4/") for n in NAMES) >= 25


@pytest.mark.parametrize("name", NAMES)
def test_vector_recomputed_independently(name):
    d = os.path.join(VECTORS, name)
    with open(os.path.join(d, "vector.json"), encoding="utf-8") as f:
        v = json.load(f)
    for fname, data in gen_vectors.compute(v).items():
        with open(os.path.join(d, fname), "rb") as f:
            assert f.read() == data, f"{name}/{fname}"


def test_known_published_values():
    """Values stated in protocol-notes §1.4/§2.2/§4, not derived by us."""
    def read(name, f):
        with open(os.path.join(VECTORS, name, f), encoding="utf-8") as fh:
            return fh.read()
    assert read("legacy/mturk-public-service-a", "signature.txt") == \
        "ahetR4WykYR8lA1oNA6G7oOn0Sg="
    assert read("legacy/mturk-reject", "signature.txt") == \
        "+1iJ5CE5LG28u2UYxtHgwa836X8="
    assert read("legacy/mturk-reject-millis-000", "signature.txt") == \
        "rIwjg+EJDgi84pq8upfINttO23U="
    assert read("legacy/sigv1-reject", "signature.txt") == \
        "iqQJwSVrYDxWrUqgOzLn1ydmTek="
    assert read("sigv4/get-vanilla", "authorization.txt").endswith(
        "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d"
        "763fbf31")
    assert read("sigv4/mturk-reject-ascii", "authorization.txt").endswith(
        "Signature=50dd529c144ae5f329992f581936959d25cb67d5cadb132f5515154e"
        "4f3ff457")


def test_files_have_no_trailing_newline():
    for name in NAMES:
        d = os.path.join(VECTORS, name)
        for f in os.listdir(d):
            if f.endswith(".txt") and f != "signed-request.txt":
                with open(os.path.join(d, f), "rb") as fh:
                    data = fh.read()
                assert not data.endswith(b"\n"), f"{name}/{f}"
                assert b"\r" not in data, f"{name}/{f}"


def test_builtin_signers_pass():
    r = run("vectors", "--dir", VECTORS)
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "TAP version 13"
    assert "not ok" not in r.stdout
    oks = [x for x in lines if x.startswith("ok ")]
    assert len(oks) >= 4 * len(NAMES)
    assert "ok 1 - legacy/" in r.stdout
    assert any(x.endswith("sigv4/get-vanilla canonical-request")
               for x in oks)


def test_every_output_file_is_checked(tmp_path):
    """Flip one byte in every output file of every vector, one at a time
    per vector; each corruption must make `raconform vectors` exit 1."""
    work = tmp_path / "vectors"
    shutil.copytree(VECTORS, work)
    # corrupt one file per vector, cycling through the file kinds, and run
    # once: every vector must then fail exactly its corrupted step
    corrupted = {}
    for i, name in enumerate(NAMES):
        files = sorted(f for f in os.listdir(work / name)
                       if f.endswith(".txt"))
        f = files[i % len(files)]
        p = work / name / f
        data = bytearray(p.read_bytes())
        data[len(data) // 2] ^= 0x01
        p.write_bytes(bytes(data))
        corrupted[name] = f[:-4]
    r = run("vectors", "--dir", str(work))
    assert r.returncode == 1, r.stdout + r.stderr
    failed = [x.split(" - ", 1)[1] for x in r.stdout.splitlines()
              if x.startswith("not ok")]
    assert sorted(failed) == sorted(f"{n} {s}" for n, s in corrupted.items())


@pytest.mark.parametrize("name", ["legacy/mturk-public-service-a",
                                  "legacy/sigv1-mixed-case",
                                  "sigv4/mturk-reject-4byte-escaped",
                                  "sigv4/get-header-value-trim"])
def test_single_flipped_byte_fails(tmp_path, name):
    work = tmp_path / "vectors"
    shutil.copytree(VECTORS, work)
    p = work / name / "signature.txt"
    data = bytearray(p.read_bytes())
    data[0] ^= 0x20
    p.write_bytes(bytes(data))
    r = run("vectors", "--dir", str(work))
    assert r.returncode == 1
    assert "not ok" in r.stdout and f"{name} signature" in r.stdout


def test_bad_vector_file_exits_2(tmp_path):
    work = tmp_path / "vectors"
    shutil.copytree(VECTORS, work)
    p = work / "sigv4" / "get-vanilla" / "vector.json"
    p.write_text('{\n  "scheme": "sigv4",\n  "method": 5\n}')
    r = run("vectors", "--dir", str(work))
    assert r.returncode == 2
    assert "get-vanilla/vector.json:3:3: 'method' must be a string" in r.stderr
    p.write_text('{"scheme": "sigv4",,}')
    r = run("vectors", "--dir", str(work))
    assert r.returncode == 2
    assert "get-vanilla/vector.json:1:" in r.stderr


def test_missing_output_file_exits_2(tmp_path):
    work = tmp_path / "vectors"
    shutil.copytree(VECTORS, work)
    os.remove(work / "legacy" / "mturk-reject" / "signature.txt")
    r = run("vectors", "--dir", str(work))
    assert r.returncode == 2
    assert "mturk-reject/signature.txt" in r.stderr


def test_usage_errors():
    assert run("vectors", "--bogus").returncode == 2
    assert run("vectors", "--dir", "/nonexistent").returncode == 2
    assert run("vectors", "--signer").returncode == 2


def test_external_good_signer_passes():
    signer = f"{sys.executable} {os.path.join(HERE, 'signers', 'good_signer.py')}"
    r = run("vectors", "--dir", VECTORS, "--signer", signer)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.count("\nok ") == len(NAMES)


def test_external_broken_signer_fails():
    signer = (f"{sys.executable} "
              f"{os.path.join(HERE, 'signers', 'broken_signer.py')}")
    r = run("vectors", "--dir", VECTORS, "--signer", signer)
    assert r.returncode == 1
    bad = [x for x in r.stdout.splitlines() if x.startswith("not ok")]
    assert any("legacy/sigv1-mixed-case signer" in x for x in bad)
    assert any("sigv4/get-path-encoded-space signer" in x for x in bad)
    assert not any("sigv4/get-vanilla signer" in x for x in bad)
    # diagnostics never show the values
    assert "Signature=" not in r.stdout


def test_external_signer_that_fails_to_run():
    r = run("vectors", "--dir", VECTORS, "--signer", "exit 3")
    assert r.returncode == 1
    assert "exited with status 3" in r.stdout


def alive(pid):
    """True while pid runs (a zombie waiting for its adopter counts as
    gone)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def test_external_signer_that_hangs_is_killed(tmp_path):
    """Each vector's signer is killed after --signer-timeout, with what it
    started; the vector fails and the run goes on to the next one."""
    work = tmp_path / "vectors"
    picked = ["legacy/mturk-public-service-a", "sigv4/get-vanilla"]
    for name in picked:
        shutil.copytree(os.path.join(VECTORS, name), work / name)
    pids = tmp_path / "pids"
    signer = (f"{sys.executable} "
              f"{os.path.join(HERE, 'signers', 'hang_signer.py')}")
    env = dict(os.environ, HANG_SIGNER_PIDS=str(pids))
    started = time.monotonic()
    # 3 s: the hanging signer (a Python start) must have written its PIDs
    # before it is killed, even on a loaded, slower CI machine.
    r = run("vectors", "--dir", str(work), "--signer", signer,
            "--signer-timeout", "3", env=env)
    elapsed = time.monotonic() - started
    assert r.returncode == 1, r.stdout + r.stderr
    assert elapsed < 30, elapsed
    lines = r.stdout.splitlines()
    for n, name in enumerate(picked, 1):
        assert f"not ok {n} - {name} signer # signer timed out after 3 s" \
            in lines, r.stdout
    assert "1..2" in lines
    assert "# 2 vectors, 2 checks, 2 failed, 0 bad" in lines
    # Both signers ran, and neither they nor their helpers are left.
    seen = [int(p) for line in pids.read_text().splitlines()
            for p in line.split()]
    assert len(seen) == 4, seen
    deadline = time.monotonic() + 5
    while any(alive(p) for p in seen) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p for p in seen if alive(p)]


def test_external_signer_timeout_is_per_vector(tmp_path):
    """A signer that answers within the timeout passes, however short."""
    work = tmp_path / "vectors"
    shutil.copytree(os.path.join(VECTORS, "sigv4/get-vanilla"),
                    work / "sigv4" / "get-vanilla")
    signer = f"{sys.executable} {os.path.join(HERE, 'signers', 'good_signer.py')}"
    r = run("vectors", "--dir", str(work), "--signer", signer,
            "--signer-timeout", "5")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "ok 1 - sigv4/get-vanilla signer" in r.stdout.splitlines()


@pytest.mark.parametrize("value", ["0", "-1", "1.5", "x", "", "3601"])
def test_bad_signer_timeout_exits_2(value):
    r = run("vectors", "--signer", "cat", "--signer-timeout", value)
    assert r.returncode == 2
    assert f"bad --signer-timeout '{value}'" in r.stderr
    assert r.stdout == ""


def test_signer_timeout_needs_a_value():
    r = run("vectors", "--signer", "cat", "--signer-timeout")
    assert r.returncode == 2
    assert "option '--signer-timeout' needs a value" in r.stderr


def test_generator_check_mode_detects_corruption(tmp_path):
    work = tmp_path / "vectors"
    shutil.copytree(VECTORS, work)
    assert gen_vectors.check(str(work)) == []
    p = work / "sigv4" / "mturk-reject-ascii" / "string-to-sign.txt"
    p.write_bytes(p.read_bytes() + b"x")
    assert gen_vectors.check(str(work)) == [
        "sigv4/mturk-reject-ascii/string-to-sign.txt: differs"]
