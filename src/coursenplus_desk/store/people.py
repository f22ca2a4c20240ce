"""People, roles, student profiles, family links and the search index."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from coursenplus_desk.domain.people import (
    FamilyLink,
    Person,
    PersonDetails,
    PersonFields,
    PersonStatus,
    PersonSummary,
    Role,
)
from coursenplus_desk.domain.text import sort_key
from coursenplus_desk.store import search
from coursenplus_desk.store.database import Database, Row, iso, to_date, to_date_required
from coursenplus_desk.store.last_contact import clock_sql
from coursenplus_desk.vault.connection import damaged_vault

_PERSON_COLUMNS = (
    "given_name, family_name, birth_date, email, phone, street, postal_code, city, "
    "country, language, notes"
)


@dataclass(frozen=True)
class PeopleQuery:
    """What a list of people shows: search text, filters and order."""

    text: str = ""
    roles: frozenset[Role] = frozenset()
    statuses: frozenset[PersonStatus] = frozenset({PersonStatus.ACTIVE})
    order: str = "name"  # "name" or "last_contact"
    descending: bool = False
    # who may become this person's guardian: guardians and adults, never the person or a
    # descendant (adults: born on `adults_born_by` or before)
    guardian_for: int | None = None
    adults_born_by: date | None = None


class PeopleStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def insert(self, fields: PersonFields, created_on: date, now: datetime) -> int:
        person_id = self.db.execute(
            f"INSERT INTO person ({_PERSON_COLUMNS}, created_on, updated_at, sort_key)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (*_values(fields), iso(created_on), now.isoformat(), _sort(fields)),
        )
        self._write_profile_and_roles(person_id, fields)
        search.index(self.db, [(person_id, fields)])
        return person_id

    def insert_many(
        self, people: Sequence[PersonFields], created_on: date, now: datetime
    ) -> list[int]:
        """`insert` for many people at once (an import): the same rows, a few statements.

        Call inside a transaction: the new ids are the ones above the largest before.
        """
        before = int(self.db.scalar("SELECT coalesce(max(id), 0) FROM person"))
        day, stamp = iso(created_on), now.isoformat()
        self.db.execute_many(
            f"INSERT INTO person ({_PERSON_COLUMNS}, created_on, updated_at, sort_key)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(*_values(fields), day, stamp, _sort(fields)) for fields in people],
        )
        ids: list[int] = self.db.column("SELECT id FROM person WHERE id > ? ORDER BY id", (before,))
        written = list(zip(ids, people, strict=True))
        self.write_profiles_and_roles(written)
        search.index(self.db, written, new=True)
        return ids

    def update(self, person_id: int, fields: PersonFields, now: datetime) -> None:
        assignments = ", ".join(f"{name.strip()} = ?" for name in _PERSON_COLUMNS.split(","))
        self.db.execute(
            f"UPDATE person SET {assignments}, updated_at = ?, sort_key = ? WHERE id = ?",
            (*_values(fields), now.isoformat(), _sort(fields), person_id),
        )
        self.db.execute("DELETE FROM person_role WHERE person_id = ?", (person_id,))
        self._write_profile_and_roles(person_id, fields)
        search.index(self.db, [(person_id, fields)])

    def update_many(
        self,
        people: Sequence[tuple[int, PersonFields]],
        now: datetime,
        before: Mapping[int, PersonFields] | None = None,
    ) -> None:
        """`update` for many (id, values) at once (an import): the same rows, a few statements.

        `before`, the stored values of these people (active, so indexed), spares the search
        index the people whose words stay the same."""
        assignments = ", ".join(f"{name.strip()} = ?" for name in _PERSON_COLUMNS.split(","))
        stamp = now.isoformat()
        self.db.execute_many(
            f"UPDATE person SET {assignments}, updated_at = ?, sort_key = ? WHERE id = ?",
            [(*_values(fields), stamp, _sort(fields), person_id) for person_id, fields in people],
        )
        # Only the roles that change: most people met again keep theirs, and every role
        # row written or deleted makes the database rework the person's retention facts.
        self.db.execute_many(
            "DELETE FROM person_role WHERE person_id = ? AND instr(?, ',' || role || ',') = 0",
            [(person_id, _joined(fields.roles)) for person_id, fields in people],
        )
        self.write_profiles_and_roles(people, roles_kept=True)
        if before is not None:
            people = [
                (person_id, fields)
                for person_id, fields in people
                if person_id not in before
                or search.search_terms(fields) != search.search_terms(before[person_id])
            ]
        search.index(self.db, people)

    def _write_profile_and_roles(self, person_id: int, fields: PersonFields) -> None:
        self.db.execute_many(
            "INSERT INTO person_role (person_id, role) VALUES (?, ?)",
            [(person_id, role.value) for role in sorted(fields.roles)],
        )
        self.db.execute(
            "INSERT INTO student_profile (person_id, school, school_year) VALUES (?, ?, ?)"
            " ON CONFLICT (person_id) DO UPDATE SET school = excluded.school,"
            " school_year = excluded.school_year",
            (person_id, fields.school, fields.school_year),
        )

    def write_profiles_and_roles(
        self, people: Sequence[tuple[int, PersonFields]], *, roles_kept: bool = False
    ) -> None:
        """Write these people's roles and school; `roles_kept`: roles they already have
        stay as they are."""
        keep = " ON CONFLICT (person_id, role) DO NOTHING" if roles_kept else ""
        self.db.execute_many(
            f"INSERT INTO person_role (person_id, role) VALUES (?, ?){keep}",
            [
                (person_id, role.value)
                for person_id, fields in people
                for role in sorted(fields.roles)
            ],
        )
        self.db.execute_many(
            "INSERT INTO student_profile (person_id, school, school_year) VALUES (?, ?, ?)"
            " ON CONFLICT (person_id) DO UPDATE SET school = excluded.school,"
            " school_year = excluded.school_year",
            [(person_id, fields.school, fields.school_year) for person_id, fields in people],
        )

    @staticmethod
    def sort_key_of(fields: PersonFields) -> str:
        return _sort(fields)

    def count_all(self) -> int:
        """Everybody in the vault, whatever their status."""
        return int(self.db.scalar("SELECT count(*) FROM person"))

    def exists(self, person_id: int) -> bool:
        return self.db.one("SELECT 1 FROM person WHERE id = ?", (person_id,)) is not None

    def existing(self, person_ids: Iterable[int]) -> set[int]:
        """Those of these ids that name a person: one statement for thousands."""
        wanted = json.dumps(sorted(set(person_ids)))
        sql = "SELECT id FROM person WHERE id IN (SELECT value FROM json_each(?))"
        return set(self.db.column(sql, (wanted,)))

    def get(self, person_id: int) -> Person | None:
        row = self.db.one("SELECT * FROM person WHERE id = ?", (person_id,))
        return _person(row) if row else None

    def roles(self, person_id: int) -> frozenset[Role]:
        return frozenset(
            Role(value)
            for value in self.db.column(
                "SELECT role FROM person_role WHERE person_id = ?", (person_id,)
            )
        )

    def fields(self, person_id: int) -> PersonFields | None:
        """The stored values in the shape of an input, for editing and undo."""
        row = self.db.one(f"{FIELDS_QUERY} WHERE p.id = ?", (person_id,))
        return fields_from_row(row) if row else None

    def details(self, person_id: int) -> PersonDetails | None:
        person = self.get(person_id)
        if person is None:
            return None
        profile = self.db.one(
            "SELECT school, school_year FROM student_profile WHERE person_id = ?", (person_id,)
        )
        return PersonDetails(
            person=person,
            roles=self.roles(person_id),
            school=profile["school"] if profile else None,
            school_year=profile["school_year"] if profile else None,
            guardians=self._links("guardian_id", "student_id", person_id),
            children=self._links("student_id", "guardian_id", person_id),
        )

    def _links(self, other: str, own: str, person_id: int) -> tuple[FamilyLink, ...]:
        rows = self.db.query(
            f"SELECT p.id, p.given_name, p.family_name, g.relationship, g.primary_contact"
            f" FROM guardianship g JOIN person p ON p.id = g.{other}"
            f" WHERE g.{own} = ? ORDER BY p.sort_key",
            (person_id,),
        )
        return tuple(
            FamilyLink(
                row["id"],
                f"{row['given_name']} {row['family_name']}",
                row["relationship"],
                bool(row["primary_contact"]),
            )
            for row in rows
        )

    def link(
        self, guardian_id: int, student_id: int, relationship: str | None, primary: bool
    ) -> None:
        self.db.execute(
            "INSERT INTO guardianship (guardian_id, student_id, relationship, primary_contact)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (guardian_id, student_id) DO UPDATE SET"
            " relationship = excluded.relationship, primary_contact = excluded.primary_contact",
            (guardian_id, student_id, relationship, int(primary)),
        )

    def link_many(
        self,
        links: Sequence[tuple[int, int, str | None, int]],
        written_guardians: Collection[int] = (),
    ) -> None:
        """`link` and `add_role` (guardian) for many (guardian, student, relationship,
        primary) at once; no role for the `written_guardians`, just written with it."""
        self.db.execute_many(
            "INSERT INTO guardianship (guardian_id, student_id, relationship, primary_contact)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (guardian_id, student_id) DO UPDATE SET"
            " relationship = excluded.relationship, primary_contact = excluded.primary_contact",
            links,
        )
        self.db.execute_many(
            "INSERT OR IGNORE INTO person_role (person_id, role) VALUES (?, ?)",
            [(link[0], Role.GUARDIAN.value) for link in links if link[0] not in written_guardians],
        )

    def unlink(self, guardian_id: int, student_id: int) -> bool:
        return bool(
            self.db.changes(
                "DELETE FROM guardianship WHERE guardian_id = ? AND student_id = ?",
                (guardian_id, student_id),
            )
        )

    def guardian_ids(self, student_id: int) -> list[int]:
        return [
            int(v)
            for v in self.db.column(
                "SELECT guardian_id FROM guardianship WHERE student_id = ?", (student_id,)
            )
        ]

    def add_role(self, person_id: int, role: Role) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO person_role (person_id, role) VALUES (?, ?)",
            (person_id, role.value),
        )

    def set_status(self, person_id: int, status: PersonStatus, now: datetime) -> None:
        """An anonymised person is no longer found by searching (see `reindex`)."""
        self.db.execute(
            "UPDATE person SET status = ?, updated_at = ? WHERE id = ?",
            (status.value, now.isoformat(), person_id),
        )
        self.reindex([person_id])

    def reindex(self, person_ids: Sequence[int]) -> None:
        """Write these people's words again from what is stored, or forget them: the index
        holds everybody but the anonymised (who have no name) and the erased."""
        found: dict[int, PersonFields] = {}
        for start in range(0, len(person_ids), 500):
            chunk = list(person_ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self.db.query(
                f"{FIELDS_QUERY} WHERE p.id IN ({marks}) AND p.status <> 'anonymised'", chunk
            )
            found.update((int(row["id"]), fields_from_row(row)) for row in rows)
        search.unindex(self.db, [i for i in person_ids if i not in found])
        search.index(self.db, list(found.items()))

    def ids(self, query: PeopleQuery, limit: int | None = None) -> list[int]:
        """Every matching id in display order: a list model holds these and fetches rows lazily.

        With `limit`, only the first ones: SQLite keeps the top rows while it reads the
        matches, instead of sorting and returning all of them, so a list can show its
        first page at once and read the whole list afterwards.
        """
        self._check_search_index(query)
        sql, params = _select(query, "p.id")
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        ids: list[int] = self.db.column(sql, params)  # rowids: already ints
        return ids

    def count(self, query: PeopleQuery) -> int:
        self._check_search_index(query)
        sql, params = _select(query, "count(*)", ordered=False)
        return int(self.db.scalar(sql, params))

    def _check_search_index(self, query: PeopleQuery) -> None:
        """FTS5 reads a damaged page of its index as "no match": every page of the index
        is read once per unlock before a search is answered (a few ms at 100,000 people),
        so damage is an error (exit 4), never an empty or partial answer."""
        if "person_search" in self.db.checked or not search.match_expression(query.text):
            return
        for table in ("person_search_data", "person_search_idx"):
            if self.db.column(f"PRAGMA quick_check({table})") != ["ok"]:
                self.db.damaged = True
                raise damaged_vault()
        self.db.checked.add("person_search")

    def summaries(self, ids: Sequence[int]) -> list[PersonSummary]:
        """Rows for some ids, in the order given."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.db.query(
            "SELECT p.id, p.given_name, p.family_name, p.status, p.created_on,"
            " p.last_interaction_on,"
            " (SELECT group_concat(role) FROM person_role r WHERE r.person_id = p.id) AS roles"
            f" FROM person p WHERE p.id IN ({marks})",
            list(ids),
        )
        by_id = {int(row["id"]): _summary(row) for row in rows}
        return [by_id[i] for i in ids if i in by_id]

    def find(self, query: PeopleQuery, limit: int | None = None) -> list[PersonSummary]:
        return self.summaries(self.ids(query, limit or None))


