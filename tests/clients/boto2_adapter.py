#!/usr/bin/python3
"""raconform client-check adapter for boto 2.49 (Debian python3-boto),
legacy-2014: boto.mturk.connection.MTurkConnection, which signs with AWS
Signature Version 1 and POSTs a form.

Environment in (SPEC §5), one line out on stdout: "ok", or the exception
class and the error code boto parsed from the XML answer, e.g.
"MTurkRequestError AWS.MechanicalTurk.InvalidAssignmentState".
boto's defaults are kept (num_retries 6, delay rand*2^n s capped at 60 s);
BOTO_CONFIG=/dev/null keeps a developer's ~/.boto or /etc/boto.cfg from
changing them.
Run: raconform client-check --profile legacy-2014 -- /usr/bin/python3 boto2_adapter.py
     /usr/bin/python3 boto2_adapter.py --version
"""
import os
import sys
import urllib.parse

os.environ["BOTO_CONFIG"] = "/dev/null"

import boto  # noqa: E402
from boto.exception import BotoServerError  # noqa: E402
from boto.mturk.connection import MTurkConnection  # noqa: E402


def main():
    if sys.argv[1:2] == ["--version"]:
        print("boto %s" % boto.__version__)
        return 0
    env = os.environ
    if env.get("RACONFORM_PROFILE") != "legacy-2014":
        print("error Unsupported profile %s" % env.get("RACONFORM_PROFILE"))
        return 0
    url = urllib.parse.urlsplit(env["RACONFORM_ENDPOINT"])
    conn = MTurkConnection(
        aws_access_key_id=env["RACONFORM_ACCESS_KEY_ID"],
        aws_secret_access_key=env["RACONFORM_SECRET_ACCESS_KEY"],
        host=url.hostname, port=url.port, is_secure=url.scheme == "https")
    try:
        conn.reject_assignment(env["RACONFORM_ASSIGNMENT_ID"],
                               env["RACONFORM_FEEDBACK"])
    except BotoServerError as e:
        codes = [c for c, _ in getattr(e, "errors", None) or []]
        code = e.error_code or (codes[0] if codes else "")
        print(("%s %s HTTP%s" % (type(e).__name__, code or "",
                                 e.status)).replace("  ", " "))
        return 0
    except Exception as e:  # whatever boto raised is what it surfaced
        print("%s %s" % (type(e).__name__, str(e).splitlines()[0][:200]
                         if str(e) else ""))
        return 0
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
