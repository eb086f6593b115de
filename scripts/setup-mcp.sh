#!/usr/bin/env bash
# Installs the official MCP Python SDK (the `mcp` package, pinned) into a virtual environment
# cached in ~/.cache/flint, keyed by its version, for the tests' real MCP server
# (Tests/ToolServicesTests/Fixtures/mcp_test_server.py). Prints the line to eval:
#   eval "$(scripts/setup-mcp.sh)"   # sets FLINT_MCP_PYTHON
set -euo pipefail
. "$(dirname "$0")/lib/cached-venv.sh"

version=1.26.0
echo "FLINT_MCP_PYTHON=$(cached_venv mcp-python "$version" "import mcp, uvicorn" "mcp==$version")"
