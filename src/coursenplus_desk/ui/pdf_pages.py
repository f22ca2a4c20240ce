"""The pages of a PDF the program made, drawn onto a printer (or its preview) by QtPdf.

QtPdf renders with PDFium, the engine of Chromium's PDF viewer. Each page is
drawn as a picture at the printer's resolution (at most PRINT_DPI), with its
text laid over it invisibly at the same places: what comes out of the printer
looks like the PDF, and a "print to file" stays searchable.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, QSizeF
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintEngine,
    QPainter,
)
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter

from coursenplus_desk.paths import fonts_dir

PRINT_DPI = 300  # enough for text on paper; a page stays about 35 MB in memory
PREVIEW_DPI = 150  # the preview keeps every page: smaller pictures
POINTS_PER_INCH = 72


class UnreadablePdfError(Exception):
    """Not a PDF QtPdf can open: a bug, since the program made the document itself."""


@dataclass(frozen=True)
class TextLine:
    text: str
    box: QRectF  # in points, from the page's top left corner


class PdfPages:
    """A loaded PDF: page sizes, pictures of pages and the text of each line."""

    def __init__(self, pdf: bytes) -> None:
        self._data = QByteArray(pdf)  # the buffer reads from it: kept alive with the document
        self._buffer = QBuffer(self._data)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument()
        self.document.load(self._buffer)
        if self.document.status() != QPdfDocument.Status.Ready or self.page_count == 0:
            raise UnreadablePdfError(str(self.document.error()))

    @property
    def page_count(self) -> int:
        return int(self.document.pageCount())

    def size(self, page: int) -> QSizeF:
        """The page's size in points."""
        return self.document.pagePointSize(page)

    def picture(self, page: int, dpi: float) -> QImage:
        size = self.size(page) * (dpi / POINTS_PER_INCH)
        options = QPdfDocumentRenderOptions()
        options.setRenderFlags(QPdfDocumentRenderOptions.RenderFlag.Annotations)  # form fields
        pixels = QSize(round(size.width()), round(size.height()))
        return self.document.render(page, pixels, options)

    def lines(self, page: int) -> list[TextLine]:
        """The page's text, one entry per line, where PDFium found it."""
        text = self.document.getAllText(page).text()
        found: list[TextLine] = []
        start = 0
        for line in text.split("\r\n"):
            # PDFium counts the line break it inserts as two characters
            if line.strip():
                box = self.document.getSelectionAtIndex(page, start, len(line)).boundingRectangle()
                if box.isValid():
                    found.append(TextLine(line, box))
            start += len(line) + 2
        return found

    def close(self) -> None:
        self.document.close()
        self._buffer.close()


def fit_printer(printer: QPrinter, pages: PdfPages) -> None:
    """Paper of the document's first page, in its orientation, printed edge to edge: the
    PDF carries its own margins."""
    size = pages.size(0)
    landscape = size.width() > size.height()
    portrait = size.transposed() if landscape else size
    page_size = QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    printer.setPageSize(page_size)
    printer.setPageOrientation(orientation)
    printer.setFullPage(True)


def paint_pages(printer: QPrinter, pages: PdfPages) -> None:
    """Every page of the document onto the printer (Qt asks again for each preview)."""
    painter = QPainter()
    if not painter.begin(printer):
        return  # the printer refused to start (the dialog says why)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)  # the preview's zoom
    preview = painter.paintEngine().type() == QPaintEngine.Type.Picture
    dpi = min(float(printer.resolution()), PREVIEW_DPI if preview else PRINT_DPI)
    try:
        for page in range(pages.page_count):
            if page:
                printer.newPage()
            target = _target(printer, pages.size(page))
            picture = pages.picture(page, dpi)
            painter.drawImage(target, picture)
            _draw_text_layer(painter, pages, page, target)
    finally:
        painter.end()


def _target(printer: QPrinter, points: QSizeF) -> QRectF:
    """Where a page of `points` lands on the paper: as large as fits, centred."""
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    scale = min(paper.width() / points.width(), paper.height() / points.height())
    width, height = points.width() * scale, points.height() * scale
    return QRectF(
        paper.x() + (paper.width() - width) / 2,
        paper.y() + (paper.height() - height) / 2,
        width,
        height,
    )


def _draw_text_layer(painter: QPainter, pages: PdfPages, page: int, target: QRectF) -> None:
    scale = target.width() / pages.size(page).width()
    painter.save()
    painter.setPen(QColor(0, 0, 0, 0))  # invisible: the picture shows the text
    for line in pages.lines(page):
        box = QRectF(
            target.x() + line.box.x() * scale,
            target.y() + line.box.y() * scale,
            line.box.width() * scale,
            line.box.height() * scale,
        )
        font = QFont(_text_font_family())
        font.setPixelSize(max(1, round(box.height())))
        metrics = QFontMetricsF(font)
        painter.setFont(font)
        painter.save()
        painter.translate(box.topLeft())
        width = metrics.horizontalAdvance(line.text)
        if width > 0:
            painter.scale(box.width() / width, 1.0)
        painter.drawText(QPointF(0, metrics.ascent()), line.text)
        painter.restore()
    painter.restore()


@cache
def _text_font_family() -> str:
    """The font the documents use (DejaVu Sans, shipped with the program)."""
    font_id = QFontDatabase.addApplicationFont(str(fonts_dir() / "DejaVuSans.ttf"))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else QFont().family()
