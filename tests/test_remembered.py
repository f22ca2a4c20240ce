"""Checked addresses, numbers and folded names are remembered only while the vault is open."""

from __future__ import annotations

from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.domain.remembered import remembered, remembered_count
from coursenplus_desk.services.workspace import Workspace


def test_locking_the_vault_forgets_what_was_remembered(workspace: Workspace) -> None:
    draft = PersonDraft(
        given_name="Zoë",
        family_name="Vandersteen",
        roles=("guardian",),
        email="zoe.vandersteen@example.be",
        phone="0470 12 34 56",
    )
    workspace.people.add(draft)
    workspace.people.find("vanders")
    assert remembered_count() >= 3  # the address, the number and the folded names
    workspace.close()
    assert remembered_count() == 0


def test_a_remembered_function_works_each_value_out_once() -> None:
    calls: list[str] = []

    @remembered
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert [shout("a"), shout("b"), shout("a")] == ["A", "B", "A"]
    assert calls == ["a", "b"]
