#!/usr/bin/env bash
# Renders the OCR test images (Tests/Fixtures/ocr) with Pillow and the DejaVu fonts
# (Debian's fonts-dejavu-core). Pillow is installed once into a venv cached under
# ~/.cache/flint. The rendered files are committed: run this only to change them.
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${XDG_CACHE_HOME:-$HOME/.cache}/flint/ocr-fixtures-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import PIL" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "Pillow==11.0.0"
fi
"$venv/bin/python" scripts/render-ocr-fixtures.py
