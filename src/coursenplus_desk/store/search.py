"""The search index: one owner for the words each person can be found by.

A contentless FTS5 table over folded words (Zoë is found by "zoe", Łukasz by
"lukasz"), keyed by the person's id. It holds everybody but the anonymised
(who have no name left) and the erased; a restricted person is found only when
the list asks for restricted people too. Every writer of people goes through
here: `index` when a person's values are written (one or many, or again from
the store by `PeopleStore.reindex` after a status or fields change), `unindex`
when a person is erased or anonymised (the words are deleted; their bytes leave
the file at the next `optimize`, which erasures run once per batch).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from coursenplus_desk.domain.people import PersonFields
from coursenplus_desk.domain.text import words
from coursenplus_desk.store.database import Database


def search_terms(fields: PersonFields) -> str:
    """The words a person can be found by, folded: 'Zoë' is found by 'zoe'."""
    terms = words(fields.given_name) + words(fields.family_name)
    if fields.email:
        terms += email_terms(fields.email)
    if fields.phone:
        digits = fields.phone.lstrip("+")
        terms += [digits, "0" + digits[2:]] if fields.phone.startswith("+32") else [digits]
    return " ".join(terms)


def email_terms(email: str) -> list[str]:
    """The address's own words and its provider, not the '.be' or '.com' every address shares.

    Indexing the top-level domain would make typing "be" (for Benoît) match half the vault.
    """
    local, _, domain = email.rpartition("@")
    labels = domain.split(".")
    provider = labels[-2] if len(labels) >= 2 else domain
    return words(local) + words(provider)


def match_expression(text: str) -> str | None:
    """FTS5 prefix query from typed text; digits typed with spaces form one number."""
    tokens = words(text)
    if not tokens:
        return None
    if all(token.isdigit() for token in tokens):
        tokens = ["".join(tokens)]
    return " ".join(f'"{token}"*' for token in tokens)


def index(db: Database, people: Sequence[tuple[int, PersonFields]], *, new: bool = False) -> None:
    """(Re)write the words of these people; `new` people (ids never handed out before)
    have none to remove."""
    if not new:
        unindex(db, [person_id for person_id, _fields in people])
    db.execute_many(
        "INSERT INTO person_search (rowid, terms) VALUES (?, ?)",
        [(person_id, search_terms(fields)) for person_id, fields in people],
    )


def unindex(db: Database, person_ids: Iterable[int]) -> None:
    """Forget the words of these people (erased, restricted or anonymised)."""
    db.execute_many("DELETE FROM person_search WHERE rowid = ?", [(i,) for i in person_ids])


def optimize(db: Database) -> None:
    """Rewrite the index without the deleted words; once per batch (it is costly)."""
    db.execute("INSERT INTO person_search (person_search) VALUES ('optimize')")


def indexed(db: Database, expression: str) -> list[int]:
    """The ids the index gives for a match expression (checks and tests)."""
    found: list[int] = db.column(
        "SELECT rowid FROM person_search WHERE person_search MATCH ? ORDER BY rowid", (expression,)
    )
    return found
