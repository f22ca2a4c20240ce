"""Documents and letters in Dutch: in the reader's language whatever the interface's, the GBA named,
and not one French or English sentence left (each PDF read back)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.i18n import set_language
from coursenplus_desk.reports.base import text_of
from coursenplus_desk.services.workspace import Workspace, create_workspace
from tests.dutch_support import GBA, FlemishFamily, build_flemish_family, set_up_association
from tests.fast_kdf import FAST_KDF
from tests.language_support import flat, foreign_leftovers
from tests.requests_fixtures import PASSPHRASE, TODAY


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with create_workspace(
        tmp_path / "vault", PASSPHRASE, FixedClock.on(TODAY), kdf=FAST_KDF
    ) as opened:
        set_up_association(opened)
        yield opened


@pytest.fixture
def family(workspace: Workspace) -> FlemishFamily:
    return build_flemish_family(workspace)


@pytest.fixture(params=["fr", "en"])
def interface(request: pytest.FixtureRequest) -> Iterator[str]:
    """The administrator works in French or English: the family still reads Dutch."""
    set_language(request.param)
    yield request.param
    set_language("en")


def dutch(text: str) -> str:
    text = flat(text)
    assert foreign_leftovers([text], "nl") == []
    return text


def test_the_access_reply_to_a_flemish_father_is_in_dutch(
    workspace: Workspace, family: FlemishFamily, interface: str
) -> None:
    requests = workspace.requests
    request = requests.add(family.student, "access", "2026-11-10", "email", family.guardian)
    workspace.requests.verify_identity(request, "eID", "2026-11-11")
    text = dutch(text_of(workspace.requests.reply(request).data))
    for phrase in (
        "Antwoord op een verzoek om inzage in persoonsgegevens",
        "Beste Pieter Vercammen,",
        "hebt u ons als ouder of voogd gevraagd om inzage in de persoonsgegevens die wij over "
        "Fien Vercammen bijhouden (art. 15 AVG)",
        "Algemene Verordening Gegevensbescherming (AVG)",
        # enrolled until next summer: no erasure day is promised while that runs
        "Bewaartermijn: 5 jaar na het laatste contact (er lopen nog cursussen of banden).",
        "De lesgevers van de gevolgde groepen (alleen naam, groep en aanwezigheid): "
        "Griet De Clercq",
        "toezichthoudende autoriteit: " + GBA,
        "Met vriendelijke groeten,",
        "22 november 2026",
    ):
        assert phrase in text, phrase


def test_a_letter_follows_its_reader_not_the_interface(workspace: Workspace) -> None:
    set_language("nl")
    french = workspace.people.add(
        PersonDraft(given_name="Anne", family_name="Dupont", roles=("member",), language="fr")
    )
    request = workspace.requests.add(french, "objection", "2026-11-10", "email")
    workspace.requests.verify_identity(request, "eID", "2026-11-11")
    workspace.requests.execute(request)
    text = flat(text_of(workspace.requests.reply(request).data))
    assert "Autorité de protection des données (APD/GBA), Rue de la Presse 35" in text
    assert "Gegevensbeschermingsautoriteit" not in text
    assert "Bonjour Anne Dupont," in text
    english = flat(text_of(workspace.requests.reply(request, "en").data))
    assert "Dear Anne Dupont," in english


def test_nobody_s_language_known_the_interface_decides(workspace: Workspace) -> None:
    unknown = workspace.people.add(
        PersonDraft(given_name="Sam", family_name="Peeters", roles=("member",))
    )
    request = workspace.requests.add(unknown, "objection", "2026-11-10", "email")
    workspace.requests.verify_identity(request, "eID", "2026-11-11")
    workspace.requests.execute(request)
    set_language("nl")
    assert "Beste Sam Peeters," in dutch(text_of(workspace.requests.reply(request).data))


def test_refusal_and_erasure_certificate_in_dutch(
    workspace: Workspace, family: FlemishFamily, interface: str
) -> None:
    refused = workspace.requests.add(family.guardian, "access", "2026-11-12", "letter")
    letter = workspace.requests.refuse(refused, "Vijfde identieke aanvraag deze maand.")
    text = dutch(text_of(letter.data))
    assert "Antwoord op uw verzoek: weigering" in text
    assert "kennelijk ongegrond of buitensporig achten (art. 12.5 AVG)" in text
    assert "U kunt ook een beroep instellen bij de rechtbank (art. 79 AVG)" in text
    assert GBA in text

    erasure = workspace.requests.add(family.guardian, "erasure", "2026-11-12", "letter")
    workspace.requests.verify_identity(erasure, "eID", "2026-11-13")
    workspace.requests.erase(erasure)
    text = dutch(text_of(workspace.requests.reply(erasure).data))
    for phrase in (
        "Attest van wissing",
        "de persoonsgegevens van Pieter Vercammen gewist die wij niet verplicht zijn te bewaren",
        "betalingen en boekhoudkundige stukken",
        "boekhoudkundige en fiscale verplichting",
        "Ontvangers die op de hoogte gebracht werden van de wissing (art. 19 AVG)",
    ):
        assert phrase in text, phrase


def test_the_portability_archive_explains_itself_in_dutch(
    workspace: Workspace, family: FlemishFamily, interface: str
) -> None:
    request = workspace.requests.add(family.guardian, "portability", "2026-11-12", "letter")
    workspace.requests.verify_identity(request, "eID", "2026-11-13")
    archive = zipfile.ZipFile(io.BytesIO(workspace.requests.reply(request).data))
    readme = archive.read("README.txt").decode("utf-8")
    assert "recht op overdraagbaarheid van gegevens" in readme
    assert "contacts.csv — Contacten met de vereniging" in readme
    assert foreign_leftovers(readme.splitlines(), "nl") == []


def test_forms_and_attendance_sheet_in_dutch(
    workspace: Workspace, family: FlemishFamily, interface: str
) -> None:
    enrollment = dutch(text_of(workspace.forms.form("enrollment", family.student)))
    for phrase in ("Inschrijvingsformulier", "Ouder of voogd 1 (voor een leerling jonger dan 18)",
                   "Gewenste cursus", "Handtekening (van een ouder of voogd", GBA):  # fmt: skip
        assert phrase in enrollment, phrase
    membership = dutch(text_of(workspace.forms.form("membership", family.guardian)))
    assert "Lidgeld € 25,00" in membership and "samen met het lidgeld" in membership
    blank = dutch(text_of(workspace.forms.form("membership", None, "nl", fillable=True)))
    assert "Lidmaatschapsformulier" in blank
    sheet = workspace.forms.attendance_sheet(family.group, "2026-11-02", "2026-11-29", "nl")
    text = dutch(text_of(sheet))
    assert "Aanwezigheidslijst" in text and "Lesgever Griet De Clercq" in text
    assert "04/11/2026 11/11/2026 18/11/2026 25/11/2026" in text  # the Wednesdays of 'woensdag'


def test_register_notice_and_members_register_in_dutch(
    workspace: Workspace, family: FlemishFamily
) -> None:
    register = dutch(text_of(workspace.register.register_pdf("nl")))
    for phrase in ("Register van verwerkingsactiviteiten", "Verwerkingsverantwoordelijke",
                   "Toezichthoudende autoriteit " + GBA, "uitvoering van een overeenkomst "
                   "(art. 6.1.b AVG)", "Register van datalekken (art. 33.5 AVG)"):  # fmt: skip
        assert phrase in register, phrase
    notice = dutch(text_of(workspace.register.notice_document("nl", "pdf")))
    html = workspace.register.notice_document("nl", "html").decode("utf-8")
    for text in (notice, html):
        assert "Privacyverklaring" in text and "Hoelang wij uw gegevens bewaren" in text
        assert "Gegevensbeschermingsautoriteit (GBA)" in text
    members = dutch(text_of(workspace.membership.register_pdf("nl")))
    assert "Ledenregister" in members and "Lid sinds" in members


def test_a_custom_authority_stays_as_written(workspace: Workspace) -> None:
    workspace.settings.set_organisation_value("authority_name", "Autorité X")
    text = flat(text_of(workspace.register.register_pdf("nl")))
    assert "Autorité X" in text and "Gegevensbeschermingsautoriteit" not in text


def test_the_check_finds_french_and_english_left_in_a_dutch_text(
    workspace: Workspace, family: FlemishFamily
) -> None:
    request = workspace.requests.add(family.guardian, "objection", "2026-11-10", "email")
    workspace.requests.verify_identity(request, "eID", "2026-11-11")
    workspace.requests.execute(request)
    for other in ("fr", "en"):
        text = flat(text_of(workspace.requests.reply(request, other).data))
        assert len(foreign_leftovers([text], "nl")) == 1, other
        assert foreign_leftovers([text], other) == []
