"""`export all`: a ZIP of CSV files and one JSON document, and its way back into a new vault."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from coursenplus_desk.domain.people import PersonDraft, PersonStatus
from coursenplus_desk.services.exporting import ExportFailedError
from coursenplus_desk.services.import_archive import DamagedArchiveError
from coursenplus_desk.services.workspace import Workspace
from tests.import_support import new_workspace


def fill(workspace: Workspace) -> dict[str, int]:
    """A small association: a family, a tutor, a course with a group, enrollments, records."""
    people = workspace.people
    ids = {
        "marie": people.add(
            PersonDraft(
                "Marie", "Dupont", ("guardian",), email="marie@example.be", phone="0470123456"
            )
        ),
        "tutor": people.add(PersonDraft("Tom", "Martin", ("tutor", "member"), city="Liège")),
        "hidden": people.add(PersonDraft("Rosa", "Secret", ("student",), birth_date="2014-05-06")),
    }
    ids["zoe"] = people.add(
        PersonDraft(
            "Zoë",
            '=HYPERLINK("http://evil")',
            ("student",),
            birth_date="2015-11-22",
            school="Athénée",
            school_year="3P",
            notes="+32 allergic; -peanuts",
        ),
        [ids["marie"]],
    )
    ids["leo"] = people.add(PersonDraft("Léo", "Dupont", ("student",), birth_date="2017-03-04"))
    people.link_guardian(ids["marie"], ids["leo"], "mère", primary=True)
    people.link_guardian(ids["marie"], ids["hidden"])
    course = workspace.courses.add_course("Mathématiques", "group", "secondaire")
    group = workspace.courses.add_group(
        course,
        "Maths mercredi",
        ids["tutor"],
        "mercredi 14h",
        "Salle 2",
        "2026-09-01",
        "2027-06-30",
    )
    workspace.courses.enroll(ids["zoe"], group, "2026-09-01")
    workspace.courses.enroll(ids["leo"], group, "2026-09-08", "2026-10-01")
    workspace.courses.enroll(ids["hidden"], group, "2026-09-01")
    workspace.records.add_contact(ids["hidden"], "2026-10-01", "phone", "secret call")
    workspace.records.add_contact(ids["marie"], "2026-10-02", "email", "=1+1")
    people.store.set_status(ids["hidden"], PersonStatus.RESTRICTED, workspace.clock.now())
    return ids


def read_zip(path: Path) -> tuple[dict[str, list[dict[str, str]]], dict[str, object]]:
    with zipfile.ZipFile(path) as archive:
        tables = {
            name.removesuffix(".csv"): list(
                csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"), newline=""))
            )
            for name in archive.namelist()
            if name.endswith(".csv")
        }
        document = json.loads(archive.read("export.json"))
    return tables, document


def test_the_archive_holds_every_table_in_csv_and_json(tmp_path: Path) -> None:
    with new_workspace(tmp_path / "vault") as workspace:
        fill(workspace)
        counts = workspace.exporter.export_all(tmp_path / "all.zip")
        event = workspace.audit.store.events(limit=1)[0]
    tables, document = read_zip(tmp_path / "all.zip")
    assert set(tables) == {
        "people", "guardianships", "courses", "groups", "enrollments", "contacts", "payments",
        "memberships", "consents", "health", "processor_agreements",
    }  # fmt: skip
    assert document["format"] == "coursenplus-desk-export"
    json_tables = document["tables"]
    assert isinstance(json_tables, dict)
    for name, rows in tables.items():
        assert len(rows) == len(json_tables[name]) == counts[name]
    assert [row["given_name"] for row in tables["people"]] == ["Marie", "Tom", "Zoë", "Léo"]
    assert tables["people"][1]["roles"] == "member, tutor"
    assert (event.action, event.details["counts"]) == ("export.all", counts)
    assert "Zoë" not in json.dumps(event.details)


def test_restricted_people_and_their_records_are_left_out_unless_asked(tmp_path: Path) -> None:
    with new_workspace(tmp_path / "vault") as workspace:
        ids = fill(workspace)
        workspace.exporter.export_all(tmp_path / "active.zip")
        workspace.exporter.export_all(tmp_path / "all.zip", include_restricted=True)
    active, document = read_zip(tmp_path / "active.zip")
    hidden = str(ids["hidden"])
    assert "Rosa" not in json.dumps(document, ensure_ascii=False)
    assert hidden not in {row["id"] for row in active["people"]}
    assert hidden not in {row["student_id"] for row in active["guardianships"]}
    assert hidden not in {row["student_id"] for row in active["enrollments"]}
    assert hidden not in {row["person_id"] for row in active["contacts"]}
    everything, _document = read_zip(tmp_path / "all.zip")
    rosa = next(row for row in everything["people"] if row["id"] == hidden)
    assert rosa["status"] == "restricted"
    assert len(everything["enrollments"]) == 3


def test_cells_are_safe_against_formula_injection(tmp_path: Path) -> None:
    with new_workspace(tmp_path / "vault") as workspace:
        fill(workspace)
        workspace.exporter.export_all(tmp_path / "all.zip")
    with zipfile.ZipFile(tmp_path / "all.zip") as archive:
        for name in archive.namelist():
            if not name.endswith(".csv"):
                continue
            text = archive.read(name).decode("utf-8-sig")
            for row in csv.reader(io.StringIO(text, newline="")):
                for cell in row:
                    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)
    tables, document = read_zip(tmp_path / "all.zip")
    zoe = next(row for row in tables["people"] if row["given_name"] == "Zoë")
    assert zoe["family_name"] == '\'=HYPERLINK("http://evil")'
    people = document["tables"]
    assert isinstance(people, dict)
    assert people["people"][2]["family_name"] == '=HYPERLINK("http://evil")'  # JSON keeps values


def _world(workspace: Workspace) -> dict[str, object]:
    """People, links and enrollments by value (ids differ between vaults)."""
    db = workspace.db
    people = db.query(
        "SELECT p.given_name, p.family_name, p.email, p.phone, p.birth_date, p.city, p.notes,"
        " p.status, s.school, s.school_year, (SELECT group_concat(role) FROM (SELECT role FROM"
        " person_role r WHERE r.person_id = p.id ORDER BY role)) FROM person p"
        " LEFT JOIN student_profile s ON s.person_id = p.id"
    )
    links = db.query(
        "SELECT g.given_name, s.given_name, l.relationship, l.primary_contact FROM guardianship l"
        " JOIN person g ON g.id = l.guardian_id JOIN person s ON s.id = l.student_id"
    )
    enrollments = db.query(
        "SELECT p.given_name, c.subject, c.level, c.kind, g.name, t.given_name, g.schedule,"
        " g.place, g.starts_on, g.ends_on, e.starts_on, e.ends_on, e.status FROM enrollment e"
        " JOIN person p ON p.id = e.student_id JOIN course_group g ON g.id = e.group_id"
        " JOIN course c ON c.id = g.course_id LEFT JOIN person t ON t.id = g.tutor_id"
    )
    return {
        name: sorted((tuple(row) for row in rows), key=repr)
        for name, rows in (("people", people), ("links", links), ("enrollments", enrollments))
    }


def test_export_then_import_into_a_new_vault_reproduces_the_records(tmp_path: Path) -> None:
    archive = tmp_path / "all.zip"
    with new_workspace(tmp_path / "old") as old:
        fill(old)
        old.exporter.export_all(archive, include_restricted=True)
        expected = _world(old)
    with new_workspace(tmp_path / "new") as new:
        source = new.importer.open(archive)
        plan = new.importer.plan(source)
        assert not plan.rejected
        report = new.importer.commit(source, plan)
        assert (report.created, report.enrollments) == (5, 3)
        assert _world(new) == expected
        # Importing the archive a second time adds nothing.
        source = new.importer.open(archive)
        new.importer.commit(source, new.importer.plan(source))
        assert _world(new) == expected
        assert new.db.scalar("SELECT count(*) FROM course") == 1


def test_an_archive_that_cannot_be_written_changes_nothing(tmp_path: Path) -> None:
    with new_workspace(tmp_path / "vault") as workspace:
        fill(workspace)
        events = workspace.audit.store.events(limit=1)[0].id
        with pytest.raises(ExportFailedError):
            workspace.exporter.export_all(tmp_path / "missing" / "all.zip")
        assert workspace.audit.store.events(limit=1)[0].id == events
    assert not (tmp_path / "missing").exists()


def test_an_edited_archive_without_a_needed_column_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "all.zip"
    with new_workspace(tmp_path / "old") as old:
        fill(old)
        old.exporter.export_all(archive)
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(damaged, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "enrollments.csv":
                data = data.replace(b"student_id", b"pupil")
            target.writestr(name, data)
    with new_workspace(tmp_path / "new") as new, pytest.raises(DamagedArchiveError):
        new.importer.open(damaged)
