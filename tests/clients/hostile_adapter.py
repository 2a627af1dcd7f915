#!/usr/bin/python3
"""Adapters that misbehave on purpose, so the suite's tests can show that
`raconform client-check` ends each in bounded time and memory with a clear
verdict, and that no byte of theirs reaches a terminal or a report
unescaped. The first argument picks the misbehaviour:

  hang       never exits, prints nothing
  megabytes  prints 64 MiB on stdout and on stderr, no newline
  nothing    exits 0 without printing
  escapes    prints terminal escapes and invalid UTF-8 (on both streams)
  fork       leaves a child behind that holds stdout and sleeps, then
             prints ok and exits
  flood      sends a thousand requests, then prints ok
"""
import os
import sys
import time
import urllib.error
import urllib.request

ESCAPES = (b"\x1b]0;pwned\x07\x1b[2J\x1b[31mred\xff\xfe\xc2\x9b31m "
           b"AWS.MechanicalTurk.InvalidAssignmentState\r\n")


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "hang"
    out = sys.stdout.buffer
    if mode == "hang":
        while True:
            time.sleep(60)
    elif mode == "megabytes":
        chunk = b"x" * (1 << 20)
        for _ in range(64):
            out.write(chunk)
            sys.stderr.buffer.write(chunk)
        out.flush()
    elif mode == "nothing":
        pass
    elif mode == "escapes":
        sys.stderr.buffer.write(ESCAPES)
        out.write(ESCAPES)
        out.flush()
    elif mode == "fork":
        if os.fork() == 0:
            with open(os.environ["HOSTILE_PIDFILE"], "w") as f:
                f.write(str(os.getpid()))
            time.sleep(60)
            os._exit(0)
        out.write(b"ok\n")
        out.flush()
    elif mode == "flood":
        url = os.environ["RACONFORM_ENDPOINT"]
        for _ in range(1000):
            try:
                urllib.request.urlopen(urllib.request.Request(
                    url, data=b"{}", method="POST"), timeout=2).read()
            except (urllib.error.URLError, OSError):
                pass
        out.write(b"ok\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
