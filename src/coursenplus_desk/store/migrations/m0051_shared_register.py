"""Schema 51: the shared register's state — this laptop, the others, keys, outbox, stamps.

None of these tables is shared as such: they describe this vault's place in
the register. Values of other laptops' records live in the record tables;
here are only identities, stamps, files this laptop wrote (to rewrite them
without erased values), values that lost a merge (the records' history) and
what the administrators should look at ("to review").
"""

SQL = """
-- This vault's membership of a register (one row while shared).
CREATE TABLE IF NOT EXISTS sync_register (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    register_id TEXT NOT NULL,
    laptop_id TEXT NOT NULL,
    folder TEXT NOT NULL,
    private_key BLOB NOT NULL,
    key_id INTEGER NOT NULL,
    clock TEXT NOT NULL DEFAULT '',
    last_number INTEGER NOT NULL DEFAULT 0,
    audit_sent INTEGER NOT NULL DEFAULT 0,
    -- tombstones already scrubbed from this laptop's files (a new one means: scrub again)
    scrubbed INTEGER NOT NULL DEFAULT 0,
    joined_at TEXT NOT NULL,
    last_sync_at TEXT,
    last_outcome TEXT NOT NULL DEFAULT '{}'
);

-- Register keys by id: the newest encrypts, older ones still read older files.
CREATE TABLE IF NOT EXISTS sync_key (
    key_id INTEGER PRIMARY KEY,
    secret BLOB NOT NULL
);

-- Every laptop of the register, this one included.
CREATE TABLE IF NOT EXISTS sync_laptop (
    laptop_id TEXT PRIMARY KEY,
    label TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('invited', 'active', 'removed')),
    public_key BLOB,
    cut INTEGER NOT NULL DEFAULT 0,
    applied INTEGER NOT NULL DEFAULT 0,
    content_applied INTEGER NOT NULL DEFAULT 0,
    last_written_at TEXT
) WITHOUT ROWID;

-- What each laptop has said it had applied of each laptop's files (its latest "seen").
CREATE TABLE IF NOT EXISTS sync_ack (
    laptop_id TEXT NOT NULL,
    of_laptop TEXT NOT NULL,
    number INTEGER NOT NULL,
    PRIMARY KEY (laptop_id, of_laptop)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS sync_capture (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    active INTEGER NOT NULL DEFAULT 0
);
INSERT OR IGNORE INTO sync_capture (id, active) VALUES (1, 0);

-- Written by the capture triggers: which records and columns changed (never values).
CREATE TABLE IF NOT EXISTS sync_outbox (
    id INTEGER PRIMARY KEY,
    tbl TEXT NOT NULL,
    key TEXT NOT NULL,
    cols TEXT NOT NULL
);

-- The stamp of each value changed since the register began (absent: the first value).
-- col '' is the row's own stamp: its creation, or its presence for links and settings.
CREATE TABLE IF NOT EXISTS sync_stamp (
    tbl TEXT NOT NULL,
    key TEXT NOT NULL,
    col TEXT NOT NULL,
    hlc TEXT NOT NULL,
    PRIMARY KEY (tbl, key, col)
) WITHOUT ROWID;

-- Records deleted or erased, by UUID, for ever; the file that carried it counts confirmations.
CREATE TABLE IF NOT EXISTS sync_tombstone (
    key TEXT PRIMARY KEY,
    tbl TEXT NOT NULL,
    laptop_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    erased INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Fields a restriction or anonymisation emptied: they stay empty while the person is hidden,
-- whatever a laptop that had not seen it yet wrote meanwhile.
CREATE TABLE IF NOT EXISTS sync_held (
    key TEXT NOT NULL,
    col TEXT NOT NULL,
    PRIMARY KEY (key, col)
) WITHOUT ROWID;

-- Files this laptop wrote and the folder may still hold; the body to rewrite them.
-- A file every laptop has applied is hollowed out (its body emptied), later deleted.
CREATE TABLE IF NOT EXISTS sync_own_file (
    number INTEGER PRIMARY KEY,
    key_id INTEGER NOT NULL,
    body BLOB NOT NULL,
    content INTEGER NOT NULL,
    hollow INTEGER NOT NULL DEFAULT 0,
    sha256 TEXT,
    written_at TEXT NOT NULL
);

-- Values that lost to a concurrent edit of the same field: the record's history.
CREATE TABLE IF NOT EXISTS sync_history (
    id INTEGER PRIMARY KEY,
    tbl TEXT NOT NULL,
    key TEXT NOT NULL,
    col TEXT NOT NULL,
    value TEXT,
    hlc TEXT NOT NULL,
    kept_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sync_history_by_record ON sync_history (key);

-- What an administrator should look at: same-field conflicts, broken rules, dropped edits.
CREATE TABLE IF NOT EXISTS sync_review (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    tbl TEXT NOT NULL,
    key TEXT NOT NULL,
    col TEXT NOT NULL DEFAULT '',
    kept_hlc TEXT NOT NULL DEFAULT '',
    other_id INTEGER REFERENCES sync_history (id) ON DELETE SET NULL,
    details TEXT NOT NULL DEFAULT '{}',
    noted_at TEXT NOT NULL,
    resolved_at TEXT
);
CREATE INDEX IF NOT EXISTS sync_review_by_record ON sync_review (key);
CREATE INDEX IF NOT EXISTS sync_review_open ON sync_review (resolved_at);

-- Copies of the other laptops' audit chains, verified by `audit verify`.
CREATE TABLE IF NOT EXISTS sync_peer_audit (
    laptop_id TEXT NOT NULL,
    id INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    person_id INTEGER,
    person_uuid TEXT,
    details TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    redacted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (laptop_id, id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS sync_peer_chain (
    laptop_id TEXT PRIMARY KEY,
    anchor_id INTEGER NOT NULL DEFAULT 0,
    anchor_hash TEXT NOT NULL,
    head_id INTEGER NOT NULL DEFAULT 0,
    head_hash TEXT NOT NULL,
    event_count INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- Invitations this laptop made and that were not used yet: rewritten after an erasure.
CREATE TABLE IF NOT EXISTS sync_invitation (
    laptop_id TEXT PRIMARY KEY,
    invitation_id TEXT NOT NULL,
    private_key BLOB NOT NULL,
    path TEXT NOT NULL,
    header BLOB NOT NULL,
    code_key BLOB NOT NULL,
    created_at TEXT NOT NULL
) WITHOUT ROWID;
"""
