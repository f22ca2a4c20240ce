"""Cells that are safe to open in spreadsheet software.

A cell starting with = + - @ (or a tab or carriage return) is run as a formula
by Excel and LibreOffice (CSV injection); a leading apostrophe makes it text.
"""

from __future__ import annotations

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
