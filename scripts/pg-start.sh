#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on loopback for the test suite.
#
#   url=$(scripts/pg-start.sh)      # prints exactly one line on stdout: the connection URL
#   WSPOLNIE_TEST_DATABASE_URL=$url cargo nextest run --workspace
#   scripts/pg-stop.sh              # stops the cluster and deletes its directory
#
# - Installs Debian's `postgresql` package when no server binaries are found.
# - The cluster lives in a fresh temp dir owned by the `postgres` system user (initdb refuses
#   to run as root), trust auth, listens on 127.0.0.1 only, unix socket inside the temp dir.
# - Port: $PGPORT, default 55432. The role is `postgres` (superuser: the tests create one
#   database per test).
# - The temp dir path is written to the state file ${WSPOLNIE_PG_STATE:-/tmp/wspolnie-pg-$PGPORT.state},
#   which pg-stop.sh reads.
# - If something already answers as PostgreSQL on that port, just prints the URL.
# Everything except the URL goes to stderr.
set -euo pipefail

PORT=${PGPORT:-55432}
STATE=${WSPOLNIE_PG_STATE:-/tmp/wspolnie-pg-$PORT.state}
URL="postgres://postgres@127.0.0.1:$PORT/postgres"

log() { printf 'pg-start: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

find_bindir() {
    # Highest installed major version that has initdb.
    local b best=""
    while read -r b; do
        [ -x "$b/initdb" ] && best=$b
    done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V)
    [ -n "$best" ] && echo "$best"
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else die "need root to run: $*"
    fi
}

BINDIR=$(find_bindir || true)
if [ -z "$BINDIR" ]; then
    log "PostgreSQL server not found: installing Debian's postgresql package"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        -o DPkg::Lock::Timeout=300 postgresql >&2
    BINDIR=$(find_bindir || true)
    [ -n "$BINDIR" ] || die "postgresql installed but no initdb in /usr/lib/postgresql/*/bin"
fi

# Already running on this port (started earlier by this script, or by someone else)?
if "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 2; then
    log "a server already answers on 127.0.0.1:$PORT; reusing it"
    echo "$URL"
    exit 0
fi

# A stale state file from a crashed run: clean it up first.
if [ -f "$STATE" ]; then
    log "removing stale cluster from $STATE"
    "$(dirname "$0")/pg-stop.sh" >&2 || true
fi

# Run cluster commands as the postgres user when we are root (initdb refuses root).
if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        log "creating system user postgres"
        useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
    fi
    AS_PG=(runuser -u postgres --)
    OWNER=postgres
else
    AS_PG=()
    OWNER=$(id -un)
fi

# /tmp rather than $TMPDIR: the postgres user must be able to reach the directory.
DIR=$(mktemp -d /tmp/wspolnie-pg.XXXXXX)
chmod 700 "$DIR"
[ "$OWNER" = "$(id -un)" ] || chown "$OWNER:" "$DIR"
echo "$DIR" > "$STATE"
log "cluster directory $DIR (state file $STATE)"

cd "$DIR"   # the postgres user cannot read the caller's working directory
if ! "${AS_PG[@]}" "$BINDIR/initdb" -D "$DIR/data" -U postgres --auth=trust \
        --encoding=UTF8 --locale=C.UTF-8 --no-sync --no-instructions >"$DIR/initdb.log" 2>&1; then
    cat "$DIR/initdb.log" >&2
    die "initdb failed"
fi

# Throwaway cluster: durability off for speed; enough connections for parallel tests.
cat >>"$DIR/data/postgresql.conf" <<CONF

# --- wspolnie throwaway test cluster ---
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DIR'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
log_min_messages = warning
CONF

if ! "${AS_PG[@]}" "$BINDIR/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start >/dev/null 2>&1; then
    cat "$DIR/server.log" >&2 || true
    die "the server did not start (port $PORT in use?)"
fi

for _ in $(seq 1 60); do
    "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 1 && break
    sleep 0.5
done
"$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 1 || {
    cat "$DIR/server.log" >&2 || true
    die "the server does not answer on 127.0.0.1:$PORT"
}

log "PostgreSQL $("$BINDIR/postgres" --version | awk '{print $3}') ready on 127.0.0.1:$PORT"
echo "$URL"
