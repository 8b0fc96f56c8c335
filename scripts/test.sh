#!/usr/bin/env bash
# README command 2: prepare what the tests need on a fresh Debian machine, then run the suite.
# The browser tests drive Debian's Chromium; the unit and end-to-end tests use the embedded
# PostgreSQL 17, S3 server and Temporal server that come with the Maven dependencies. The
# integration suite (production topology under faults) also needs the real Temporal and MinIO
# servers, built from source with Go by scripts/servers/build.sh (cached), and Debian's
# PostgreSQL; without Go it is skipped with a note. TEMPERED_SKIP_INTEGRATION=1 skips it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "installing Debian chromium + chromium-driver for the browser tests …" >&2
  if [[ $(id -u) -eq 0 ]]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi
command -v mvn >/dev/null || { echo "Maven is required (apt-get install maven)" >&2; exit 2; }

integration=()
if [[ "${TEMPERED_SKIP_INTEGRATION:-0}" == "1" ]]; then
  echo "integration suite skipped: TEMPERED_SKIP_INTEGRATION=1" >&2
elif ! command -v go >/dev/null; then
  echo "integration suite skipped: no Go toolchain to build the Temporal and MinIO servers (see scripts/servers/build.sh)" >&2
else
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    echo "installing Debian postgresql for the integration suite …" >&2
    if [[ $(id -u) -eq 0 ]]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
  if servers="$("$here/scripts/servers/build.sh")"; then
    integration=(-Pintegration "-Dtempered.servers.build=$servers")
  else
    echo "integration suite skipped: the Temporal/MinIO build failed (log above)" >&2
  fi
fi

cd "$here"
exec mvn -B -Dstyle.color=never verify "${integration[@]}" "$@"
