#!/usr/bin/python3
"""The bench's peer: what a plain Python + boto3 loop (the shape of a
pytest suite written with boto3) takes for the json-2017 catalogue's
requests, against the same server `raconform run` was timed on.

For each case of `raconform list --format json` written for json-2017, in
catalogue order and sequentially, it does what the runner does for a
simple case: seed a fresh Submitted assignment through the target's control
API, send one RejectAssignment with boto3 (the case's RequesterFeedback
resolved to its real value and size: strings, {"repeat", "count"},
{"uescape"}, {"concat"}), and read the assignment back through the control
API. It does not reproduce what boto3 cannot send (garbled signatures,
wrong types, raw bodies): those cases send the valid request of the same
size instead, so the peer's work is never more than the runner's.

Usage: peer_boto3.py --target FILE --raconform BIN [--cases DIR]
Prints one line: "peer: N cases, N requests, X ms in the loop".
"""
import argparse
import http.client
import json
import subprocess
import sys
import time
import urllib.parse

import boto3
import botocore.config
import botocore.exceptions


def resolve(value):
    """A case file's text value (docs/cases.md) as the string it stands for."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if "repeat" in value:
            return (value.get("prefix", "") + value["repeat"] * value["count"]
                    + value.get("suffix", ""))
        if "uescape" in value:
            return json.loads('"%s"' % value["uescape"])
        if "concat" in value:
            return "".join(resolve(v) or "" for v in value["concat"])
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", required=True)
    ap.add_argument("--raconform", required=True)
    ap.add_argument("--cases")
    args = ap.parse_args()
    with open(args.target, encoding="utf-8") as f:
        target = json.load(f)
    argv = [args.raconform, "list", "--format", "json"]
    if args.cases:
        argv += ["--cases", args.cases]
    listing = json.loads(subprocess.run(argv, check=True, capture_output=True,
                                        text=True).stdout)
    owner = target["requesters"]["owner"]
    control = urllib.parse.urlsplit(target["fixtures"]["control"])
    conn = http.client.HTTPConnection(control.hostname, control.port)
    client = boto3.client(
        "mturk", endpoint_url=target["endpoint"], region_name="us-east-1",
        aws_access_key_id=owner["access_key_id"],
        aws_secret_access_key=owner["secret_access_key"],
        config=botocore.config.Config(retries={"max_attempts": 1}))

    def control_call(method, path, body=None):
        conn.request(method, control.path + path, body=body,
                     headers={"Content-Type": "application/json"})
        answer = conn.getresponse()
        data = answer.read()
        return answer.status, data

    t0 = time.monotonic()
    cases = requests = 0
    for case in listing["cases"]:
        if "json-2017" not in case["profiles"]:
            continue
        with open(case["file"], encoding="utf-8") as f:
            params = json.load(f).get("request", {}).get("params", {})
        feedback = resolve(params.get("RequesterFeedback"))
        if feedback is None:
            feedback = "The answers do not follow the instructions."
        status, data = control_call("POST", "assignments", json.dumps(
            {"owner": owner["access_key_id"], "status": "Submitted"}))
        assignment = json.loads(data)["AssignmentId"]
        try:
            client.reject_assignment(AssignmentId=assignment,
                                     RequesterFeedback=feedback)
        except botocore.exceptions.ClientError:
            pass  # an error answer is an answer: the case would judge it
        control_call("GET", "assignments/" + assignment)
        cases += 1
        requests += 3
    ms = (time.monotonic() - t0) * 1000.0
    print("peer: %d cases, %d requests, %.1f ms in the loop"
          % (cases, requests, ms))
    return 0


if __name__ == "__main__":
    sys.exit(main())
