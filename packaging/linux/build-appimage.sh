#!/bin/sh
# Optional Linux AppImage, made from the bundle of `make package`. Run from the
# repository root on the oldest Linux you want to support (glibc is not bundled):
#   make package && packaging/linux/build-appimage.sh
# Needs appimagetool on the PATH (from the AppImage project's releases); the
# tarball written by `make package` needs nothing of the sort.
set -eu
bundle=dist/coursenplus-desk
test -x "$bundle/coursenplus-desk" || { echo "$bundle is missing: run make package first" >&2; exit 1; }
command -v appimagetool >/dev/null || { echo "appimagetool is not on the PATH" >&2; exit 1; }
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' src/coursenplus_desk/__init__.py)
arch=$(uname -m)
appdir=build/AppDir

rm -rf "$appdir"
mkdir -p "$appdir/usr/lib" "$appdir/usr/share/applications" \
         "$appdir/usr/share/icons/hicolor/256x256/apps" "$appdir/usr/share/icons/hicolor/scalable/apps"
cp -a "$bundle" "$appdir/usr/lib/coursenplus-desk"
cp packaging/linux/coursenplus-desk.desktop "$appdir/coursenplus-desk.desktop"
cp packaging/linux/coursenplus-desk.desktop "$appdir/usr/share/applications/"
cp resources/icons/coursenplus-desk-256.png "$appdir/coursenplus-desk.png"
cp resources/icons/coursenplus-desk-256.png "$appdir/usr/share/icons/hicolor/256x256/apps/coursenplus-desk.png"
cp resources/icons/coursenplus-desk.svg "$appdir/usr/share/icons/hicolor/scalable/apps/coursenplus-desk.svg"
ln -s coursenplus-desk.png "$appdir/.DirIcon"
cat > "$appdir/AppRun" <<'RUN'
#!/bin/sh
here=$(dirname "$(readlink -f "$0")")
exec "$here/usr/lib/coursenplus-desk/coursenplus-desk" "$@"
RUN
chmod +x "$appdir/AppRun"
ARCH="$arch" appimagetool "$appdir" "dist/coursenplus-desk-$version-$arch.AppImage"
