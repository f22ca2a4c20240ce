"""The access reply (Art. 15): every stored value and every required item, in French and English."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf.errors import PdfReadError

from coursenplus_desk.i18n import format_day, format_money
from coursenplus_desk.reports.base import sha256, text_of
from coursenplus_desk.services.workspace import Workspace
from tests.requests_fixtures import Family, build_family, english_messages, workspace

__all__ = ["english_messages", "workspace"]


def day(iso: str) -> str:
    return format_day(date.fromisoformat(iso))


def flat(text: str) -> str:
    """PDF text with every run of spaces (line breaks, no-break spaces) as one space."""
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


def stored_values(ws: Workspace, family: Family, language: str) -> list[str]:
    """Every value stored about the student, as the reply must show it."""
    earlier = ws.requests.of_person(family.student)[0]
    return [
        "Zoë", "Dąbrowski-Çağla", day("2012-05-14"), "zoe.eleve@example.be", "+32471987654",
        "Avenue des Tilleuls 7", "1332", "Genval", "Belgique", "Allergique aux arachides",
        "Athénée Royal de Rixensart", "6e primaire", str(family.student),
        # family link: the guardian by number, name and relationship
        str(family.guardian), "Łukasz Dąbrowski-Çağla", "mère",
        # course, group, tutor
        "Mathématiques", "6P", "Maths du mercredi", "Đorđe Vandermeulen", "mercredi 14:00",
        "Salle Bruegel", day("2026-09-02"), day("2027-06-30"),
        # contact
        day("2026-10-05"), "Question sur l'horaire",
        # payment
        day("2026-09-10"), flat(format_money(12550, language)), "COTIS-2026-017",
        "Cours de maths 1er trimestre", "virement",
        # membership
        day("2026-09-01"), day("2027-08-31"), flat(format_money(2500, language)), "espèces",
        # consent
        "Photos sur le site web", day("2026-09-02"), "Formulaire papier n° 42", "v3",
        # the earlier request and its correction
        day("2026-03-03"), "5e primaire → 6e primaire", str(earlier.id),
    ]  # fmt: skip


ITEMS_EN = [
    "We confirm that asbl Cours en Plus processes personal data about Zoë Dąbrowski-Çağla",
    "Purpose:",
    "Legal basis:",
    # Enrolled and a member until next summer: no erasure day is promised while that runs.
    "Retention: 5 years after the last contact (courses or links still running)",
    "10 years after the end of the accounting year of each payment; the oldest is erased from "
    "01/01/2037",
    "As long as the consent is given, then 5 years after it is withdrawn",
    "Recipients of the data",
    "Đorđe Vandermeulen, tutor of the group “Maths du mercredi”, who receives the data needed "
    "to run the courses as a processor",
    "accountant",
    "None of the data of Zoë Dąbrowski-Çağla is transferred outside the European Economic "
    "Area",  # the guardian reads it: the person is named
    "rectified (Art. 16 GDPR)",
    "erased",
    "restricted (Art. 18 GDPR)",
    "to object to processing",
    "to withdraw a consent at any time",
    "lodge a complaint with the supervisory authority: Autorité de protection des données "
    "(APD/GBA), Rue de la Presse 35, 1000 Bruxelles",
    "Łukasz Dąbrowski-Çağla gave the consent for Zoë Dąbrowski-Çağla: Photos sur le site web",
    "The record of Zoë Dąbrowski-Çağla was typed in by an administrator of asbl Cours en Plus",
    "No decision about Zoë Dąbrowski-Çağla is taken by automated means",
    "privacy@coursenplus.be",
    "rue de la Station 20, 1332 Genval",
]

ITEMS_FR = [
    "Nous confirmons que l'asbl Cours en Plus traite des données personnelles concernant "
    "Zoë Dąbrowski-Çağla",
    "Finalité :",
    "Base légale :",
    "Conservation : 5 ans après le dernier contact (des cours ou des liens sont encore en cours)",
    "le plus ancien est effacé à partir du 01/01/2037",
    "Tant que le consentement est donné, puis 5 ans après son retrait",
    "Destinataires des données",
    "Đorđe Vandermeulen",
    "comptable",
    "Aucune des données de Zoë Dąbrowski-Çağla n'est transférée hors de l'Espace économique "
    "européen",
    "rectifier",
    "effacer",
    "limiter",
    "vous opposer",
    "retirer un consentement",
    "introduire une réclamation auprès de l'autorité de contrôle : Autorité de protection "
    "des données (APD/GBA), Rue de la Presse 35, 1000 Bruxelles",
    "Łukasz Dąbrowski-Çağla a donné le consentement pour Zoë Dąbrowski-Çağla",
    "La fiche de Zoë Dąbrowski-Çağla a été saisie par un administrateur de l'asbl Cours en Plus",
    "formateur du groupe « Maths du mercredi »",
    "Aucune décision concernant Zoë Dąbrowski-Çağla n'est prise de manière automatisée",
    "privacy@coursenplus.be",
    "rue de la Station 20, 1332 Genval",
    "Cours, groupes et formateurs",
    "formateur du groupe Đorđe Vandermeulen",
    "cours en groupe",
]


@pytest.mark.parametrize(("language", "items"), [("en", ITEMS_EN), ("fr", ITEMS_FR)])
def test_access_reply_holds_every_value_and_every_article_15_item(
    workspace: Workspace, language: str, items: list[str]
) -> None:
    family = build_family(workspace)
    request = workspace.requests.add(
        family.student, "access", "2026-11-10", "letter", family.guardian
    )
    workspace.requests.verify_identity(request, "carte d'identité du parent", "2026-11-12")
    document = workspace.requests.reply(request, language=language)

    text = flat(text_of(document.data))
    missing = [v for v in stored_values(workspace, family, language) if v not in text]
    assert missing == []
    missing_items = [item for item in items if item not in text]
    assert missing_items == []
    # Addressed to the guardian who asked, for the minor, formally by default.
    greeting, closing = {
        "en": ("Dear Sir or Madam,", "Yours faithfully,"),
        "fr": ("Madame, Monsieur,", "Veuillez agréer, Madame, Monsieur, l'expression de nos "
               "salutations distinguées."),
    }[language]  # fmt: skip
    assert greeting in text and closing in text
    recorded = workspace.requests.documents(request)
    assert [(d.kind, d.sha256) for d in recorded] == [("access-reply", sha256(document.data))]


def test_a_students_reply_names_guardians_without_their_contact_details(
    workspace: Workspace,
) -> None:
    family = build_family(workspace)
    request = workspace.requests.add(family.student, "access", "2026-11-10", "email")
    workspace.requests.verify_identity(request, "e-mail from the known address")
    text = flat(text_of(workspace.requests.reply(request, language="en").data))

    assert "Łukasz Dąbrowski-Çağla" in text
    for guardian_detail in ("lukasz.parent@example.org", "+32470123456", "Chaussée de Bruxelles",
                            "La Hulpe", "dorde.tutor@example.be", "Ingrid"):  # fmt: skip
        assert guardian_detail not in text
    assert "Dear Sir or Madam," in text and "Yours faithfully," in text


@pytest.mark.parametrize(
    ("language", "greeting", "closing"),
    [("en", "Dear Zoë,", "Kind regards,"), ("fr", "Bonjour Zoë,", "Bien cordialement,")],
)
def test_a_personal_greeting_has_its_matching_closing(
    workspace: Workspace, language: str, greeting: str, closing: str
) -> None:
    workspace.settings.set_organisation_value("letter_greeting", "personal")
    family = build_family(workspace)
    request = workspace.requests.add(family.student, "access", "2026-11-10", "email")
    workspace.requests.verify_identity(request, "e-mail from the known address")
    text = flat(text_of(workspace.requests.reply(request, language=language).data))
    assert greeting in text and closing in text
    assert "Madame, Monsieur" not in text and "Dear Sir or Madam" not in text


def test_a_guardians_reply_names_the_child_without_the_childs_contact_details(
    workspace: Workspace,
) -> None:
    family = build_family(workspace)
    request = workspace.requests.add(family.guardian, "access", "2026-11-10")
    workspace.requests.verify_identity(request, "in person")
    text = flat(text_of(workspace.requests.reply(request, language="en").data))

    assert "lukasz.parent@example.org" in text
    assert "Zoë Dąbrowski-Çağla" in text
    for child_detail in ("zoe.eleve@example.be", "Avenue des Tilleuls", "Allergique"):
        assert child_detail not in text


def test_the_reply_can_be_protected_by_a_password(workspace: Workspace) -> None:
    family = build_family(workspace)
    request = workspace.requests.add(
        family.student, "access", "2026-11-10", "letter", family.guardian
    )
    workspace.requests.verify_identity(request, "carte d'identité")
    document = workspace.requests.reply(request, language="en", password="s3cret-Zoë")

    assert b"/AESV3" in document.data or b"/V 5" in document.data
    assert "Athénée Royal de Rixensart" in flat(text_of(document.data, "s3cret-Zoë"))
    with pytest.raises(PdfReadError):
        text_of(document.data, "wrong")


def test_the_reply_states_the_retention_engines_policies(workspace: Workspace) -> None:
    family = build_family(workspace)
    workspace.retention.set_policy("identification", 4)
    workspace.retention.set_policy("financial", 8)
    request = workspace.requests.add(family.student, "access", "2026-11-10", "email")
    workspace.requests.verify_identity(request, "e-mail from the known address")
    text = flat(text_of(workspace.requests.reply(request, language="en").data))
    assert "4 years after the last contact (courses or links still running)" in text
    assert "8 years after the end of the accounting year" in text
    assert "5 years after the last contact" not in text
