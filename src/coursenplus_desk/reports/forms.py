"""Membership and enrollment forms: blank, pre-filled, or fillable (named AcroForm fields).

Field names are stable (given_name, guardian1_email, consent_photos...) so a filled-in
PDF can be read back. AcroForm fields use Helvetica (the PDF standard font viewers
render fields with); the printed labels and pre-filled text use embedded DejaVu Sans.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from coursenplus_desk.i18n import N_, Translate
from coursenplus_desk.reports.base import (
    FONT,
    DocumentContext,
    heading,
    paragraph,
    render,
    styles,
)
from coursenplus_desk.reports.notice import NoticeFacts, notice_paragraphs

# (field name, label message id, share of the line)
FieldSpec = tuple[str, str, float]

IDENTITY: tuple[tuple[FieldSpec, ...], ...] = (
    (("family_name", N_("Family name"), 0.5), ("given_name", N_("Given name"), 0.5)),
    (("birth_date", N_("Birth date"), 0.25), ("email", N_("Email"), 0.45),
     ("phone", N_("Phone"), 0.3)),
    (("street", N_("Street and number"), 1.0),),
    (("postal_code", N_("Postal code"), 0.2), ("city", N_("City"), 0.5),
     ("country", N_("Country"), 0.3)),
)  # fmt: skip
# A member gives what the members register needs (name, address) and a way to be reached.
MEMBER_IDENTITY: tuple[tuple[FieldSpec, ...], ...] = (
    IDENTITY[0],
    (("email", N_("Email"), 0.6), ("phone", N_("Phone"), 0.4)),
    *IDENTITY[2:],
)
MEMBERSHIP = ((("membership_year", N_("Membership year"), 0.5), ("fee", N_("Fee"), 0.5)),)
SCHOOL = (
    (("school", N_("School"), 0.6), ("school_year", N_("School year"), 0.4)),
    (("course_wanted", N_("Course wanted"), 1.0),),
)
SIGNED = ((("signed_place", N_("Place"), 0.5), ("signed_on", N_("Date"), 0.5)),)
GUARDIANS_ON_FORM = 2


def guardian_rows(number: int) -> tuple[tuple[FieldSpec, ...], ...]:
    prefix = f"guardian{number}_"
    return (
        ((prefix + "name", N_("Name"), 0.6), (prefix + "relationship", N_("Relationship"), 0.4)),
        ((prefix + "email", N_("Email"), 0.6), (prefix + "phone", N_("Phone"), 0.4)),
    )


@dataclass(frozen=True)
class FormContent:
    """What one form shows; `values` holds pre-filled text by field name (empty: blank form)."""

    kind: str  # "membership" or "enrollment"
    purposes: tuple[tuple[str, str], ...]  # (key, label message id or custom label)
    notice: NoticeFacts
    values: dict[str, str] = field(default_factory=dict)
    ticked: frozenset[str] = frozenset()
    guardians: int = GUARDIANS_ON_FORM  # parent or guardian blocks (none for a known adult)
    fillable: bool = False
    minor: bool = False  # the person is known to be under 18


class FieldRow(Flowable):  # type: ignore[misc]
    """One line of labelled fields side by side: printed text or AcroForm text fields."""

    HEIGHT = 11 * mm
    GAP = 3 * mm

    def __init__(self, cells: Sequence[tuple[str, str, str, float]], fillable: bool) -> None:
        super().__init__()
        self.cells = cells  # (name, label, value, share)
        self.fillable = fillable
        self.height = self.HEIGHT

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return self.width, self.height

    def draw(self) -> None:
        x = 0.0
        for name, label, value, share in self.cells:
            width = self.width * share - self.GAP
            self._cell(x, width, name, label, value)
            x += self.width * share

    def _cell(self, x: float, width: float, name: str, label: str, value: str) -> None:
        canvas = self.canv
        canvas.setFont(FONT, 7)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(x, self.height - 8, label)
        canvas.setFillColor(colors.black)
        if self.fillable:
            canvas.acroForm.textfield(
                name=name, tooltip=label, value=value if _latin1(value) else "",
                x=x, y=1, width=width, height=6 * mm,
                fontName="Helvetica", fontSize=9, borderWidth=0.5, borderColor=colors.grey,
                fillColor=colors.HexColor("#F4F7FA"), textColor=colors.black, relative=True,
            )  # fmt: skip
            return
        canvas.setFont(FONT, 10)
        canvas.drawString(x + 1.5, 3, value)
        canvas.setStrokeColor(colors.grey)
        canvas.setLineWidth(0.5)
        canvas.line(x, 1, x + width, 1)


class CheckRow(Flowable):  # type: ignore[misc]
    """A tick box and its label; a named AcroForm checkbox in the fillable version."""

    SIZE = 4 * mm

    def __init__(self, name: str, label: str, checked: bool, fillable: bool) -> None:
        super().__init__()
        self.name, self.label, self.checked, self.fillable = name, label, checked, fillable
        self.height = 7 * mm

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        if self.fillable:
            canvas.acroForm.checkbox(
                name=self.name, tooltip=self.label, checked=self.checked, x=0, y=1,
                size=self.SIZE, buttonStyle="check", borderWidth=0.5, borderColor=colors.black,
                fillColor=colors.white, textColor=colors.black, relative=True,
            )  # fmt: skip
        else:
            canvas.setLineWidth(0.6)
            canvas.rect(0, 1, self.SIZE, self.SIZE)
            if self.checked:
                canvas.line(0.8 * mm, 1 + 0.8 * mm, self.SIZE - 0.8 * mm, 1 + self.SIZE - 0.8 * mm)
                canvas.line(0.8 * mm, 1 + self.SIZE - 0.8 * mm, self.SIZE - 0.8 * mm, 1 + 0.8 * mm)
        canvas.setFont(FONT, 9.5)
        canvas.drawString(self.SIZE + 2.5 * mm, 2.2, self.label)


class SignatureBox(Flowable):  # type: ignore[misc]
    """Room for a handwritten signature: signatures are made on paper."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label
        self.height = 22 * mm

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(FONT, 7)
        canvas.drawString(0, self.height - 8, self.label)
        canvas.setStrokeColor(colors.grey)
        canvas.setLineWidth(0.5)
        canvas.rect(0, 0, self.width * 0.6, self.height - 11)


