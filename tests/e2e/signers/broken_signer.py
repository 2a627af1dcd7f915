#!/usr/bin/python3
"""A deliberately broken external signer (for tests and docs): sorts SigV1
names case-sensitively and signs the path without encoding it again, two
classic bugs. Everything else is good_signer.py."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from good_signer import sign  # noqa: E402

if __name__ == "__main__":
    print(sign(json.load(sys.stdin), case_sensitive_v1=True,
               encode_path=False))
