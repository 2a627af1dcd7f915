#!/usr/bin/env bash
# Installs the Debian 12 packages raconform's build and tests need.
# Skips what is already present; runs apt-get update only when something is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config git
  libssl-dev libcurl4-openssl-dev libxml2-dev libxml2-utils libjansson-dev
  libmicrohttpd-dev libunistring-dev check
  python3 python3-pytest python3-boto3 python3-botocore python3-cryptography
  python3-boto golang-go golang-github-aws-aws-sdk-go-dev
  perl
  valgrind clang libclang-rt-14-dev
  curl openssl
  chromium fonts-dejavu-core python3-jsonschema python3-yaml scdoc man-db
)

missing=()
# Node.js (with its npm) may come from Debian or from the machine image; only
# ask Debian for it when no node is on PATH at all.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present" >&2
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
