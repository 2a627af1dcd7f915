"""Report files are written completely or the run exits 2 (SPEC §5, §8,
issue 13): a report path naming a device, FIFO or symlink is refused and
left untouched; a full or read-only file system, or a full device behind
`--tap -`, makes the exit status 2 with the path and the cause on stderr;
peer bytes reach wire logs only escaped.

Device nodes, FIFOs and mounts are created only inside a temporary
directory. Tests that need root (mknod, mount) skip with the reason."""
import os
import socket
import stat
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostile_servers as hs  # noqa: E402
from conftest import raconform_bin  # noqa: E402

# a quick, passing selection against the built-in server
QUICK = ["--run", "RA-AUTH-0001", "--profile", "json-2017"]


def run(tmp_path, *args, stdout=subprocess.PIPE):
    return subprocess.run([raconform_bin(), "run", "--reports",
                           str(tmp_path / "reports"), *QUICK, *args],
                          stdout=stdout, stderr=subprocess.PIPE, text=True,
                          timeout=120)


def test_quick_selection_passes(tmp_path):
    r = run(tmp_path)
    assert r.returncode == 0, r.stderr
    for name in ("raconform.tap", "raconform.junit.xml", "raconform.json"):
        assert (tmp_path / "reports" / name).stat().st_size > 0


def make_node(tmp_path, kind):
    p = tmp_path / ("target-" + kind)
    if kind == "fifo":
        os.mkfifo(p)
    elif kind == "device":
        try:
            os.mknod(p, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a null
        except PermissionError:
            pytest.skip("mknod needs root (CAP_MKNOD)")
    elif kind == "symlink":
        victim = tmp_path / "victim.txt"
        victim.write_text("keep me\n")
        os.symlink(victim, p)
    return p


def describe(p):
    st = os.lstat(p)
    d = (stat.S_IFMT(st.st_mode), st.st_ino, getattr(st, "st_rdev", 0))
    if stat.S_ISLNK(st.st_mode):
        d += (os.readlink(p), open(p).read())
    return d


@pytest.mark.parametrize("kind", ["device", "fifo", "symlink"])
@pytest.mark.parametrize("option", ["--junit", "--json", "--write-baseline",
                                    "--tap"])
def test_non_regular_report_path_is_refused_untouched(tmp_path, kind, option):
    p = make_node(tmp_path, kind)
    before = describe(p)
    r = run(tmp_path, option, str(p))
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert str(p) in r.stderr and "not a regular file" in r.stderr
    assert describe(p) == before
    # refused at start: nothing ran, no temporary file left beside it
    assert not (tmp_path / "reports" / "raconform.json").exists()
    assert [f for f in os.listdir(tmp_path) if ".tmp." in f] == []


def test_tap_to_a_full_device_exits_2(tmp_path):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        r = run(tmp_path, "--tap", "-", stdout=full)
    assert r.returncode == 2, r.stderr
    assert "stdout" in r.stderr and "No space left on device" in r.stderr


def can_mount():
    return os.geteuid() == 0


@pytest.fixture
def small_fs(tmp_path):
    """factory(options) -> a tmpfs mounted inside tmp_path."""
    mounted = []

    def factory(options):
        if not can_mount():
            pytest.skip("mounting a small tmpfs needs root")
        d = tmp_path / ("fs%d" % len(mounted))
        d.mkdir()
        p = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs",
                            str(d)], capture_output=True, text=True)
        if p.returncode:
            pytest.skip("cannot mount a tmpfs here: %s" % p.stderr.strip())
        mounted.append(d)
        return d

    yield factory
    for d in mounted:
        subprocess.run(["umount", "-l", str(d)], capture_output=True)


def test_full_file_system_exits_2(tmp_path, small_fs):
    fs = small_fs("size=16k")
    r = subprocess.run([raconform_bin(), "run", "--reports", str(fs / "r"),
                        "--profile", "json-2017"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, timeout=120)
    assert r.returncode == 2, r.stderr
    assert "No space left on device" in r.stderr
    assert "report" in r.stderr and "lost" in r.stderr
    # no temporary file stays behind
    for root, _, files in os.walk(fs):
        assert [f for f in files if ".tmp." in f] == [], root


def test_read_only_reports_folder_exits_2(tmp_path, small_fs):
    fs = small_fs("ro,size=16k")
    r = subprocess.run([raconform_bin(), "run", "--reports", str(fs),
                        *QUICK], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, timeout=120)
    assert r.returncode == 2, r.stderr
    assert str(fs) in r.stderr and "Read-only file system" in r.stderr


def test_read_only_report_folder_for_junit_exits_2(tmp_path, small_fs):
    fs = small_fs("ro,size=16k")
    r = run(tmp_path, "--junit", str(fs / "junit.xml"))
    assert r.returncode == 2, r.stderr
    assert str(fs / "junit.xml") in r.stderr


# --- wire logs: peer bytes escaped ------------------------------------------

ESC_BEL = "\x1b]0;pwned\x07\x1b[2J"


@hs._preflight
def hostile_escapes(server, conn, req):
    body = ("<?xml version=\"1.0\"?><Error>" + ESC_BEL + "</Error>").encode()
    head = ("HTTP/1.1 307 Moved" + ESC_BEL + "\r\n"
            "Content-Type: text/xml\r\nConnection: close\r\n"
            "X-Evil: a" + ESC_BEL + "b\r\n"
            "Location: http://127.0.0.2:1/" + ESC_BEL + "\r\n"
            "Content-Length: %d\r\n\r\n" % len(body)).encode()
    conn.sendall(head + body)


def test_wire_logs_escape_terminal_controls(tmp_path):
    from test_hostile import run_raconform
    control = hs.FakeControl()
    server = hs.Server(hostile_escapes)
    try:
        r = run_raconform(tmp_path, server.url, control.url,
                          profile="json-2017", cases=["RA-ID-0001"])
    finally:
        server.stop()
        control.stop()
    assert r.rc in (1, 3), r.stderr
    wire = r.reports / "wire"
    logs = [os.path.join(root, f) for root, _, files in os.walk(wire)
            for f in files]
    assert logs, "no wire log written"
    seen_header = False
    for p in logs:
        data = open(p, "rb").read()
        assert b"\x1b" not in data and b"\x07" not in data, p
        seen_header |= b"X-Evil: a" in data
    assert seen_header, "the hostile answer is not in the wire log"
    for p in [r.reports / n for n in ("raconform.tap", "raconform.json",
                                      "raconform.junit.xml")]:
        if p.exists():
            assert b"\x1b" not in p.read_bytes(), p


@pytest.mark.parametrize("kind", ["fifo", "symlink"])
@pytest.mark.parametrize("cmd", [
    ["client-check", "--profile", "json-2017", "--junit", "{p}", "--",
     "true"],
    ["client-check", "--profile", "json-2017", "--tap", "{p}", "--", "true"],
    ["serve", "--target-out", "{p}"],
])
def test_other_subcommands_refuse_non_regular_paths(tmp_path, kind, cmd):
    p = make_node(tmp_path, kind)
    before = describe(p)
    r = subprocess.run([raconform_bin()] +
                       [a.replace("{p}", str(p)) for a in cmd],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert str(p) in r.stderr and "not a regular file" in r.stderr
    assert describe(p) == before
