#!/usr/bin/env bash
# Build build/icons/companion.icns from the SVG app icon (macOS only: needs iconutil).
# Renders the PNGs with packaging/render_icons.py, lays them out as an .iconset and converts.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
OUT="$ROOT/build/icons"
RENDERED="$ROOT/build/icons-macos"
ICONSET="$OUT/companion.iconset"
APP_ID=org.commonground.Companion

rm -rf "$RENDERED" "$ICONSET"
mkdir -p "$OUT" "$ICONSET"
"$PY" "$ROOT/packaging/render_icons.py" --output "$RENDERED" --sizes 16 32 64 128 256 512 1024 >/dev/null

png() { echo "$RENDERED/hicolor/${1}x${1}/apps/$APP_ID.png"; }
# iconutil wants exactly these names: each size at 1x and at 2x (Retina).
for size in 16 32 128 256 512; do
    cp "$(png "$size")" "$ICONSET/icon_${size}x${size}.png"
    cp "$(png $((size * 2)))" "$ICONSET/icon_${size}x${size}@2x.png"
done
iconutil --convert icns --output "$OUT/companion.icns" "$ICONSET"
echo "$OUT/companion.icns"
