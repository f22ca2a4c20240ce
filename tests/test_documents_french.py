"""Every document in French reads as French: no "de a…", "que a…", and no "l'association"
before the association's own name, whatever that name is."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.domain.records import ConsentMethod
from coursenplus_desk.reports.base import text_of
from coursenplus_desk.services.workspace import Workspace, create_workspace
from tests.controller import name_the_association
from tests.fast_kdf import FAST_KDF
from tests.requests_fixtures import PASSPHRASE, TODAY, build_family

VOWELS = "aeiouàâäéèêëîïôöùûüœæ"
# "de" and "que" elide before a vowel; (pronouns such as "de le remettre" are right).
FORBIDDEN = [re.compile(rf"\b(de|que|lorsque|puisque|jusque) [{VOWELS}]", re.IGNORECASE)]
NAMES = ["asbl Cours en Plus", "IMPEL", "Association Elan", "Jazz-Session"]


def flat(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


def problems(text: str, association: str) -> list[str]:
    found = [match.group(0) for pattern in FORBIDDEN for match in pattern.finditer(text)]
    for bad in (f"l'association {association}", f"l’association {association}"):
        if bad.lower() in text.lower() and not association.lower().startswith("association"):
            found.append(bad)
    return found


def _request(ws: Workspace, person: int, kind: str, requester: int | None = None) -> int:
    request = ws.requests.add(person, kind, "2026-11-10", "letter", requester)
    ws.requests.verify_identity(request, "carte d'identité", "2026-11-12")
    return request


def documents(ws: Workspace) -> Iterator[tuple[str, str]]:
    """Every kind of document the program makes, in French, as text."""
    family = build_family(ws)
    anne = ws.people.add(
        PersonDraft(given_name="Émile", family_name="Aubert", roles=("student",),
                    birth_date="2015-02-03", school_year="4e primaire"),
        (family.guardian,),
    )  # fmt: skip
    with ws.db.transaction():
        ws.records.store.insert_consent(anne, "photos", TODAY, ConsentMethod.FORM, None, None,
                                        family.guardian, "v1")  # fmt: skip
    [group] = ws.courses.groups()
    ws.courses.enroll(anne, group.id, "2026-09-02")
    ws.retention.place_hold(anne, "Litige", "2026-11-01")
    ws.tutors.record_agreement(family.tutor, "2026-08-30", "Contrat 2026-01")
    yield "roster", text_of(ws.tutors.roster_pdf(group.id, "fr"))
    yield "access", text_of(ws.requests.reply(_request(ws, anne, "access", family.guardian),
                                              "fr").data)  # fmt: skip
    yield "access-guardian", text_of(ws.requests.reply(_request(ws, family.guardian, "access"),
                                                       "fr").data)  # fmt: skip
    portability = ws.requests.reply(_request(ws, anne, "portability", family.guardian), "fr")
    yield "portability", zipfile.ZipFile(io.BytesIO(portability.data)).read("README.txt").decode()
    for kind in ("objection", "access", "erasure", "restriction", "withdraw-consent"):
        request = _request(ws, family.guardian, kind)
        yield f"refusal-{kind}", text_of(ws.requests.refuse(request, "Demande répétée.", "fr").data)
    rectification = _request(ws, anne, "rectification", family.guardian)
    ws.requests.rectify(rectification, {"school_year": "5e primaire"})
    yield "rectification", text_of(ws.requests.reply(rectification, "fr").data)
    objection = _request(ws, family.guardian, "objection")
    ws.requests.execute(objection)
    yield "objection", text_of(ws.requests.reply(objection, "fr").data)
    other = ws.people.add(PersonDraft(given_name="Oscar", family_name="Ibsen", roles=("member",),
                                      email="oscar@example.org"))  # fmt: skip
    ws.records.add_membership(other, "2026-01-01", "2026-12-31", "25")
    yield "membership-adult", text_of(ws.forms.form("membership", other, "fr"))
    yield "membership-minor", text_of(ws.forms.form("membership", anne, "fr"))
    yield "membership-blank", text_of(ws.forms.form("membership", None, "fr"))
    yield "enrollment", text_of(ws.forms.form("enrollment", anne, "fr"))
    yield "enrollment-blank", text_of(ws.forms.form("enrollment", None, "fr"))
    yield "attendance", text_of(ws.forms.attendance_sheet(group.id, "2026-11-01", "2026-11-30",
                                                          "fr"))  # fmt: skip
    yield "register", text_of(ws.register.register_pdf("fr"))
    yield "notice-pdf", text_of(ws.register.notice_document("fr", "pdf"))
    yield "notice-html", ws.register.notice_document("fr", "html").decode()
    yield "members-register", text_of(ws.membership.register_pdf("fr"))
    restriction = _request(ws, other, "restriction")
    ws.requests.execute(restriction)
    yield "restriction", text_of(ws.requests.reply(restriction, "fr").data)
    erasure = _request(ws, other, "erasure")
    ws.requests.execute(erasure)
    yield "erasure", text_of(ws.requests.reply(erasure, "fr").data)


@pytest.fixture(params=NAMES)
def named(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Workspace, str]]:
    with create_workspace(
        tmp_path / "vault", PASSPHRASE, FixedClock.on(TODAY), kdf=FAST_KDF
    ) as workspace:
        name_the_association(workspace, name=str(request.param))
        yield workspace, str(request.param)


def test_no_french_document_has_a_forbidden_sequence(named: tuple[Workspace, str]) -> None:
    workspace, association = named
    found = {}
    kinds = []
    for kind, text in documents(workspace):
        kinds.append(kind)
        bad = problems(flat(text), association)
        if bad:
            found[kind] = bad
    assert found == {}
    assert len(kinds) == 23  # every kind of document was made


def test_the_association_takes_its_article_and_elides() -> None:
    from coursenplus_desk.domain.french import sentence, with_article

    template = "Les administrateurs de {association}, que {association} désigne."
    said = {name: sentence(template, "fr", association=with_article(name)) for name in NAMES}
    assert said["asbl Cours en Plus"] == (
        "Les administrateurs de l'asbl Cours en Plus, que l'asbl Cours en Plus désigne."
    )
    assert said["IMPEL"] == "Les administrateurs d'IMPEL, qu'IMPEL désigne."
    assert said["Association Elan"].startswith("Les administrateurs de l'Association Elan")
    assert said["Jazz-Session"] == "Les administrateurs de Jazz-Session, que Jazz-Session désigne."
    start = sentence("{association} est responsable.", "fr", association=with_article("asbl X"))
    assert start == "L'asbl X est responsable."
    assert (
        sentence("demande de {kind}", "fr", kind="accès aux données")
        == "demande d'accès aux données"
    )
    assert sentence("Le comité de {x}", "fr", x="le club") == "Le comité du club"
    # A value is never changed, only the seam before it.
    assert sentence("{x} de {y}", "fr", x="de Anne", y="Zoë") == "de Anne de Zoë"
