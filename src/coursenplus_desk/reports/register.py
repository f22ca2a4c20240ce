"""The members register (asbl): effective members, admission and departure dates."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from coursenplus_desk.domain.membership import (
    REGISTER_DELAY_DAYS,
    ChangeKind,
    RegisterEntry,
    Reminder,
)
from coursenplus_desk.i18n import format_day
from coursenplus_desk.reports.base import DocumentContext, heading, paragraph, render, styles, table


def render_register(
    context: DocumentContext, entries: Sequence[RegisterEntry], reminders: Sequence[Reminder]
) -> bytes:
    translate = context.t
    title = translate("Members register")
    return render(context, title, _story(context, entries, reminders, title))


def _story(
    context: DocumentContext,
    entries: Sequence[RegisterEntry],
    reminders: Sequence[Reminder],
    title: str,
) -> list[Flowable]:
    translate, lang = context.t, context.language
    story: list[Flowable] = [
        paragraph(title, styles().title),
        paragraph(
            translate(
                "Effective members with the dates of their admission and departure, and the "
                "day each change was entered (the law allows {days} days)."
            ).format(days=REGISTER_DELAY_DAYS),
            styles().small,
        ),
    ]
    header = [
        translate("No."), translate("Name"), translate("Address"), translate("Admitted on"),
        translate("Entered on"), translate("Left on"), translate("Entered on"),
    ]  # fmt: skip
    rows = [
        [str(number), e.full_name, e.address, format_day(e.admitted_on, lang),
         format_day(e.admission_entered_on, lang), format_day(e.left_on, lang),
         format_day(e.departure_entered_on, lang)]
        for number, e in enumerate(entries, start=1)
    ]  # fmt: skip
    widths = [10 * mm, 34 * mm, 50 * mm, 20 * mm, 20 * mm, 20 * mm, 20 * mm]
    story += table(header, rows, widths)
    story.append(heading(translate("Reminders")))
    if not reminders:
        story.append(paragraph(translate("Every change was entered within {days} days.")
                               .format(days=REGISTER_DELAY_DAYS)))  # fmt: skip
        return story
    for r in reminders:
        change = (
            translate("admission") if r.change is ChangeKind.ADMISSION else translate("departure")
        )
        if r.entered_on is None:
            text = translate("{name}: {change} on {date} still to enter ({ago}).")
            delay = context.counted("{count} day ago", "{count} days ago", r.days)
        else:
            text = translate("{name}: {change} on {date} entered {later}.")
            delay = context.counted("{count} day later", "{count} days later", r.days)
        day = format_day(r.changed_on, lang)
        story.append(
            paragraph(
                text.format(name=r.full_name, change=change, date=day, ago=delay, later=delay)
            )
        )
    return story
