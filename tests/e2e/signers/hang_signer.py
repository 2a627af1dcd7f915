#!/usr/bin/python3
"""A signer that never answers, for `raconform vectors --signer-timeout`:
it starts a helper process (as a real signer might), appends its own and
the helper's pids to the file named by HANG_SIGNER_PIDS, then waits forever
without reading stdin."""
import os
import subprocess
import sys
import time

helper = subprocess.Popen(["sleep", "600"])
with open(os.environ["HANG_SIGNER_PIDS"], "a") as f:
    f.write("%d %d\n" % (os.getpid(), helper.pid))
sys.stdout.write("partial")
sys.stdout.flush()
while True:
    time.sleep(60)
