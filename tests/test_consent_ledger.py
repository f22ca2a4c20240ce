"""The consent ledger: history kept, guardians for young children, coming of age, CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from coursenplus_desk.domain.consent import current_consents, default_digital_age
from coursenplus_desk.domain.errors import NotFoundError, RefusedError, ValidationError
from coursenplus_desk.domain.people import PersonStatus
from coursenplus_desk.services.consent import Grant
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store.people import PeopleStore
from tests.consent_helpers import TODAY, add_person, new_workspace, run_cli


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    opened = new_workspace(tmp_path / "vault")
    yield opened
    opened.close()


def _family(workspace: Workspace) -> tuple[int, int]:
    mother = add_person(workspace, "Nadia", "Haddad", "guardian", email="nadia@example.org")
    child = add_person(workspace, "Lina", "Haddad", "student", guardians=(mother,),
                       birth_date="2015-02-10")  # fmt: skip
    return mother, child


def test_grant_withdraw_and_grant_again_keeps_every_row(workspace: Workspace) -> None:
    adult = add_person(workspace, "Marc", "Dubois", "member", email="marc@example.org")
    first = workspace.consent.grant(Grant(adult, "photos", "2026-01-10", "form",
                                          evidence="form 12", notice_version="2"))  # fmt: skip
    workspace.consent.withdraw(adult, "photos", "2026-03-01")
    second = workspace.consent.grant(Grant(adult, "photos", "2026-05-01", "oral"))

    history = workspace.consent.history(adult)
    assert [c.id for c in history] == [second, first]
    old = history[1]
    assert (old.given_on, old.withdrawn_on, old.evidence, old.notice_version) == (
        date(2026, 1, 10), date(2026, 3, 1), "form 12", "2")  # fmt: skip
    assert history[0].withdrawn_on is None
    assert set(workspace.consent.current(adult)) == {"photos"}
    assert current_consents(history, date(2026, 4, 1)) == {}


def test_double_opt_in_confirmation_fills_the_date_once(workspace: Workspace) -> None:
    adult = add_person(workspace, "Marc", "Dubois", "member", email="marc@example.org")
    consent_id = workspace.consent.grant(Grant(adult, "newsletter", "2026-11-01", "email"))
    assert workspace.consent.confirm(adult, "newsletter", "2026-11-02") == consent_id
    assert workspace.consent.history(adult)[0].confirmed_on == date(2026, 11, 2)
    with pytest.raises(NotFoundError):
        workspace.consent.confirm(adult, "newsletter", "2026-11-03")


def test_a_young_child_cannot_consent_alone(workspace: Workspace) -> None:
    mother, child = _family(workspace)
    stranger = add_person(workspace, "Paul", "Simon", "guardian")
    with pytest.raises(RefusedError) as alone:
        workspace.consent.grant(Grant(child, "photos", "2026-11-01", "form"))
    assert alone.value.params == {"id": child, "age": 13}
    with pytest.raises(RefusedError) as not_guardian:
        workspace.consent.grant(Grant(child, "photos", "2026-11-01", "form", given_by_id=stranger))
    assert not_guardian.value.params == {"giver": stranger, "id": child}
    consent_id = workspace.consent.grant(
        Grant(child, "photos", "2026-11-01", "form", given_by_id=mother)
    )
    assert workspace.consent.history(child)[0].given_by_id == mother
    assert consent_id > 0


def test_digital_age_follows_the_country_and_the_setting(workspace: Workspace) -> None:
    assert (default_digital_age("BE"), default_digital_age("FR"), default_digital_age("DE")) == (
        13, 15, 16)  # fmt: skip
    _mother, child = _family(workspace)  # 11 years old on the grant date below
    teen = add_person(workspace, "Hugo", "Petit", "student", birth_date="2012-01-01")  # 14
    assert workspace.consent.digital_age() == 13
    workspace.consent.grant(Grant(teen, "newsletter", "2026-11-01", "email"))
    workspace.settings.set_organisation_value("country", "FR")
    assert workspace.consent.digital_age() == 15
    with pytest.raises(RefusedError) as refused:
        workspace.consent.grant(Grant(teen, "photos", "2026-11-01", "form"))
    assert refused.value.params["age"] == 15
    workspace.consent.set_digital_age(14)
    workspace.consent.grant(Grant(teen, "photos", "2026-11-01", "form"))
    with pytest.raises(RefusedError):
        workspace.consent.grant(Grant(child, "photos", "2026-11-01", "form"))


def test_refusals_write_nothing(workspace: Workspace) -> None:
    adult = add_person(workspace, "Marc", "Dubois", "member")
    bad = [
        Grant(adult, "spam", "2026-01-01", "form"),
        Grant(adult, "photos", "2027-01-01", "form"),
        Grant(adult, "photos", "2026-01-05", "form", confirmed_on="2026-01-04"),
        Grant(adult, "photos", "2026-01-05", "fax"),
    ]
    for grant in bad:
        with pytest.raises(ValidationError):
            workspace.consent.grant(grant)
    with pytest.raises(NotFoundError):
        workspace.consent.withdraw(adult, "photos", "2026-01-01")
    with workspace.db.transaction():
        PeopleStore(workspace.db).set_status(adult, PersonStatus.RESTRICTED, workspace.clock.now())
    with pytest.raises(RefusedError):
        workspace.consent.grant(Grant(adult, "photos", "2026-01-01", "form"))
    assert workspace.consent.history(adult) == []


def test_purposes_are_configurable(workspace: Workspace) -> None:
    keys = [p.key for p in workspace.consent.purposes()]
    assert keys == [
        "newsletter", "future-courses", "holiday-courses", "photos", "testimonials", "health-data",
    ]  # fmt: skip
    workspace.consent.add_purpose("concerts", "Concert programme")
    workspace.consent.retire_purpose("testimonials")
    keys = [p.key for p in workspace.consent.purposes()]
    assert keys == [
        "newsletter", "future-courses", "holiday-courses", "photos", "health-data", "concerts",
    ]  # fmt: skip
    adult = add_person(workspace, "Marc", "Dubois", "member")
    workspace.consent.grant(Grant(adult, "concerts", "2026-01-01", "email"))
    with pytest.raises(ValidationError):
        workspace.consent.grant(Grant(adult, "testimonials", "2026-01-01", "form"))
    with pytest.raises(ValidationError):
        workspace.consent.add_purpose("Bad Key!", "x")


def test_coming_of_age_lists_students_turning_18_and_adults_resting_on_guardians(
    workspace: Workspace,
) -> None:
    mother = add_person(workspace, "Nadia", "Haddad", "guardian")
    soon = add_person(workspace, "Sami", "Haddad", "student", guardians=(mother,),
                      birth_date="2008-12-10")  # 18 on 10/12/2026  # fmt: skip
    adult = add_person(workspace, "Yasmine", "Haddad", "student", birth_date="2007-06-01")
    workspace.people.link_guardian(mother, adult, None, False)
    free = add_person(workspace, "Omar", "Haddad", "student", birth_date="2006-01-01")
    young = add_person(workspace, "Lina", "Haddad", "student", guardians=(mother,),
                       birth_date="2015-02-10")  # fmt: skip
    workspace.consent.grant(Grant(soon, "photos", "2026-01-01", "form", given_by_id=mother))

    found = {entry.person_id: entry for entry in workspace.consent.coming_of_age()}

    assert set(found) == {soon, adult}
    assert found[soon].adult_on == date(2026, 12, 10)
    assert found[soon].guardian_consents == ("photos",)
    assert found[adult].guardian_ids == (mother,)
    assert free not in found and young not in found
    assert {e.person_id for e in workspace.consent.coming_of_age(date(2026, 11, 1))} == {adult}


def test_cli_grant_withdraw_show_and_coming_of_age(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    workspace = new_workspace(folder)
    mother, child = _family(workspace)
    workspace.close()

    code, out, err = run_cli(folder, "consent", "grant", str(child), "--purpose", "newsletter",
                             "--on", "2026-11-01", "--method", "form")  # fmt: skip
    assert code == 1 and "guardian" in err and out == ""
    code, out, err = run_cli(folder, "consent", "grant", str(child), "--purpose", "newsletter",
                             "--on", "2026-11-01", "--method", "form", "--confirmed-on",
                             "2026-11-03", "--given-by", str(mother), "--evidence", "F-7",
                             "--notice-version", "3")  # fmt: skip
    assert (code, err) == (0, "") and out.strip().isdigit()
    assert run_cli(folder, "consent", "withdraw", str(child), "--purpose", "newsletter",
                   "--on", "2026-11-10")[0] == 0  # fmt: skip
    code, out, _err = run_cli(folder, "consent", "show", str(child), "--json")
    [row] = json.loads(out)
    assert row | {"id": 0} == {
        "id": 0, "person_id": child, "purpose": "newsletter", "given_on": "2026-11-01",
        "method": "form", "evidence": "F-7", "confirmed_on": "2026-11-03",
        "withdrawn_on": "2026-11-10", "given_by_id": mother, "notice_version": "3",
    }  # fmt: skip
    code, out, _err = run_cli(folder, "consent", "coming-of-age", "--as-of", "2033-02-01",
                              "--json")  # fmt: skip
    assert [entry["person_id"] for entry in json.loads(out)] == [child]
    with pytest.raises(SystemExit) as usage:
        run_cli(folder, "consent", "grant", str(child), "--purpose", "newsletter", "--on",
                "2026-11-01", "--method", "fax")  # fmt: skip
    assert usage.value.code == 2
    assert date(2026, 11, 22) == TODAY


def test_cli_double_opt_in_and_purposes(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    workspace = new_workspace(folder)
    adult = add_person(workspace, "Marc", "Dubois", "member", email="marc@example.org")
    workspace.close()
    assert run_cli(folder, "consent", "grant", str(adult), "--purpose", "newsletter", "--on",
                   "2026-11-20", "--method", "email")[0] == 0  # fmt: skip
    csv_file = tmp_path / "list.csv"
    export = ("export", "mailing-list", "--purpose", "newsletter", "--out", str(csv_file))
    assert run_cli(folder, *export)[1].strip() == "0"  # not confirmed yet
    assert run_cli(folder, "consent", "confirm", str(adult), "--purpose", "newsletter",
                   "--on", "2026-11-21")[0] == 0  # fmt: skip
    assert run_cli(folder, *export)[1].strip() == "1"
    code, out, _err = run_cli(folder, "consent", "purposes")
    assert code == 0
    assert [line.split("\t")[0] for line in out.splitlines()] == [
        "newsletter", "future-courses", "holiday-courses", "photos", "testimonials",
        "health-data"]  # fmt: skip
