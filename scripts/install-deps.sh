#!/usr/bin/env bash
# Installs the Debian packages Flint builds against, if any is missing.
# Safe to run again: it does nothing when everything is present.
set -euo pipefail

packages=(pkg-config libssl-dev openssl libsqlite3-dev libprotobuf-c-dev protobuf-c-compiler
    libtesseract-dev libleptonica-dev tesseract-ocr-eng
    python3 python3-venv)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "flint: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    sudo_cmd=(sudo)
fi
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
