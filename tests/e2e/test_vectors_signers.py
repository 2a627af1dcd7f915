"""External signers through `raconform vectors --signer` (docs/vectors.md):
a signer is never handed the answer, and a second, independent SigV4
implementation, the JavaScript SDK v3's @smithy/signature-v4 (pinned in
tests/clients/package-lock.json), agrees with every vector (botocore
already does: test_vectors.py)."""
import json
import os
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_vectors  # noqa: E402

SRC = os.environ.get("RACONFORM_SOURCE_DIR",
                     os.path.abspath(os.path.join(HERE, "..", "..")))
VECTORS = os.path.join(SRC, "vectors")
CLIENTS = os.path.join(SRC, "tests", "clients")
BIN = os.environ.get("RACONFORM_BIN") or os.path.join(
    os.environ.get("RACONFORM_BUILD_DIR", os.path.join(SRC, "build")),
    "raconform")
NAMES = gen_vectors.find_vectors(VECTORS)

RECORDER = r'''
import json, os, sys
v = json.load(sys.stdin)
with open(os.path.join(sys.argv[1], v["name"].replace("/", "_")), "w") as f:
    json.dump(v, f)
print("not-a-signature")
'''


def answer(name):
    d = os.path.join(VECTORS, name)
    f = "authorization.txt" if name.startswith("sigv4/") else "signature.txt"
    with open(os.path.join(d, f), encoding="utf-8") as fh:
        return fh.read()


def test_a_signer_is_never_handed_the_answer(tmp_path):
    """What each vector hands a signer holds neither its expected answer
    nor, for SigV1, any Signature parameter (the complete-request vectors
    carry one, sigv1-signature-ignored lists a bogus one)."""
    script = tmp_path / "recorder.py"
    script.write_text(RECORDER)
    out = tmp_path / "inputs"
    out.mkdir()
    r = subprocess.run([BIN, "vectors", "--dir", VECTORS, "--signer",
                        "%s %s %s" % (sys.executable, script, out)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 1            # every answer is wrong, on purpose
    assert len(os.listdir(out)) == len(NAMES)
    for name in NAMES:
        with open(out / name.replace("/", "_"), encoding="utf-8") as f:
            text = f.read()
        given = json.loads(text)
        want = answer(name)
        sig = want.rsplit("Signature=", 1)[-1]
        assert sig not in text, name
        assert json.dumps(want)[1:-1] not in text, name
        if given["scheme"] == "sigv1":
            assert "Signature" not in [p[0] for p in given["params"]], name
            if name.startswith("legacy/sigv1-request"):
                assert "SignatureVersion" in [p[0] for p in
                                              given["params"]], name


def test_smithy_signature_v4_agrees_with_every_vector():
    signer = os.path.join(CLIENTS, "smithy_signer.mjs")
    node = shutil.which("node")
    if not node or not os.path.isdir(os.path.join(
            CLIENTS, "node_modules", "@smithy", "signature-v4")):
        pytest.fail("node and tests/clients/node_modules/@smithy/"
                    "signature-v4 are needed: `npm ci --prefix "
                    "tests/clients` (scripts/test.sh does)")
    r = subprocess.run([BIN, "vectors", "--dir", VECTORS, "--signer",
                        "%s %s" % (node, signer), "--signer-timeout", "60"],
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    oks = [x for x in r.stdout.splitlines() if x.startswith("ok ")]
    assert len(oks) == len(NAMES)
    assert sum(" sigv4/" in x for x in oks) >= 39
    # The three complete SigV1 requests, signed with all that is handed
    # over, agree too.
    for name in ("legacy/sigv1-request-get", "legacy/sigv1-request-post",
                 "legacy/sigv1-signature-ignored"):
        assert any(" %s signer" % name in x for x in oks), name
