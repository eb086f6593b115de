#!/usr/bin/env bash
# Profiles the unary hot path: a release apiserver in front of flint-bench's instant
# OpenAI-compatible stub, loaded by `flint-bench load` from a separate process.
# APISERVER=path profiles another apiserver binary (e.g. a copy of the one before a change).
# Usage: scripts/hotpath.sh [plain|syscalls|perf] [--calls N] [--in-flight K] [--method complete|health]
#   plain      the load's calls/s and p50/p99, and the server's CPU time per call (/proc)
#   syscalls   + strace on the server: write syscalls per call, by file descriptor
#   perf       the server under `perf record -g` (cpu-clock samples)
# (valgrind 3.19's callgrind cannot run the Swift 6.3 server: it fails reading its DWARF,
# and without it dies inside valgrind.)
# Output goes to $HOTPATH_OUT (default /tmp/flint-hotpath).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-plain}
shift || true
out=${HOTPATH_OUT:-/tmp/flint-hotpath}
rm -rf "$out" && mkdir -p "$out"
[ -n "${HOTPATH_SKIP_BUILD:-}" ] || swift build -c release --product apiserver --product flint-bench >&2
bin=$(swift build -c release --show-bin-path)
stub_port=${STUB_PORT:-18081}
flint_port=${FLINT_PORT:-18443}

"$bin/flint-bench" stub --port "$stub_port" >"$out/stub.log" 2>&1 &
stub_pid=$!
server_pid=
cleanup() {
    [ -z "$server_pid" ] || kill -INT "$server_pid" 2>/dev/null || true
    [ -z "$server_pid" ] || wait "$server_pid" 2>/dev/null || true
    kill "$stub_pid" 2>/dev/null || true
}
trap cleanup EXIT

cat >"$out/models.json" <<JSON
{"defaultModel": "stub", "models": {"stub": {"kind": "openai", "urls": ["http://127.0.0.1:$stub_port"],
 "promptFormat": "raw", "contextLength": 100000, "maxOutputTokens": 50000}}}
JSON
apiserver=${APISERVER:-$bin/apiserver}
server=("$apiserver" --listen "127.0.0.1:$flint_port" --data-dir "$out/data" --models "$out/models.json"
    --log-level warning --default-rpm 1000000000 --default-tpm 1000000000000)
case "$mode" in
    plain) wrap=() ;;
    syscalls) wrap=(strace -f -qq -e trace=write,writev,sendmsg,sendto -o "$out/strace.log") ;;
    perf) wrap=(perf record -e cpu-clock -F 4999 -g -o "$out/perf.data") ;;
    *) echo "unknown mode $mode" >&2; exit 2 ;;
esac
"${wrap[@]}" "${server[@]}" >"$out/server.log" 2>&1 &
server_pid=$!
ready=
for _ in $(seq 1 600); do
    [ -f "$out/data/admin.key" ] && [ -f "$out/data/tls/ca.pem" ] && (exec 3<>"/dev/tcp/127.0.0.1/$flint_port") 2>/dev/null && ready=1 && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.5
done
[ -n "$ready" ] || { echo "the server did not start; see $out/server.log" >&2; exit 1; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }
before=$(cpu_ticks)
"$bin/flint-bench" load --port "$flint_port" --data-dir "$out/data" "$@" | tee "$out/load.txt"
after=$(cpu_ticks)
if [ "$mode" = plain ]; then
    # Every call the load made: the measured ones, 200 warm-up calls and the key it issued.
    calls=$(( $(grep -oE -- '--calls [0-9]+' <<<"$*" | awk '{ print $2 }' || echo 10000) + 201 ))
    awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$calls" \
        'BEGIN { printf "server CPU per call (user + system, /proc)                 %14.1f µs\n", t / hz / n * 1e6 }' | tee -a "$out/load.txt"
fi
kill -INT "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=
if [ "$mode" = syscalls ]; then
    # Write syscalls per socket: the busiest is the client's connection.
    awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^(write|writev|sendmsg|sendto)\(/) { split($i, a, /[(,]/); n[a[1] "(" a[2]]++ } }
         END { for (k in n) print n[k], k }' "$out/strace.log" | sort -rn | head -5 | tee "$out/writes.txt"
fi
