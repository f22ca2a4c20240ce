"""One definition of the last contact, kept by the database, checked against a full recount.

The seeds promise deletion "5 years after the last contact": the dated
interactions set the clock (contacts, enrollments, memberships, payments,
groups taught), a planned end is not a contact until it has passed, typing a
record in counts only when there is nothing else, and exercising a right never
moves the clock.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.services.workspace import Workspace, open_workspace
from coursenplus_desk.store.last_contact import RUNNING, recompute_sql
from tests.backup_support import new_workspace
from tests.conftest import PASSPHRASE, TODAY, CliRunner

STUDENT = ("person", "add", "--role", "student", "--given-name", "Zoë", "--family-name")


def _report(cli: CliRunner, as_of: str) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for row in json.loads(cli.ok("retention", "report", "--as-of", as_of, "--json")):
        if row["status"] == "overdue":
            found.setdefault(int(row["person_id"]), set()).add(row["category"])
    return found


def test_a_contact_five_years_ago_is_overdue_even_if_typed_in_today(
    initialised_cli: CliRunner,
) -> None:
    cli = initialised_cli
    person = int(cli.ok(*STUDENT, "Dupont"))
    cli.ok("contact", "add", str(person), "--on", "2021-11-22", "--channel", "email")
    assert _report(cli, "2026-11-21").get(person) is None
    assert _report(cli, "2026-11-22")[person] == {"identification"}


def test_the_latest_of_several_contacts_counts(initialised_cli: CliRunner) -> None:
    cli = initialised_cli
    person = int(cli.ok(*STUDENT, "Martin"))
    for day in ("2020-03-14", "2023-05-02"):
        cli.ok("contact", "add", str(person), "--on", day, "--channel", "phone")
    assert _report(cli, "2026-11-22").get(person) is None
    assert _report(cli, "2028-05-02")[person] == {"identification"}


def test_a_running_enrollment_shows_today_not_its_planned_end(initialised_cli: CliRunner) -> None:
    cli = initialised_cli
    tutor = cli.ok("person", "add", "--role", "tutor", "--given-name", "T", "--family-name", "T")
    course = cli.ok("course", "add", "--subject", "Maths")
    group = cli.ok("group", "add", "--course", course, "--name", "G", "--tutor", tutor,
                   "--from", "2026-09-01", "--to", "2027-06-30")  # fmt: skip
    student = cli.ok(*STUDENT, "Enrolled")
    cli.ok("enroll", student, group, "--from", "2026-09-01")
    for someone in (student, tutor):
        shown = json.loads(cli.ok("person", "show", someone, "--json"))
        assert shown["last_contact_on"] == TODAY.isoformat()


def test_an_old_contact_entered_today_can_be_erased_today(initialised_cli: CliRunner) -> None:
    cli = initialised_cli
    person = cli.ok(*STUDENT, "Ancien")
    cli.ok("contact", "add", person, "--on", "2019-06-01", "--channel", "letter")
    result = cli("retention", "apply", "--as-of", "2026-11-22", "--action", "erase",
                 "--person", person, "--yes")  # fmt: skip
    assert result.code == 0, result.err
    assert cli("person", "show", person).code != 0


def test_requests_leave_the_clock_alone(workspace: Workspace) -> None:
    person = workspace.people.add(
        PersonDraft(given_name="Ana", family_name="Silva", roles=("student",))
    )
    workspace.records.add_contact(person, "2020-02-02", "email")
    request = workspace.requests.add(person, "access", TODAY, "email")
    workspace.requests.verify_identity(request, "known address")
    assert workspace.people.get(person).person.last_contact_on(TODAY) == date(2020, 2, 2)


# The maintained date equals a full recount after any writes and deletions ------------------

DAYS = st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))
PEOPLE = 4

Write = tuple[str, int, date, date | None, str]
writes = st.lists(
    st.tuples(
        st.sampled_from(
            ["contact", "payment", "enrollment", "membership", "group", "delete", "move", "end"]
        ),
        st.integers(0, PEOPLE - 1),
        DAYS,
        st.none() | DAYS,
        st.sampled_from(["active", "completed", "cancelled", "applied", "confirmed"]),
    ),
    max_size=25,
)

_ENROLLMENT = ("active", "completed", "cancelled")
_TABLES = {
    "contact": ("contact_event", "person_id"),
    "payment": ("payment", "payer_id"),
    "enrollment": ("enrollment", "student_id"),
    "membership": ("membership", "person_id"),
    "group": ("course_group", "tutor_id"),
}


def _apply(workspace: Workspace, people: list[int], course: int, write: Write) -> None:
    kind, who, day, other, status = write
    person, db = people[who], workspace.db
    end = max(day, other) if other else None
    if kind == "contact":
        db.execute("INSERT INTO contact_event (person_id, occurred_on, channel)"
                   " VALUES (?, ?, 'email')", (person, day.isoformat()))  # fmt: skip
    elif kind == "payment":
        db.execute("INSERT INTO payment (payer_id, amount_cents, paid_on) VALUES (?, 100, ?)",
                   (person, day.isoformat()))  # fmt: skip
    elif kind == "enrollment":
        group = db.execute("INSERT INTO course_group (course_id, name) VALUES (?, 'g')", (course,))
        db.execute("INSERT INTO enrollment (student_id, group_id, starts_on, ends_on, status)"
                   " VALUES (?, ?, ?, ?, ?)",
                   (person, group, day.isoformat(), end and end.isoformat(),
                    status if status in _ENROLLMENT else "active"))  # fmt: skip
    elif kind == "membership":
        db.execute("INSERT INTO membership (person_id, starts_on, ends_on, status, applied_on)"
                   " VALUES (?, ?, ?, ?, ?)",
                   (person, day.isoformat(), (end or day + timedelta(days=365)).isoformat(),
                    status if status in ("applied", "confirmed") else "lapsed",
                    day.isoformat()))  # fmt: skip
    elif kind == "group":
        db.execute("INSERT INTO course_group (course_id, name, tutor_id, starts_on, ends_on)"
                   " VALUES (?, 'taught', ?, ?, ?)",
                   (course, person, day.isoformat(), end and end.isoformat()))  # fmt: skip
    else:
        _change(workspace, people, write)


def _change(workspace: Workspace, people: list[int], write: Write) -> None:
    """Delete, move to another person, or end one of the records written so far."""
    kind, who, day, _other, _status = write
    db = workspace.db
    table, owner = list(_TABLES.values())[who % len(_TABLES)]
    row = db.one(f"SELECT id FROM {table} WHERE {owner} IS NOT NULL ORDER BY random() LIMIT 1")
    if row is None:
        return
    if kind == "delete":
        db.execute(f"DELETE FROM {table} WHERE id = ?", (row["id"],))
    elif kind == "move":
        db.execute(f"UPDATE {table} SET {owner} = ? WHERE id = ?", (people[-1 - who], row["id"]))
    elif table in ("enrollment", "membership", "course_group"):
        db.execute(f"UPDATE {table} SET ends_on = ? WHERE id = ?", (day.isoformat(), row["id"]))
    else:
        column = "occurred_on" if table == "contact_event" else "paid_on"
        db.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (day.isoformat(), row["id"]))


def _expected(workspace: Workspace, person: int) -> date | None:
    """The definition written out in Python, read from the records themselves."""
    db, found = workspace.db, []
    found += db.column("SELECT occurred_on FROM contact_event WHERE person_id = ?", (person,))
    found += db.column("SELECT paid_on FROM payment WHERE payer_id = ?", (person,))
    for row in db.query("SELECT * FROM enrollment WHERE student_id = ?", (person,)):
        cancelled = row["status"] == "cancelled"
        found.append(row["ends_on"] or (row["starts_on"] if cancelled else RUNNING))
    for row in db.query("SELECT * FROM membership WHERE person_id = ?", (person,)):
        found.append(row["applied_on"] if row["status"] == "applied" else row["ends_on"])
    for row in db.query("SELECT ends_on FROM course_group WHERE tutor_id = ?", (person,)):
        found.append(row["ends_on"] or RUNNING)
    return date.fromisoformat(max(found)) if found else None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(writes)
def test_the_maintained_last_interaction_equals_a_full_recount(sequence: list[Write]) -> None:
    with (
        tempfile.TemporaryDirectory(prefix="cpdesk-last-") as scratch,
        new_workspace(Path(scratch) / "vault", FixedClock.on(TODAY)) as workspace,
    ):
        draft = PersonDraft(given_name="P", family_name="N", roles=("student", "tutor"))
        people = [workspace.people.add(draft) for _ in range(PEOPLE)]
        course = workspace.courses.add_course("Maths")
        for write in sequence:
            _apply(workspace, people, course, write)
        stored = {p: workspace.people.get(p).person.last_interaction_on for p in people}
        assert stored == {p: _expected(workspace, p) for p in people}
        workspace.db.execute(recompute_sql())
        again = {p: workspace.people.get(p).person.last_interaction_on for p in people}
        assert again == stored


# Importing a spreadsheet keeps the history the retention engine needs ----------------------


def test_a_last_contact_column_of_a_spreadsheet_sets_the_clock(
    initialised_cli: CliRunner, tmp_path: Path
) -> None:
    sheet = tmp_path / "eleves.csv"
    sheet.write_text(
        "Prénom;Nom;Dernier contact;Date d'inscription\n"
        "Zoé;Martin;12/03/2019;01/09/2017\n"
        "Léo;Dubois;;2018-09-01\n",
        encoding="utf-8",
    )
    cli = initialised_cli
    out = cli.ok("import", str(sheet))
    assert "3 dated contacts recorded" in out
    shown = {
        json.loads(cli.ok("person", "show", n, "--json"))["given_name"]: json.loads(
            cli.ok("person", "show", n, "--json")
        )["last_contact_on"]
        for n in ("1", "2")
    }
    assert shown == {"Zoé": "2019-03-12", "Léo": "2018-09-01"}
    assert _report(cli, "2026-11-22") == {1: {"identification"}, 2: {"identification"}}
    assert "0 people created" in cli.ok("import", str(sheet))  # nothing twice
    assert "dated contact" not in cli.ok("import", str(sheet))


def test_a_future_last_contact_is_refused(initialised_cli: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "later.csv"
    sheet.write_text("first name,last name,last contact\nAna,Lima,2030-01-01\n", encoding="utf-8")
    result = initialised_cli("import", str(sheet))
    assert result.code == 1
    assert "This date is in the future." in result.out


def test_an_export_archive_carries_the_contacts_and_payments_into_another_vault(
    initialised_cli: CliRunner, tmp_path: Path
) -> None:
    cli = initialised_cli
    person = cli.ok(*STUDENT, "Archive")
    cli.ok("contact", "add", person, "--on", "2019-06-01", "--channel", "letter")
    cli.ok("payment", "add", person, "--amount", "80", "--on", "2019-06-02")
    archive = tmp_path / "export.zip"
    cli.ok("export", "all", "--out", str(archive))
    other = CliRunner({**cli.env, "COURSENPLUS_VAULT": str(tmp_path / "other")})
    other.ok("init")
    other.ok("import", str(archive))
    other.ok("import", str(archive))
    shown = json.loads(other.ok("person", "show", "1", "--json"))
    assert shown["last_contact_on"] == "2019-06-02"
    with open_workspace(tmp_path / "other", PASSPHRASE, FixedClock.on(TODAY)) as workspace:
        assert workspace.db.scalar("SELECT count(*) FROM contact_event") == 1
        assert workspace.db.scalar("SELECT count(*) FROM payment") == 1
