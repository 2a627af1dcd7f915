"""Clear messages for what goes wrong on the wire (issue 12): a TLS failure
names tls.ca_file / tls.insecure, a 10 MB header line is an oversized header
(not "out of memory"), a redirect to file:// is an off-scheme redirect (not
"a relative location"), and a 5xx HTML page shows its <title> in the reason.
Loopback only; the hostile endpoints are those of test_hostile."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostile_servers as hs  # noqa: E402
import test_hostile as th  # noqa: E402  (helpers only; its tests stay there)

# The hostile-server fixtures of test_hostile.py, not a copy of them.
control = th.control
hostile = th.hostile


def reasons(r):
    return [c for c in th.case_results(r) if c["status"] in ("fail", "error")]


def test_tls_failure_names_the_target_fields(tmp_path, control, hostile):
    cert, key = hs.make_self_signed(tmp_path)
    s = hostile(hs.proxy_to(control), tls=(cert, key))
    r = th.run_raconform(tmp_path, s.url, control.url, profile="json-2017",
                         cases=["RA-STATE-0001"])
    assert r.rc == 3, r.stderr
    err = r.stderr.decode()
    assert "tls.ca_file" in err and "tls.insecure" in err, err
    # libcurl's "SSL certificate problem", not "sSL certificate problem"
    assert "sSL" not in err, err


def test_oversized_header_is_named(tmp_path, control, hostile):
    s = hostile(hs.huge_header)
    r = th.run_raconform(tmp_path, s.url, control.url, profile="json-2017",
                         cases=["RA-ID-0001"])
    th.check_common(r, [s])
    bad = reasons(r)
    assert bad, r.json["cases"]
    for c in bad:
        assert re.search(r"header", c["reason"], re.I), c
        assert "out of memory" not in c["reason"], c


def test_redirect_to_file_scheme_is_off_scheme(tmp_path, control, hostile):
    s = hostile(hs.redirect_to(lambda srv, req: "file:///etc/passwd"))
    r = th.run_raconform(tmp_path, s.url, control.url, profile="json-2017",
                         cases=["RA-ID-0001"])
    th.check_common(r, [s])
    bad = reasons(r)
    assert bad, r.json["cases"]
    for c in bad:
        assert "off-scheme redirect" in c["reason"], c
        assert "file:" in c["reason"], c
        assert "relative location" not in c["reason"], c


def test_html_500_shows_its_title(tmp_path, control, hostile):
    title = "ZeroDivisionError at /reject"
    s = hostile(hs.html_500(title))
    r = th.run_raconform(tmp_path, s.url, control.url, profile="all",
                         cases=["RA-ID-0001"])
    th.check_common(r, [s])
    ran = th.case_results(r)
    assert len(ran) == 2, r.json["cases"]
    # what the page said is in what the answer was, for both profiles, and
    # in the reason of a failure
    for c in ran:
        assert title in c["actual"], c
    bad = reasons(r)
    assert bad, ran
    for c in bad:
        assert title in c["reason"], c
