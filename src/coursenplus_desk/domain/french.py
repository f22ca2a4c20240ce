"""French grammar where a value meets the sentence around it: elision, contraction, article.

A translated template such as "les données de {name}" is right for "Zoë" and
wrong for "Anne" ("de Anne" must read "d'Anne"); "que {association}" must read
"qu'IMPEL". Only the seam between the template's own words and the inserted
value is changed, never the value itself, so a name or a free text typed by
someone is always shown as typed.

An association's name takes the definite article when it starts with a common
noun ("asbl Cours en Plus" is "l'asbl Cours en Plus", "club des Amis" is "le
club des Amis"); a proper name ("IMPEL", "Jazz-Session") takes none.
"""

from __future__ import annotations

import re
from string import Formatter

VOWELS = frozenset("aeiouàâäéèêëîïôöùûüœæAEIOUÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆ")

# Words that lose their vowel before one (de → d', que → qu', le/la → l').
_ELIDED = {
    "de": "d'", "De": "D'", "que": "qu'", "Que": "Qu'", "lorsque": "lorsqu'",
    "puisque": "puisqu'", "le": "l'", "Le": "L'", "la": "l'", "La": "L'", "ne": "n'",
    "se": "s'", "je": "j'", "Je": "J'", "jusque": "jusqu'",
}  # fmt: skip
# Preposition + article contracted: de le → du, à les → aux.
_CONTRACTED = {
    ("de", "le"): "du", ("de", "les"): "des", ("De", "le"): "Du", ("De", "les"): "Des",
    ("à", "le"): "au", ("à", "les"): "aux", ("À", "le"): "Au", ("À", "les"): "Aux",
}  # fmt: skip
_LAST_WORD = re.compile(r"(?:^|(?<=[\s(«“\"]))(\w+) $")

# Common nouns an association's name may start with, and their gender.
_FEMININE = frozenset(
    {"asbl", "aisbl", "association", "fondation", "fédération", "federation", "ligue",
     "académie", "école", "maison", "union", "amicale", "société", "compagnie", "coopérative",
     "chorale", "fanfare", "harmonie", "troupe", "vzw"}
)  # fmt: skip
_MASCULINE = frozenset(
    {"club", "cercle", "centre", "collectif", "comité", "conservatoire", "groupe", "atelier",
     "institut", "mouvement", "orchestre", "réseau", "théâtre", "secrétariat", "bureau"}
)  # fmt: skip
_ARTICLES = ("l'", "l’", "la ", "le ", "les ", "La ", "Le ", "Les ", "L'", "L’")


def starts_with_vowel(text: str) -> bool:
    return bool(text) and text[0] in VOWELS


def with_article(name: str) -> str:
    """The name as a French sentence uses it: 'l'asbl Cours en Plus', 'IMPEL'."""
    stripped = name.strip()
    if stripped.startswith(_ARTICLES):  # "Les Ateliers …": "des Ateliers …" after "de"
        return stripped[:1].lower() + stripped[1:]
    if not stripped:
        return stripped
    first = stripped.split()[0].lower().rstrip(",")
    if first in _FEMININE or first in _MASCULINE:
        if starts_with_vowel(stripped):
            return "l'" + stripped
        return ("la " if first in _FEMININE else "le ") + stripped
    return stripped


def join(before: str, value: str) -> tuple[str, str]:
    """The text before a value and the value, with the seam between them made French."""
    found = _LAST_WORD.search(before)
    if found is None:
        return before, value
    word, head = found.group(1), before[: found.start(1)]
    article, _space, rest = value.partition(" ")
    contracted = _CONTRACTED.get((word, article))
    if contracted is not None and rest:
        return f"{head}{contracted} ", rest
    if word in _ELIDED and starts_with_vowel(value):
        return head + _ELIDED[word], value
    return before, value


def sentence(template: str, language: str, /, **values: object) -> str:
    """`template.format(**values)`, with French seams when the language is French."""
    if language != "fr":
        return template.format(**values)
    out = ""
    for literal, field, spec, conversion in Formatter().parse(template):
        out += literal
        if field is None:
            continue
        text = format(_value(values, field, conversion), spec or "")
        if _sentence_starts(out) and text.startswith(_ARTICLES):
            text = text[:1].upper() + text[1:]  # "L'asbl Cours en Plus est …"
        out, text = join(out, text)
        out += text
    return out


def _sentence_starts(before: str) -> bool:
    tail = before.rstrip()
    return not tail or tail[-1] in ".!?"


def _value(values: dict[str, object], field: str, conversion: str | None) -> object:
    value = values[field]
    if conversion == "r":
        return repr(value)
    if conversion == "s":
        return str(value)
    return value
