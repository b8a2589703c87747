#!/usr/bin/env bash
# Re-extract the window's strings and compile the translations.
#   bash resources/translations/update.sh
# lupdate adds new tr()/translate() strings to each .ts (unfinished until a
# translator fills them, e.g. in Qt Linguist or by editing the XML), keeps the
# translated ones and marks removed ones obsolete (-no-obsolete drops them);
# lrelease then writes the .qm files the app loads (app/ui/i18n.py).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${PYSIDE6_BIN:-$(dirname "$(command -v python)")}"
lupdate="${LUPDATE:-$bin/pyside6-lupdate}"
lrelease="${LRELEASE:-$bin/pyside6-lrelease}"
cd "$root"
sources=$(find app/ui -name '*.py' | sort)
for lang in en zh_CN; do
    "$lupdate" -no-obsolete -locations none -source-language en -target-language "$lang" \
        $sources -ts "resources/translations/quillmate_$lang.ts"
    "$lrelease" "resources/translations/quillmate_$lang.ts" \
        -qm "resources/translations/quillmate_$lang.qm"
done
