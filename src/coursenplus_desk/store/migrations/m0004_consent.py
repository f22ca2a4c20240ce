"""Schema 4: consent purposes, objections, membership application and the members register."""

SQL = """
CREATE TABLE consent_purpose (
    key TEXT PRIMARY KEY,
    label TEXT,                 -- NULL for the built-in purposes: their label is translated
    position INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1
) WITHOUT ROWID;
INSERT INTO consent_purpose (key, position) VALUES
    ('newsletter', 1), ('future-courses', 2), ('holiday-courses', 3),
    ('photos', 4), ('testimonials', 5);

CREATE INDEX consent_by_purpose ON consent (purpose, withdrawn_on);

-- An objection (GDPR art. 21) to a purpose, or to every purpose when purpose is NULL.
-- The data-subject-requests feature writes here; mailings and exports read it.
CREATE TABLE person_objection (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    objected_on TEXT NOT NULL,
    purpose TEXT
);
CREATE INDEX person_objection_by_person ON person_objection (person_id);

ALTER TABLE membership ADD COLUMN applied_on TEXT;
ALTER TABLE membership ADD COLUMN confirmed_on TEXT;

-- The asbl members register (Belgian CSA art. 9:3): admissions and departures of effective
-- members, with the day each change was entered (the law allows 8 days).
CREATE TABLE member_register (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    admitted_on TEXT NOT NULL,
    admission_entered_on TEXT NOT NULL,
    left_on TEXT,
    departure_entered_on TEXT
);
CREATE INDEX member_register_by_person ON member_register (person_id);
"""
