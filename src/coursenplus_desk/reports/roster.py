"""The roster of a group for its tutor: who attends, and only what running the course needs."""

from __future__ import annotations

from typing import Any

from coursenplus_desk.domain.disclosures import Roster
from coursenplus_desk.i18n import format_day
from coursenplus_desk.reports.base import (
    DocumentContext,
    heading,
    key_values,
    paragraph,
    render,
    styles,
    table,
)


def roster_pdf(context: DocumentContext, roster: Roster) -> bytes:
    translate = context.t
    title = translate("Group roster for the tutor")
    story: list[Any] = [paragraph(title, styles().title)]
    story += key_values(
        [
            (translate("Group"), roster.group_name),
            (translate("Course"), roster.course),
            (translate("Tutor (processor)"), roster.tutor_name),
            (translate("Schedule"), roster.schedule),
            (translate("Place"), roster.place),
            (translate("Given on"), format_day(roster.given_on, context.language)),
        ]
    )
    story.append(heading(translate("Students")))
    if not roster.lines:
        story.append(paragraph(translate("No student attends this group on this day.")))
    else:
        header = [translate("Student"), translate("School year")]
        if roster.with_guardian_phone:
            header.append(translate("Parent's phone (emergencies only)"))
        rows = [
            [line.full_name, line.school_year]
            + ([line.guardian_phone] if roster.with_guardian_phone else [])
            for line in roster.lines
        ]
        story += table(header, rows)
    story.append(heading(translate("What you may do with this roster")))
    story.append(
        paragraph(
            context.say(
                "You receive this roster as a processor of {association}, only to run this "
                "group's courses (GDPR Art. 28). Do not copy it, do not pass it on, keep it out "
                "of sight of others, and give it back or destroy it when the group ends."
            )
        )
    )
    if roster.with_guardian_phone:
        story.append(
            paragraph(
                translate("The parents' phone numbers are for emergencies during the courses only.")
            )
        )
    story.append(
        paragraph(
            context.say(
                "Questions about these data: {contact}.",
                contact=context.organisation.privacy_contact,
            ),
            styles().small,
        )
    )
    return render(context, title, story)
