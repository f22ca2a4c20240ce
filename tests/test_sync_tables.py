"""Every table of the schema is either shared between laptops or declared local to one vault."""

from __future__ import annotations

from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store.sync.tables import BY_NAME, KeyKind, Schema, is_local_table


def test_every_table_is_shared_or_declared_local(workspace: Workspace) -> None:
    tables = [str(t) for t in workspace.db.column(
        "SELECT name FROM sqlite_master WHERE type = 'table'")]  # fmt: skip
    unclassified = [t for t in tables if t not in BY_NAME and not is_local_table(t)]
    assert not unclassified, (
        f"tables neither shared nor local: {unclassified} (store/sync/tables.py says which)"
    )


def test_every_shared_record_table_has_a_uuid(workspace: Workspace) -> None:
    schema = Schema(workspace.db)
    for shape in schema.ordered():
        columns = set(workspace.db.column(f"SELECT name FROM pragma_table_info('{shape.name}')"))
        if shape.table.kind is KeyKind.UUID:
            assert "uuid" in columns, shape.name
        assert set(shape.table.key_columns) <= columns, shape.name


def test_a_table_comes_after_those_it_refers_to(workspace: Workspace) -> None:
    schema = Schema(workspace.db)
    order = [shape.name for shape in schema.ordered()]
    for shape in schema.ordered():
        for reference in shape.references.values():
            if reference.table in order:
                assert order.index(reference.table) < order.index(shape.name), (
                    shape.name,
                    reference.table,
                )
