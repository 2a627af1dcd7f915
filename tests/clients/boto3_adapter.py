#!/usr/bin/python3
"""raconform client-check adapter for boto3 (json-2017).

Environment in (SPEC §5), one line out on stdout:
  ok                               the call returned normally
  error <Type> [<TurkErrorCode>]   the client raised an error
Run: raconform client-check --profile json-2017 -- /usr/bin/python3 boto3_adapter.py

botocore's default retry mode on Debian 12 (botocore 1.29) is "legacy":
5 attempts, delay rand*2^(n-1) s. It is set explicitly so a different
default (AWS_RETRY_MODE, ~/.aws/config) cannot change what is measured.
"""
import os
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError


def main():
    env = os.environ
    if env.get("RACONFORM_PROFILE", "json-2017") != "json-2017":
        print("error Unsupported profile %s" % env.get("RACONFORM_PROFILE"))
        return 0
    config = Config(
        retries={"mode": env.get("AWS_RETRY_MODE", "legacy"),
                 "total_max_attempts": int(env.get("AWS_MAX_ATTEMPTS", "5"))},
        connect_timeout=5, read_timeout=5)
    client = boto3.client(
        "mturk", region_name="us-east-1",
        endpoint_url=env["RACONFORM_ENDPOINT"],
        aws_access_key_id=env["RACONFORM_ACCESS_KEY_ID"],
        aws_secret_access_key=env["RACONFORM_SECRET_ACCESS_KEY"],
        config=config)
    try:
        client.reject_assignment(AssignmentId=env["RACONFORM_ASSIGNMENT_ID"],
                                 RequesterFeedback=env["RACONFORM_FEEDBACK"])
    except ClientError as e:
        err = e.response.get("Error", {})
        code = err.get("Code") or "Unknown"
        turk = e.response.get("TurkErrorCode") or ""
        print(("error %s %s" % (code, turk)).strip())
        return 0
    except BotoCoreError as e:
        print("error %s" % type(e).__name__)
        return 0
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
