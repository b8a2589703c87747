#!/usr/bin/env bash
# Build the Linux one-folder bundle (dist/quillmate/) and a tar.gz of it, with the
# validated desktop entry, AppStream metainfo and icon laid out as an AppDir would have
# them (usr/share/...). Run from anywhere; needs Python 3.10+, gcc and cmake (the first
# llama-cpp-python install compiles llama.cpp; pip caches the wheel).
#   PACK_VENV   the build venv (default /tmp/quillmate-pack-venv; reused if present)
#   PACK_OUT    where the bundle goes (default <repo>/packaging/dist)
#   CMAKE_ARGS  passed to llama-cpp-python's build, e.g. "-DGGML_CUDA=on" or "-DGGML_VULKAN=on"
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VENV="${PACK_VENV:-/tmp/quillmate-pack-venv}"
OUT="${PACK_OUT:-$ROOT/packaging/dist}"
WORK="$ROOT/packaging/build"
DESKTOP="$ROOT/resources/desktop"
APP_ID="io.github.quillmate.Quillmate"

if [ ! -x "$VENV/bin/pyinstaller" ]; then
  python3 -m venv "$VENV"
  # The app and its runtime dependencies only: no [finetune] extra (torch stays out).
  "$VENV/bin/pip" install -q "$ROOT" "pyinstaller==6.22.3"
fi
if "$VENV/bin/python" -c "import torch" 2>/dev/null; then
  echo "build.sh: torch is installed in $VENV; the bundle must not carry it" >&2
  exit 1
fi

start=$(date +%s)
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$OUT" --workpath "$WORK" "$ROOT/packaging/quillmate.spec"
BUNDLE="$OUT/quillmate"

# Desktop integration beside the program, as in an AppDir: usr/share/{applications,...}.
install -Dm644 "$DESKTOP/$APP_ID.desktop" "$BUNDLE/share/applications/$APP_ID.desktop"
install -Dm644 "$DESKTOP/$APP_ID.metainfo.xml" "$BUNDLE/share/metainfo/$APP_ID.metainfo.xml"
install -Dm644 "$ROOT/resources/icons/$APP_ID.svg" \
  "$BUNDLE/share/icons/hicolor/scalable/apps/$APP_ID.svg"

if [ "${PACK_TARBALL:-1}" = 1 ]; then
  version=$("$VENV/bin/python" -c "import app; print(app.__version__)" 2>/dev/null \
    || (cd "$ROOT" && "$VENV/bin/python" -c "import app; print(app.__version__)"))
  tar -C "$OUT" -czf "$OUT/quillmate-$version-linux-$(uname -m).tar.gz" quillmate
fi
rm -rf "$WORK"
echo "build.sh: $BUNDLE built in $(( $(date +%s) - start )) s ($(du -sh "$BUNDLE" | cut -f1))"
