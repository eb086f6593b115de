#!/usr/bin/env bash
# Builds and runs Flint's micro-benchmarks (release): rate limiting, usage ledger, auth.
# Usage: scripts/bench.sh [ratelimit|usage|auth|all|inference|toolcalls] [--count N]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product flint-bench >&2
exec "$(swift build -c release --show-bin-path)/flint-bench" "$@"
