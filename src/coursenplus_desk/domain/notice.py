"""The privacy notice, built from the same facts as the register (Art. 13 and 14 GDPR).

One structure (sections of paragraphs and items) is rendered to PDF and HTML
by `reports/notice.py`, so both say exactly the same. Retention periods are
read from the policies each time: changing a policy changes the notice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from coursenplus_desk.domain.french import sentence, with_article
from coursenplus_desk.domain.organisation import Organisation
from coursenplus_desk.domain.register import (
    LEGAL_BASIS_LABELS,
    Activity,
    LegalBasis,
    localised,
    period_text,
)
from coursenplus_desk.domain.retention import CATEGORY_LABELS, Category, Policies
from coursenplus_desk.domain.validation import parse_iso_date
from coursenplus_desk.i18n import N_, Translate, format_day, translator


@dataclass(frozen=True)
class NoticeSection:
    heading: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    after: tuple[str, ...] = ()  # paragraphs after the items


@dataclass(frozen=True)
class Notice:
    language: str
    title: str
    version: str
    sections: tuple[NoticeSection, ...]


@dataclass(frozen=True)
class NoticeFacts:
    organisation: Organisation
    activities: Sequence[Activity]
    policies: Policies
    language: str
    issued_on: date

    @property
    def t(self) -> Translate:
        return translator(self.language)


def check_notice_setting(key: str, value: str) -> None:
    """The notice's date must be a real date (the settings store any text)."""
    if key == "notice_date":
        parse_iso_date(value, key)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def version_line(facts: NoticeFacts) -> str:
    """'Version 2 of 22/11/2026'; the issue date stands in while no notice date is set."""
    organisation = facts.organisation
    try:
        day = date.fromisoformat(organisation.notice_date) if organisation.notice_date else None
    except ValueError:
        day = None
    shown = format_day(day or facts.issued_on, facts.language)
    translate = facts.t
    return translate("Version {version} of {date}").format(
        version=organisation.notice_version or "1", date=shown
    )


def build_notice(facts: NoticeFacts) -> Notice:
    translate = facts.t
    return Notice(
        language=facts.language,
        title=translate("Privacy policy"),
        version=version_line(facts),
        sections=(
            _who_we_are(facts),
            _what_and_why(facts),
            _legal_bases(facts),
            _recipients(facts),
            _where_kept(translate),
            _how_long(facts),
            _rights(facts),
            _answers(translate),
            _authority(facts),
            NoticeSection(
                translate("Changes to this notice"),
                (
                    translate("We update this notice whenever our practices change.")
                    + " "
                    + version_line(facts)
                    + ".",
                ),
            ),
        ),
    )


def _contact_lines(organisation: Organisation) -> str:
    parts = [organisation.name, organisation.address.replace("\n", ", ")]
    return ", ".join(p for p in parts if p)


def named_with_address(organisation: Organisation, language: str) -> str:
    """ "l'asbl Cours en Plus, rue de la Station 20, 1332 Genval," as a sentence's subject."""
    name = with_article(organisation.name) if language == "fr" else organisation.name
    address = organisation.address.replace("\n", ", ").strip()
    return f"{name}, {address}," if name and address else name


def _who_we_are(facts: NoticeFacts) -> NoticeSection:
    translate, organisation = facts.t, facts.organisation
    paragraphs = [
        sentence(
            translate(
                "{organisation} is responsible for the personal data described in this notice."
            ),
            facts.language,
            organisation=named_with_address(organisation, facts.language)
            or translate("The association"),
        )
    ]
    if organisation.privacy_contact:
        paragraphs.append(
            translate("For any question about your data, write to {contact}.").format(
                contact=organisation.privacy_contact
            )
        )
    if organisation.dpo:
        paragraphs.append(
            translate("Our data protection officer: {dpo}.").format(dpo=organisation.dpo)
        )
    return NoticeSection(translate("Who we are"), tuple(paragraphs))


def _what_and_why(facts: NoticeFacts) -> NoticeSection:
    translate = facts.t
    items = tuple(
        translate(
            "{activity} — {purpose} Data concerned: {data} People concerned: {people}"
        ).format(
            activity=localised(a.name, translate),
            purpose=localised(a.purpose, translate),
            data=localised(a.data, translate),
            people=localised(a.people, translate),
        )
        for a in facts.activities
    )
    return NoticeSection(translate("What data we process and why"), (), items)


