#!/usr/bin/env bash
# README command 2: prepare what the tests need on a fresh Debian machine, then run the suite.
# The browser tests drive Debian's Chromium; everything else (PostgreSQL 17, the S3 server,
# the Temporal server) is embedded and comes with the Maven dependencies.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "installing Debian chromium + chromium-driver for the browser tests …" >&2
  if [[ $(id -u) -eq 0 ]]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi
command -v mvn >/dev/null || { echo "Maven is required (apt-get install maven)" >&2; exit 2; }

cd "$here"
exec mvn -B -Dstyle.color=never verify "$@"
