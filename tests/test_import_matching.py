"""Matching finds the very person comparing every candidate would find, however it narrows.

The index compares only the namesakes a value does not tell apart, and of namesakes
alike in every value it reads, only the first: the result must be the one of
comparing the wanted person with every namesake and every holder of their email
address, in the order indexed (the first of equals wins).
"""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from coursenplus_desk.domain.import_matching import DuplicateIndex, Match, _compare, _Identity
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
