#!/usr/bin/env bash
# Build dist/common-ground-<version>.dmg on macOS: the icon, the PyInstaller .app, a
# compressed disk image with the app and a link to /Applications to drag it onto.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
APP="dist/Common Ground.app"
VERSION="$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
DMG="dist/common-ground-$VERSION.dmg"
STAGING="build/dmg"

bash packaging/macos/make-icns.sh
"$PY" -m PyInstaller --noconfirm --distpath dist --workpath build/pyinstaller \
    packaging/pyinstaller/companion.spec

# Smoke test of the frozen app before it is wrapped.
QT_QPA_PLATFORM=offscreen "$APP/Contents/MacOS/companion" --smoke-test

rm -rf "$STAGING" "$DMG"
mkdir -p "$STAGING"
cp -R "$APP" "$STAGING/"
ln -s /Applications "$STAGING/Applications"
hdiutil create -volname "Common Ground" -srcfolder "$STAGING" -ov -format UDZO "$DMG"
echo "$DMG"
