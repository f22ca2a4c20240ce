"""`make package`: build the desktop bundle of the platform this runs on.

1. compiles the catalogs (the bundle carries the .mo files, which git ignores);
2. runs PyInstaller on packaging/coursenplus-desk.spec: `dist/coursenplus-desk/`
   (Linux, Windows) or `dist/Cours en Plus Desk.app` (macOS);
3. Linux: adds the menu entry, icon and install script, then writes
   `dist/coursenplus-desk-<version>-linux-<machine>.tar.gz`;
   Windows: compiles the Inno Setup installer when `iscc` is on the PATH;
   macOS: the .app is ready for packaging/macos/make-dmg.sh;
4. prints the sizes and how long it took.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
DIST = ROOT / "dist"
BUNDLE = DIST / "coursenplus-desk"
MAC_APP = DIST / "Cours en Plus Desk.app"
ICONS = ROOT / "resources" / "icons"


def version() -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from coursenplus_desk import __version__

    return __version__


def run(*command: str | Path) -> None:
    print("+", " ".join(str(part) for part in command), flush=True)
    subprocess.run([str(part) for part in command], check=True, cwd=ROOT)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def compile_catalogs() -> None:
    run(sys.executable, ROOT / "tools" / "catalogs.py", "build")


def run_pyinstaller() -> None:
    run(
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        DIST,
        "--workpath",
        ROOT / "build" / "pyinstaller",
        PACKAGING / "coursenplus-desk.spec",
    )


def add_linux_desktop_files() -> None:
    """The menu entry, the icon and the per-user install script travel with the bundle."""
    linux = PACKAGING / "linux"
    shutil.copy2(linux / "coursenplus-desk.desktop", BUNDLE)
    shutil.copy2(linux / "install.sh", BUNDLE)
    shutil.copy2(ICONS / "coursenplus-desk-256.png", BUNDLE / "coursenplus-desk.png")
    shutil.copy2(ICONS / "coursenplus-desk.svg", BUNDLE / "coursenplus-desk.svg")


def missing_xcb_libraries() -> list[str]:
    """Libraries Qt's X11 (xcb) plugin needs that neither the bundle nor this system has.

    The bundle carries what the build machine has installed; what is missing here
    must be installed on each computer that runs the program (see the README).
    """
    internal = BUNDLE / "_internal"
    plugin = internal / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.is_file() or shutil.which("ldd") is None:
        return []
    libraries = os.pathsep.join([str(internal), str(internal / "PySide6" / "Qt" / "lib")])
    listing = subprocess.run(
        ["ldd", str(plugin)],
        env={**os.environ, "LD_LIBRARY_PATH": libraries},
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return sorted({line.split()[0] for line in listing.splitlines() if "not found" in line})


def write_tarball(name: str) -> Path:
    tarball = DIST / f"{name}.tar.gz"
    with tarfile.open(tarball, "w:gz", compresslevel=6) as archive:
        archive.add(BUNDLE, arcname="coursenplus-desk")
    return tarball


def build_windows_installer(app_version: str) -> Path | None:
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    if iscc is None:
        print("Inno Setup (iscc) not found: installer not built.")
        return None
    script = PACKAGING / "windows" / "coursenplus-desk.iss"
    run(iscc, f"/DAppVersion={app_version}", script)
    return DIST / f"coursenplus-desk-{app_version}-setup.exe"


def main() -> int:
    started = time.monotonic()
    app_version = version()
    compile_catalogs()
    run_pyinstaller()
    built = time.monotonic()
    products: list[Path] = []
    if sys.platform.startswith("linux"):
        add_linux_desktop_files()
        missing = missing_xcb_libraries()
        if missing:
            print(
                "\nNote: Qt's X11 plugin needs " + ", ".join(missing) + ", absent here, so not "
                "bundled: install them on this machine before `make package` to bundle them "
                "(Debian/Ubuntu: libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 "
                "libxcb-render-util0 libxcb-xinerama0 libxcb-shape0 libxkbcommon-x11-0)."
            )
        machine = platform.machine().lower()
        products.append(write_tarball(f"coursenplus-desk-{app_version}-linux-{machine}"))
    elif sys.platform == "win32":
        installer = build_windows_installer(app_version)
        products.extend([installer] if installer else [])
    elif sys.platform == "darwin":
        print("Next: packaging/macos/make-dmg.sh (signs, builds the DMG, notarises).")
    finished = time.monotonic()
    folder = MAC_APP if sys.platform == "darwin" else BUNDLE
    print(f"\nBundle: {folder.relative_to(ROOT)}  {megabytes(folder_size(folder))}")
    for product in products:
        print(f"        {product.relative_to(ROOT)}  {megabytes(product.stat().st_size)}")
    print(
        f"Time: {finished - started:.0f} s (PyInstaller {built - started:.0f} s, "
        f"archive {finished - built:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
