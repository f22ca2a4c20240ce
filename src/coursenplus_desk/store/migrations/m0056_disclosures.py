"""Schema 56: what tutors receive, and the processor agreements they signed (Art. 28).

A group roster given to its tutor is a disclosure: to whom, when, of which
people, with or without a parent's phone number. Each tutor's processor
agreement is recorded with the day it was signed and the document's reference.
"""

from coursenplus_desk.store.migrations.identity import ID_COLUMNS

SQL = f"""
CREATE TABLE disclosure (
    {ID_COLUMNS},
    kind TEXT NOT NULL CHECK (kind IN ('roster')),
    group_id INTEGER REFERENCES course_group (id) ON DELETE SET NULL,
    group_name TEXT NOT NULL,
    recipient_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
    recipient_name TEXT NOT NULL,
    given_on TEXT NOT NULL,
    guardian_phone INTEGER NOT NULL DEFAULT 0 CHECK (guardian_phone IN (0, 1)),
    sha256 TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX disclosure_by_group ON disclosure (group_id);

CREATE TABLE disclosure_person (
    disclosure_id INTEGER NOT NULL REFERENCES disclosure (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    PRIMARY KEY (disclosure_id, person_id)
) WITHOUT ROWID;
CREATE INDEX disclosure_person_by_person ON disclosure_person (person_id);

CREATE TABLE processor_agreement (
    {ID_COLUMNS},
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    signed_on TEXT NOT NULL,
    reference TEXT NOT NULL CHECK (reference <> ''),
    recorded_at TEXT NOT NULL
);
CREATE INDEX processor_agreement_by_person ON processor_agreement (person_id);
"""
