"""The register PDF and the privacy notice, read back from real documents of a real vault."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.domain.errors import NotFoundError, ValidationError
from coursenplus_desk.domain.register_presets import PRESET_ACTIVITIES
from coursenplus_desk.domain.retention import Category
from coursenplus_desk.i18n import translator
from coursenplus_desk.reports.base import sha256, text_of
from coursenplus_desk.services.workspace import Workspace, create_workspace
from tests.fast_kdf import FAST_KDF

PASSPHRASE = "correct horse battery"
TODAY = date(2026, 11, 22)
ORGANISATION = {
    "name": "asbl Cours en Plus",
    "address": "rue de la Station 20, 1332 Genval",
    "privacy_contact": "privacy@coursenplus.be",
    "dpo": "Anne Dupont, dpo@coursenplus.be",
}


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with create_workspace(
        tmp_path / "vault", PASSPHRASE, FixedClock.on(TODAY), kdf=FAST_KDF
    ) as opened:
        for key, value in ORGANISATION.items():
            opened.settings.set_organisation_value(key, value)
        yield opened


def flat(text: str) -> str:
    """Text with every run of white space as one space (PDF lines wrap anywhere)."""
    return " ".join(text.split())


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(page: bytes) -> str:
    parser = _Text()
    parser.feed(page.decode("utf-8"))
    return flat(" ".join(parser.parts))


def years_phrase(workspace: Workspace, category: Category, language: str) -> str:
    """The period as the test expects it written, computed here, not by the product."""
    years = workspace.retention.policies().of(category)
    words = {
        "en": {
            Category.IDENTIFICATION: "years after the last contact",
            Category.PROSPECT: "years after the last contact",
            Category.FINANCIAL: "years after the end of the accounting year of the payment",
            Category.CONSENT: "years after the consent is withdrawn",
            Category.REQUEST: "years after the request is closed",
        },
        "fr": {
            Category.IDENTIFICATION: "ans après le dernier contact",
            Category.PROSPECT: "ans après le dernier contact",
            Category.FINANCIAL: "ans après la fin de l’exercice comptable du paiement",
            Category.CONSENT: "ans après le retrait du consentement",
            Category.REQUEST: "ans après la clôture de la demande",
        },
    }
    return f"{years} {words[language][category]}"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_register_pdf_holds_every_art30_field_of_every_activity(
    workspace: Workspace, language: str
) -> None:
    added = workspace.register.add_activity(
        {
            "name": "Newsletter by a mailing service",
            "purpose": "Sending the monthly newsletter",
            "legal_basis": "consent",
            "people": "Subscribers",
            "data": "Email address",
            "recipients": "MailCo Inc. (processor)",
            "transfers": "United States (MailCo Inc.)",
            "safeguards": "Standard contractual clauses of the European Commission",
            "retention": "consent",
            "security": "Double opt-in; access by two administrators",
        }
    )
    text = flat(text_of(workspace.register.register_pdf(language)))
    t = translator(language)

    for value in ORGANISATION.values():  # (a) controller, contact and DPO
        assert flat(value) in text
    assert "Autorité de protection des données (APD/GBA)" in text
    activities = workspace.register.activities()
    assert len(activities) == 7 and activities[-1].id == added
    for activity in activities:
        for value in (activity.name, activity.purpose, activity.people, activity.data,
                      activity.recipients, activity.security):  # fmt: skip
            assert flat(t(value)) in text, value  # (b), (c), (d), (g)
        assert years_phrase(workspace, activity.retention, language) in text  # (f)
    assert "United States (MailCo Inc.)" in text  # (e)
    assert "Standard contractual clauses of the European Commission" in text
    labels = {
        "en": ["Purposes", "Legal basis", "Categories of people", "Categories of data",
               "Recipients and processors", "Transfers outside the EEA",
               "Safeguards for transfers", "Time limits for erasure", "Security measures",
               "Data protection officer"],
        "fr": ["Finalités", "Base légale", "Catégories de personnes", "Catégories de données",
               "Destinataires et sous-traitants", "Transferts hors de l’EEE",
               "Garanties pour les transferts", "Délais d’effacement", "Mesures de sécurité",
               "Délégué à la protection des données"],
    }  # fmt: skip
    for label in labels[language]:
        assert text.count(label) >= (1 if "protection" in label else 7), label


def test_french_register_translates_the_prefilled_texts(workspace: Workspace) -> None:
    text = flat(text_of(workspace.register.register_pdf("fr")))
    assert "Registre des activités de traitement" in text
    assert "Comptabilité" in text
    assert (
        "Organiser les cours et communiquer avec les élèves, les parents et les formateurs" in text
    )
    assert "exécution d’un contrat (RGPD art. 6, § 1er, b)" in text
    assert "Organising courses" not in text


def test_notice_states_every_required_fact(workspace: Workspace) -> None:
    workspace.settings.set_organisation_value("notice_version", "3")
    workspace.settings.set_organisation_value("notice_date", "2026-10-01")
    for language, facts in {
        "en": ["Who we are", "asbl Cours en Plus", "privacy@coursenplus.be", "Anne Dupont",
               "What data we process and why", "Legal bases", "Who receives your data",
               "Where your data is kept", "offline", "encrypted", "administrators",
               "How long we keep your data", "Your rights", "erased", "portability",
               "within one month", "two further months",
               "Autorité de protection des données (APD/GBA)", "Version 3 of 01/10/2026",
               "we transfer none outside it"],
        "fr": ["Qui sommes-nous", "asbl Cours en Plus", "privacy@coursenplus.be",
               "Quelles données nous traitons et pourquoi", "Bases légales",
               "Qui reçoit vos données", "Où vos données sont conservées", "hors ligne",
               "chiffré", "administrateurs", "Combien de temps nous gardons vos données",
               "Vos droits", "dans un délai d’un mois", "deux mois supplémentaires",
               "Version 3 du 01/10/2026", "Autorité de protection des données (APD/GBA)"],
    }.items():  # fmt: skip
        html = html_text(workspace.register.notice_document(language, "html"))
        pdf = flat(text_of(workspace.register.notice_document(language, "pdf")))
        for fact in facts:
            assert fact in html, (language, fact)
            assert fact in pdf, (language, fact)
        for category in Category:
            assert years_phrase(workspace, category, language) in html
            assert years_phrase(workspace, category, language) in pdf


def test_notice_follows_the_authority_and_transfers(workspace: Workspace) -> None:
    workspace.settings.set_organisation_value("country", "FR")
    workspace.register.set_activity_field(1, "transfers", "Switzerland (adequacy decision)")
    html = html_text(workspace.register.notice_document("en", "html"))
    assert "Commission nationale de l'informatique et des libertés (CNIL)" in html
    assert "Autorité de protection" not in html
    assert "Switzerland (adequacy decision)" in html
    assert "we transfer none outside it" not in html


def test_html_escapes_what_people_typed(workspace: Workspace) -> None:
    hostile = 'Les <script>alert("x")</script> & Cie'
    workspace.settings.set_organisation_value("name", hostile)
    workspace.register.set_activity_field(2, "purpose", "<b>bold</b> & more")
    page = workspace.register.notice_document("en", "html").decode("utf-8")
    assert "<script>" not in page and "<b>bold" not in page
    assert "Les &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Cie" in page
    assert hostile in html_text(page.encode("utf-8"))
    assert "<b>bold</b> &amp; more" not in page and "&lt;b&gt;bold&lt;/b&gt; &amp; more" in page
    assert hostile in flat(text_of(workspace.register.notice_document("en", "pdf")))


def test_every_document_is_audited_without_its_content(workspace: Workspace) -> None:
    made = [
        ("register", "fr", workspace.register.register_pdf("fr")),
        ("notice.pdf", "en", workspace.register.notice_document("en", "pdf")),
        ("notice.html", "fr", workspace.register.notice_document("fr", "html")),
    ]
    events = [e for e in workspace.audit.store.events() if e.action == "register.document"]
    found = sorted((e.details["kind"], e.details["language"], e.details["sha256"]) for e in events)
    assert found == sorted((kind, lang, sha256(data)) for kind, lang, data in made)
    for event in events:
        assert "Cours en Plus" not in str(event.details)


def test_editing_activities_is_validated_and_audited(workspace: Workspace) -> None:
    changed = workspace.register.set_activity_field(4, "retention", "prospect")
    assert changed.retention is Category.PROSPECT
    with pytest.raises(ValidationError) as bad_basis:
        workspace.register.set_activity_field(4, "legal_basis", "because")
    assert bad_basis.value.field == "legal_basis"
    with pytest.raises(ValidationError):
        workspace.register.set_activity_field(4, "retention", "forever")
    with pytest.raises(ValidationError):
        workspace.register.set_activity_field(4, "colour", "blue")
    with pytest.raises(ValidationError) as empty:
        workspace.register.set_activity_field(4, "purpose", "   ")
    assert empty.value.field == "purpose"
    with pytest.raises(ValidationError) as missing:
        workspace.register.add_activity({"name": "Half an activity"})
    assert missing.value.field in {"purpose", "people", "data", "security"}
    assert len(workspace.register.activities()) == 6  # nothing half-written

    workspace.register.remove_activity(6)
    with pytest.raises(NotFoundError):
        workspace.register.activity(6)
    actions = [(e.action, e.details) for e in workspace.audit.store.events()]
    assert ("register.activity_change", {"activity": 4, "field": "retention"}) in actions
    assert ("register.activity_remove", {"activity": 6}) in actions
    text = flat(text_of(workspace.register.register_pdf("en")))
    assert "Answering requests about personal data" not in text


def test_every_prefilled_text_exists_in_french_and_english() -> None:
    french = translator("fr")
    for preset in PRESET_ACTIVITIES:
        for key, text in preset.items():
            if key in ("legal_basis", "retention"):
                continue
            assert french(text) != text, text  # translated, so the French notice is French