def _legal_bases(facts: NoticeFacts) -> NoticeSection:
    translate = facts.t
    items = tuple(
        translate("{activity}: {value}").format(
            activity=localised(a.name, translate),
            value=translate(LEGAL_BASIS_LABELS[a.legal_basis]),
        )
        for a in facts.activities
    )
    paragraphs: tuple[str, ...] = ()
    if any(a.legal_basis is LegalBasis.CONSENT for a in facts.activities):
        paragraphs = (
            translate(
                "You may withdraw a consent at any time; this does not affect what was done before."
            ),
        )
    if any(a.legal_basis is LegalBasis.LEGITIMATE_INTEREST for a in facts.activities):
        paragraphs += (
            translate("You may object at any time to processing based on our legitimate interest."),
        )
    return NoticeSection(translate("Legal bases"), (), items, paragraphs)


def _recipients(facts: NoticeFacts) -> NoticeSection:
    translate = facts.t
    items = [
        translate("{activity}: {value}").format(
            activity=localised(a.name, translate), value=localised(a.recipients, translate)
        )
        for a in facts.activities
        if a.recipients
    ]
    transfers = [a for a in facts.activities if a.transfers]
    after: tuple[str, ...] = (translate("We never sell your data."),)
    if not transfers:
        after += (
            translate(
                "Your data stays within the European Economic Area: we transfer none outside it."
            ),
        )
    else:
        items += [
            translate("{activity}: transferred outside the European Economic Area: {transfers} "
              "(safeguards: {safeguards})").format(
                activity=localised(a.name, translate),
                transfers=localised(a.transfers, translate),
                safeguards=localised(a.safeguards, translate) or "—",
            )
            for a in transfers
        ]  # fmt: skip
    return NoticeSection(translate("Who receives your data"), (), tuple(items), after)


def _where_kept(translate: Translate) -> NoticeSection:
    return NoticeSection(
        translate("Where your data is kept"),
        (
            translate(
                "Your data is kept offline, only on the computers of the association's "
                "administrators, in an encrypted file (AES-256) that opens only with a "
                "passphrase. No online service stores it for us."
            ),
        ),
    )


def _how_long(facts: NoticeFacts) -> NoticeSection:
    translate = facts.t
    items = tuple(
        translate("{category}: {period}.").format(
            category=capitalised(translate(CATEGORY_LABELS[c])),
            period=period_text(c, facts.policies, translate),
        )
        for c in Category
    )
    return NoticeSection(
        translate("How long we keep your data"),
        (),
        items,
        (
            translate(
                "At the end of its period, data is erased for good or made anonymous; data the "
                "law still requires us to keep is set apart and used for nothing else. During "
                "a legal dispute, the data it concerns is kept until the dispute ends."
            ),
        ),
    )


_RIGHTS = (
    N_("to see your data and receive a copy of it;"),
    N_("to have it corrected;"),
    N_("to have it erased;"),
    N_("to have its use restricted;"),
    N_("to receive it in a common format to take it elsewhere (portability);"),
    N_("to object to its use;"),
    N_("to withdraw a consent at any time."),
)


def _rights(facts: NoticeFacts) -> NoticeSection:
    translate, organisation = facts.t, facts.organisation
    how = translate("To use them, write to {contact}.").format(
        contact=" — ".join(
            p for p in (organisation.privacy_contact, _contact_lines(organisation)) if p
        )
        or translate("our association")
    )
    return NoticeSection(
        translate("Your rights"),
        (translate("You have the right:"),),
        tuple(translate(right) for right in _RIGHTS),
        (
            how,
            translate(
                "For minors, the request is made by a parent or legal guardian. We may ask you "
                "to prove your identity: we note that it was checked and keep no copy of your "
                "documents."
            ),
        ),
    )


def _answers(translate: Translate) -> NoticeSection:
    return NoticeSection(
        translate("How we answer your requests"),
        (
            translate(
                "We answer without undue delay and at the latest within one month of "
                "receiving your request. When requests are complex or numerous, this may be "
                "extended by two further months: we then tell you so within the first month, "
                "with the reasons."
            ),
            translate(
                "Answering is free. A manifestly unfounded or excessive request may be "
                "refused; we then tell you why, within one month."
            ),
        ),
    )


def _authority(facts: NoticeFacts) -> NoticeSection:
    translate, organisation = facts.t, facts.organisation.in_language(facts.language)
    authority = ", ".join(
        p for p in (organisation.authority_name, organisation.authority_address) if p
    )
    return NoticeSection(
        translate("Complaints"),
        (
            translate(
                "If you think your data is not handled properly, you may lodge a complaint "
                "with the supervisory authority: {authority}."
            ).format(authority=authority or "—"),
        ),
    )
