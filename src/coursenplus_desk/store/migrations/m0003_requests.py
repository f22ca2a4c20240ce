"""Schema 3: data-subject requests, their documents, changes, and notes (objections: schema 4).

A request file outlives the person's erasure (proof that the request was
handled), so its links to people are set to NULL rather than blocking an erase.
Rectification old/new values live here, inside the encrypted vault only.
"""

SQL = """
CREATE TABLE data_subject_request (
    id INTEGER PRIMARY KEY,
    person_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
    requester_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
    kind TEXT NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure', 'restriction',
        'portability', 'objection', 'withdraw-consent')),
    channel TEXT NOT NULL CHECK (channel IN ('email', 'letter', 'phone', 'in-person')),
    received_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'identity_pending',
        'in_progress', 'answered', 'refused')),
    extension_months INTEGER NOT NULL DEFAULT 0 CHECK (extension_months BETWEEN 0 AND 2),
    extension_reason TEXT,
    extension_informed_on TEXT,
    identity_method TEXT,
    identity_checked_on TEXT,
    identity_checked_by TEXT,
    refusal_reason TEXT,
    executed_on TEXT,
    outcome TEXT,
    answered_on TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX data_subject_request_by_person ON data_subject_request (person_id);
CREATE INDEX data_subject_request_by_due ON data_subject_request (status, due_on);

CREATE TABLE request_document (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES data_subject_request (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    language TEXT NOT NULL,
    produced_at TEXT NOT NULL
);
CREATE INDEX request_document_by_request ON request_document (request_id);

CREATE TABLE request_change (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES data_subject_request (id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    changed_at TEXT NOT NULL
);
CREATE INDEX request_change_by_request ON request_change (request_id);

CREATE TABLE request_note (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES data_subject_request (id) ON DELETE CASCADE,
    written_at TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX request_note_by_request ON request_note (request_id);
"""
