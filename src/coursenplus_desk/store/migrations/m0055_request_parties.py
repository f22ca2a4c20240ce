"""Schema 55: representatives with a mandate, and the recipients told of a request (Art. 19).

A lawyer or an association of parents may act for someone with a signed
mandate: who they are, where to answer them, and how the mandate was checked
(when and by whom), as the identity check is recorded, never a copy. Each
recipient of the data told of a rectification, erasure or restriction is
recorded with the day, or with why telling them was impossible or
disproportionate; the rows belong to the request file.
"""

from coursenplus_desk.store.migrations.identity import ID_COLUMNS

SQL = f"""
ALTER TABLE data_subject_request ADD COLUMN representative TEXT;
ALTER TABLE data_subject_request ADD COLUMN representative_address TEXT;
ALTER TABLE data_subject_request ADD COLUMN mandate_method TEXT;
ALTER TABLE data_subject_request ADD COLUMN mandate_checked_on TEXT;
ALTER TABLE data_subject_request ADD COLUMN mandate_checked_by TEXT;

CREATE TABLE request_recipient (
    {ID_COLUMNS},
    request_id INTEGER NOT NULL REFERENCES data_subject_request (id) ON DELETE CASCADE,
    recipient TEXT NOT NULL CHECK (recipient <> ''),
    told_on TEXT,
    not_told_reason TEXT,
    recorded_at TEXT NOT NULL,
    CHECK ((told_on IS NULL) <> (not_told_reason IS NULL))
);
CREATE INDEX request_recipient_by_request ON request_recipient (request_id);
"""
