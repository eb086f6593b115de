#!/usr/bin/env bash
# Installs what is missing (Debian packages; the embedded model and llama-server, the
# MCP Python SDK for the real MCP test server, and the stock Python gRPC stack for the gRPC
# client tests, cached in ~/.cache/flint), builds Flint (warnings are errors), and runs every test.
#
# The tests run in four groups: the model-backend tests, the real-model end-to-end tests
# and the other suites with tight time bounds assert deadlines and cancellation latencies,
# so they run on their own rather than beside hundreds of CPU-heavy tests competing for
# the same two cores.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
eval "$(scripts/setup-model.sh)"
eval "$(scripts/setup-mcp.sh)"
eval "$(scripts/setup-grpc-python.sh)"
export FLINT_MODEL_PATH FLINT_LLAMA_SERVER FLINT_MCP_PYTHON FLINT_GRPC_PYTHON
swift build --build-tests
# Suites that assert time bounds (handshake, idle, drain and request timeouts, cancellation
# within 1 s, a backend's first-byte and connect timeouts, a real MCP server's per-call
# timeout) or reach scripted HTTP backends or the Python MCP server:
# a group of their own, one test at a time (well under a minute), so no other test's load
# eats into the bounds they assert.
timed='CancellableSleepTests|BackendFailureTests|HoldingTests|StuckShutdownTests|BadInputTests|TLSRefusalTests|AgentsEndToEndTests|RunCancellationTests|ImagesEndToEndTests|VisionStepsEndToEndTests|MCPRealServerTests'
swift test --skip-build --skip ModelServicesTests --skip InferenceEndToEndTests --skip "$timed"
swift test --skip-build --no-parallel --filter "$timed"
swift test --skip-build --filter ModelServicesTests --skip BackendFailureTests
swift test --skip-build --filter InferenceEndToEndTests
