"""Importing into a real encrypted vault: plans, duplicates, families, atomic commits."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from coursenplus_desk.domain.errors import RefusedError
from coursenplus_desk.domain.import_types import Action
from coursenplus_desk.domain.people import PersonDraft, PersonStatus, Role
from coursenplus_desk.i18n import translator
from coursenplus_desk.services.importing import ImportCancelledError, ImportRefusedError
from coursenplus_desk.services.workspace import Workspace
from tests.import_support import audit_count, new_workspace, snapshot

ONE_ROW_FAMILIES = "\n".join(
    [
        "Nom;Prénom;Date de naissance;E-mail;GSM;École;Année;Nom parent 1;Prénom parent 1;"
        "E-mail parent 1;GSM parent 1;Nom parent 2;Prénom parent 2;GSM parent 2",
        "Dupont;Zoë;22/11/2015;;;Athénée;3P;Dupont;Marie;marie.dupont@example.be;0470 12 34 56;"
        "Dupont;Paul;0471/22.33.44",
        "Dupont;Léo;2017-03-04;;;Athénée;1P;DUPONT;Marie;Marie.Dupont@example.be;"
        "+32 470 12 34 56;;;",
        "Peeters;Anna;46000;;;;;Peeters;Jan;;0032 472 11 22 33;;;",
        "",
    ]
)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with new_workspace(tmp_path / "vault") as opened:
        yield opened


def write(tmp_path: Path, text: str, name: str = "people.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def import_file(workspace: Workspace, path: Path, skip_invalid: bool = False) -> None:
    source = workspace.importer.open(path)
    workspace.importer.commit(source, workspace.importer.plan(source), skip_invalid=skip_invalid)


def people(workspace: Workspace) -> list[tuple[str, str, list[str]]]:
    rows = workspace.db.query(
        "SELECT p.given_name, p.family_name, group_concat(r.role) AS roles FROM person p"
        " JOIN person_role r ON r.person_id = p.id GROUP BY p.id ORDER BY p.id"
    )
    return [(row[0], row[1], sorted(row[2].split(","))) for row in rows]


def links(workspace: Workspace) -> set[tuple[str, str]]:
    rows = workspace.db.query(
        "SELECT g.given_name, s.given_name FROM guardianship l"
        " JOIN person g ON g.id = l.guardian_id JOIN person s ON s.id = l.student_id"
    )
    return {(row[0], row[1]) for row in rows}


def test_children_and_parents_on_one_row(workspace: Workspace, tmp_path: Path) -> None:
    import_file(workspace, write(tmp_path, ONE_ROW_FAMILIES, encoding="cp1252"))
    assert people(workspace) == [
        ("Zoë", "Dupont", ["student"]),
        ("Marie", "Dupont", ["guardian"]),
        ("Paul", "Dupont", ["guardian"]),
        ("Léo", "Dupont", ["student"]),
        ("Anna", "Peeters", ["student"]),
        ("Jan", "Peeters", ["guardian"]),
    ]
    assert links(workspace) == {
        ("Marie", "Zoë"),
        ("Paul", "Zoë"),
        ("Marie", "Léo"),
        ("Jan", "Anna"),
    }
    zoe = workspace.people.get(1)
    assert zoe.school == "Athénée"
    assert str(zoe.person.birth_date) == "2015-11-22"
    assert workspace.people.get(2).person.phone == "+32470123456"
    assert str(workspace.people.get(5).person.birth_date) == "2025-12-09"  # Excel serial 46000
    primary = workspace.db.column("SELECT primary_contact FROM guardianship ORDER BY guardian_id")
    assert sorted(primary) == [0, 1, 1, 1]


def test_importing_the_same_file_twice_creates_no_duplicates(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write(tmp_path, ONE_ROW_FAMILIES)
    import_file(workspace, path)
    before = snapshot(workspace)
    source = workspace.importer.open(path)
    plan = workspace.importer.plan(source)
    assert {target.action for target in plan.targets} == {Action.UNCHANGED}
    assert plan.links == []  # the family links are already there
    workspace.importer.commit(source, plan)
    after = snapshot(workspace)
    assert after["person"] == before["person"]
    assert after["guardianship"] == before["guardianship"]


def test_likely_duplicates_are_proposed_as_updates(workspace: Workspace, tmp_path: Path) -> None:
    zoe = workspace.people.add(
        PersonDraft("ZOE", "dupont", ("student",), birth_date="2015-11-22", city="Liège")
    )
    marie = workspace.people.add(
        PersonDraft("Marie", "Martin", ("guardian",), email="marie.dupont@example.be")
    )
    source = workspace.importer.open(write(tmp_path, ONE_ROW_FAMILIES))
    plan = workspace.importer.plan(source)
    first = plan.rows[0]
    zoe_target = plan.targets[first.people[0].target]
    marie_target = plan.targets[first.people[1].target]
    assert (zoe_target.existing_id, zoe_target.action) == (zoe, Action.UPDATE)
    assert first.people[0].match == "name_birth"
    # Same email and given name: the same Marie, though her family name changed.
    assert (marie_target.existing_id, marie_target.action) == (marie, Action.UPDATE)
    workspace.importer.commit(source, plan)
    updated = workspace.people.get(zoe)
    assert (updated.person.given_name, updated.person.city, updated.school) == (
        "Zoë",
        "Liège",
        "Athénée",
    )
    assert workspace.db.scalar("SELECT count(*) FROM person") == 6


def test_a_shared_email_with_another_name_is_a_separate_person(
    workspace: Workspace, tmp_path: Path
) -> None:
    workspace.people.add(PersonDraft("Marie", "Dupont", ("guardian",), email="famille@example.be"))
    path = write(tmp_path, "Nom;Prénom;E-mail\nDupont;Zoë;famille@example.be\n")
    plan = workspace.importer.plan(workspace.importer.open(path))
    assert plan.targets[0].action is Action.CREATE
    assert [w.column for w in plan.rows[0].warnings] == ["E-mail"]


def test_families_linked_by_a_family_column(workspace: Workspace, tmp_path: Path) -> None:
    text = (
        "Famille,Nom,Prénom,Rôle,E-mail\n"
        "F1,Dupont,Marie,parent,marie@example.be\n"
        "F1,Dupont,Zoë,élève,\n"
        "F1,Dupont,Léo,élève,\n"
        "F2,Peeters,Jan,ouder,jan@example.be\n"
        "F2,Peeters,Anna,leerling,\n"
        ",Martin,Tom,tuteur,tom@example.be\n"
    )
    import_file(workspace, write(tmp_path, text))
    assert links(workspace) == {("Marie", "Zoë"), ("Marie", "Léo"), ("Jan", "Anna")}
    assert people(workspace)[-1] == ("Tom", "Martin", ["tutor"])


def test_every_bad_cell_is_reported_with_row_and_column(
    workspace: Workspace, tmp_path: Path
) -> None:
    text = (
        "Nom;Prénom;Date de naissance;E-mail;GSM;Rôle;Nom parent 1;E-mail parent 1\n"
        "Dupont;Zoë;31/02/2015;zoe@;12;élève;Dupont;\n"
        ";Tom;;;;astronaute;;marie@\n"
        "Martin;Lou;22/11/2015;;;;;\n"
    )
    plan = workspace.importer.plan(workspace.importer.open(write(tmp_path, text)))
    problems = {(p.row, p.column, p.field) for row in plan.rows for p in row.errors}
    assert problems == {
        (2, "Date de naissance", "birth_date"),
        (2, "E-mail", "email"),
        (2, "GSM", "phone"),
        (2, "", "guardian1.given_name"),  # no column holds it: named by its field
        (3, "Nom", "family_name"),
        (3, "Rôle", "roles"),
        (3, "Nom parent 1", "guardian1.family_name"),
        (3, "", "guardian1.given_name"),
        (3, "E-mail parent 1", "guardian1.email"),
    }
    assert [row.row for row in plan.accepted] == [4]


def test_rows_with_errors_refuse_the_whole_import_unless_skipped(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write(tmp_path, "Nom;Prénom;E-mail\nDupont;Zoë;zoe@\nMartin;Lou;lou@example.be\n")
    before, events = snapshot(workspace), audit_count(workspace)
    source = workspace.importer.open(path)
    with pytest.raises(ImportRefusedError):
        workspace.importer.commit(source, workspace.importer.plan(source))
    assert snapshot(workspace) == before
    assert audit_count(workspace) == events
    report = workspace.importer.commit(source, workspace.importer.plan(source), skip_invalid=True)
    assert (report.imported_rows, report.rejected_rows, report.created) == (1, 1, 1)
    assert people(workspace) == [("Lou", "Martin", ["student"])]


def test_cancel_and_failure_leave_the_vault_as_it_was(workspace: Workspace, tmp_path: Path) -> None:
    source = workspace.importer.open(write(tmp_path, ONE_ROW_FAMILIES))
    plan = workspace.importer.plan(source)
    before, events = snapshot(workspace), audit_count(workspace)
    seen: list[tuple[int, int]] = []

    def cancel_halfway(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < total // 2

    with pytest.raises(ImportCancelledError):
        workspace.importer.commit(source, plan, progress=cancel_halfway)
    assert seen[-1][0] == seen[-1][1] // 2 and seen[-1][1] == 6 + 4
    assert snapshot(workspace) == before
    assert audit_count(workspace) == events

    def crash(done: int, total: int) -> bool:
        if done == total:
            raise RuntimeError("power cut")
        return True

    with pytest.raises(RuntimeError):
        workspace.importer.commit(source, plan, progress=crash)
    assert snapshot(workspace) == before
    report = workspace.importer.commit(source, plan, progress=lambda done, total: None)
    assert report.created == 6
    with pytest.raises(RefusedError):  # the same plan cannot create the same people twice
        workspace.importer.commit(source, plan)


def test_restricted_people_are_matched_but_never_changed(
    workspace: Workspace, tmp_path: Path
) -> None:
    person = workspace.people.add(
        PersonDraft("Zoë", "Dupont", ("student",), birth_date="2015-11-22")
    )
    workspace.people.store.set_status(person, PersonStatus.RESTRICTED, workspace.clock.now())
    path = write(tmp_path, "Nom;Prénom;Date de naissance;Ville\nDupont;Zoé;22/11/2015;Namur\n")
    source = workspace.importer.open(path)
    plan = workspace.importer.plan(source)
    assert plan.targets[0].action is Action.UNCHANGED
    assert "restricted" in plan.rows[0].warnings[0].message(translator("en"))
    workspace.importer.commit(source, plan)
    assert workspace.people.get(person).person.city is None
    assert workspace.db.scalar("SELECT count(*) FROM person") == 1


def test_the_mapping_is_remembered_for_the_same_headers(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write(tmp_path, "Naam;Voornaam;Info\nPeeters;Jan;tuteur\n")
    source = workspace.importer.open(path, {"columns": {"Info": "roles"}})
    workspace.importer.commit(source, workspace.importer.plan(source))
    again = workspace.importer.open(write(tmp_path, "Naam;Voornaam;Info\nClaes;An;lid\n", "b.csv"))
    assert again.mapping.fields == ("family_name", "given_name", "roles")
    workspace.importer.commit(again, workspace.importer.plan(again))
    assert people(workspace) == [("Jan", "Peeters", ["tutor"]), ("An", "Claes", ["member"])]


def test_the_same_person_twice_in_a_file_is_planned_once(
    workspace: Workspace, tmp_path: Path
) -> None:
    text = "Nom;Prénom;GSM;Ville\nDupont;Marie;0470123456;\nDUPONT;marie;+32470123456;Namur\n"
    source = workspace.importer.open(write(tmp_path, text))
    plan = workspace.importer.plan(source)
    assert len(plan.targets) == 1 and plan.targets[0].fields.city == "Namur"
    assert plan.rows[1].people[0].match == "name_phone"
    workspace.importer.commit(source, plan)
    assert people(workspace) == [("Marie", "Dupont", ["student"])]
    assert Role.STUDENT in workspace.people.get(1).roles


def test_an_excel_workbook_with_typed_cells(workspace: Workspace, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Inscriptions 2026"])
    sheet.append(["Nom", "Prénom", "Né le", "GSM", "Nom parent", "Prénom parent", "Lien parent"])
    sheet.append(["Dupont", "Zoë", datetime(2015, 11, 22), 470123456, "Dupont", "Marie", "mère"])
    sheet.append(["Dupont", "Léo", 42800, None, "Dupont", "Marie", "mère"])
    path = tmp_path / "inscriptions.xlsx"
    book.save(path)
    import_file(workspace, path)
    zoe, marie, leo = (workspace.people.get(n) for n in (1, 2, 3))
    assert (str(zoe.person.birth_date), zoe.person.phone) == ("2015-11-22", "+32470123456")
    assert str(leo.person.birth_date) == "2017-03-06"
    assert [(link.full_name, link.relationship) for link in zoe.guardians] == [
        ("Marie Dupont", "mère")
    ]
    assert {child.full_name for child in marie.children} == {"Zoë Dupont", "Léo Dupont"}


def test_no_link_is_made_to_a_restricted_person(workspace: Workspace, tmp_path: Path) -> None:
    marie = workspace.people.add(
        PersonDraft("Marie", "Dupont", ("guardian",), email="marie@example.be")
    )
    workspace.people.store.set_status(marie, PersonStatus.RESTRICTED, workspace.clock.now())
    path = write(
        tmp_path,
        "Nom;Prénom;Nom parent;Prénom parent;E-mail parent\n"
        "Dupont;Zoë;Dupont;Marie;marie@example.be\n",
    )
    source = workspace.importer.open(path)
    plan = workspace.importer.plan(source)
    assert plan.links == []
    workspace.importer.commit(source, plan)
    assert workspace.db.scalar("SELECT count(*) FROM guardianship") == 0


def test_a_number_given_twice_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    path = write(tmp_path, "id;Nom;Prénom\n7;Dupont;Zoë\n8;Martin;Tom\n7;Peeters;Anna\n")
    plan = workspace.importer.plan(workspace.importer.open(path))
    assert [(p.row, p.column, p.params) for row in plan.rows for p in row.errors] == [
        (4, "id", {"row": 2})
    ]


def test_a_child_and_a_parent_with_the_same_name_stay_two_people(
    workspace: Workspace, tmp_path: Path
) -> None:
    text = "Nom;Prénom;Nom parent;Prénom parent\nPeeters;Jan;Peeters;Jan\nPeeters;Jan;;\n"
    path = write(tmp_path, text)
    import_file(workspace, path)
    assert people(workspace) == [("Jan", "Peeters", ["student"]), ("Jan", "Peeters", ["guardian"])]
    assert workspace.db.scalar("SELECT count(*) FROM guardianship") == 1
    before = snapshot(workspace)
    import_file(workspace, path)
    assert snapshot(workspace) == before


def test_details_spread_over_rows_make_one_person(workspace: Workspace, tmp_path: Path) -> None:
    text = (
        "Nom;Prénom;Date de naissance;E-mail;GSM\n"
        "Dupont;Zoë;;zoe@example.be;\n"
        "DUPONT;zoe;22/11/2015;;\n"
        "Dupont;Zoë;;;0470123456\n"
        "Dupont;Zoë;01/01/2016;;\n"  # another birth date: another Zoë
    )
    path = write(tmp_path, text)
    import_file(workspace, path)
    rows = workspace.db.query("SELECT email, birth_date, phone FROM person ORDER BY id")
    assert [tuple(row) for row in rows] == [
        ("zoe@example.be", "2015-11-22", "+32470123456"),
        (None, "2016-01-01", None),
    ]


def test_a_loop_of_guardians_is_left_out_with_a_warning(
    workspace: Workspace, tmp_path: Path
) -> None:
    text = "Nom;Prénom;Nom parent;Prénom parent\nDupont;Zoë;Dupont;Léo\nDupont;Léo;Dupont;Zoë\n"
    source = workspace.importer.open(write(tmp_path, text))
    plan = workspace.importer.plan(source)
    assert len(plan.links) == 1
    assert "guardian" in [w.field for w in plan.rows[1].warnings]
    workspace.importer.commit(source, plan)
    assert links(workspace) == {("Léo", "Zoë")}


def test_rows_with_only_ignored_cells_are_skipped(workspace: Workspace, tmp_path: Path) -> None:
    text = "Nom;Prénom;Couleur\nDupont;Zoë;bleu\n;;Total : 1 élève\n"
    plan = workspace.importer.plan(workspace.importer.open(write(tmp_path, text)))
    assert [row.row for row in plan.rows] == [2]
    assert not plan.rejected


def test_planning_reports_its_progress_and_can_be_stopped(
    workspace: Workspace, tmp_path: Path
) -> None:
    source = workspace.importer.open(write(tmp_path, ONE_ROW_FAMILIES))
    seen: list[tuple[int, int]] = []
    workspace.importer.plan(source, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    with pytest.raises(ImportCancelledError):
        workspace.importer.plan(source, progress=lambda done, total: done < 2)


def test_every_linked_parent_is_a_guardian_even_if_changed_since_the_plan(
    workspace: Workspace, tmp_path: Path
) -> None:
    marie = workspace.people.add(
        PersonDraft("Marie", "Dupont", ("guardian", "tutor"), email="marie@example.be")
    )
    path = write(
        tmp_path,
        "Nom;Prénom;Nom parent 1;Prénom parent 1;E-mail parent 1\n"
        "Dupont;Zoë;Dupont;Marie;marie@example.be\nDupont;Léo;Dupont;Paul;\n",
    )
    source = workspace.importer.open(path)
    plan = workspace.importer.plan(source)
    assert plan.targets[1].existing_id == marie
    assert plan.targets[1].action is Action.UNCHANGED  # nothing new about her
    # Meanwhile (the preview stays open), she stops being a guardian.
    workspace.db.execute(
        "DELETE FROM person_role WHERE person_id = ? AND role = 'guardian'", (marie,)
    )
    workspace.importer.commit(source, plan)
    assert ("Marie", "Zoë") in links(workspace)
    assert ("Marie", "Dupont", ["guardian", "tutor"]) in people(workspace)
    guardians = workspace.db.column("SELECT person_id FROM person_role WHERE role = 'guardian'")
    assert sorted(guardians) == [marie, marie + 3]  # Marie and Paul (new), once each
