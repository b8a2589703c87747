#!/usr/bin/env bash
# Build llama.cpp's own `llama-bench` from the llama.cpp source vendored in the
# llama-cpp-python sdist, so `quillmate bench` compares against the same
# llama.cpp revision the app runs. Prints the binary's path on the last line.
#
#   tests/bench/build_llama_bench.sh            # cache in ./.bench (gitignored)
#   QUILLMATE_BENCH_CACHE=/tmp/x tests/bench/build_llama_bench.sh
#   export QUILLMATE_LLAMA_BENCH=$(tests/bench/build_llama_bench.sh | tail -n1)
#
# CPU options: llama-cpp-python is built with GGML_NATIVE=ON (the default), so
# llama-bench is too. The script then compares llama_print_system_info() of the
# libllama built beside llama-bench with llama_cpp.llama_print_system_info()
# (CPU features and build options such as OPENMP, REPACK, LLAMAFILE) and fails
# when they differ (QUILLMATE_BENCH_ALLOW_MISMATCH=1 to go on anyway): two
# differently optimised builds would make the comparison meaningless.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON="$(command -v python3)"
VERSION="${LLAMA_CPP_PYTHON_VERSION:-$("$PYTHON" -c 'import llama_cpp; print(llama_cpp.__version__)')}"
CACHE="${QUILLMATE_BENCH_CACHE:-$ROOT/.bench}"
JOBS="${JOBS:-2}"
SRC="$CACHE/llama_cpp_python-$VERSION"
BIN="$SRC/vendor/llama.cpp/build/bin/llama-bench"

mkdir -p "$CACHE"
if [ ! -x "$BIN" ]; then
    if [ ! -d "$SRC/vendor/llama.cpp" ]; then
        echo "downloading the llama-cpp-python $VERSION sdist into $CACHE" >&2
        "$PYTHON" -m pip download --quiet --no-deps --no-binary :all: \
            "llama-cpp-python==$VERSION" -d "$CACHE" >&2
        tar -xzf "$CACHE/llama_cpp_python-$VERSION.tar.gz" -C "$CACHE"
    fi
    cd "$SRC/vendor/llama.cpp"
    echo "configuring and building llama-bench (about 6 minutes on 2 cores)" >&2
    cmake -B build -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF \
        -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DGGML_NATIVE=ON >&2
    cmake --build build --target llama-bench -j"$JOBS" >&2
fi

# Same CPU options as the llama-cpp-python build? Ask both libllama builds for
# llama_print_system_info() (each in its own process, so the two libraries
# never meet) and compare their CPU sections, build options included.
ours="$("$PYTHON" -c 'import llama_cpp; print(llama_cpp.llama_print_system_info().decode())')"
theirs="$("$PYTHON" - "$(dirname "$BIN")" <<'PY'
import ctypes, glob, os, sys
libdir = sys.argv[1]
for name in ("libggml-base.so", "libggml-cpu.so", "libggml.so"):  # dependency order
    for path in glob.glob(os.path.join(libdir, name)):
        ctypes.CDLL(path, mode=ctypes.RTLD_GLOBAL)
lib = ctypes.CDLL(os.path.join(libdir, "libllama.so"))
lib.llama_print_system_info.restype = ctypes.c_char_p
print(lib.llama_print_system_info().decode())
PY
)"
echo "llama-cpp-python: $ours" >&2
echo "llama-bench:      $theirs" >&2
if [ "$(echo "$ours" | tr -d ' ')" != "$(echo "$theirs" | tr -d ' ')" ]; then
    echo "WARNING: llama-bench was built with other CPU options than llama-cpp-python;" >&2
    echo "         the comparison would not be fair. Delete $SRC/vendor/llama.cpp/build" >&2
    echo "         and rebuild with matching options (see CMAKE_ARGS of the wheel build)." >&2
    [ -n "${QUILLMATE_BENCH_ALLOW_MISMATCH:-}" ] || exit 1
fi
echo "$BIN"
