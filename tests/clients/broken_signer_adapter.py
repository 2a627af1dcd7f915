#!/usr/bin/python3
"""A deliberately broken json-2017 client: its SigV4 signer hashes an empty
payload instead of the body (BROKEN_SIGNER_BUG picks another defect, see
sigv4_minimal.py). raconform client-check must FAIL it and say why."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sigv4_minimal  # noqa: E402

env = os.environ
body = json.dumps({"AssignmentId": env["RACONFORM_ASSIGNMENT_ID"],
                   "RequesterFeedback": env["RACONFORM_FEEDBACK"]},
                  ensure_ascii=False, separators=(",", ":")).encode("utf-8")
print(sigv4_minimal.reject(env, body,
                           bug=env.get("BROKEN_SIGNER_BUG", "payload-hash")))
