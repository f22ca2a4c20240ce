"""The shared layout of every document: embedded Unicode fonts, header, footer, tables.

Helvetica cannot print ł, ş or the narrow no-break space French uses in
numbers, so DejaVu Sans (shipped in resources/fonts) is embedded. Long tables
are split into chunks (one 10,000-row table takes seconds; chunks are linear).
Password protection is AES-256 applied afterwards with pypdf (reportlab's own
is RC4).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from pypdf import PdfReader, PdfWriter
from reportlab.lib import colors
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from coursenplus_desk.domain.french import sentence, with_article
from coursenplus_desk.domain.organisation import Organisation
from coursenplus_desk.i18n import N_, Translate, counted_in, format_day, translator
from coursenplus_desk.paths import fonts_dir

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
TABLE_CHUNK_ROWS = 300
PAGE_MARGIN = 18 * mm
CELL_PADDING = 3
CELL_FONT_SIZE = 8.5
CELL_LEADING = 10.5
# The width a flowable gets: the page less its margins and the frame's own padding.
FRAME_WIDTH = A4[0] - 2 * PAGE_MARGIN - 12


@cache
def register_fonts() -> None:
    """Register DejaVu Sans once per process, with bold and italic variants."""
    variants = {
        FONT: "DejaVuSans.ttf",
        FONT_BOLD: "DejaVuSans-Bold.ttf",
        "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf",
        "DejaVuSans-BoldOblique": "DejaVuSans-BoldOblique.ttf",
    }
    for name, file in variants.items():
        pdfmetrics.registerFont(TTFont(name, str(fonts_dir() / file)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, "DejaVuSans-Oblique")
    addMapping(FONT, 1, 1, "DejaVuSans-BoldOblique")


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle


@cache
def styles() -> Styles:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, spaceAfter=4)
    return Styles(
        title=ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=16, leading=20,
                             spaceAfter=10),
        heading=ParagraphStyle("heading", parent=body, fontName=FONT_BOLD, fontSize=12,
                               leading=15, spaceBefore=10, spaceAfter=4),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10),
        cell=ParagraphStyle("cell", parent=body, fontSize=CELL_FONT_SIZE, leading=CELL_LEADING,
                           spaceAfter=0),
    )  # fmt: skip


def escape(text: object) -> str:
    """Plain text for a Paragraph (which reads a small XML dialect)."""
    return (
        str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\n", "<br/>")
    )  # fmt: skip


def paragraph(text: object, style: ParagraphStyle | None = None) -> Paragraph:
    return Paragraph(escape(text), style or styles().body)


def heading(text: str) -> Paragraph:
    return Paragraph(escape(text), styles().heading)


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float] | None = None,
) -> list[Flowable]:
    """A table split into chunks that each repeat the header.

    A cell that fits on one line of its column is a plain string: a Paragraph per
    cell (parsed, wrapped and drawn one by one) made a 1,000-row table take a
    second. Only text that must wrap, or has line breaks, is a Paragraph.
    """
    cell = styles().cell
    texts = [["" if v is None else str(v) for v in row] for row in rows]
    columns = list(widths) if widths and all(widths) else _column_widths(header, texts)
    head = [Paragraph(f"<b>{escape(h)}</b>", cell) for h in header]
    body = [[_cell(text, width) for text, width in zip(row, columns, strict=False)]
            for row in texts]  # fmt: skip
    chunks: list[Flowable] = []
    for start in range(0, max(len(body), 1), TABLE_CHUNK_ROWS):
        part = Table([head, *body[start : start + TABLE_CHUNK_ROWS]], colWidths=columns,
                     repeatRows=1, hAlign="LEFT")  # fmt: skip
        part.setStyle(_TABLE_STYLE)
        chunks.append(part)
    return chunks


def _text_width(text: str, font: str = FONT) -> float:
    return float(pdfmetrics.stringWidth(text, font, styles().cell.fontSize))


def _cell(text: str, width: float) -> str | Paragraph:
    if "\n" not in text and _text_width(text) <= width - 2 * CELL_PADDING:
        return text
    return Paragraph(escape(text), styles().cell)


def _column_widths(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[float]:
    """Narrow columns get the width of their longest text; the others share the rest.

    When everything fits, the spare width is shared in proportion, so the table
    spans the page as before.
    """
    natural = [
        max([_text_width(h, FONT_BOLD)] + [_text_width(row[i]) for row in rows if i < len(row)])
        + 2 * CELL_PADDING
        for i, h in enumerate(header)
    ]
    wide = set(range(len(natural)))
    share = FRAME_WIDTH
    while wide:
        share = (FRAME_WIDTH - sum(natural[i] for i in range(len(natural)) if i not in wide)) / len(
            wide
        )
        narrow = {i for i in wide if natural[i] <= share}
        if not narrow:
            return [share if i in wide else w for i, w in enumerate(natural)]
        wide -= narrow
    total = sum(natural) or 1.0
    return [w + (FRAME_WIDTH - total) * w / total for w in natural]


_TABLE_STYLE = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        # Plain-string cells look like the Paragraph ones (the `cell` style).
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_FONT_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
    ]
)


def key_values(pairs: Sequence[tuple[str, object]]) -> list[Flowable]:
    """A two-column label/value table; empty values are shown as a dash."""
    rows = [(label, "—" if value in (None, "") else value) for label, value in pairs]
    cell = styles().cell
    data = [[Paragraph(f"<b>{escape(k)}</b>", cell), Paragraph(escape(v), cell)] for k, v in rows]
    part = Table(data, colWidths=[55 * mm, None], hAlign="LEFT")
    part.setStyle(_TABLE_STYLE)
    return [part, Spacer(1, 4)]


@dataclass(frozen=True)
class DocumentContext:
    """What every document needs: the association, the language, the date of issue."""

    organisation: Organisation
    language: str
    issued_on: date

    def __post_init__(self) -> None:
        # Documents read as sentences: an association that has not set its name yet is named
        # generically rather than left blank. The authority is named in the document's language.
        organisation = self.organisation.in_language(self.language)
        if not organisation.name.strip():
            generic = translator(self.language)(N_("the association"))
            organisation = replace(organisation, name=generic)
        object.__setattr__(self, "organisation", organisation)

    @property
    def t(self) -> Translate:
        return translator(self.language)

    @property
    def association(self) -> str:
        """The association's name as a sentence uses it ("l'asbl Cours en Plus" in French)."""
        name = self.organisation.name
        return with_article(name) if self.language == "fr" else name

    def say(self, message: str, /, **values: object) -> str:
        """A translated sentence with its values, `{association}` included, grammatical in
        French where a value meets the words around it ("d'accès", "qu'IMPEL")."""
        return sentence(self.t(message), self.language, **{"association": self.association,
                                                            **values})  # fmt: skip

    def counted(self, singular: str, plural: str, count: int) -> str:
        """'1 year' or '5 years' in the document's language."""
        return counted_in(self.language, singular, plural, count)


