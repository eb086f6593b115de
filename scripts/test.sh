#!/usr/bin/env bash
# Installs what is missing (Debian packages; the embedded model and llama-server, cached
# in ~/.cache/flint), builds Flint (warnings are errors), and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
eval "$(scripts/setup-model.sh)"
export FLINT_MODEL_PATH FLINT_LLAMA_SERVER
swift build --build-tests
swift test --skip-build
