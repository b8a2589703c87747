#!/usr/bin/env bash
# Build Quillmate.app on macOS (Apple Silicon: llama.cpp with Metal) and a .dmg of it.
# Needs Python 3.10+ (python.org or Homebrew), Xcode command-line tools and cmake.
#   PACK_VENV   the build venv (default /tmp/quillmate-pack-venv)
#   QUILLMATE_ICNS  an .icns icon for the .app (optional; iconutil can make one from the SVG)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VENV="${PACK_VENV:-/tmp/quillmate-pack-venv}"
OUT="$ROOT/packaging/dist"

python3 -m venv "$VENV"
# llama.cpp with its Metal backend: build llama-cpp-python from source with these flags
# (--no-cache-dir so a cached CPU-only wheel is not reused).
CMAKE_ARGS="-DGGML_METAL=on" "$VENV/bin/pip" install --no-cache-dir --force-reinstall \
  --no-binary llama-cpp-python "llama-cpp-python==0.3.36"
"$VENV/bin/pip" install -q "$ROOT" "pyinstaller==6.22.3"

"$VENV/bin/pyinstaller" --noconfirm --clean --distpath "$OUT" \
  --workpath "$ROOT/packaging/build" "$ROOT/packaging/quillmate.spec"
rm -rf "$ROOT/packaging/build"

# The one-folder bundle is dist/quillmate/, the .app (BUNDLE in the spec) dist/Quillmate.app.
QT_QPA_PLATFORM=offscreen QUILLMATE_HOME="$(mktemp -d)" \
  QUILLMATE_STARTER_MODEL="${QUILLMATE_STARTER_MODEL:-}" \
  "$OUT/Quillmate.app/Contents/MacOS/quillmate" --version
hdiutil create -volname Quillmate -srcfolder "$OUT/Quillmate.app" -ov -format UDZO \
  "$OUT/Quillmate.dmg"
# Signing and notarisation (not done here): codesign --deep --options runtime -s "$IDENTITY"
# "$OUT/Quillmate.app", then xcrun notarytool submit "$OUT/Quillmate.dmg" --wait.
echo "build.sh: $OUT/Quillmate.app and $OUT/Quillmate.dmg"
