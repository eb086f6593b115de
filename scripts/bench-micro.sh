#!/usr/bin/env bash
# B5 of issue 13: builds (release) and runs the hot-path micro-benchmarks of benchmarks/,
# a package of its own, with ordo-one/benchmark's plugin: time and mallocs per operation
# of the cached key check, admission, both together, frame encode/decode and the protobuf-c
# bridging of a CompleteRequest.
#
#   scripts/bench-micro.sh [PLUGIN ARGUMENTS...]
#
# Arguments go to `swift package benchmark`, e.g. `--filter "Auth.*"` or `--format markdown`.
# The build lives in benchmarks/.build and saved baselines (`baseline update`) in
# benchmarks/.benchmarkBaselines, both ignored by git.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

swift package --package-path benchmarks benchmark "$@"
