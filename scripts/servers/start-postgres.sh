#!/usr/bin/env bash
# Runs Debian's PostgreSQL (apt-get install postgresql) in the foreground as an external
# database for Tempered: a cluster of its own under DATA_DIR, a `tempered` role with a password
# and a `tempered` database, TCP on 127.0.0.1 only, password (SCRAM) authentication.
#
#   TEMPERED_PG_PASSWORD=… scripts/servers/start-postgres.sh DATA_DIR     # port $PGPORT (5432)
#
# Without TEMPERED_PG_PASSWORD a random one is made once and kept in DATA_DIR/.tempered-password.
set -euo pipefail
data="${1:?usage: start-postgres.sh DATA_DIR}"
port="${PGPORT:-5432}"
bindir="${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
[[ -x "$bindir/postgres" ]] || { echo "start-postgres.sh: no PostgreSQL server found; apt-get install postgresql" >&2; exit 3; }
mkdir -p "$data"
data="$(cd "$data" && pwd)"

# PostgreSQL refuses to run as root: run it as the Debian `postgres` user then.
as_pg=()
if [[ $(id -u) -eq 0 ]]; then as_pg=(runuser -u postgres --); fi

pwfile="$data/.tempered-password"
if [[ -n "${TEMPERED_PG_PASSWORD:-}" ]]; then
  (umask 077; printf '%s\n' "$TEMPERED_PG_PASSWORD" > "$pwfile")
elif [[ ! -f "$pwfile" ]]; then
  (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$pwfile"; echo >> "$pwfile")
  echo "start-postgres.sh: made a password for role tempered in $pwfile" >&2
fi

if [[ ${#as_pg[@]} -gt 0 ]] && ! runuser -u postgres -- test -x "$data"; then
  echo "start-postgres.sh: the postgres user cannot reach $data (a parent directory is private); use a directory it can traverse" >&2
  exit 3
fi

cluster="$data/cluster"
if [[ ! -f "$cluster/PG_VERSION" ]]; then
  mkdir -p "$cluster"
  [[ ${#as_pg[@]} -eq 0 ]] || { chown postgres "$cluster"; chown postgres "$pwfile"; }
  "${as_pg[@]}" "$bindir/initdb" -D "$cluster" -U tempered --pwfile="$pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$data/initdb.log" 2>&1 \
    || { cat "$data/initdb.log" >&2; exit 4; }
  # Single-user mode creates the database before anything listens.
  echo "CREATE DATABASE tempered;" | "${as_pg[@]}" "$bindir/postgres" --single -D "$cluster" postgres >>"$data/initdb.log" 2>&1 \
    || { cat "$data/initdb.log" >&2; exit 4; }
fi
exec "${as_pg[@]}" "$bindir/postgres" -D "$cluster" -p "$port" -c listen_addresses=127.0.0.1 \
  -c unix_socket_directories="$cluster" -c fsync=on
