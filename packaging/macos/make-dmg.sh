#!/bin/sh
# macOS release: signed .app -> DMG -> notarised and stapled. Run on a Mac from the
# repository root (installers cannot be cross-built). Needs Xcode's command line
# tools, a "Developer ID Application" certificate in the login keychain, and
# notarytool credentials stored once with:
#   xcrun notarytool store-credentials coursenplus-notary \
#         --apple-id ADDRESS --team-id TEAMID --password APP-SPECIFIC-PASSWORD
#
#   export COURSENPLUS_CODESIGN_IDENTITY="Developer ID Application: NAME (TEAMID)"
#   make package                      # PyInstaller signs every binary (hardened runtime)
#   packaging/macos/make-dmg.sh       # DMG, signature, notarisation, stapling
#
# Without COURSENPLUS_CODESIGN_IDENTITY PyInstaller signs ad hoc: the DMG is then
# built but neither signed nor notarised (fine for testing on the build Mac only).
set -eu
app="dist/Cours en Plus Desk.app"
version=$(/usr/libexec/PlistBuddy -c "Print :CFBundleShortVersionString" "$app/Contents/Info.plist")
dmg="dist/coursenplus-desk-$version-macos.dmg"
profile=${COURSENPLUS_NOTARY_PROFILE:-coursenplus-notary}
identity=${COURSENPLUS_CODESIGN_IDENTITY:-}

test -d "$app" || { echo "$app is missing: run make package first" >&2; exit 1; }
codesign --verify --deep --strict --verbose=2 "$app"

# The DMG shows the app beside a link to /Applications: drag to install.
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
rm -f "$dmg"
hdiutil create -volname "Cours en Plus Desk" -srcfolder "$staging" -ov -format UDZO "$dmg"

if [ -z "$identity" ]; then
    echo "Unsigned test DMG: $dmg (set COURSENPLUS_CODESIGN_IDENTITY to sign and notarise)"
    exit 0
fi
codesign --force --timestamp --sign "$identity" "$dmg"
xcrun notarytool submit "$dmg" --keychain-profile "$profile" --wait
xcrun stapler staple "$dmg"
spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
spctl --assess --type execute --verbose=2 "$app"
echo "Signed, notarised and stapled: $dmg"
