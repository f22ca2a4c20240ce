"""Render the application icon in every size the platforms ask for.

`resources/icons/coursenplus-desk.svg` is the only source; this writes beside it
the PNG sizes (Linux, Qt), the `.ico` (Windows, Inno Setup) and the `.icns`
(macOS). Run it after changing the SVG and commit what it writes:
`.venv/bin/python packaging/make_icons.py`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
NAME = "coursenplus-desk"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def png_path(size: int) -> Path:
    return ICONS / f"{NAME}-{size}.png"


def write_pngs(renderer: QSvgRenderer) -> None:
    for size in PNG_SIZES:
        if not render(renderer, size).save(str(png_path(size))):
            raise OSError(f"cannot write {png_path(size)}")


def write_ico_and_icns() -> None:
    largest = Image.open(png_path(1024))
    ico_images = [Image.open(png_path(size)) for size in ICO_SIZES]
    ico_images[-1].save(
        ICONS / f"{NAME}.ico",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=ico_images[:-1],
    )
    icns_images = [Image.open(png_path(size)) for size in ICNS_SIZES[:-1]]
    largest.save(ICONS / f"{NAME}.icns", append_images=icns_images)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / f"{NAME}.svg"))
    if not renderer.isValid():
        print(f"{NAME}.svg is not a valid SVG", file=sys.stderr)
        return 1
    write_pngs(renderer)
    write_ico_and_icns()
    del app
    print(f"icons written to {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
