"""`make package-test`: run the built bundle as an administrator would, outside the venv.

The bundled executable runs with a bare environment (no virtualenv, no
PYTHONPATH, a temporary HOME) from a temporary folder, so it can only use what
the bundle carries. Checked, in order: what the bundle carries (resources,
catalogs, keyring backends, Qt translations), `--version`, `init`,
`person add`, `person find`, a PDF form read back, and the desktop program
starting offscreen (and on X11 under Xvfb when installed) and staying up
without error output. On Linux the tarball is unpacked into a temporary folder
and tested there, its menu entry installer included.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "smoke test passphrase, long enough"
GUI_SECONDS = 6.0
COMMAND_TIMEOUT = 120
# What keyring's backend of each system needs besides keyring itself.
# Qt's offscreen platform (no real windows) says this of every top-level window.
OFFSCREEN_NOTICES = ("This plugin does not support propagateSizeHints()",)
KEYRING_SUPPORT = {"linux": {"secretstorage", "jeepney"}, "win32": {"win32ctypes"}}


class SmokeTestFailure(Exception):
    pass


def bundled_executable() -> Path:
    if sys.platform == "darwin":
        folder = ROOT / "dist" / "Cours en Plus Desk.app" / "Contents" / "MacOS"
    else:
        folder = ROOT / "dist" / "coursenplus-desk"
    name = "coursenplus-desk.exe" if sys.platform == "win32" else "coursenplus-desk"
    executable = folder / name
    if not executable.is_file():
        raise SmokeTestFailure(f"{executable} is missing: run `make package` first")
    return executable


def linux_tarball() -> Path:
    from coursenplus_desk import __version__

    found = sorted((ROOT / "dist").glob(f"coursenplus-desk-{__version__}-linux-*.tar.gz"))
    if not found:
        raise SmokeTestFailure("the Linux tarball is missing: run `make package` first")
    return found[-1]


def unpack(tarball: Path, into: Path) -> Path:
    """The tarball as an administrator gets it: unpacked elsewhere, away from the repository."""
    started = time.monotonic()
    with tarfile.open(tarball) as archive:
        archive.extractall(into, filter="tar")
    print(f"  unpacked {tarball.name}: {time.monotonic() - started:.1f} s")
    return into / "coursenplus-desk" / "coursenplus-desk"


def check_menu_entry(bundle: Bundle) -> None:
    """install.sh adds the menu entry, icon and command for the user; --remove takes them away."""
    install = bundle.executable.parent / "install.sh"
    bundle.run_file(install)
    data = Path(bundle.env["XDG_DATA_HOME"])
    entry = data / "applications" / "coursenplus-desk.desktop"
    expect(f'Exec="{bundle.executable}"' in entry.read_text(encoding="utf-8"), "wrong Exec line")
    expect((data / "icons/hicolor/256x256/apps/coursenplus-desk.png").is_file(), "icon missing")
    validator = shutil.which("desktop-file-validate")
    if validator:
        bundle.run_file(Path(validator), str(entry))
    bundle.run_file(install, "--remove")
    expect(not entry.exists(), "install.sh --remove left the menu entry")


def bare_environment(home: Path, vault: Path, **extra: str) -> dict[str, str]:
    """Only what a desktop session would give: no venv, no Python paths."""
    keep = (
        "PATH",
        "SYSTEMROOT",
        "TEMP",
        "TMP",
        "DISPLAY",
        "WAYLAND_DISPLAY",
        "DBUS_SESSION_BUS_ADDRESS",
    )
    env = {name: os.environ[name] for name in keep if name in os.environ}
    venv_bin = str(ROOT / ".venv" / "bin")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin)
    env.update(
        HOME=str(home),
        USERPROFILE=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_RUNTIME_DIR=str(home / "runtime"),
        LANG="C.UTF-8",  # a desktop session's locale is UTF-8; Qt warns otherwise
        COURSENPLUS_LANG="fr",
        COURSENPLUS_VAULT=str(vault),
        COURSENPLUS_PASSPHRASE=PASSPHRASE,
        **extra,
    )
    (home / "runtime").mkdir(mode=0o700, parents=True, exist_ok=True)
    return env


class Bundle:
    def __init__(self, executable: Path, work: Path) -> None:
        self.executable = executable
        self.work = work
        self.env = bare_environment(work / "home", work / "vault")

    def run(self, *arguments: str, env: dict[str, str] | None = None) -> str:
        return self.run_file(self.executable, *arguments, env=env)

    def run_file(self, program: Path, *arguments: str, env: dict[str, str] | None = None) -> str:
        started = time.monotonic()
        done = subprocess.run(
            [str(program), *arguments],
            env=env or self.env,
            cwd=self.work,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
        label = " ".join([program.name, *arguments] if program != self.executable else arguments)
        label = label or "(bundle info)"
        print(f"  {label}: exit {done.returncode}, {time.monotonic() - started:.1f} s")
        if done.returncode != 0 or done.stderr.strip():
            raise SmokeTestFailure(
                f"`{label}` exited {done.returncode}\nstdout: {done.stdout}\nstderr: {done.stderr}"
            )
        return done.stdout

    def info(self) -> dict[str, Any]:
        env = {**self.env, "COURSENPLUS_BUNDLE_INFO": "1", "QT_QPA_PLATFORM": "offscreen"}
        result: dict[str, Any] = json.loads(self.run(env=env))
        return result


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeTestFailure(message)


def check_contents(bundle: Bundle) -> None:
    info = bundle.info()
    print(json.dumps(info, indent=2))
    bundle_dir = str(info["bundle_dir"])
    expect(info["frozen"], "the executable is not a frozen program")
    expect(info["resources_dir"].startswith(bundle_dir), "resources are read outside the bundle")
    expect("fr/LC_MESSAGES/coursenplus_desk.mo" in info["catalogs"], "French catalog missing")
    expect(
        {"qtbase_fr.qm", "qtbase_nl.qm"} <= set(info["qt_translations"]),
        "Qt's French and Dutch translations are missing",
    )
    expect(
        info["babel_dates"] == ["22 novembre 2026", "22 november 2026", "22 November 2026"],
        "Babel's locale data for fr_BE, nl_BE and en_GB is missing",
    )
    expect(bool(info["keyring_entry_points"]), "keyring's backend entry points are missing")
    needed = KEYRING_SUPPORT.get(sys.platform, set())
    expect(
        needed <= set(info["keyring_support_modules"]),
        f"keyring's backend of this system cannot work: {sorted(needed)} not bundled",
    )
    print(f"  keyring backend in this session: {info['keyring_backend']}")
    if info["keyring_backend"].startswith("keyring.backends.fail"):
        print("  (no keychain service in this session: expected on a headless machine)")


def check_commands(bundle: Bundle) -> None:
    from coursenplus_desk import __version__

    expect(__version__ in bundle.run("--version"), "--version does not print the version")
    created = bundle.run("init")
    expect("Coffre créé" in created, f"init did not answer in French: {created!r}")
    added = bundle.run(
        "person", "add", "--role", "student", "--given-name", "Zoë", "--family-name", "Łukasiewicz"
    )
    person_id = "".join(ch for ch in added if ch.isdigit())
    expect(bool(person_id), f"person add printed no number: {added!r}")
    found = bundle.run("person", "find", "lukasiewicz")
    expect("Łukasiewicz" in found, f"person find did not find the person: {found!r}")
    pdf = bundle.work / "membership.pdf"
    bundle.run("form", "membership", "--person", person_id, "--out", str(pdf))
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    expect("Łukasiewicz" in text, "the membership form does not show the person's name")
    print(f"  membership.pdf: {pdf.stat().st_size} bytes, {len(PdfReader(pdf).pages)} page(s)")


def check_gui(bundle: Bundle, label: str, **display: str) -> None:
    """The desktop program starts on the unlock screen and stays up without errors."""
    env = {**bundle.env, **display}
    del env["COURSENPLUS_PASSPHRASE"]
    started = time.monotonic()
    process = subprocess.Popen(
        [str(bundle.executable)],
        env=env,
        cwd=bundle.work,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        process.wait(timeout=GUI_SECONDS)
    except subprocess.TimeoutExpired:
        stop(process)
        stdout, stderr = process.communicate(timeout=30)
    else:
        stdout, stderr = process.communicate()
        raise SmokeTestFailure(
            f"the desktop program ({label}) ended by itself (exit {process.returncode})\n"
            f"stdout: {stdout[-2000:]}\nstderr: {stderr[-2000:]}"
        )
    print(f"  desktop program ({label}): up {time.monotonic() - started:.1f} s, then stopped")
    errors = [line for line in stderr.splitlines() if line.strip() not in OFFSCREEN_NOTICES]
    expect(not errors, f"the desktop program ({label}) wrote errors:\n{stderr[-4000:]}")


def check_gui_on_x11(bundle: Bundle) -> None:
    """Under Xvfb, when installed: proves Qt's xcb plugin loads with its libraries."""
    xvfb = shutil.which("Xvfb")
    if not sys.platform.startswith("linux") or xvfb is None:
        print("  desktop program (X11): skipped, Xvfb is not installed")
        return
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as announced:
            display = announced.readline().strip()
        expect(display.isdigit(), "Xvfb did not start")
        check_gui(bundle, "X11", QT_QPA_PLATFORM="xcb", DISPLAY=f":{display}")
    finally:
        server.terminate()
        server.wait(timeout=30)


def stop(process: subprocess.Popen[str]) -> None:
    if sys.platform == "win32":
        process.terminate()
    else:
        process.send_signal(signal.SIGTERM)


def main() -> int:
    started = time.monotonic()
    try:
        executable = bundled_executable()
        with tempfile.TemporaryDirectory(prefix="coursenplus-smoke-") as folder:
            linux = sys.platform.startswith("linux")
            tested = linux_tarball() if linux else executable
            print(f"Smoke test of {tested.relative_to(ROOT)}")
            if linux:
                executable = unpack(tested, Path(folder) / "opt")
            bundle = Bundle(executable, Path(folder))
            if linux:
                check_menu_entry(bundle)
            check_contents(bundle)
            check_commands(bundle)
            check_gui(bundle, "offscreen", QT_QPA_PLATFORM="offscreen")
            check_gui_on_x11(bundle)
    except (SmokeTestFailure, subprocess.TimeoutExpired) as failure:
        print(f"package-test FAILED: {failure}", file=sys.stderr)
        return 1
    print(f"package-test passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
