"""One description of the embedded target (issue 15 item 7): `raconform run`
without --target tests the reference server as described by the very
target file `raconform serve --target-out` writes, so a run against the
embedded server and a run against `serve --target-out`'s file of a server
started with the same defects and variants see the same target (name,
class, profiles, operations, counting unit, fixtures) and judge every case
alike; only the port differs."""
import re

import pytest

from test_run import run


def strip_port(url):
    return re.sub(r":\d+/", ":PORT/", url)


@pytest.mark.parametrize("args", [
    [],
    # capabilities the description carries: operations, counting unit, and
    # the seeded names in the target's name
    ["--defect", "feedback-off-by-one", "--variant", "reject-only",
     "--variant", "count-utf16"],
], ids=["clean", "defect-and-variants"])
def test_embedded_run_and_serve_target_out_agree(tmp_path, serve, args):
    s = serve(*args)
    embedded = run(tmp_path, *args, name="embedded", timeout=300)
    external = run(tmp_path, "--target", s.target_file, name="external",
                   timeout=300)
    assert embedded.rc == external.rc, (embedded, external)
    a, b = embedded.json(), external.json()
    for key in ("target", "endpoint_class", "profile"):
        assert a["suite"][key] == b["suite"][key], key
    assert a["suite"]["target"] == s.target["name"]
    assert strip_port(a["suite"]["endpoint"]) == strip_port(s.target["endpoint"])
    judged_a = {(c["id"], c["profile"]): (c["status"], c["grade"])
                for c in a["cases"]}
    judged_b = {(c["id"], c["profile"]): (c["status"], c["grade"])
                for c in b["cases"]}
    assert judged_a == judged_b
