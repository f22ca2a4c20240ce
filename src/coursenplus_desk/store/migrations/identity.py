"""Record identities: a local integer id that is never handed out twice, and a UUID.

Every record that can be erased, restricted, exported or shared between
laptops has both. The integer id (`INTEGER PRIMARY KEY AUTOINCREMENT`) is this
vault's own: SQLite never reuses one, even after the last row is deleted. The
UUID is the record's identity everywhere else: in erasure tombstones, backups,
restores, exports and re-imports, and in the register shared by several
laptops, where two computers create records without talking to each other and
only a random 122-bit identifier is unique across them. A local id can differ
between two laptops' copies of the same record; the UUID never does.

New tables use `ID_COLUMNS` as their first two columns.
"""

from __future__ import annotations

# A random version-4 UUID in its canonical text form, computed by SQLite as a column
# default, so every insert (one row, many rows, an import, a merge) gets one.
NEW_UUID_SQL = (
    "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'"
    " || substr(lower(hex(randomblob(2))), 2) || '-'"
    " || substr('89ab', 1 + (abs(random()) % 4), 1)"
    " || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))"
)

ID_COLUMNS = (
    f"id INTEGER PRIMARY KEY AUTOINCREMENT,\n    uuid TEXT NOT NULL UNIQUE DEFAULT {NEW_UUID_SQL}"
)