# A person's own values with roles and student profile: `fields_from_row` reads its rows.
FIELDS_QUERY = (
    "SELECT p.*, s.school, s.school_year,"
    " (SELECT group_concat(role) FROM person_role r WHERE r.person_id = p.id) AS roles"
    " FROM person p LEFT JOIN student_profile s ON s.person_id = p.id"
)


def fields_from_row(row: Row) -> PersonFields:
    return PersonFields(
        given_name=row["given_name"],
        family_name=row["family_name"],
        roles=_roles(row["roles"]),
        email=row["email"],
        phone=row["phone"],
        birth_date=to_date(row["birth_date"]),
        street=row["street"],
        postal_code=row["postal_code"],
        city=row["city"],
        country=row["country"],
        language=row["language"],
        school=row["school"],
        school_year=row["school_year"],
        notes=row["notes"],
    )


_GUARDIAN_CANDIDATES = [
    "p.id NOT IN (WITH RECURSIVE line(id) AS (SELECT ? UNION SELECT g.student_id"
    " FROM guardianship g JOIN line ON g.guardian_id = line.id) SELECT id FROM line)",
    "(EXISTS (SELECT 1 FROM person_role r WHERE r.person_id = p.id AND r.role = 'guardian')"
    " OR p.birth_date <= ?"
    " OR (p.birth_date IS NULL AND NOT EXISTS (SELECT 1 FROM person_role r"
    " WHERE r.person_id = p.id AND r.role = 'student')))",
]


