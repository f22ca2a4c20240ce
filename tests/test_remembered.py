"""Checked people, addresses, numbers and folded names are remembered only while the vault
is open."""

from __future__ import annotations

from pathlib import Path

from coursenplus_desk.domain.people import PersonDraft, PersonFields
from coursenplus_desk.domain.remembered import forget_all, remembered, remembered_count
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


def test_planning_a_file_again_checks_no_one_again(workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Nom;Prénom;E-mail\nDupont;Zoë;zoe@example.be\nPeeters;Jan;\n", "utf-8")

    def planned() -> list[PersonFields]:
        importer = workspace.importer
        return [target.fields for target in importer.plan(importer.open(path)).targets]

    first = planned()
    again = planned()
    assert again == first
    assert all(a is f for a, f in zip(again, first, strict=True))  # the very values checked
    forget_all()  # as when the vault locks
    assert all(a is not f for a, f in zip(planned(), first, strict=True))
