"""Matching finds the very person comparing every candidate would find, however it narrows.

The index compares only the namesakes a value does not tell apart, and of namesakes
alike in every value it reads, only the first: the result must be the one of
comparing the wanted person with every namesake and every holder of their email
address, in the order indexed (the first of equals wins).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from coursenplus_desk.domain.import_matching import (
    DuplicateIndex,
    Match,
    StoredKey,
    _compare,
    _Identity,
)
from coursenplus_desk.domain.people import PersonFields, Role

people = st.builds(
    PersonFields,
    given_name=st.just("Anne"),
    family_name=st.sampled_from(["Dubois", "Peeters"]),
    roles=st.sets(st.sampled_from(list(Role)), min_size=1, max_size=2).map(frozenset),
    email=st.none() | st.sampled_from(["a@x.be", "b@x.be", "c@x.be"]),
    phone=st.none() | st.sampled_from(["+32470000001", "+32470000002"]),
    birth_date=st.none() | st.sampled_from([date(2010, 1, 1), date(2011, 2, 3)]),
)


def _every_candidate(
    index: DuplicateIndex[int], fields: PersonFields, exclude: set[int]
) -> Match[int] | None:
    wanted = _Identity.of(fields)
    candidates = list(index.by_name.get(wanted.name, []))
    if wanted.email:
        given_name = wanted.name.split("|")[0]
        candidates += [
            v for v in index.by_email.get((wanted.email, given_name), []) if v not in candidates
        ]
    best: Match[int] | None = None
    for value in candidates:
        fit = None if value in exclude else _compare(wanted, index.identities[value])
        if fit is not None and (best is None or fit[1] > best.score):
            best = Match(value, *fit)
    return best


@settings(max_examples=300, deadline=None)
@given(
    st.lists(people, min_size=16, max_size=40),
    st.lists(st.tuples(people, st.sets(st.integers(0, 39), max_size=3)), min_size=1, max_size=10),
    st.lists(st.tuples(st.integers(0, 39), people), max_size=3),
)
def test_find_equals_comparing_every_candidate(
    indexed: list[PersonFields],
    wanted: list[tuple[PersonFields, set[int]]],
    again: list[tuple[int, PersonFields]],
) -> None:
    index: DuplicateIndex[int] = DuplicateIndex()
    for number, fields in enumerate(indexed):
        index.add(fields, number)
    for fields, exclude in wanted:
        assert index.find(fields, exclude) == _every_candidate(index, fields, exclude)
        index.add(fields, len(index.identities))  # found people join, as an import's do
    for number, fields in again:  # someone indexed again with merged values
        if number in index.identities:
            index.add(fields, number)
    for fields, exclude in wanted:
        assert index.find(fields, exclude) == _every_candidate(index, fields, exclude)


def _stored(person_id: int, fields: PersonFields) -> StoredKey:
    return (
        person_id,
        "active",
        fields.given_name,
        fields.family_name,
        fields.email,
        fields.phone,
        fields.birth_date,
        fields.roles,
    )


# One name only: enough namesakes for the index to narrow them.
namesakes = people.map(lambda fields: replace(fields, family_name="Dubois"))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(namesakes, min_size=20, max_size=40),
    st.lists(st.tuples(st.integers(0, 39), namesakes), max_size=2),
    st.lists(namesakes, min_size=1, max_size=5),
)
def test_the_vaults_people_are_indexed_as_one_by_one(
    fresh: list[PersonFields], again: list[tuple[int, PersonFields]], wanted: list[PersonFields]
) -> None:
    """The lean load of the vault's people builds the index `add` builds and finds what
    it finds, loaded in two parts with finds between (their tables then grow), and with
    someone loaded again (the load's ids are unique, but the method allows it)."""
    stored = list(enumerate(fresh)) + again
    one_by_one: DuplicateIndex[int] = DuplicateIndex()
    for person_id, fields in stored:
        one_by_one.add(fields, person_id)
    loaded: DuplicateIndex[int] = DuplicateIndex()
    half = len(fresh) // 2
    loaded.add_stored(_stored(person_id, fields) for person_id, fields in stored[:half])
    for fields in wanted:
        loaded.find(fields)
    loaded.add_stored(_stored(person_id, fields) for person_id, fields in stored[half:])
    for attribute in ("identities", "by_name", "by_email", "emails", "narrowing"):
        assert getattr(loaded, attribute) == getattr(one_by_one, attribute)
    for fields in wanted:
        expected = _every_candidate(one_by_one, fields, set())
        assert loaded.find(fields) == one_by_one.find(fields) == expected
