"""Schema 2: retention policies, legal holds, and indexes that keep the retention scan cheap."""

SQL = """
CREATE TABLE retention_policy (
    category TEXT PRIMARY KEY
        CHECK (category IN ('identification', 'prospect', 'financial', 'consent', 'request')),
    years INTEGER NOT NULL CHECK (years BETWEEN 1 AND 100)
) WITHOUT ROWID;
INSERT INTO retention_policy (category, years) VALUES
    ('identification', 5), ('prospect', 2), ('financial', 10), ('consent', 5), ('request', 5);

-- A hold stops every retention clock of the person until it is lifted.
CREATE TABLE legal_hold (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    placed_on TEXT NOT NULL,
    lifted_on TEXT
);
CREATE INDEX legal_hold_active ON legal_hold (person_id) WHERE lifted_on IS NULL;

-- The scan looks only at candidates found through these (never the whole history).
CREATE INDEX payment_by_date ON payment (paid_on);
CREATE INDEX consent_by_withdrawal ON consent (withdrawn_on) WHERE withdrawn_on IS NOT NULL;
CREATE INDEX enrollment_open ON enrollment (student_id) WHERE ends_on IS NULL;
"""
