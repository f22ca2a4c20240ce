"""Likely duplicates, and how their values are merged.

Two entries are the same person when they have the same name (accents and
case aside) and nothing that tells them apart: where both have an email
address, a phone number or a birth date, these are equal. An email address
with the same given name also recognises a person whose family name changed.
An email alone is not enough: children often use a parent's address and
parents a family address.

Among several such people, one with the same name wins, then the one sharing
the most values, then one sharing a role (a child and their parent may have
the same name), then one with exactly the same values, then the oldest. So a
file imported twice finds, the second time, the very people the first import
created, and a person met again is merged, never duplicated.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import date
from typing import Generic, NamedTuple, TypeVar

from coursenplus_desk.domain.people import PersonFields, Role
from coursenplus_desk.domain.remembered import remembered
from coursenplus_desk.domain.text import words

K = TypeVar("K")


class MatchKind:
    EMAIL = "email"
    NAME_BIRTH = "name_birth"
    NAME_PHONE = "name_phone"
    NAME_ONLY = "name"
    EMAIL_OTHER_NAME = "email_other_name"  # the family name changed, perhaps


def folded_name(fields: PersonFields) -> str:
    return _folded(fields.given_name, fields.family_name)


@remembered
def _folded(given_name: str, family_name: str) -> str:
    return f"{' '.join(words(given_name))}|{' '.join(words(family_name))}"


class _Identity(NamedTuple):
    """What tells two people of the same name apart."""

    name: str
    email: str | None
    phone: str | None
    birth_date: date | None
    roles: frozenset[Role]

    @classmethod
    def of(cls, fields: PersonFields) -> _Identity:
        email = fields.email.casefold() if fields.email else None
        return cls(folded_name(fields), email, fields.phone, fields.birth_date, fields.roles)

    def values(self) -> tuple[tuple[str, object], ...]:
        return (
            (MatchKind.EMAIL, self.email),
            (MatchKind.NAME_BIRTH, self.birth_date),
            (MatchKind.NAME_PHONE, self.phone),
        )


# What `_compare` reads of a namesake when the wanted person has no birth date.
_Alike = tuple[str | None, str | None, bool, frozenset[Role]]


def _alike(identity: _Identity) -> _Alike:
    return (identity.email, identity.phone, identity.birth_date is None, identity.roles)


# A stored person as matching reads them, all a lean load needs: id, status, given and
# family name, email, phone, birth date and roles. A plain tuple: there are 100,000.
StoredKey = tuple[int, str, str, str, str | None, str | None, date | None, frozenset[Role]]


class Match(NamedTuple, Generic[K]):
    value: K
    kind: str  # the strongest value both share, or "name"
    score: tuple[bool, int, bool, bool]  # same name, shared values, shared role, same values


def _compare(
    wanted: _Identity, other: _Identity
) -> tuple[str, tuple[bool, int, bool, bool]] | None:
    """How well `other` fits `wanted`; None when their values tell them apart.

    Different birth dates always do. A different email address or phone number
    does too, unless the same email address or birth date says it is one person
    (people have several phone numbers and addresses). Written out value by value
    (email, birth date, phone: the order of `values`): it runs for every namesake.
    """
    birth, other_birth = wanted.birth_date, other.birth_date
    if birth is not None and other_birth is not None and birth != other_birth:
        return None
    kind: str | None = None
    shared = 0
    strong = differing = False
    email, other_email = wanted.email, other.email
    if email is not None and other_email is not None:
        if email == other_email:
            kind, shared, strong = MatchKind.EMAIL, 1, True
        else:
            differing = True
    if birth is not None and other_birth is not None:  # equal: checked above
        kind = kind or MatchKind.NAME_BIRTH
        shared += 1
        strong = True
    phone, other_phone = wanted.phone, other.phone
    if phone is not None and other_phone is not None:
        if phone == other_phone:
            kind = kind or MatchKind.NAME_PHONE
            shared += 1
        else:
            differing = True
    if differing and not strong:
        return None
    exact = email == other_email and birth == other_birth and phone == other_phone
    same_name = wanted.name == other.name
    score = (same_name, shared, bool(wanted.roles & other.roles), exact)
    if not same_name:
        return MatchKind.EMAIL_OTHER_NAME, score
    return (kind or MatchKind.NAME_ONLY), score


@dataclass
class DuplicateIndex(Generic[K]):
    """People (database ids or planned people) by name, with what tells them apart."""

    identities: dict[K, _Identity] = field(default_factory=dict)
    by_name: dict[str, list[K]] = field(default_factory=dict)
    by_email: dict[tuple[str, str], list[K]] = field(default_factory=dict)
    emails: dict[str, K] = field(default_factory=dict)
    # Per name, the positions in `by_name` by one value ("birth_date", "email" or "phone";
    # None when unknown), built when first needed and while nobody is indexed again with
    # other values: namesakes that value tells apart are then not compared at all.
    narrowed: dict[str, dict[tuple[str, object], list[int]]] = field(default_factory=dict)
    # Per name and value ("email", "phone", or None for every namesake), the positions of
    # the namesakes without that value, grouped by all `_compare` reads of them when the
    # wanted person has no birth date: people alike in these fit alike. Both tables grow
    # with each newcomer (a position at the end keeps every list in order).
    grouped: dict[str, dict[str | None, dict[_Alike, list[int]]]] = field(default_factory=dict)
    narrowing: bool = True

    def add(self, fields: PersonFields, value: K) -> None:
        """Index a person, or index them again with their merged values."""
        self._add(_Identity.of(fields), value)

    def add_stored(self: DuplicateIndex[int], keys: Iterable[StoredKey]) -> None:
        """Index the stored people of the vault (for a plan), keyed by their ids, as `add`
        would, with the work `add` does for someone indexed again left out for the others.
        One loop over 100,000 rows: written out."""
        identities, by_name, by_email = self.identities, self.by_name, self.by_email
        for person_id, _status, given, family, email, phone, birth, roles in keys:
            email = email.casefold() if email else None
            name = _folded(given, family)
            identity = _Identity(name, email, phone, birth, roles)
            if person_id in identities:
                self._add(identity, person_id)
                continue
            identities[person_id] = identity
            namesakes = by_name.get(name)
            if namesakes is None:
                by_name[name] = [person_id]
            else:
                namesakes.append(person_id)
                self._grow(name, len(namesakes) - 1, identity)
            if email:
                sharing = by_email.setdefault((email, name.split("|")[0]), [])
                sharing.append(person_id)
                self.emails.setdefault(email, person_id)

    def _add(self, identity: _Identity, value: K) -> None:
        again = value in self.identities
        self.identities[value] = identity
        name = identity.name
        if again:
            self.narrowing = False
            _append(self.by_name.setdefault(name, []), value)
        else:  # in no list yet
            namesakes = self.by_name.setdefault(name, [])
            namesakes.append(value)
            self._grow(name, len(namesakes) - 1, identity)
        if identity.email:
            given = name.split("|")[0]
            _append(self.by_email.setdefault((identity.email, given), []), value)
            self.emails.setdefault(identity.email, value)

    def _grow(self, name: str, position: int, identity: _Identity) -> None:
        """Add a newcomer at `position` to the tables already built for their name."""
        table = self.narrowed.get(name)
        if table is not None:
            for key in _identity_values(identity):
                table.setdefault(key, []).append(position)
        for attribute, alike in self.grouped.get(name, {}).items():
            if attribute is None or getattr(identity, attribute) is None:
                alike.setdefault(_alike(identity), []).append(position)

    def find(self, fields: PersonFields, exclude: Collection[K] = ()) -> Match[K] | None:
        """The person these values most likely belong to, other than those excluded (the
        other people of the same row); of equals, the one indexed first (the oldest)."""
        wanted = _Identity.of(fields)
        candidates = self._namesakes(wanted, exclude)
        if wanted.email:
            others = self.by_email.get((wanted.email, wanted.name.split("|")[0]), [])
            if others:
                known = set(candidates)
                candidates = candidates + [value for value in others if value not in known]
        best: Match[K] | None = None
        identities = self.identities
        for value in candidates:
            if value in exclude:
                continue
            fit = _compare(wanted, identities[value])
            if fit is not None and (best is None or fit[1] > best.score):
                best = Match(value, *fit)
        return best

    def _namesakes(self, wanted: _Identity, exclude: Collection[K]) -> list[K]:
        """The people of this name that `_compare` may accept, in the order indexed.

        With a birth date, only those with the same or none (a different one always
        tells apart); else with an email address, only those with the same or none (a
        different one does, as no birth date can be shared); else likewise the phone.
        Without a birth date, of those with none of the value (or of everyone, with no
        value at all) only the first of each group alike (`_groups`) that is not
        excluded: the others would fit exactly as well, and the first of equals wins.
        """
        name = wanted.name
        everyone = self.by_name.get(name, [])
        if not self.narrowing or len(everyone) < _NARROW_FROM:
            return everyone
        for key in _identity_values(wanted):
            attribute, value = key
            if value is None:
                continue
            table = self._narrowed(name, everyone)
            if attribute == "birth_date":
                positions = table.get(key, []) + table.get((attribute, None), [])
            else:
                positions = table.get(key, []) + self._firsts(name, attribute, everyone, exclude)
            return [everyone[position] for position in sorted(positions)]
        firsts = sorted(self._firsts(name, None, everyone, exclude))
        return [everyone[position] for position in firsts]

    def _firsts(
        self, name: str, attribute: str | None, everyone: list[K], exclude: Collection[K]
    ) -> list[int]:
        firsts = []
        for group in self._groups(name, attribute, everyone):
            for position in group:
                if everyone[position] not in exclude:
                    firsts.append(position)
                    break
        return firsts

    def _groups(self, name: str, attribute: str | None, everyone: list[K]) -> Iterable[list[int]]:
        """The namesakes without `attribute` (everyone for None), by what `_compare` reads
        of them for a wanted person without a birth date: only whether they have one.
        In the order of each group's first position."""
        cached = self.grouped.setdefault(name, {})
        alike = cached.get(attribute)
        if alike is None:
            positions: Iterable[int] = range(len(everyone))
            if attribute is not None:
                positions = self._narrowed(name, everyone).get((attribute, None), [])
            alike = cached[attribute] = {}
            for position in positions:
                other = self.identities[everyone[position]]
                alike.setdefault(_alike(other), []).append(position)
        return alike.values()

    def _narrowed(self, name: str, everyone: list[K]) -> dict[tuple[str, object], list[int]]:
        table = self.narrowed.get(name)
        if table is None:
            table = self.narrowed[name] = {}
            for position, value in enumerate(everyone):
                for key in _identity_values(self.identities[value]):
                    table.setdefault(key, []).append(position)
        return table

    def sharing_email(self, fields: PersonFields) -> K | None:
        """Someone with this email address (a shared family address, most likely)."""
        return self.emails.get(fields.email.casefold()) if fields.email else None


_NARROW_FROM = 8  # fewer namesakes are quicker to compare than to narrow


def _identity_values(identity: _Identity) -> tuple[tuple[str, object], ...]:
    """The values that narrow namesakes, strongest first."""
    return (
        ("birth_date", identity.birth_date),
        ("email", identity.email),
        ("phone", identity.phone),
    )


def _append(values: list[K], value: K) -> None:
    if value not in values:
        values.append(value)


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
