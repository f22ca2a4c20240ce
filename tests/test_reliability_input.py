"""Bad input: whatever is typed, a clear one-line error or a success, never half a write."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.backup_support import add_person, cli_env, new_workspace, reopen, run_cli

text = st.text(st.characters(codec="utf-8"), max_size=40)
maybe_text = st.one_of(st.none(), text, st.sampled_from(["", " ", "é" * 300, "2026-02-30"]))
FIELDS = ("given-name", "family-name", "email", "phone", "birth-date", "postal-code", "notes")


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("input") / "vault"
    with new_workspace(folder) as workspace:
        add_person(workspace, "Existing", "Person")
    return folder


def _counts(folder: Path) -> tuple[int, int, int]:
    with reopen(folder) as workspace:
        db = workspace.db
        return (
            int(db.scalar("SELECT count(*) FROM person")),
            int(db.scalar("SELECT count(*) FROM contact_event")),
            int(db.scalar("SELECT count(*) FROM audit_event WHERE action NOT LIKE 'vault.%'")),
        )


@contextlib.contextmanager
def _usage_errors_silenced() -> Iterator[io.StringIO]:
    """argparse prints usage errors on the real stderr and exits 2."""
    captured = io.StringIO()
    with contextlib.redirect_stderr(captured):
        yield captured


def _run(argv: list[str], folder: Path) -> tuple[int, str]:
    with _usage_errors_silenced() as usage:
        try:
            code, _out, err = run_cli(argv, cli_env(folder))
        except SystemExit as stop:
            return int(stop.code or 0), usage.getvalue()
    return code, err


def _assert_clear(code: int, err: str) -> None:
    assert code in (0, 1, 2), err
    if code:
        assert err.startswith(("coursenplus-desk", "usage")), err
        assert "Traceback" not in err
    if code == 1:
        assert err.count("\n") == 1, err


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.fixed_dictionaries(dict.fromkeys(FIELDS, maybe_text)))
def test_person_add_is_all_or_nothing(vault: Path, values: dict[str, str | None]) -> None:
    before = _counts(vault)
    argv = ["person", "add", "--role", "student"]
    for name, value in values.items():
        if value is not None:
            argv += [f"--{name}={value}"]
    code, err = _run(argv, vault)
    _assert_clear(code, err)
    people, contacts, events = _counts(vault)
    if code == 0:
        assert (people, contacts, events) == (before[0] + 1, before[1], before[2] + 1)
    else:
        assert (people, contacts, events) == before


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    person=st.integers(-3, 5),
    day=st.one_of(text, st.dates().map(str)),
    channel=st.sampled_from(["email", "phone", "fax", ""]),
    summary=text,
)
def test_contact_add_is_all_or_nothing(
    vault: Path, person: int, day: str, channel: str, summary: str
) -> None:
    before = _counts(vault)
    code, err = _run(
        [
            "contact",
            "add",
            str(person),
            f"--on={day}",
            f"--channel={channel}",
            f"--summary={summary}",
        ],
        vault,
    )
    _assert_clear(code, err)
    after = _counts(vault)
    if code:
        assert after == before
    else:
        assert after[1] == before[1] + 1


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blob=st.binary(max_size=2000), name=text.filter(lambda t: "/" not in t and "\0" not in t))
def test_backup_commands_refuse_garbage(vault: Path, tmp_path_factory: pytest.TempPathFactory,
                                        blob: bytes, name: str) -> None:  # fmt: skip
    scratch = tmp_path_factory.mktemp("garbage")
    garbage = scratch / "file.cpbackup"
    garbage.write_bytes(blob)
    code, err = _run(["backup", "verify", str(garbage)], vault)
    assert code == 4, err
    target = scratch / ("r" + name)
    code, err = _run(["backup", "restore", str(garbage), "--to", str(target)], vault)
    assert code == 4, err
    assert sorted(p.name for p in scratch.iterdir()) == ["file.cpbackup"]
