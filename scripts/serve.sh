#!/usr/bin/env bash
# Installs what is missing (Debian packages; the embedded model and llama-server, cached
# in ~/.cache/flint), builds Flint, and starts apiserver with its defaults
# (127.0.0.1:8443, per-user data directory, development certificate, embedded model).
# Extra arguments go to apiserver, e.g. scripts/serve.sh --listen 0.0.0.0:8443
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
eval "$(scripts/setup-model.sh)"
export FLINT_MODEL_PATH FLINT_LLAMA_SERVER
swift build -c release --product apiserver
swift build -c release --product apiclient
exec "$(swift build -c release --show-bin-path)/apiserver" "$@"
