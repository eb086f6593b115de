# A Python virtual environment cached in ~/.cache/flint/NAME/VERSION, (re)made when it is
# missing or cannot import what it should. Sourced by the setup-*.sh scripts:
#   venv_python=$(cached_venv NAME VERSION "import a, b" PACKAGE==VERSION ...)
cached_venv() {
    local name=$1 version=$2 check=$3
    shift 3
    local venv="${XDG_CACHE_HOME:-$HOME/.cache}/flint/$name/$version"
    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "$check" 2>/dev/null; then
        rm -rf "$venv"
        python3 -m venv "$venv" >&2
        "$venv/bin/pip" install --quiet --disable-pip-version-check "$@" >&2
    fi
    echo "$venv/bin/python"
}
