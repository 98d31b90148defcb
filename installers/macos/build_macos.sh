#!/usr/bin/env bash
# Build Hearth.app and Hearth-VERSION-ARCH.dmg on macOS; sign and notarise them when the
# secrets are present. Output in build/installers/.
#
#   bash installers/macos/build_macos.sh
#
# Signing (all optional; without them the build is unsigned and says so):
#   MACOS_CERTIFICATE_P12_BASE64  a "Developer ID Application" certificate + key, .p12, base64
#   MACOS_CERTIFICATE_PASSWORD    its password
#   MACOS_SIGN_IDENTITY           e.g. "Developer ID Application: Jane Doe (TEAMID1234)"
# Notarisation (needs signing), either an App Store Connect API key:
#   APPLE_API_KEY_ID, APPLE_API_ISSUER_ID, APPLE_API_KEY_P8_BASE64
# or an Apple ID with an app-specific password:
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=$(python3 -c "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])")
ARCH=$(uname -m)
APP=build/dist/Hearth.app
OUT=build/installers
DMG=$OUT/Hearth-$VERSION-macos-$ARCH.dmg
ENTITLEMENTS=installers/macos/entitlements.plist
mkdir -p "$OUT"

say() { printf '\n== %s\n' "$*"; }

import_certificate() {
    [ -n "${MACOS_CERTIFICATE_P12_BASE64:-}" ] || return 0
    say "importing the signing certificate into a temporary keychain"
    KEYCHAIN=$RUNNER_TEMP_DIR/hearth-signing.keychain-db
    local pass
    pass=$(uuidgen)
    echo "$MACOS_CERTIFICATE_P12_BASE64" | base64 --decode > "$RUNNER_TEMP_DIR/cert.p12"
    security create-keychain -p "$pass" "$KEYCHAIN"
    security set-keychain-settings -lut 21600 "$KEYCHAIN"
    security unlock-keychain -p "$pass" "$KEYCHAIN"
    security import "$RUNNER_TEMP_DIR/cert.p12" -k "$KEYCHAIN" -P "$MACOS_CERTIFICATE_PASSWORD" \
        -T /usr/bin/codesign
    security set-key-partition-list -S apple-tool:,apple: -s -k "$pass" "$KEYCHAIN" >/dev/null
    security list-keychains -d user -s "$KEYCHAIN" $(security list-keychains -d user | tr -d '"')
    rm -f "$RUNNER_TEMP_DIR/cert.p12"
}

freeze() {
    say "PyInstaller (Hearth.app)"
    # hearth.spec signs every collected binary when MACOS_SIGN_IDENTITY is set
    python3 -m PyInstaller --noconfirm --log-level WARN \
        --distpath build/dist --workpath build/pyi installers/hearth.spec
    "$APP/Contents/MacOS/hearth" --version
}

sign_app() {
    if [ -z "${MACOS_SIGN_IDENTITY:-}" ]; then
        echo "MACOS_SIGN_IDENTITY is not set: Hearth.app is NOT signed (Gatekeeper will refuse"
        echo "to open it by double-click; right-click > Open works on the build machine only)."
        return 0
    fi
    say "signing Hearth.app (hardened runtime)"
    codesign --force --options runtime --timestamp --entitlements "$ENTITLEMENTS" \
        --sign "$MACOS_SIGN_IDENTITY" "$APP"
    codesign --verify --deep --strict --verbose=2 "$APP"
}

make_dmg() {
    say "disk image"
    local stage=build/dmg
    rm -rf "$stage" "$DMG" && mkdir -p "$stage"
    cp -R "$APP" "$stage/"
    ln -s /Applications "$stage/Applications"
    hdiutil create -volname "Hearth $VERSION" -srcfolder "$stage" -ov -format UDZO "$DMG"
    if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
        codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$DMG"
    fi
}

notarise() {
    [ -n "${MACOS_SIGN_IDENTITY:-}" ] || { echo "not signed, so not notarised"; return 0; }
    local auth=()
    if [ -n "${APPLE_API_KEY_ID:-}" ]; then
        echo "$APPLE_API_KEY_P8_BASE64" | base64 --decode > "$RUNNER_TEMP_DIR/key.p8"
        auth=(--key "$RUNNER_TEMP_DIR/key.p8" --key-id "$APPLE_API_KEY_ID" --issuer "$APPLE_API_ISSUER_ID")
    elif [ -n "${APPLE_ID:-}" ]; then
        auth=(--apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" --password "$APPLE_APP_PASSWORD")
    else
        echo "no notarisation credentials (APPLE_API_KEY_ID or APPLE_ID): the .dmg is signed"
        echo "but NOT notarised; Gatekeeper will warn on other Macs."
        return 0
    fi
    say "notarising (xcrun notarytool, waits for Apple)"
    xcrun notarytool submit "$DMG" "${auth[@]}" --wait
    xcrun stapler staple "$DMG"
    xcrun stapler validate "$DMG"
    spctl --assess --type open --context context:primary-signature --verbose "$DMG"
    rm -f "$RUNNER_TEMP_DIR/key.p8"
}

RUNNER_TEMP_DIR=${RUNNER_TEMP:-$(mktemp -d)}
import_certificate
[ "${SKIP_FREEZE:-0}" = 1 ] || freeze
sign_app
"$APP/Contents/MacOS/hearth" --selftest ${SELFTEST_MODEL:+--model "$SELFTEST_MODEL"}
make_dmg
notarise
say "sizes"
du -sh "$APP"
ls -l "$DMG"
