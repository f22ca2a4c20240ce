"""Parts of the access reply told in sentences: the history, the recipients, the sources."""

from __future__ import annotations

from typing import Any

from coursenplus_desk.domain.history import SUBJECTS, HistoryEntry, Subject
from coursenplus_desk.domain.recipients import RecipientKind
from coursenplus_desk.domain.requests import REQUEST_KIND_LABELS, RequestKind
from coursenplus_desk.domain.subject_data import SubjectData
from coursenplus_desk.i18n import N_, format_day
from coursenplus_desk.reports.base import DocumentContext, heading, paragraph
from coursenplus_desk.reports.request_common import field_label

# -- the history ---------------------------------------------------------------------------


def history_lines(context: DocumentContext, data: SubjectData) -> list[str]:
    """One sentence per kind of event and day: "22/11/2026: Family link added with …"."""
    return [_history_line(context, data, entry) for entry in data.history]


def _history_line(context: DocumentContext, data: SubjectData, entry: HistoryEntry) -> str:
    sentence = context.say(entry.sentence, subject=_subject(context, data, entry))
    if entry.count > 1:
        sentence = context.say("{sentence} ({count} times)", sentence=sentence, count=entry.count)
    return f"{format_day(entry.day, context.language)} — {sentence}"


def _subject(context: DocumentContext, data: SubjectData, entry: HistoryEntry) -> str:
    kind = SUBJECTS.get(entry.action)
    if not entry.subject:
        return context.t("a person whose record was erased") if kind == Subject.NAME else ""
    if kind == Subject.FIELDS:
        return ", ".join(field_label(context, key) for key in entry.subject.split(","))
    if kind == Subject.PURPOSE:
        label = data.purpose_labels.get(entry.subject)
        return context.t(label) if label else entry.subject
    if kind == Subject.REQUEST_KIND and entry.subject in {k.value for k in RequestKind}:
        return context.t(REQUEST_KIND_LABELS[RequestKind(entry.subject)])
    return entry.subject


# -- recipients (Art. 15(1)(c), 15(2)) -----------------------------------------------------


def recipient_section(
    context: DocumentContext, data: SubjectData, for_someone: str | None = None
) -> list[Any]:
    lines = [
        context.say(
            "The administrators of {association}, on their own computers, in encrypted files."
        )
    ]
    for recipient in data.recipients:
        if recipient.kind == RecipientKind.TUTOR:
            lines.append(
                context.say(
                    "{name}, tutor of the group “{group}”, who receives the data needed to "
                    "run the courses as a processor acting for {association} (Art. 28 GDPR).",
                    name=recipient.name,
                    group=recipient.about,
                )
            )
        elif recipient.kind == RecipientKind.ROSTER:
            message = (
                N_(
                    "On {date}, {name} was given the roster of the group “{group}”, with the "
                    "name and school year of {student} and a parent's phone for emergencies."
                )
                if recipient.detail == "phone"
                else N_(
                    "On {date}, {name} was given the roster of the group “{group}”, with the "
                    "name and school year of {student}."
                )
            )
            lines.append(
                context.say(
                    message,
                    date=format_day(recipient.on, context.language),
                    name=recipient.name,
                    group=recipient.about,
                    student=data.full_name,  # the reply may go to a parent: no "your name"
                )
            )
        else:
            lines.append(
                context.say(
                    "{recipients} (register of processing: {activity})",
                    recipients=_sentence_end(context.t(recipient.name)),
                    activity=context.t(recipient.about),
                )
            )
    story: list[Any] = [heading(context.t("2. Recipients of the data"))]
    story += [paragraph("• " + line) for line in lines]
    story.append(paragraph(context.t("No data is sold.")))
    story += _transfers(context, data, for_someone)
    return story


def _sentence_end(text: str) -> str:
    return text.rstrip().rstrip(".")


def _transfers(
    context: DocumentContext, data: SubjectData, for_someone: str | None = None
) -> list[Any]:
    if not data.transfers:
        return [paragraph(
            context.say("None of the data of {name} is transferred outside the European "
                        "Economic Area.", name=for_someone)
            if for_someone
            else context.t("None of your data is transferred outside the European Economic Area.")
        )]  # fmt: skip
    story: list[Any] = [paragraph(
        context.say("Some of the data of {name} is transferred outside the European Economic "
                    "Area (Art. 15(2) and 46 GDPR):", name=for_someone)
        if for_someone
        else context.t("Some of your data is transferred outside the European Economic Area "
                       "(Art. 15(2) and 46 GDPR):")
    )]  # fmt: skip
    for transfer in data.transfers:
        safeguards = context.t(transfer.safeguards) if transfer.safeguards else ""
        text = (
            context.say(
                "{activity}: to {destination}, with this safeguard: {safeguards}.",
                activity=context.t(transfer.activity),
                destination=context.t(transfer.destination),
                safeguards=safeguards,
            )
            if safeguards
            else context.say(
                "{activity}: to {destination}; no safeguard is recorded in our register.",
                activity=context.t(transfer.activity),
                destination=context.t(transfer.destination),
            )
        )
        story.append(paragraph("• " + text))
    return story


# -- sources (Art. 15(1)(g)) ---------------------------------------------------------------


_CREATED = {
    "typed": N_("The record of {name} was typed in by an administrator of {association} on "
                "{date}."),
    "import": N_("The record of {name} was created on {date} from a file imported by the "
                 "association."),
    "application": N_("The record of {name} was created on {date} from a membership "
                      "application."),
}  # fmt: skip


def source_section(context: DocumentContext, data: SubjectData) -> list[Any]:
    """Say who provided what only where the program knows it."""
    provenance = data.provenance
    day = format_day(provenance.created_on, context.language)
    lines: list[str] = []
    created = _CREATED.get(provenance.created_by)
    if created is not None:
        lines.append(context.say(created, name=data.full_name, date=day))
    for giver, purpose in provenance.consents_by:
        label = data.purpose_labels.get(purpose)
        lines.append(
            context.say(
                "{giver} gave the consent for {name}: {purpose}.",
                giver=giver,
                name=data.full_name,
                purpose=context.t(label) if label else purpose,
            )
        )
    if provenance.health_by:
        lines.append(
            context.say(
                "{giver} gave the health information of {name}, with their explicit consent.",
                giver=provenance.health_by,
                name=data.full_name,
            )
        )
    for requester in provenance.requests_by:
        lines.append(
            context.say(
                "{giver} made requests about the data of {name}.",
                giver=requester,
                name=data.full_name,
            )
        )
    lines.append(
        context.say(
            "Courses, groups, payments and contacts are recorded by the administrators of "
            "{association}."
        )
    )
    if created is None and not provenance.consents_by:
        lines.insert(
            0,
            context.say(
                "The program does not record who gave the rest of the data of {name}; ask us "
                "if you want to know more.",
                name=data.full_name,
            ),
        )
    story: list[Any] = [heading(context.t("3. Where the data comes from"))]
    story += [paragraph(line) for line in lines]
    return story
