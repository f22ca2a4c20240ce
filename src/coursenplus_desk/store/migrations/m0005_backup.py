"""Schema 5: the audit chain's anchor and head, kept by a trigger; redacted (pruned) views.

The head (last id, hash, number of events) is updated by a trigger on every
insert, whoever inserts, so removing the last events is detected; the anchor
is the last event removed by pruning, so the remaining chain still verifies.
An insert that reuses an id (after the last events were deleted) is noted in
`reused_id`: the first id that went missing.
"""

SQL = """
ALTER TABLE audit_event ADD COLUMN redacted INTEGER NOT NULL DEFAULT 0;

CREATE TABLE audit_chain (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    anchor_id INTEGER NOT NULL,
    anchor_hash TEXT NOT NULL,
    head_id INTEGER NOT NULL,
    head_hash TEXT NOT NULL,
    event_count INTEGER NOT NULL,
    reused_id INTEGER
);

INSERT INTO audit_chain (id, anchor_id, anchor_hash, head_id, head_hash, event_count)
SELECT 1,
       0,
       '0000000000000000000000000000000000000000000000000000000000000000',
       coalesce(max(id), 0),
       coalesce((SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1),
                '0000000000000000000000000000000000000000000000000000000000000000'),
       count(*)
FROM audit_event;

CREATE TRIGGER audit_chain_head AFTER INSERT ON audit_event
BEGIN
    UPDATE audit_chain
    SET reused_id = CASE WHEN NEW.id <= head_id THEN coalesce(reused_id, NEW.id)
                         ELSE reused_id END,
        head_id = NEW.id,
        head_hash = NEW.hash,
        event_count = event_count + 1
    WHERE id = 1;
END;
"""
