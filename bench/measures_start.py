"""Start-up, as whole processes: the command line, a read command, the desktop program.

Every figure is the median of new processes started one after the other, the
commands taking turns so that a change of the machine's load touches them alike,
beside its baseline measured in the same run: `python -c pass` for the command
line, the key derivation for a read command, a bare PySide6 window for the
desktop program. `python -X importtime` then names the command line's five
costliest imports, so that a module that starts loading a heavy library shows.

The program's modules are compiled to bytecode first, as an installed program's
are (pip compiles a wheel's modules; a bundle carries them compiled): with
PYTHONDONTWRITEBYTECODE set, a source checkout would otherwise compile every
module at every start.
"""

from __future__ import annotations

import compileall
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from dataset import ACCESS_SUBJECT, CLOCK, PASSPHRASE
from harness import Bench, Figure, median_ms

import coursenplus_desk
from coursenplus_desk.services.workspace import open_workspace
from coursenplus_desk.vault.kdf import derive_key
from coursenplus_desk.vault.vault import VaultPaths, read_header

PROBE = Path(__file__).resolve().parent / "probe_start.py"
COMMAND_RUNS = 21
PROGRAM_RUNS = 7
IMPORTTIME_RUNS = 5
HELP_TARGET_MS = 150.0
READ_MARGIN_MS = 200.0  # a read command: at most the key derivation and this
WINDOW_TARGET_MS = 1000.0
WINDOW_TIMES_BARE = 3.0
ROOTS = ("coursenplus_desk", "coursenplus_desk.cli")  # the whole, not one of its costs


