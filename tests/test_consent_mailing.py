"""The mailing list: only active, confirmed consents of reachable people, safe CSV cells."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from coursenplus_desk.domain.people import PersonStatus
from coursenplus_desk.domain.records import ConsentMethod
from coursenplus_desk.services.consent import Grant, mailing_csv
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store.consent import ConsentStore
from coursenplus_desk.store.people import PeopleStore
from coursenplus_desk.store.records import RecordsStore
from tests.consent_helpers import TODAY, add_person, new_workspace, reopened, run_cli

PURPOSE = "newsletter"
State = tuple[PersonStatus, str | None, list[tuple[bool, bool, bool]]]
# One consent row: (given by the guardian?, confirmed?, withdrawn?)
consent_rows = st.lists(st.tuples(st.booleans(), st.booleans(), st.booleans()), max_size=3)
person_state = st.tuples(
    st.sampled_from([PersonStatus.ACTIVE] * 4 + list(PersonStatus)),
    st.sampled_from([None, None, None, "all", PURPOSE, "photos"]),
    consent_rows,
)


def _cast(workspace: Workspace) -> dict[str, int]:
    """A guardian with a child (10), a teenager (16) and an adult son (19); one stranger."""
    guardian = add_person(workspace, "Gaëlle", "Martin", "guardian", email="gaelle@example.org")
    child = add_person(workspace, "Chloé", "Martin", "student", guardians=(guardian,),
                       email="chloe@example.org", birth_date="2016-03-01")  # fmt: skip
    teen = add_person(workspace, "Théo", "Martin", "student", guardians=(guardian,),
                      email="theo@example.org", birth_date="2010-05-05")  # fmt: skip
    adult = add_person(workspace, "Adam", "Martin", "student", guardians=(guardian,),
                       email="adam@example.org", birth_date="2007-01-01")  # fmt: skip
    stranger = add_person(workspace, "Sam", "Ben Ali", "member", email="=sam@example.org")
    return {"guardian": guardian, "child": child, "teen": teen, "adult": adult,
            "stranger": stranger}  # fmt: skip


def _apply(workspace: Workspace, cast: dict[str, int], states: dict[str, State]) -> None:
    db = workspace.db
    records, consents, people = RecordsStore(db), ConsentStore(db), PeopleStore(db)
    with db.transaction():
        db.execute("DELETE FROM consent")
        db.execute("DELETE FROM person_objection")
        for name, person_id in cast.items():
            status, objection, rows = states[name]
            people.set_status(person_id, status, workspace.clock.now())
            if objection is not None:
                purpose = None if objection == "all" else objection
                consents.insert_objection(person_id, date(2026, 1, 1), purpose)
            for by_guardian, confirmed, withdrawn in rows:
                giver = cast["guardian"] if by_guardian and name != "guardian" else None
                consent_id = records.insert_consent(
                    person_id, PURPOSE, date(2025, 1, 1), ConsentMethod.FORM, None,
                    date(2025, 1, 2) if confirmed else None, giver, "1",
                )  # fmt: skip
                if withdrawn:
                    records.withdraw_consent(consent_id, date(2025, 6, 1))


def _expected(cast: dict[str, int], states: dict[str, State]) -> set[str]:
    """An independent statement of the rule, over the same histories."""

    def reachable(name: str) -> bool:
        status, objection, _rows = states[name]
        return status is PersonStatus.ACTIVE and objection not in ("all", PURPOSE)

    emails = {"guardian": "gaelle@example.org", "child": "chloe@example.org",
              "teen": "theo@example.org", "adult": "adam@example.org",
              "stranger": "'=sam@example.org"}  # fmt: skip
    expected = set()
    for name in cast:
        _status, _objection, rows = states[name]
        for by_guardian, confirmed, withdrawn in rows:
            if withdrawn or not confirmed or not reachable(name):
                continue
            if by_guardian and name != "guardian":
                if name in ("child", "teen") and reachable("guardian"):
                    expected.add(emails["guardian"])
            else:
                expected.add(emails[name])
    return expected


def _exported(workspace: Workspace) -> set[str]:
    text = mailing_csv(workspace.consent.mailing_list(PURPOSE)).decode("utf-8-sig")
    return {row["email"] for row in csv.DictReader(io.StringIO(text))}


def test_withdrawn_unconfirmed_restricted_and_objecting_never_appear(tmp_path: Path) -> None:
    workspace = new_workspace(tmp_path / "vault")
    cast = _cast(workspace)

    @settings(max_examples=150, deadline=None)
    @given(st.fixed_dictionaries(dict.fromkeys(cast, person_state)))
    def check(states: dict[str, State]) -> None:
        _apply(workspace, cast, states)
        exported = _exported(workspace)
        assert exported == _expected(cast, states)
        for name, person_id in cast.items():
            status, objection, rows = states[name]
            own_email = workspace.people.get(person_id).person.email or ""
            valid_own = [r for r in rows if not r[0] and r[1] and not r[2]]
            if name != "guardian" and not valid_own:
                assert own_email not in exported and "'" + own_email not in exported
            if status is not PersonStatus.ACTIVE or objection in ("all", PURPOSE):
                assert own_email not in exported and "'" + own_email not in exported

    try:
        check()
    finally:
        workspace.close()


def test_cli_export_writes_safe_cells_and_is_audited(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    workspace = new_workspace(folder)
    sam = add_person(workspace, "=HYPERLINK(1)", "Ben Ali", "member", email="sam@example.org")
    workspace.consent.grant(Grant(sam, PURPOSE, "2026-01-05", "email", confirmed_on="2026-01-06"))
    workspace.close()
    out = tmp_path / "list.csv"

    code, stdout, stderr = run_cli(folder, "export", "mailing-list", "--purpose", PURPOSE,
                                   "--out", str(out))  # fmt: skip

    assert (code, stdout.strip(), stderr) == (0, "1", "")
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert rows == [["email", "given_name", "family_name", "language"],
                    ["sam@example.org", "'=HYPERLINK(1)", "Ben Ali", ""]]  # fmt: skip
    with reopened(folder) as reopened_workspace:
        events = reopened_workspace.db.query(
            "SELECT at, details FROM audit_event WHERE action = 'export.mailing_list'"
        )
    assert len(events) == 1
    assert json.loads(events[0]["details"]) == {"purpose": PURPOSE, "count": 1}
    assert events[0]["at"].startswith(TODAY.isoformat())


def test_unknown_purpose_is_refused_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    new_workspace(folder).close()
    code, _out, stderr = run_cli(folder, "export", "mailing-list", "--purpose", "spam",
                                 "--out", str(tmp_path / "x.csv"))  # fmt: skip
    assert code == 1
    assert "spam" in stderr and len(stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.csv").exists()
