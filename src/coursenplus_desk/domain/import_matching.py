"""Likely duplicates: the same email with the same given name, or the same folded
name with the same birth date or phone number.

An email alone is not enough: children often share a parent's address, and
parents a family address, so a match on email also needs the same given name.
A person known by name only (no email, phone or birth date) matches a single
person of that name, with a warning. Matched people are merged, never duplicated.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from functools import lru_cache
from typing import Generic, TypeVar

from coursenplus_desk.domain.people import PersonFields
from coursenplus_desk.domain.text import words

K = TypeVar("K")


class MatchKind:
    EMAIL = "email"
    NAME_BIRTH = "name_birth"
    NAME_PHONE = "name_phone"
    NAME_ONLY = "name"


def folded_name(fields: PersonFields) -> str:
    return _folded(fields.given_name, fields.family_name)


@lru_cache(maxsize=65536)
def _folded(given_name: str, family_name: str) -> str:
    return f"{' '.join(words(given_name))}|{' '.join(words(family_name))}"


def match_keys(fields: PersonFields) -> Iterator[tuple[str, str]]:
    """The keys a person can be found by, strongest first."""
    name = folded_name(fields)
    if fields.email:
        given = name.split("|")[0]
        yield MatchKind.EMAIL, f"{fields.email.casefold()}|{given}"
    if fields.birth_date:
        yield MatchKind.NAME_BIRTH, f"{name}|{fields.birth_date.isoformat()}"
    if fields.phone:
        yield MatchKind.NAME_PHONE, f"{name}|{fields.phone}"


def identified_by_name_only(fields: PersonFields) -> bool:
    return not (fields.email or fields.birth_date or fields.phone)


@dataclass
class DuplicateIndex(Generic[K]):
    """Keys of people to the people (database ids or planned people) they belong to."""

    keys: dict[tuple[str, str], K] = field(default_factory=dict)
    names: dict[str, list[K]] = field(default_factory=dict)
    emails: dict[str, K] = field(default_factory=dict)

    def add(self, fields: PersonFields, value: K) -> None:
        for key in match_keys(fields):
            self.keys.setdefault(key, value)
        same_name = self.names.setdefault(folded_name(fields), [])
        if value not in same_name:
            same_name.append(value)
        if fields.email:
            self.emails.setdefault(fields.email.casefold(), value)

    def find(self, fields: PersonFields) -> tuple[K, str] | None:
        for key in match_keys(fields):
            found = self.keys.get(key)
            if found is not None:
                return found, key[0]
        if identified_by_name_only(fields):
            same_name = self.names.get(folded_name(fields), [])
            if len(same_name) == 1:
                return same_name[0], MatchKind.NAME_ONLY
        return None

    def sharing_email(self, fields: PersonFields) -> K | None:
        """Someone else with this email address (a shared family address, most likely)."""
        return self.emails.get(fields.email.casefold()) if fields.email else None


# The values of a person (all but the roles), as merged from duplicates.
_VALUE_FIELDS = tuple(f.name for f in dataclass_fields(PersonFields) if f.name != "roles")


def fill_blanks(kept: PersonFields, extra: PersonFields) -> PersonFields:
    """Merge a person met again in the same file: the first values stay."""
    values = {name: getattr(kept, name) or getattr(extra, name) for name in _VALUE_FIELDS}
    return PersonFields(roles=kept.roles | extra.roles, **values)


def override(before: PersonFields, new: PersonFields) -> PersonFields:
    """Merge a file's values into an existing person: filled cells win, empty cells keep."""
    values = {name: getattr(new, name) or getattr(before, name) for name in _VALUE_FIELDS}
    return PersonFields(roles=before.roles | new.roles, **values)
