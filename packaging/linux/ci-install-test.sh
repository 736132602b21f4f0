#!/usr/bin/env bash
# Install the built .deb like a user would, check the installed app starts and that its
# desktop integration files are in place and valid, then remove it again. Needs root
# (CI runs as root). Usage: bash packaging/linux/ci-install-test.sh [dist/common-ground_*.deb]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
APP_ID=org.commonground.Companion
PACKAGE=common-ground
DEB="${1:-$(ls -t "$ROOT"/dist/${PACKAGE}_*.deb | head -n 1)}"
SANDBOX="$(mktemp -d)"
FAILED=0

check() {  # check DESCRIPTION COMMAND...: run, print ok/FAIL, remember a failure
    local description="$1"
    shift
    if "$@"; then
        printf 'ok: %s\n' "$description"
    else
        printf 'FAIL: %s\n' "$description"
        FAILED=1
    fi
}

cleanup() {
    dpkg -r "$PACKAGE" >/dev/null 2>&1 || true
    rm -rf "$SANDBOX"
}
trap cleanup EXIT

echo "==> Installing $DEB"
if ! dpkg -i "$DEB"; then
    # Missing dependencies leave the package unconfigured; apt pulls them in and finishes.
    apt-get -f install -y
fi
check "package is installed" dpkg-query -W -f='${Status}\n' "$PACKAGE"

# The installed app must never see the CI user's real folders.
export HOME="$SANDBOX/home" XDG_CONFIG_HOME="$SANDBOX/config" XDG_DATA_HOME="$SANDBOX/data" \
    XDG_CACHE_HOME="$SANDBOX/cache" XDG_RUNTIME_DIR="$SANDBOX/runtime" \
    COMPANION_DATA_DIR="$SANDBOX/data/common-ground" QT_QPA_PLATFORM=offscreen
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
install -d -m 0700 "$XDG_RUNTIME_DIR"

echo "==> Running the installed app"
check "companion --version" sh -c '/usr/bin/companion --version | grep -q "Common Ground"'
# The bundle must find its compiled catalogues: German help differs from the English one.
check "companion --locale de --help is translated" \
    bash -c '! /usr/bin/companion --locale de --help | cmp -s - <(/usr/bin/companion --locale en --help)'
check "companion --smoke-test (offscreen window, record saved and read back)" \
    /usr/bin/companion --smoke-test
start=$(date +%s%N)
# No desktop keychain here: the fresh data folder is protected by a passphrase from the environment.
if COMPANION_PASSPHRASE="ci install test passphrase" /usr/bin/companion --quit-when-shown >/dev/null 2>&1; then
    printf 'ok: cold start to window shown: %d ms\n' $(( ($(date +%s%N) - start) / 1000000 ))
else
    echo "FAIL: companion --quit-when-shown"
    FAILED=1
fi

echo "==> Checking desktop integration files"
DESKTOP=/usr/share/applications/$APP_ID.desktop
METAINFO=/usr/share/metainfo/$APP_ID.metainfo.xml
check "desktop entry installed" test -f "$DESKTOP"
check "desktop entry is translated" grep -q '^Name\[de\]=' "$DESKTOP"
check "desktop entry offers Quick capture" grep -q '^Exec=companion capture$' "$DESKTOP"
check "metainfo installed" test -f "$METAINFO"
check "scalable icon installed" test -f /usr/share/icons/hicolor/scalable/apps/$APP_ID.svg
for size in 16 22 24 32 48 64 128 256 512; do
    check "${size}px icon installed" test -f "/usr/share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
if command -v desktop-file-validate >/dev/null; then
    check "desktop-file-validate" desktop-file-validate "$DESKTOP"
fi
if command -v appstreamcli >/dev/null; then
    check "appstreamcli validate --no-net" appstreamcli validate --no-net "$METAINFO"
fi

echo "==> Removing the package"
check "dpkg -r $PACKAGE" dpkg -r "$PACKAGE"
check "program removed" test ! -e /usr/bin/companion
check "bundle removed" test ! -e /opt/$PACKAGE

exit "$FAILED"
