#!/usr/bin/env bash
# Installs the stock Python gRPC stack (grpcio, grpcio-tools, grpcio-health-checking,
# grpcio-reflection, grpcio-status, pinned) into a virtual environment cached in ~/.cache/flint, keyed by
# its version, for the tests that call Flint over standard gRPC (Tests/APIServerTests/GRPC).
# Prints the line to eval:
#   eval "$(scripts/setup-grpc-python.sh)"   # sets FLINT_GRPC_PYTHON
set -euo pipefail

version=1.76.0
venv="${XDG_CACHE_HOME:-$HOME/.cache}/flint/grpc-python/$version"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import grpc, grpc_tools, grpc_health, grpc_reflection, grpc_status" 2>/dev/null; then
    rm -rf "$venv"
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
        "grpcio==$version" "grpcio-tools==$version" \
        "grpcio-health-checking==$version" "grpcio-reflection==$version" "grpcio-status==$version" >&2
fi
echo "FLINT_GRPC_PYTHON=$venv/bin/python"
