#!/usr/bin/env bash
# Stop the throwaway PostgreSQL cluster started by scripts/pg-start.sh and delete its directory.
# Uses the same $PGPORT (default 55432) / $WSPOLNIE_PG_STATE as pg-start.sh.
# Does nothing (successfully) when there is no cluster of ours for that port.
set -euo pipefail

PORT=${PGPORT:-55432}
STATE=${WSPOLNIE_PG_STATE:-/tmp/wspolnie-pg-$PORT.state}

log() { printf 'pg-stop: %s\n' "$*" >&2; }

if [ ! -f "$STATE" ]; then
    log "no cluster of ours on port $PORT ($STATE not found)"
    exit 0
fi
DIR=$(cat "$STATE")
case "$DIR" in
    /tmp/wspolnie-pg.*) ;;
    *) log "refusing to delete unexpected directory '$DIR' named in $STATE"; exit 1 ;;
esac

if [ -f "$DIR/data/postmaster.pid" ]; then
    BINDIR=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    if [ "$(id -u)" -eq 0 ]; then AS_PG=(runuser -u postgres --); else AS_PG=(); fi
    cd "$DIR"
    if ! "${AS_PG[@]}" "$BINDIR/pg_ctl" -D "$DIR/data" -m fast -w -t 60 stop >/dev/null 2>&1; then
        # Last resort: kill the postmaster we started.
        # Only if that pid really is a postgres of this data directory (pids get reused).
        pid=$(head -n 1 "$DIR/data/postmaster.pid" 2>/dev/null || true)
        if [ -n "$pid" ] && { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF -- "$DIR/data"; then
            log "pg_ctl stop failed; killing postmaster $pid"
            kill -9 "$pid" 2>/dev/null || true
        fi
    fi
    cd /
fi
rm -rf -- "$DIR"
rm -f -- "$STATE"
log "stopped and removed $DIR"
