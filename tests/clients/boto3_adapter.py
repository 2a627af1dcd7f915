#!/usr/bin/python3
"""raconform client-check adapter for boto3/botocore (Debian python3-boto3,
python3-botocore), json-2017.

Environment in (SPEC §5), one line out on stdout: "ok", or what botocore
exposes by default on a ClientError: the error code (the JSON __type) and,
when the answer has one, the TurkErrorCode botocore keeps in e.response,
e.g. "RequestError AWS.MechanicalTurk.InvalidAssignmentState"; for other
exceptions their class name.

The retry mode is the first argument, "legacy" (botocore's default on
Debian 12: 5 attempts, delay rand*2^(n-1) s) or "standard" (3 attempts);
nothing else is configured, so the mode's own defaults are measured.
AWS_CONFIG_FILE=/dev/null and the mode given explicitly keep a developer's
~/.aws/config or AWS_RETRY_MODE from changing them.
Run: raconform client-check --profile json-2017 -- /usr/bin/python3 boto3_adapter.py legacy
     /usr/bin/python3 boto3_adapter.py --version
"""
import os
import sys

os.environ["AWS_CONFIG_FILE"] = "/dev/null"
for name in ("AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS", "AWS_PROFILE"):
    os.environ.pop(name, None)

import boto3  # noqa: E402
import botocore  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402


def main():
    if "--version" in sys.argv[1:]:
        print("boto3 %s, botocore %s" % (boto3.__version__,
                                         botocore.__version__))
        return 0
    mode = sys.argv[1] if len(sys.argv) > 1 else "legacy"
    env = os.environ
    if env.get("RACONFORM_PROFILE", "json-2017") != "json-2017":
        print("error Unsupported profile %s" % env.get("RACONFORM_PROFILE"))
        return 0
    client = boto3.client(
        "mturk", region_name="us-east-1",
        endpoint_url=env["RACONFORM_ENDPOINT"],
        aws_access_key_id=env["RACONFORM_ACCESS_KEY_ID"],
        aws_secret_access_key=env["RACONFORM_SECRET_ACCESS_KEY"],
        config=Config(retries={"mode": mode}))
    try:
        client.reject_assignment(AssignmentId=env["RACONFORM_ASSIGNMENT_ID"],
                                 RequesterFeedback=env["RACONFORM_FEEDBACK"])
    except ClientError as e:
        code = e.response.get("Error", {}).get("Code") or "Unknown"
        turk = e.response.get("TurkErrorCode") or ""
        print(("%s %s" % (code, turk)).strip())
        return 0
    except Exception as e:  # whatever botocore raised is what it surfaced
        print(type(e).__name__)
        return 0
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
