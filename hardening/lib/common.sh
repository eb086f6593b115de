# Helpers for hardening item scripts; `hardening/run` sets the environment they use:
#   HARDENING_DIR      the hardening/ folder
#   HARDENING_WORK     this run's scratch folder (one subfolder per item)
#   HARDENING_RESULTS  the results file (tab-separated: item, figure, measured, target, verdict)
#   HARDENING_PYTHON   the venv's python (the suite's PyPI packages)
#   APISERVER, APICLIENT  the release binaries
# Source it from an item script: . "$HARDENING_DIR/lib/common.sh"

set -euo pipefail

# record ITEM FIGURE MEASURED TARGET PASS|FAIL
record() {
    local verdict=$5
    [ "$verdict" = PASS ] || verdict=FAIL
    printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$verdict" >>"$HARDENING_RESULTS"
}

# record_rows ITEM FILE: records the figure lines a Python tool wrote (figure, measured,
# target, verdict; tab-separated).
record_rows() {
    local figure measured target result
    while IFS=$'\t' read -r figure measured target result; do
        record "$1" "$figure" "$measured" "$target" "$result"
    done <"$2"
}

# verdict CONDITION...: PASS when the test command succeeds, else FAIL.
verdict() {
    if "$@"; then echo PASS; else echo FAIL; fi
}

free_port() {
    "$HARDENING_PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_flint NAME [APISERVER ARGS...]: starts a release apiserver on a free loopback port
# with a fresh data directory (so a fresh development CA) and waits, at most 60 s, until
# Health answers. Sets FLINT_PID, FLINT_PORT, FLINT_DATA, FLINT_CA, FLINT_LOG.
start_flint() {
    local name=$1
    shift
    FLINT_DATA="$HARDENING_WORK/$name/data"
    FLINT_LOG="$HARDENING_WORK/$name/apiserver.log"
    FLINT_PORT=$(free_port)
    FLINT_CA="$FLINT_DATA/tls/ca.pem"
    mkdir -p "$HARDENING_WORK/$name"
    rm -rf "$FLINT_DATA"
    "$APISERVER" --listen "127.0.0.1:$FLINT_PORT" --data-dir "$FLINT_DATA" --log-level notice "$@" \
        >"$FLINT_LOG" 2>&1 &
    FLINT_PID=$!
    local deadline=$((SECONDS + 60))
    until [ -f "$FLINT_CA" ] && flint_client health >/dev/null 2>&1; do
        if ! kill -0 "$FLINT_PID" 2>/dev/null; then
            echo "apiserver exited at start; its log:" >&2
            tail -20 "$FLINT_LOG" >&2
            return 1
        fi
        if [ $SECONDS -ge $deadline ]; then
            echo "apiserver did not answer Health within 60 s" >&2
            return 1
        fi
        sleep 0.2
    done
}

# flint_client COMMAND [ARGS...]: apiclient against the server start_flint started.
flint_client() {
    "$APICLIENT" "$@" --endpoint "127.0.0.1:$FLINT_PORT" --ca "$FLINT_CA"
}

# stop_flint: SIGTERM, at most 60 s to exit, then SIGKILL. Safe to call twice.
stop_flint() {
    [ -n "${FLINT_PID:-}" ] || return 0
    if kill -0 "$FLINT_PID" 2>/dev/null; then
        kill -TERM "$FLINT_PID" 2>/dev/null || true
        local deadline=$((SECONDS + 60))
        while kill -0 "$FLINT_PID" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
        kill -KILL "$FLINT_PID" 2>/dev/null || true
    fi
    wait "$FLINT_PID" 2>/dev/null || true
    FLINT_PID=
}

open_descriptors() {
    ls "/proc/$1/fd" 2>/dev/null | wc -l
}

# An item's servers stop with it, also when hardening/run's timeout ends it.
trap stop_flint EXIT
trap 'exit 143' TERM INT
