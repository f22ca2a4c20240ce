"""What must hold between the laptops of a register: the same records, no erased value anywhere."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from coursenplus_desk.vault.exchange_file import open_body, read_header
from tests.sync_support import Laptop

# Export columns naming another record by local id, and the export table of that record.
_REFERENCES = {
    "guardian_id": "people",
    "student_id": "people",
    "tutor_id": "people",
    "payer_id": "people",
    "person_id": "people",
    "given_by_id": "people",
    "course_id": "courses",
    "group_id": "groups",
}


def canonical_export(laptop: Laptop, out: Path) -> dict[str, list[dict[str, Any]]]:
    """The full export with local ids replaced by UUIDs, rows in UUID order: comparable."""
    laptop.workspace.exporter.export_all(out, include_restricted=True)
    with zipfile.ZipFile(out) as archive:
        tables: dict[str, list[dict[str, Any]]] = json.loads(archive.read("export.json"))["tables"]
    uuids = {
        name: {row["id"]: row["uuid"] for row in rows}
        for name, rows in tables.items()
        if rows and "uuid" in rows[0]
    }
    canonical: dict[str, list[dict[str, Any]]] = {}
    for name, rows in tables.items():
        converted = []
        for row in rows:
            row = {k: v for k, v in row.items() if k != "id"}
            for column, table in _REFERENCES.items():
                if row.get(column) is not None:
                    row[column] = uuids.get(table, {}).get(row[column], f"missing:{row[column]}")
            converted.append(row)
        canonical[name] = sorted(converted, key=lambda r: json.dumps(r, sort_keys=True))
    return canonical


def decrypted_bodies(folder: Path, keys: dict[int, bytes]) -> list[tuple[Path, str]]:
    bodies = []
    for path in sorted(folder.rglob("*.cpx")):
        data = path.read_bytes()
        header = read_header(data)
        bodies.append((path, json.dumps(open_body(data, keys[header.key_id]), ensure_ascii=False)))
    return bodies


def assert_nowhere(values: list[str], laptops: list[Laptop]) -> None:
    """No value in any vault's records, nor in any exchange file, decrypted, of any copy."""
    keys = laptops[0].workspace.sharing.s.state.keys()
    for laptop in laptops:
        for value in values:
            found = laptop.workspace.db.scalar(
                "SELECT count(*) FROM person WHERE given_name = ? OR family_name = ?",
                (value, value),
            )
            assert found == 0, f"{value} still in {laptop.name}'s vault"
        for path, text in decrypted_bodies(laptop.folder, keys):
            for value in values:
                assert value not in text, f"{value} still in {path}"
        history = laptop.workspace.db.column("SELECT value FROM sync_history")
        for value in values:
            assert not any(value in str(v) for v in history), f"{value} in {laptop.name}'s history"


def assert_single_writers(laptops: list[Laptop], written: dict[str, set[str]]) -> None:
    """Every file under a laptop's folder, in every copy, is one that laptop wrote."""
    for laptop in laptops:
        for path in laptop.folder.rglob("*.cpx"):
            owner = path.parent.name
            header = read_header(path.read_bytes())
            assert header.laptop == owner, path
            assert _digest(path) in written.get(owner, set()), f"{path} not written by {owner}"


def record_writes(laptop: Laptop, written: dict[str, set[str]]) -> None:
    me = laptop.workspace.sharing.s.state.registration()
    assert me is not None
    for path in laptop.folder.rglob("*.cpx"):
        if path.parent.name == me.laptop_id:
            written.setdefault(me.laptop_id, set()).add(_digest(path))


def _digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()