def _select(query: PeopleQuery, columns: str, ordered: bool = True) -> tuple[str, list[object]]:
    where: list[str] = []
    params: list[object] = []
    expression = search.match_expression(query.text)
    source = "person p"
    if expression:
        # Start from the matches (usually few), not from every person in name order;
        # in name order their status and sort key come from a narrow index, not the rows.
        narrow = query.order == "name" and query.guardian_for is None
        order_index = " INDEXED BY person_order_by_id" if narrow else ""
        source = f"person_search s CROSS JOIN person p{order_index} ON p.id = s.rowid"
        where.append("person_search MATCH ?")
        params.append(expression)
    if query.statuses:
        where.append(f"p.status IN ({','.join('?' * len(query.statuses))})")
        params += sorted(s.value for s in query.statuses)
    if query.roles:
        where.append(
            "EXISTS (SELECT 1 FROM person_role r WHERE r.person_id = p.id"
            f" AND r.role IN ({','.join('?' * len(query.roles))}))"
        )
        params += sorted(r.value for r in query.roles)
    if query.guardian_for is not None:
        where += _GUARDIAN_CANDIDATES
        params += [query.guardian_for, (query.adults_born_by or date.min).isoformat()]
    sql = f"SELECT {columns} FROM {source}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    if ordered:
        direction = "DESC" if query.descending else "ASC"
        if query.order == "last_contact":
            sql += f" ORDER BY {clock_sql('p')} {direction}, p.sort_key"
        else:
            sql += f" ORDER BY p.sort_key {direction}, p.id"
    return sql, params


