"""A full disk is the person's problem to solve, not a bug: one line, no exit 70, nothing
half-written; reads still read (saying that their audit event could not be recorded), and
the vault opens intact once space returns.

The disk is a real 3 MiB tmpfs, mounted for the test (root only; skipped elsewhere).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.backup_support import cli_env, run_cli

ADD = ["person", "add", "--role", "student", "--given-name", "Anna", "--family-name", "Plein"]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("this machine does not let the test mount a tmpfs")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def _fill(disk: Path) -> Path:
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as stream:  # unbuffered: closing has nothing to flush
        try:
            while True:
                stream.write(b"\0" * 65536)
        except OSError:
            pass
    return filler


def test_a_full_disk_is_a_one_line_error_and_reads_still_read(small_disk: Path) -> None:
    env = cli_env(small_disk / "vault")
    assert run_cli(["init"], env)[0] == 0
    assert run_cli(["demo", "--people", "150"], env)[0] == 0
    code, expected, _ = run_cli(["person", "find", "ma"], env)
    assert code == 0 and expected
    filler = _fill(small_disk)
    assert shutil.disk_usage(small_disk).free < 8192

    code, out, err = run_cli(["person", "find", "ma"], env)
    assert (code, out) == (0, expected)
    assert "could not be recorded" in err and err.count("\n") == 1
    code, out, err = run_cli(ADD, env)
    assert code == 1 and out == ""
    assert "disk is full" in err and err.count("\n") == 1
    code, out, err = run_cli(["backup", "create"], env)
    assert code == 1 and "disk is full" in err and err.count("\n") == 1
    code, _out, err = run_cli(["init"], cli_env(small_disk / "another"))
    assert code == 1 and err.count("\n") == 1

    filler.unlink()
    assert run_cli(["vault", "check"], env)[0] == 0
    assert run_cli(["audit", "verify"], env)[0] == 0
    assert run_cli(["person", "find", "anna"], env)[1] == ""  # the refused add left nothing
    assert run_cli(ADD, env)[0] == 0