def render(context: DocumentContext, title: str, story: list[Any]) -> bytes:
    """Lay out a document with the association's header and a numbered footer."""
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=PAGE_MARGIN,
        rightMargin=PAGE_MARGIN,
        topMargin=PAGE_MARGIN + 8 * mm,
        bottomMargin=PAGE_MARGIN,
        title=title,
        author=context.organisation.name,
        creator="Cours en Plus Desk",
        lang=context.language,
    )

    def decorate(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        _page_furniture(canvas, doc, context, title)

    document.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


def _page_furniture(
    canvas: Canvas, doc: SimpleDocTemplate, context: DocumentContext, title: str
) -> None:
    t = context.t
    canvas.saveState()
    width, height = A4
    canvas.setFont(FONT_BOLD, 9)
    canvas.drawString(PAGE_MARGIN, height - PAGE_MARGIN, context.organisation.name or "")
    canvas.setFont(FONT, 8)
    canvas.drawRightString(width - PAGE_MARGIN, height - PAGE_MARGIN, title)
    footer = t("Issued on {date} — page {page}").format(
        date=format_day(context.issued_on, context.language), page=doc.page
    )
    canvas.drawRightString(width - PAGE_MARGIN, PAGE_MARGIN / 2, footer)
    canvas.restoreState()


def encrypt(pdf: bytes, password: str) -> bytes:
    """Protect a finished PDF with AES-256 (opening needs the password)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text_of(pdf: bytes, password: str | None = None) -> str:
    """All the text of a PDF (for checks and tests)."""
    reader = PdfReader(io.BytesIO(pdf))
    if reader.is_encrypted:
        reader.decrypt(password or "")
    return "\n".join(page.extract_text() or "" for page in reader.pages)
