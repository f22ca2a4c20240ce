"""Schema 52: health information (GDPR Art. 9), with its own consent purpose and retention.

Health information about a student is kept apart from the free-text notes, on
the explicit consent of a parent or guardian (or of the adult student), in the
consent ledger under the purpose `health-data`; it has its own retention
category. The register's activities may then name that category: its CHECK is
widened in place (SQLite's documented `writable_schema` procedure for loosening
a constraint; the rows already satisfy the wider one), and the retention
policies table, which has no other reference, is rebuilt.
"""

from coursenplus_desk.store.migrations.identity import ID_COLUMNS

SQL = f"""
CREATE TABLE health_record (
    {ID_COLUMNS},
    person_id INTEGER NOT NULL UNIQUE REFERENCES person (id) ON DELETE CASCADE,
    details TEXT NOT NULL CHECK (details <> ''),
    -- the explicit consent it rests on, in the consent ledger
    consent_id INTEGER REFERENCES consent (id) ON DELETE SET NULL,
    recorded_on TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

INSERT OR IGNORE INTO consent_purpose (key, position)
    SELECT 'health-data', coalesce(max(position), 0) + 1 FROM consent_purpose;

CREATE TABLE retention_policy_v52 (
    category TEXT PRIMARY KEY CHECK (category IN ('identification', 'prospect', 'financial',
        'consent', 'request', 'health')),
    years INTEGER NOT NULL CHECK (years BETWEEN 1 AND 100)
) WITHOUT ROWID;
INSERT INTO retention_policy_v52 (category, years) SELECT category, years FROM retention_policy;
INSERT OR IGNORE INTO retention_policy_v52 (category, years) VALUES ('health', 1);
DROP TABLE retention_policy;
ALTER TABLE retention_policy_v52 RENAME TO retention_policy;

PRAGMA writable_schema = ON;
UPDATE sqlite_master
    SET sql = replace(sql, '''request'')', '''request'', ''health'')')
    WHERE type = 'table' AND name = 'processing_activity' AND instr(sql, '''health''') = 0;
PRAGMA writable_schema = RESET;
-- Any schema change moves the schema cookie, so every connection reads the wider CHECK.
CREATE TABLE schema_cookie_v52 (x);
DROP TABLE schema_cookie_v52;
"""
