"""Build and check the translation catalogs.

`resources/locale/<lang>/LC_MESSAGES/*.po` are the sources (one file per area
of the program, so that each can be edited on its own); they are merged into
one compiled `coursenplus_desk.mo` per language.

    python tools/catalogs.py build              compile every language
    python tools/catalogs.py missing fr         list ids without a French translation
    python tools/catalogs.py missing fr --write F.po   add them, untranslated, to F.po
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "coursenplus_desk"
LOCALE = ROOT / "resources" / "locale"
DOMAIN = "coursenplus_desk"
KEYWORDS = {
    "_": None,
    "N_": None,
    "NP_": (1, 2),
    "ngettext": (1, 2),
    "counted": (1, 2),
    "gettext": None,
    "translate": None,
    "t": None,
    "say": None,
}
MessageId = str | tuple[str, ...]


def source_messages() -> dict[MessageId, str]:
    """Every message id used in the source, with one place it is used."""
    found: dict[MessageId, str] = {}
    for filename, line, message, _comments, _context in extract_from_dir(
        SOURCE, method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        if message and (not isinstance(message, tuple) or all(message)):
            found.setdefault(message, f"{filename}:{line}")
    return found


def _sources(language: str) -> Iterator[Path]:
    yield from sorted((LOCALE / language / "LC_MESSAGES").glob("*.po"))


def merged_catalog(language: str) -> Catalog:
    """One language's sources as one catalog, with the plural rule of their headers.

    Babel's own rule for a locale can change between versions (French has three
    forms since Babel 2.19), while the translations give the forms their files state.
    """
    merged = Catalog(locale=language, domain=DOMAIN)
    plural_forms: set[str] = set()
    for path in _sources(language):
        with path.open("rb") as stream:
            source = read_po(stream, locale=language)
            plural_forms.add(source.plural_forms)
            for message in source:
                if not message.id or message.fuzzy:
                    continue
                previous = merged.get(message.id)
                if previous is not None and previous.string != message.string:
                    raise SystemExit(f"{path.name}: {message.id!r} translated twice, differently")
                merged[message.id] = message
    # Babel's own rule for French has three forms (CLDR's "many"); the files give two
    if len(plural_forms) > 1:
        raise SystemExit(f"{language}: the files disagree on Plural-Forms: {plural_forms}")
    if plural_forms:
        merged.mime_headers = [("Plural-Forms", plural_forms.pop())]
    return merged


def translated(message: Message | None) -> bool:
    if message is None:
        return False
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def missing(language: str) -> dict[MessageId, str]:
    catalog = merged_catalog(language)
    return {
        key: where
        for key, where in source_messages().items()
        if not translated(catalog.get(key[0] if isinstance(key, tuple) else key))
    }


def build() -> None:
    for language_dir in sorted(p for p in LOCALE.iterdir() if p.is_dir()):
        catalog = merged_catalog(language_dir.name)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        target = language_dir / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if not target.exists() or target.read_bytes() != buffer.getvalue():
            target.write_bytes(buffer.getvalue())


def write_missing(language: str, path: Path) -> int:
    todo = missing(language)
    catalog = Catalog(locale=language, domain=DOMAIN)
    catalog.mime_headers = [("Plural-Forms", merged_catalog(language).plural_forms)]
    if path.exists():
        with path.open("rb") as stream:
            catalog = read_po(stream, locale=language)
    for key, where in todo.items():
        catalog.add(key, string=("", "") if isinstance(key, tuple) else "", auto_comments=[where])
    with path.open("wb") as stream:
        write_po(stream, catalog, width=100, omit_header=False)
    return len(todo)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("build")
    report = sub.add_parser("missing")
    report.add_argument("language")
    report.add_argument("--write", type=Path)
    args = parser.parse_args(argv)
    if args.action == "build":
        build()
        return 0
    if args.write:
        print(f"{write_missing(args.language, args.write)} ids added to {args.write}")
        return 0
    todo = missing(args.language)
    for key, where in todo.items():
        print(f"{where}: {key!r}")
    return 1 if todo else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