def render_form(context: DocumentContext, content: FormContent) -> bytes:
    translate = context.t
    title = (
        translate("Membership form")
        if content.kind == "membership"
        else translate("Enrollment form")
    )
    pdf = render(context, title, _story(context, content, title))
    beyond_latin1 = {k: v for k, v in content.values.items() if not _latin1(v)}
    if content.fillable and beyond_latin1:
        pdf = _set_field_values(pdf, beyond_latin1)
    return pdf


def _latin1(text: str) -> bool:
    """reportlab writes field values in Latin-1 only ('Zoë' yes, 'Łukasz' no)."""
    return all(ord(ch) < 256 for ch in text)


def _set_field_values(pdf: bytes, values: dict[str, str]) -> bytes:
    """Put values reportlab cannot encode into their fields as Unicode, with pypdf."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    writer.set_need_appearances_writer(True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _story(context: DocumentContext, content: FormContent, title: str) -> list[Flowable]:
    translate = context.t
    story: list[Flowable] = [
        paragraph(title, styles().title),
        paragraph(_intro(content, translate)),
    ]
    if content.values:
        prefilled = translate(
            "Pre-filled with the data we hold: please correct anything wrong or missing."
        )
        story.append(paragraph(prefilled, styles().small))
    who = translate("The member") if content.kind == "membership" else translate("The student")
    # A minor member gives a birth date: it shows why a parent or guardian signs.
    identity = MEMBER_IDENTITY if content.kind == "membership" and not content.minor else IDENTITY
    story += [heading(who), *_rows(identity, content, translate)]
    if content.kind == "membership":
        story += [heading(translate("Membership")), *_rows(MEMBERSHIP, content, translate)]
    else:
        story += [heading(translate("School and course")), *_rows(SCHOOL, content, translate)]
    story += _guardian_blocks(content, translate)
    story += _consents(content, translate)
    story += [CondPageBreak(60 * mm), heading(translate("Privacy notice"))]
    story += [
        paragraph(text, styles().small)
        for text in notice_paragraphs(content.notice, translate, context.language)
    ]
    story += [
        Spacer(1, 4),
        *_rows(SIGNED, content, translate),
        SignatureBox(_signature_label(content, translate)),
    ]
    return story


def _intro(content: FormContent, translate: Translate) -> str:
    if content.kind == "membership":
        return translate(
            "Please fill in and sign this form, and send it to the association with the "
            "membership fee. Nothing is kept until your membership is confirmed."
        )
    return translate("Please fill in and sign this form and give it back to the association.")


def _guardian_blocks(content: FormContent, translate: Translate) -> list[Flowable]:
    blocks: list[Flowable] = []
    for number in range(1, content.guardians + 1):
        if content.kind == "membership":
            label = translate("Parent or guardian {number} (for a member under 18)")
        else:
            label = translate("Parent or guardian {number} (for a student under 18)")
        rows = _rows(guardian_rows(number), content, translate)
        blocks.append(KeepTogether([heading(label.format(number=number)), *rows]))
    if blocks and content.kind == "membership":
        blocks.append(
            paragraph(
                translate(
                    "For a member under 18, a parent or guardian fills in this part and signs "
                    "the form: they agree to the membership and to what is ticked below."
                ),
                styles().small,
            )
        )
    return blocks


def _signature_label(content: FormContent, translate: Translate) -> str:
    if content.kind == "membership":
        if content.minor:
            return translate("Signature of the parent or guardian")
        if content.guardians:
            return translate("Signature (of a parent or guardian for a member under 18)")
        return translate("Signature")
    return translate("Signature (of a parent or guardian for a student under 18)")


def _rows(
    rows: Sequence[Sequence[FieldSpec]], content: FormContent, translate: Translate
) -> list[Flowable]:
    return [
        FieldRow(
            [
                (name, translate(label), content.values.get(name, ""), share)
                for name, label, share in row
            ],
            content.fillable,
        )
        for row in rows
    ]


def _consents(content: FormContent, translate: Translate) -> list[Flowable]:
    if not content.purposes:
        return []
    rows: list[Flowable] = [
        heading(translate("Consents")),
        paragraph(
            translate(
                "Tick what you agree to. Each consent is optional and can be withdrawn at any time."
            ),
            styles().small,
        ),
    ]
    rows += [
        CheckRow(f"consent_{key}", translate(label), key in content.ticked, content.fillable)
        for key, label in content.purposes
    ]
    return [KeepTogether(rows)]
