#!/bin/sh
# Adds Cours en Plus Desk to the current user's application menu (no root needed).
# Run it from the unpacked folder, where it stays: ./install.sh
# ./install.sh --remove takes the menu entry, icon and command away again
# (the program folder and the vault are left alone).
set -eu
here=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
apps="$data/applications"
icons="$data/icons/hicolor"
bin="$HOME/.local/bin"

if [ "${1:-}" = "--remove" ]; then
    rm -f "$apps/coursenplus-desk.desktop" "$bin/coursenplus-desk" \
          "$icons/256x256/apps/coursenplus-desk.png" "$icons/scalable/apps/coursenplus-desk.svg"
    echo "Cours en Plus Desk removed from the menu."
    exit 0
fi

mkdir -p "$apps" "$bin" "$icons/256x256/apps" "$icons/scalable/apps"
cp "$here/coursenplus-desk.png" "$icons/256x256/apps/coursenplus-desk.png"
cp "$here/coursenplus-desk.svg" "$icons/scalable/apps/coursenplus-desk.svg"
ln -sf "$here/coursenplus-desk" "$bin/coursenplus-desk"
sed -e "s|^Exec=.*|Exec=\"$here/coursenplus-desk\"|" \
    -e "s|^TryExec=.*|TryExec=$here/coursenplus-desk|" \
    "$here/coursenplus-desk.desktop" > "$apps/coursenplus-desk.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" || true
echo "Cours en Plus Desk added to the menu; command: $bin/coursenplus-desk"
