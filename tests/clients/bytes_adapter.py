#!/usr/bin/python3
"""A deliberately broken json-2017 client: it treats the feedback's UTF-8
bytes as Latin-1 characters (the classic mojibake: "é" goes out as "Ã©").
Its signature is correct, so only the feedback check must catch it."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sigv4_minimal  # noqa: E402

env = os.environ
mangled = env["RACONFORM_FEEDBACK"].encode("utf-8").decode("latin-1")
body = json.dumps({"AssignmentId": env["RACONFORM_ASSIGNMENT_ID"],
                   "RequesterFeedback": mangled},
                  ensure_ascii=False, separators=(",", ":")).encode("utf-8")
print(sigv4_minimal.reject(env, body))