def _values(fields: PersonFields) -> tuple[object, ...]:
    return (
        fields.given_name,
        fields.family_name,
        iso(fields.birth_date),
        fields.email,
        fields.phone,
        fields.street,
        fields.postal_code,
        fields.city,
        fields.country,
        fields.language,
        fields.notes,
    )


def _joined(roles: frozenset[Role]) -> str:
    """',student,guardian,': a role is held when ',role,' is in it."""
    return "," + ",".join(sorted(role.value for role in roles)) + ","


def _sort(fields: PersonFields) -> str:
    return sort_key(fields.family_name, fields.given_name)


def _person(row: Row) -> Person:
    return Person(
        id=int(row["id"]),
        given_name=row["given_name"],
        family_name=row["family_name"],
        status=PersonStatus(row["status"]),
        created_on=to_date_required(row["created_on"]),
        last_interaction_on=to_date(row["last_interaction_on"]),
        uuid=row["uuid"],
        email=row["email"],
        phone=row["phone"],
        birth_date=to_date(row["birth_date"]),
        street=row["street"],
        postal_code=row["postal_code"],
        city=row["city"],
        country=row["country"],
        language=row["language"],
        notes=row["notes"],
    )


def _summary(row: Row) -> PersonSummary:
    return PersonSummary(
        id=int(row["id"]),
        given_name=row["given_name"],
        family_name=row["family_name"],
        roles=_roles(row["roles"]),
        status=PersonStatus(row["status"]),
        created_on=to_date_required(row["created_on"]),
        last_interaction_on=to_date(row["last_interaction_on"]),
    )


def _roles(joined: str | None) -> frozenset[Role]:
    return frozenset(Role(value) for value in (joined or "").split(",") if value)


def role_values(roles: Iterable[Role]) -> list[str]:
    return sorted(role.value for role in roles)
