"""The short privacy notice printed on every form: who, why, how long, rights, contact."""

from __future__ import annotations

from dataclasses import dataclass

from coursenplus_desk.domain.french import sentence
from coursenplus_desk.domain.notice import named_with_address
from coursenplus_desk.domain.organisation import Organisation
from coursenplus_desk.i18n import N_, Translate

WHY = {
    "membership": N_(
        "Why: to manage your membership (register of members, fees, general meetings) and, "
        "only for the boxes you tick above, for the purposes you choose."
    ),
    "enrollment": N_(
        "Why: to organise the courses (enrollment, groups, contact with parents or guardians, "
        "the tutors who give the courses) and to keep the accounts; and, only for the boxes you "
        "tick above, for the purposes you choose."
    ),
}


@dataclass(frozen=True)
class NoticeFacts:
    """What the notice states; the retention period comes from the retention policy."""

    organisation: Organisation
    retention_years: int
    purpose: str  # a key of WHY


def notice_paragraphs(facts: NoticeFacts, translate: Translate, language: str = "en") -> list[str]:
    org = facts.organisation
    who = named_with_address(org, language) or translate("the association")
    if facts.retention_years == 1:
        how_long = translate("How long: one year after our last contact, then the data are erased.")
    else:
        how_long = translate(
            "How long: {years} years after our last contact, then the data are erased; "
            "accounting records are kept as long as the law requires."
        ).format(years=facts.retention_years)
    paragraphs = [
        sentence(
            translate("Who: {who} is responsible for the personal data on this form."),
            language,
            who=who,
        ),
        translate(WHY[facts.purpose]),
        how_long,
        translate(
            "Your rights: you may see, correct or erase your data, restrict or object to their "
            "use, receive a copy to take elsewhere, and withdraw a consent at any time (what was "
            "done before stays lawful)."
        ),
    ]
    contact = org.privacy_contact or org.address
    if contact:
        paragraphs.append(translate("Contact: {contact}.").format(contact=contact))
    if org.dpo:
        paragraphs.append(translate("Data protection officer: {dpo}.").format(dpo=org.dpo))
    paragraphs.append(
        translate("You may complain to the supervisory authority: {name}, {address}.").format(
            name=org.authority_name, address=org.authority_address
        )
    )
    paragraphs.append(translate("Notice version {version}.").format(version=org.notice_version))
    return paragraphs
