"""The application icon: drawn in every size the platforms ask for, and on every window."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from pytestqt.qtbot import QtBot

from coursenplus_desk.paths import icons_dir
from coursenplus_desk.ui.app import application_icon, make_application

NAME = "coursenplus-desk"


def test_every_png_size_is_square_and_as_named() -> None:
    for size in (16, 24, 32, 48, 64, 128, 256, 512, 1024):
        with Image.open(icons_dir() / f"{NAME}-{size}.png") as image:
            assert image.size == (size, size)
            assert image.mode == "RGBA"  # transparent corners


def test_windows_and_macos_icons_hold_their_sizes() -> None:
    with Image.open(icons_dir() / f"{NAME}.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(icons_dir() / f"{NAME}.icns") as icns:
        assert icns.size == (1024, 1024)


def test_the_svg_source_is_there() -> None:
    assert Path(icons_dir() / f"{NAME}.svg").read_text(encoding="utf-8").startswith("<?xml")


def test_the_application_carries_the_icon(qtbot: QtBot) -> None:
    app = make_application([])
    sizes = {(size.width(), size.height()) for size in app.windowIcon().availableSizes()}
    assert {(16, 16), (32, 32), (256, 256)} <= sizes
    assert application_icon().availableSizes() == app.windowIcon().availableSizes()
