"""Attendance sheet: one row per enrolled student, one signature column per session."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from coursenplus_desk.domain.attendance import Session, expected
from coursenplus_desk.i18n import format_day
from coursenplus_desk.reports.base import DocumentContext, escape, key_values, render, styles
from coursenplus_desk.store.attendance import EnrolledStudent

SESSIONS_PER_TABLE = 5
NAME_WIDTH = 52 * mm
SESSION_WIDTH = 24 * mm
ROW_HEIGHT = 10 * mm
NOT_EXPECTED = "—"


@dataclass(frozen=True)
class AttendanceContent:
    group_name: str
    course: str
    tutor: str
    schedule: str
    place: str
    first: date
    last: date
    sessions: tuple[Session, ...]
    students: tuple[EnrolledStudent, ...]


def render_attendance(context: DocumentContext, content: AttendanceContent) -> bytes:
    translate = context.t
    title = translate("Attendance sheet")
    return render(context, title, _story(context, content, title))


def _story(context: DocumentContext, content: AttendanceContent, title: str) -> list[Flowable]:
    translate, lang = context.t, context.language
    period = f"{format_day(content.first, lang)} – {format_day(content.last, lang)}"
    story: list[Flowable] = [
        Paragraph(escape(title), styles().title),
        *key_values([
            (translate("Group"), content.group_name), (translate("Course"), content.course),
            (translate("Tutor"), content.tutor), (translate("Schedule"), content.schedule),
            (translate("Place"), content.place), (translate("Period"), period),
            (translate("Students"), len(content.students)),
        ]),
    ]  # fmt: skip
    if not content.students:
        empty = translate("No student is enrolled in this group for this period.")
        story.append(Paragraph(escape(empty), styles().body))
        return story
    for start in range(0, max(len(content.sessions), 1), SESSIONS_PER_TABLE):
        part = content.sessions[start : start + SESSIONS_PER_TABLE]
        story += [_table(context, content.students, part), Spacer(1, 6 * mm)]
    story.append(Paragraph(escape(translate("— : not enrolled on that date.")), styles().small))
    return story


def _table(
    context: DocumentContext, students: Sequence[EnrolledStudent], sessions: Sequence[Session]
) -> Table:
    cell = styles().cell
    translate = context.t
    header = [Paragraph(f"<b>{escape(translate('Student'))}</b>", cell)]
    header += [Paragraph(f"<b>{escape(_label(s, context))}</b>", cell) for s in sessions]
    rows = [
        [Paragraph(escape(student.full_name), cell)]
        + ["" if expected(s, student.starts_on, student.ends_on) else NOT_EXPECTED
           for s in sessions]
        for student in students
    ]  # fmt: skip
    widths = [NAME_WIDTH] + [SESSION_WIDTH] * len(sessions)
    heights = [None] + [ROW_HEIGHT] * len(rows)
    table = Table(
        [header, *rows], colWidths=widths, rowHeights=heights, repeatRows=1, hAlign="LEFT"
    )
    table.setStyle(_STYLE)
    return table


def _label(session: Session, context: DocumentContext) -> str:
    if session.is_day:
        return format_day(session.first, context.language)
    translate = context.t
    return translate("week of {date}").format(date=format_day(session.first, context.language))


_STYLE = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (1, 1), (-1, -1), "CENTER"),
        ("FONTNAME", (0, 0), (-1, -1), "DejaVuSans"),
        ("TEXTCOLOR", (1, 1), (-1, -1), colors.grey),
    ]
)
