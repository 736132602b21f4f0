#!/usr/bin/env bash
# Build dist/common-ground_<version>_<arch>.deb: a PyInstaller one-folder bundle in
# /opt/common-ground, /usr/bin/companion, the translated desktop entry and AppStream metainfo,
# and the hicolor icons rendered from the SVG source. Called by `make package` (which has set
# up .venv); works offline.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
APP_ID=org.commonground.Companion
PACKAGE=common-ground
BUILD="$ROOT/build/deb"
STAGE="$BUILD/root"

step() { printf '\n==> %s\n' "$*"; }

VERSION="$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
ARCH="$(dpkg --print-architecture)"
# The bundle carries the build machine's libraries, so it needs at least its C library.
GLIBC="$(dpkg-query -W -f='${Version}' libc6 | cut -d- -f1)"
DEB="$ROOT/dist/${PACKAGE}_${VERSION}_${ARCH}.deb"

if ! "$PY" -c 'import PyInstaller' 2>/dev/null; then
    step "Installing PyInstaller into the virtualenv"
    "$PY" -m pip install --quiet 'pyinstaller>=6'
fi

rm -rf "$BUILD" "$ROOT/dist/companion"
mkdir -p "$BUILD" "$ROOT/dist"

step "Rendering icons"
"$PY" packaging/render_icons.py --output "$ROOT/build/icons" >/dev/null

step "Translating the desktop entry and metainfo"
"$PY" packaging/linux/translate_metadata.py --output "$BUILD/metadata" >/dev/null

step "Freezing the app with PyInstaller (catalogues are compiled by the spec)"
"$PY" -m PyInstaller --noconfirm --log-level WARN --distpath "$ROOT/dist" \
    --workpath "$ROOT/build/pyinstaller" packaging/pyinstaller/companion.spec

step "Staging the package tree"
install -d "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/metainfo" "$STAGE/usr/share/icons" "$STAGE/usr/share/doc/$PACKAGE" \
    "$STAGE/DEBIAN"
cp -a "$ROOT/dist/companion" "$STAGE/opt/$PACKAGE"
# The bootloader finds its _internal folder through /proc/self/exe, so a symlink is enough.
ln -s "/opt/$PACKAGE/companion" "$STAGE/usr/bin/companion"
install -m 0644 "$BUILD/metadata/$APP_ID.desktop" "$STAGE/usr/share/applications/"
install -m 0644 "$BUILD/metadata/$APP_ID.metainfo.xml" "$STAGE/usr/share/metainfo/"
cp -a "$ROOT/build/icons/hicolor" "$STAGE/usr/share/icons/"
# The tray variant is for the app itself (it ships in the bundle), not for the menu.
rm -f "$STAGE/usr/share/icons/hicolor/scalable/apps/$APP_ID-tray.svg"
cat >"$STAGE/usr/share/doc/$PACKAGE/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: Common Ground

Files: *
Copyright: The Common Ground developers
License: GPL-3.0-or-later
 On Debian systems the full text is in /usr/share/common-licenses/GPL-3.

Files: opt/common-ground/_internal/*
Comment: Python, Qt (PySide6, LGPL-3.0), Babel, cryptography and the other bundled
 libraries, each under its own licence; their licence files are in the same folder.
COPYRIGHT

step "Writing control files"
INSTALLED_KIB="$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)"
cat >"$STAGE/DEBIAN/control" <<CONTROL
Package: $PACKAGE
Version: $VERSION
Architecture: $ARCH
Maintainer: The Common Ground developers <maintainers@commonground.example.org>
Installed-Size: $INSTALLED_KIB
Section: misc
Priority: optional
Homepage: https://commonground.example.org/
Depends: libc6 (>= $GLIBC), libxcb1, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4,
 libxcb-keysyms1, libxcb-shape0, libxcb-xkb1, libxcb-randr0, libxcb-render-util0,
 libxcb-image0, libegl1, libgl1, libfontconfig1, libdbus-1-3
Recommends: fonts-dejavu-core | fonts-freefont-ttf, libwayland-client0, libwayland-cursor0,
 libwayland-egl1
Description: private networking companion built on shared interests
 Common Ground helps you meet people through the interests you share and to give
 first: pick events that fit, prepare a few conversation openers and what you
 could offer, note who you met in seconds from the tray, and keep the promises
 you made. Everything stays on your computer; it opens no network connections.
CONTROL
for script in postinst postrm; do
    cat >"$STAGE/DEBIAN/$script" <<'SCRIPT'
#!/bin/sh
# Refresh the menu and icon caches; the triggers of desktop-file-utils and
# hicolor-icon-theme do it too where those are installed, this covers the rest.
set -e
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q /usr/share/applications || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f /usr/share/icons/hicolor/index.theme ]; then
    gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
fi
exit 0
SCRIPT
    chmod 0755 "$STAGE/DEBIAN/$script"
done
# dpkg-deb refuses group/world-writable control files; make the whole tree predictable.
chmod -R u+rwX,go+rX,go-w "$STAGE"

step "Building $DEB"
rm -f "$DEB"
dpkg-deb --build -Zzstd --root-owner-group "$STAGE" "$DEB" >/dev/null
printf 'bundle: %s   package: %s\n' "$(du -sh "$ROOT/dist/companion" | cut -f1)" "$(du -h "$DEB" | cut -f1)"
