"""Export every record, for a move to another system: a ZIP of CSV files and one JSON document.

One CSV per table (UTF-8, a header row, cells made inert for spreadsheet
programs) and `export.json` holding the same tables with typed values.
Restricted and anonymised people, and every record about them, are left out
unless asked for. The archive is audited by counts only.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.spreadsheet import csv_bytes
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.transfer import (
    ARCHIVE_FORMAT,
    ARCHIVE_VERSION,
    MANIFEST,
    ExportTable,
    TransferStore,
)
from coursenplus_desk.vault.atomic import write_atomically


class ExportFailedError(UserError):
    """The archive could not be written where the person asked."""


class ExportService:
    def __init__(self, db: Database, clock: Clock, audit: Auditor) -> None:
        self.db = db
        self.clock = clock
        self.audit = audit
        self.store = TransferStore(db)

    def export_all(self, out: Path, include_restricted: bool = False) -> dict[str, int]:
        """Write the archive; the number of rows of each table."""
        tables = self.store.export_tables(include_restricted, self.clock.today())
        data = archive_bytes(tables, self._manifest(tables, include_restricted))
        try:
            write_atomically(out, data)
        except OSError:
            raise ExportFailedError(
                N_("The export archive {file} cannot be written."), file=str(out)
            ) from None
        counts = {table.name: len(table.rows) for table in tables}
        self.audit.record("export.all", include_restricted=include_restricted, counts=counts)
        return counts

    def _manifest(self, tables: list[ExportTable], include_restricted: bool) -> dict[str, object]:
        return {
            "format": ARCHIVE_FORMAT,
            "version": ARCHIVE_VERSION,
            "exported_at": self.clock.now().isoformat(),
            "include_restricted": include_restricted,
            "tables": {table.name: table.rows for table in tables},
        }


def archive_bytes(tables: list[ExportTable], manifest: dict[str, object]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            rows = ([row[column] for column in table.columns] for row in table.rows)
            archive.writestr(f"{table.name}.csv", csv_bytes(table.columns, rows))
        document = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=False)
        archive.writestr(MANIFEST, document.encode("utf-8"))
    return buffer.getvalue()
