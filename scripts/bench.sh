#!/usr/bin/env bash
# Builds the benchmark package (release) and runs it: rate limiting, usage ledger, auth.
# Usage: scripts/bench.sh [ratelimit|usage|auth|all] [--count N]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --package-path Benchmarks >&2
exec Benchmarks/.build/release/flint-bench "$@"