def program() -> list[str]:
    """The installed command, as a person runs it."""
    script = Path(sys.executable).with_name("coursenplus-desk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "coursenplus_desk"]


def start_up(bench: Bench) -> list[Figure]:
    compileall.compile_dir(Path(coursenplus_desk.__file__).parent, quiet=1)
    slot = read_header(VaultPaths(bench.folder)).slots[0]
    assert slot.kdf is not None
    kdf_params = slot.kdf

    def kdf() -> None:
        derive_key(PASSPHRASE, slot.salt, kdf_params)

    bench.workspace.close()  # one process at a time opens the vault
    try:
        with tempfile.TemporaryDirectory() as home:
            env = _environment(bench.folder, Path(home))
            figures = _command_line(env, kdf) + _desktop(env)
    finally:
        bench.workspace = open_workspace(bench.folder, PASSPHRASE, CLOCK)
    bench.texts.append(import_top_five())
    return figures


def _command_line(env: Mapping[str, str], kdf: Callable[[], None]) -> list[Figure]:
    find = [*program(), "person", "find", str(ACCESS_SUBJECT.family_name)]
    runs = _take_turns(
        {
            "python": [sys.executable, "-c", "pass"],
            "version": [*program(), "--version"],
            "help": [*program(), "--help"],
        },
        env,
        COMMAND_RUNS,
    )
    # the key derivation (here, in this process) in turns with the command: the same load
    runs |= _take_turns({"find": find, "kdf": kdf}, env, PROGRAM_RUNS)
    python = statistics.median(runs["python"])
    kdf_ms = statistics.median(runs["kdf"])
    read_target = kdf_ms + READ_MARGIN_MS
    return [
        Figure("start: python -c pass", python, "ms", note=f"median of {COMMAND_RUNS} processes"),
        Figure("start: coursenplus-desk --version", statistics.median(runs["version"]), "ms",
               HELP_TARGET_MS, python, baseline_name="python -c pass"),
        Figure("start: coursenplus-desk --help", statistics.median(runs["help"]), "ms",
               HELP_TARGET_MS, python, baseline_name="python -c pass"),
        Figure("start: person find (unlock, one match)", statistics.median(runs["find"]), "ms",
               read_target, kdf_ms, baseline_name="key derivation",
               note=f"target: key derivation + {READ_MARGIN_MS:.0f} ms; 100,000-person vault"),
    ]  # fmt: skip


def _desktop(env: Mapping[str, str]) -> list[Figure]:
    runs = _take_turns(
        {"bare": [sys.executable, str(PROBE), "bare"], "program": [sys.executable, str(PROBE)]},
        env,
        PROGRAM_RUNS,
        until_shown=True,
    )
    bare, shown = statistics.median(runs["bare"]), statistics.median(runs["program"])
    target = min(WINDOW_TARGET_MS, WINDOW_TIMES_BARE * bare)
    return [
        Figure("start: a bare PySide6 window", bare, "ms", note="offscreen, same run"),
        Figure("start: the program to its unlock screen", shown, "ms", target, bare,
               baseline_name="bare PySide6 window",
               note=f"target: ≤ {WINDOW_TARGET_MS:.0f} ms and ≤ {WINDOW_TIMES_BARE:g}× bare"),
    ]  # fmt: skip


def _take_turns(
    commands: Mapping[str, Sequence[str] | Callable[[], None]],
    env: Mapping[str, str],
    runs: int,
    until_shown: bool = False,
) -> dict[str, list[float]]:
    """Each command once per round, after one round not counted (a warm file cache).

    A command is a process to start, or work to time in this process.
    """
    timings: dict[str, list[float]] = {name: [] for name in commands}
    for round_number in range(runs + 1):
        for name, argv in commands.items():
            if callable(argv):
                taken = median_ms(argv, 1)
            elif until_shown:
                taken = _shown_after(argv, env)
            else:
                taken = _whole_process(argv, env)
            if round_number:
                timings[name].append(taken)
    return timings


def _whole_process(argv: Sequence[str], env: Mapping[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True)
    taken = (time.perf_counter() - started) * 1000
    if done.returncode:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stderr.decode()[-2000:]}")
    return taken


def _shown_after(argv: Sequence[str], env: Mapping[str, str]) -> float:
    """From starting the process to its "shown" line; then let it close by itself."""
    started = time.perf_counter()
    with subprocess.Popen(
        argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout is not None
        line = process.stdout.readline()
        taken = (time.perf_counter() - started) * 1000
        _out, errors = process.communicate(timeout=60)
    if line.strip() != "shown unlock" or process.returncode:
        raise RuntimeError(f"{' '.join(argv)} did not show its unlock screen:\n{errors[-2000:]}")
    return taken


def _environment(folder: Path, home: Path) -> dict[str, str]:
    """The benchmark's vault and passphrase; settings, logs and keychain of its own."""
    env = {
        **os.environ,
        "COURSENPLUS_VAULT": str(folder),
        "COURSENPLUS_PASSPHRASE": PASSPHRASE,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[variable] = str(home / variable.lower())
    return env


def import_top_five() -> str:
    """`python -X importtime` of building the command line's parser: its five costliest imports."""
    code = "from coursenplus_desk.cli import build_parser; build_parser()"
    cumulative: dict[str, list[int]] = {}
    own: dict[str, list[int]] = {}
    totals: list[int] = []
    for _ in range(IMPORTTIME_RUNS):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", code],
            capture_output=True,
            text=True,
            check=True,
        )
        total = 0
        for line in done.stderr.splitlines():
            found = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| ( *)(\S+)", line)
            if found:
                own.setdefault(found[4], []).append(int(found[1]))
                cumulative.setdefault(found[4], []).append(int(found[2]))
                total += int(found[2]) if not found[3] else 0  # what the script itself imported
        totals.append(total)
    ranked = sorted(
        ((statistics.median(times) / 1000, name) for name, times in cumulative.items()),
        reverse=True,
    )
    lines = [
        f"python -X importtime, building the command line's parser (median of "
        f"{IMPORTTIME_RUNS}): {statistics.median(totals) / 1000:.1f} ms of imports in all "
        "(Python's own start included); the five costliest:",
    ]
    for taken, name in [entry for entry in ranked if entry[1] not in ROOTS][:5]:
        lines.append(
            f"  {taken:7.1f} ms  {name} (itself {statistics.median(own[name]) / 1000:.1f} ms)"
        )
    return "\n".join(lines)
