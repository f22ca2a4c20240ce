"""The portability archive (GDPR Art. 20): one JSON document and one CSV file per category.

Field names are stable keys, documented in README.txt inside the archive.
CSV files are UTF-8 with a header row; cells that a spreadsheet would run as
formulas are made text (see domain/spreadsheet.py). Amounts are in euros.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date

from coursenplus_desk.domain.spreadsheet import safe_cell
from coursenplus_desk.domain.subject_data import (
    CATEGORY_TITLES,
    FIELDS,
    MONEY_FIELDS,
    DataCategory,
    SubjectData,
    Value,
)
from coursenplus_desk.reports.base import DocumentContext

FORMAT = "coursenplus-desk/portability/1"
JSON_NAME = "data.json"
README_NAME = "README.txt"

JsonValue = str | int | bool | None


def portable_value(field: str, value: Value) -> JsonValue:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and field in MONEY_FIELDS:
        return f"{value / 100:.2f}"
    return value


def portable_records(category: DataCategory) -> list[dict[str, JsonValue]]:
    return [
        {key: portable_value(key, value) for key, value in record.items()}
        for record in category.records()
    ]


def portability_zip(context: DocumentContext, data: SubjectData) -> bytes:
    document = {
        "format": FORMAT,
        "controller": context.organisation.name,
        "generated_on": context.issued_on.isoformat(),
        "person_id": data.person_id,
        "categories": {c.key: portable_records(c) for c in data.categories},
    }
    buffer = io.BytesIO()
    stamp = (context.issued_on.year, context.issued_on.month, context.issued_on.day, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        def add(name: str, text: str) -> None:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))

        add(README_NAME, _readme(context, data))
        add(JSON_NAME, json.dumps(document, ensure_ascii=False, indent=2))
        for category in data.categories:
            add(f"{category.key}.csv", _csv(category))
    return buffer.getvalue()


def _csv(category: DataCategory) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(category.field_keys)
    for record in portable_records(category):
        writer.writerow([safe_cell(_csv_text(value)) for value in record.values()])
    return out.getvalue()


def _csv_text(value: JsonValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _readme(context: DocumentContext, data: SubjectData) -> str:
    translate = context.t
    lines = [
        translate("Personal data of {name} (person number {id}), held by {association}.").format(
            name=data.full_name,
            id=data.reference or data.person_id,
            association=context.organisation.name,
        ),
        translate("Exported on {date} (GDPR Art. 20, right to data portability).").format(
            date=context.issued_on.isoformat()
        ),
        "",
        translate("{json}: every category in one JSON document (UTF-8).").format(json=JSON_NAME),
        translate("One CSV file per category (UTF-8, comma-separated, with a header row)."),
        translate("Dates are written YYYY-MM-DD; amounts are in euros."),
        translate("A cell that starts with = + - or @ is preceded by an apostrophe (')."),
        "",
    ]
    for key, fields in FIELDS.items():
        lines.append(f"{key}.csv — {translate(CATEGORY_TITLES[key])}")
        lines += [f"  {field}: {translate(label)}" for field, label in fields]
        lines.append("")
    return "\n".join(lines)
