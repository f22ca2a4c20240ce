"""Schema 1: people, families, courses, groups, enrollments, contacts, money, consents, audit."""

SQL = """
CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    birth_date TEXT,
    email TEXT,
    phone TEXT,
    street TEXT,
    postal_code TEXT,
    city TEXT,
    country TEXT,
    language TEXT,
    notes TEXT,
    status TEXT NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'restricted', 'anonymised')),
    created_on TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    last_contact_on TEXT,
    sort_key TEXT NOT NULL
);
CREATE INDEX person_by_sort_key ON person (status, sort_key);
CREATE INDEX person_by_last_contact ON person (last_contact_on);
CREATE INDEX person_by_email ON person (email);

CREATE TABLE person_role (
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    role TEXT NOT NULL
        CHECK (role IN ('student', 'guardian', 'tutor', 'member', 'prospect')),
    PRIMARY KEY (person_id, role)
) WITHOUT ROWID;
CREATE INDEX person_role_by_role ON person_role (role, person_id);

CREATE TABLE student_profile (
    person_id INTEGER PRIMARY KEY REFERENCES person (id) ON DELETE CASCADE,
    school TEXT,
    school_year TEXT
);

CREATE TABLE guardianship (
    guardian_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    student_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    relationship TEXT,
    primary_contact INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guardian_id, student_id),
    CHECK (guardian_id <> student_id)
) WITHOUT ROWID;
CREATE INDEX guardianship_by_student ON guardianship (student_id);

CREATE TABLE course (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    level TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('private', 'group', 'holiday')),
    description TEXT
);

CREATE TABLE course_group (
    id INTEGER PRIMARY KEY,
    course_id INTEGER NOT NULL REFERENCES course (id),
    name TEXT NOT NULL,
    tutor_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
    schedule TEXT,
    place TEXT,
    starts_on TEXT,
    ends_on TEXT
);
CREATE INDEX course_group_by_course ON course_group (course_id);
CREATE INDEX course_group_by_tutor ON course_group (tutor_id);

CREATE TABLE enrollment (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES course_group (id),
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    status TEXT NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'completed', 'cancelled'))
);
CREATE INDEX enrollment_by_student ON enrollment (student_id);
CREATE INDEX enrollment_by_group ON enrollment (group_id);

CREATE TABLE contact_event (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    occurred_on TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'phone', 'meeting', 'letter', 'other')),
    summary TEXT
);
CREATE INDEX contact_event_by_person ON contact_event (person_id, occurred_on);

CREATE TABLE payment (
    id INTEGER PRIMARY KEY,
    payer_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
    paid_on TEXT NOT NULL,
    reference TEXT,
    purpose TEXT,
    method TEXT
);
CREATE INDEX payment_by_payer ON payment (payer_id, paid_on);

CREATE TABLE membership (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    fee_cents INTEGER NOT NULL DEFAULT 0 CHECK (fee_cents >= 0),
    paid_on TEXT,
    method TEXT,
    status TEXT NOT NULL DEFAULT 'applied' CHECK (status IN ('applied', 'confirmed', 'lapsed'))
);
CREATE INDEX membership_by_person ON membership (person_id, ends_on);

CREATE TABLE consent (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    given_on TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('form', 'email', 'oral')),
    evidence TEXT,
    confirmed_on TEXT,
    withdrawn_on TEXT,
    given_by_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
    notice_version TEXT
);
CREATE INDEX consent_by_person ON consent (person_id, purpose);

-- Audit events name people by id only and never hold values, so they survive erasure.
CREATE TABLE audit_event (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    person_id INTEGER,
    details TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_event_by_person ON audit_event (person_id, id);

-- Identifiers (never values) of erased records: a restored older backup re-applies them.
CREATE TABLE erased_record (
    table_name TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    erased_at TEXT NOT NULL,
    PRIMARY KEY (table_name, record_id)
) WITHOUT ROWID;

-- Folded names, email and phone; contentless so erasure deletes the terms by row id.
CREATE VIRTUAL TABLE person_search USING fts5 (
    terms,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
"""
