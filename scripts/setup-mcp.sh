#!/usr/bin/env bash
# Installs the official MCP Python SDK (the `mcp` package, pinned) into a virtual environment
# cached in ~/.cache/flint, keyed by its version, for the tests' real MCP server
# (Tests/ToolServicesTests/Fixtures/mcp_test_server.py). Prints the line to eval:
#   eval "$(scripts/setup-mcp.sh)"   # sets FLINT_MCP_PYTHON
set -euo pipefail

version=1.26.0
venv="${XDG_CACHE_HOME:-$HOME/.cache}/flint/mcp-python/$version"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import mcp, uvicorn" 2>/dev/null; then
    rm -rf "$venv"
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install --quiet --disable-pip-version-check "mcp==$version" >&2
fi
echo "FLINT_MCP_PYTHON=$venv/bin/python"
