#!/usr/bin/env bash
# Installs the stock Python gRPC stack (grpcio, grpcio-tools, grpcio-health-checking,
# grpcio-reflection, grpcio-status, pinned) into a virtual environment cached in
# ~/.cache/flint, keyed by its version, for the tests that call Flint over standard gRPC
# (Tests/APIServerTests/GRPC). Prints the line to eval:
#   eval "$(scripts/setup-grpc-python.sh)"   # sets FLINT_GRPC_PYTHON
set -euo pipefail
. "$(dirname "$0")/lib/cached-venv.sh"

version=1.76.0
echo "FLINT_GRPC_PYTHON=$(cached_venv grpc-python "$version" "import grpc, grpc_tools, grpc_health, grpc_reflection, grpc_status" \
    "grpcio==$version" "grpcio-tools==$version" "grpcio-health-checking==$version" \
    "grpcio-reflection==$version" "grpcio-status==$version")"
