"""Where the program's read-only resources (fonts, catalogs, icons) live.

A wheel or a bundle carries them inside the package; a source checkout keeps
them in the top-level `resources/` folder.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    package = Path(__file__).resolve().parent
    candidates = [package / "resources", package.parents[1] / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "coursenplus_desk" / "resources")
    for candidate in candidates:
        if (candidate / "locale").is_dir():
            return candidate
    raise FileNotFoundError("resources folder not found beside the program")


def locale_dir() -> Path:
    return resources_dir() / "locale"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def icons_dir() -> Path:
    return resources_dir() / "icons"
