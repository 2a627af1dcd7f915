"""A crash, should one ever happen, names where it happened: the fatal-signal
reporter (core/crash) writes the signal and a backtrace to stderr and keeps
the signal's exit status. A CI log then says more than "exited -6"."""
import os
import signal

import pytest

from conftest import start_serve


def sanitized_build():
    cache = os.path.join(os.environ.get("RACONFORM_BUILD_DIR", "build"),
                         "CMakeCache.txt")
    try:
        with open(cache, encoding="utf-8") as f:
            return "RA_SANITIZE:BOOL=ON" in f.read()
    except OSError:
        return False


pytestmark = pytest.mark.skipif(
    sanitized_build(), reason="AddressSanitizer reports crashes itself")


@pytest.mark.parametrize("sig", [signal.SIGSEGV, signal.SIGABRT],
                         ids=lambda s: s.name)
def test_fatal_signal_prints_backtrace_and_keeps_status(tmp_path, sig):
    s = start_serve(tmp_path)
    s.proc.send_signal(sig)
    _, err = s.proc.communicate(timeout=10)
    assert s.proc.returncode == -sig, (s.proc.returncode, err)
    head = "raconform: fatal signal %d (%s); backtrace:" % (sig, sig.name)
    assert head in err, err
    frames = err.split(head, 1)[1].strip().splitlines()
    assert len(frames) >= 3, err
    assert any("raconform(" in f for f in frames), err


def test_ordinary_signals_are_not_crashes(tmp_path):
    s = start_serve(tmp_path)
    assert s.stop() == 0
    assert "fatal signal" not in s.proc.stderr.read()
