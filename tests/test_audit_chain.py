"""The audit trail's hash chain: intact, edited, deleted, truncated, pruned."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursenplus_desk.domain.audit import GENESIS_HASH
from coursenplus_desk.domain.audit_chain import (
    BreakKind,
    ChainBreak,
    ChainLink,
    ChainState,
    first_break,
)
from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.services.audit_trail import AuditTamperedError
from tests.backup_support import add_person, cli_env, new_workspace, reopen, run_cli


def _vault_with_events(folder: Path) -> list[int]:
    with new_workspace(folder) as workspace:
        ids = [add_person(workspace, f"Given{n}", f"Family{n}") for n in range(3)]
        workspace.audit.record("person.view", ids[0])
        return list(workspace.db.column("SELECT id FROM audit_event ORDER BY id"))


def _tamper(folder: Path, sql: str, params: tuple[object, ...] = ()) -> None:
    with reopen(folder) as workspace:
        workspace.db.execute(sql, params)


def test_intact_chain_verifies(tmp_path: Path) -> None:
    _vault_with_events(tmp_path / "v")
    code, out, err = run_cli(["audit", "verify"], cli_env(tmp_path / "v"))
    assert (code, err) == (0, "")
    assert "intact" in out


@pytest.mark.parametrize("position", [0, 2, 4])
def test_deleting_one_event_is_named(tmp_path: Path, position: int) -> None:
    events = _vault_with_events(tmp_path / "v")
    victim = events[position]
    _tamper(tmp_path / "v", "DELETE FROM audit_event WHERE id = ?", (victim,))
    code, _out, err = run_cli(["audit", "verify"], cli_env(tmp_path / "v"))
    assert code == 4
    assert f"event {victim} is missing" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("action", "person.erase"),
        ("details", '{"roles": ["tutor"]}'),
        ("person_id", 99),
        ("at", "2020-01-01T00:00:00+00:00"),
        ("actor", "someone-else"),
        ("hash", "f" * 64),
    ],
)
def test_editing_one_event_is_named(tmp_path: Path, column: str, value: object) -> None:
    events = _vault_with_events(tmp_path / "v")
    victim = events[3]
    _tamper(tmp_path / "v", f"UPDATE audit_event SET {column} = ? WHERE id = ?", (value, victim))
    code, _out, err = run_cli(["audit", "verify"], cli_env(tmp_path / "v"))
    assert code == 4
    assert f"event {victim} " in err


def test_removing_the_last_events_is_detected(tmp_path: Path) -> None:
    events = _vault_with_events(tmp_path / "v")
    _tamper(tmp_path / "v", "DELETE FROM audit_event WHERE id >= ?", (events[-2],))
    # the next unlock appends a new event, reusing the first removed id
    code, _out, err = run_cli(["audit", "verify"], cli_env(tmp_path / "v"))
    assert code == 4
    assert f"event {events[-2]} is missing" in err


def test_removing_the_last_event_within_a_session_is_detected(tmp_path: Path) -> None:
    with new_workspace(tmp_path / "v") as workspace:
        add_person(workspace, "A", "B")
        last = workspace.db.scalar("SELECT max(id) FROM audit_event")
        workspace.db.execute("DELETE FROM audit_event WHERE id = ?", (last,))
        with pytest.raises(AuditTamperedError) as caught:
            workspace.audit_trail.verify()
        assert caught.value.event_id == last
        assert caught.value.kind is BreakKind.MISSING


def test_rehashed_edit_is_seen_at_the_next_event(tmp_path: Path) -> None:
    with new_workspace(tmp_path / "v") as workspace:
        add_person(workspace, "A", "B")
        add_person(workspace, "C", "D")
        workspace.db.execute("UPDATE audit_event SET hash = ? WHERE id = 2", ("a" * 64,))
        found = workspace.audit_trail.first_break()
    assert found == ChainBreak(2, BreakKind.ALTERED)


def test_list_by_person_and_as_json(tmp_path: Path) -> None:
    with new_workspace(tmp_path / "v") as workspace:
        first = add_person(workspace, "Zéphyrine", "Quackenbush", email="zq@example.org")
        add_person(workspace, "Other", "Person")
    env = cli_env(tmp_path / "v")
    assert run_cli(["person", "show", str(first)], env)[0] == 0
    code, out, _ = run_cli(["audit", "list", "--person", str(first), "--json"], env)
    assert code == 0
    events = json.loads(out)
    assert [e["action"] for e in events] == ["person.view", "person.create"]
    assert all(e["person_id"] == first for e in events)
    assert "Quackenbush" not in out and "zq@example.org" not in out
    code, out, _ = run_cli(["audit", "list", "--limit", "2"], env)
    assert code == 0
    assert len(out.splitlines()) == 2
    assert out.splitlines()[0].split("\t")[3] == "vault.unlock"


def test_pruning_keeps_the_rest_verifiable(tmp_path: Path) -> None:
    old = FixedClock.on(date(2020, 1, 10))
    with new_workspace(tmp_path / "v", old) as workspace:
        person = add_person(workspace, "Long", "Ago")
        workspace.audit.record("person.view", person)
    later = FixedClock.on(date(2026, 3, 1))
    with reopen(tmp_path / "v", later) as workspace:
        workspace.audit.record("person.view", person)  # viewed 2026-03: kept until 2027-03
        workspace.audit.record("person.update", person, fields=["city"])
    today = FixedClock(later.moment + timedelta(days=400))  # 2027-04: that view has expired
    with reopen(tmp_path / "v", today) as workspace:
        before = workspace.db.scalar("SELECT count(*) FROM audit_event")
        result = workspace.audit_trail.prune()
        assert result.removed >= 3  # everything of 2020 (older than 60 months)
        assert result.redacted == 1  # the 2026 view, in the middle of kept events
        remaining = workspace.db.scalar("SELECT count(*) FROM audit_event")
        assert remaining == before - result.removed + 1  # + the audit.prune event
        assert workspace.audit_trail.verify() == remaining
        views = workspace.db.query("SELECT * FROM audit_event WHERE action = 'person.view'")
        assert [(v["person_id"], v["redacted"]) for v in views] == [(None, 1)]
        assert workspace.audit_trail.prune().removed == 0
    code, _out, err = run_cli(["audit", "verify"], cli_env(tmp_path / "v"))
    assert code == 0, err


def _chain(length: int) -> list[ChainLink]:
    links, previous = [], GENESIS_HASH
    for number in range(1, length + 1):
        digest = f"{number:064x}"
        links.append(ChainLink(number, previous, digest, digest))
        previous = digest
    return links


def _state(links: list[ChainLink]) -> ChainState:
    head = links[-1]
    return ChainState(head_id=head.id, head_hash=head.hash, count=len(links))


@given(st.integers(2, 30), st.data())
def test_any_single_deletion_is_found_at_its_id(length: int, data: st.DataObject) -> None:
    links = _chain(length)
    state = _state(links)
    assert first_break(links, state) is None
    victim = data.draw(st.integers(0, length - 1))
    broken = links[:victim] + links[victim + 1 :]
    assert first_break(broken, state) == ChainBreak(victim + 1, BreakKind.MISSING)


@given(st.integers(2, 30), st.data())
def test_any_single_edit_is_found_at_its_id(length: int, data: st.DataObject) -> None:
    links = _chain(length)
    victim = data.draw(st.integers(0, length - 1))
    edited = list(links)
    edited[victim] = ChainLink(victim + 1, links[victim].prev_hash, links[victim].hash, "0" * 64)
    assert first_break(edited, _state(links)) == ChainBreak(victim + 1, BreakKind.ALTERED)


def test_pruned_prefix_verifies_from_its_anchor() -> None:
    links = _chain(10)
    state = ChainState(4, links[3].hash, 10, links[9].hash, 6)
    assert first_break(links[4:], state) is None
    assert first_break(links[5:], state) == ChainBreak(5, BreakKind.MISSING)
