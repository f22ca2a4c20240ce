"""The portability archive (GDPR Art. 20): one JSON document and one CSV file per category.

It holds the data the person (or their parent) provided and that is processed
on their consent or for a contract (`PORTABLE`): not what the association
wrote itself (contacts, the history, request files) nor what it keeps by law
(payments, consent proofs); those are in the access reply. Field names are
stable keys, documented in README.txt inside the archive. JSON values are the
values as stored; only CSV cells that a spreadsheet would run as formulas are
made text (see domain/spreadsheet.py). Amounts are in euros.
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
    PORTABLE,
    DataCategory,
    SubjectData,
    Value,
)
from coursenplus_desk.reports.base import DocumentContext

FORMAT = "coursenplus-desk/portability/2"
JSON_NAME = "data.json"
README_NAME = "README.txt"

JsonValue = str | int | bool | None


def portable_value(field: str, value: Value) -> JsonValue:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and field in MONEY_FIELDS:
        return f"{value / 100:.2f}"
    if isinstance(value, tuple):
        return None  # never portable (rectification changes belong to request files)
    return value


def portable_fields(category: DataCategory) -> tuple[str, ...]:
    return tuple(key for key in category.field_keys if key in PORTABLE.get(category.key, ()))


def portable_records(category: DataCategory) -> list[dict[str, JsonValue]]:
    keys = portable_fields(category)
    return [
        {key: portable_value(key, record[key]) for key in keys} for record in category.records()
    ]


def portable_categories(data: SubjectData) -> list[DataCategory]:
    return [category for category in data.categories if category.key in PORTABLE]


def portability_zip(context: DocumentContext, data: SubjectData) -> bytes:
    categories = portable_categories(data)
    document = {
        "format": FORMAT,
        "controller": context.organisation.name,
        "generated_on": context.issued_on.isoformat(),
        "categories": {c.key: portable_records(c) for c in categories},
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
        for category in categories:
            add(f"{category.key}.csv", _csv(category))
    return buffer.getvalue()


def _csv(category: DataCategory) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(portable_fields(category))
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
        context.say(
            "The personal data {name} (person number {id}) gave {association}, to take to "
            "another service.",
            name=data.full_name,
            id=data.reference or data.person_id,
        ),
        translate("Exported on {date} (GDPR Art. 20, right to data portability).").format(
            date=context.issued_on.isoformat()
        ),
        translate(
            "This archive holds the data you (or your parent) gave us that we process on your "
            "consent or for a contract. What the association wrote itself (contacts, the history "
            "of the record, request files) and what the law makes it keep (payments, proofs of "
            "consent) are in the reply to an access request."
        ),
        "",
        translate("{json}: every category in one JSON document (UTF-8).").format(json=JSON_NAME),
        translate("One CSV file per category (UTF-8, comma-separated, with a header row)."),
        translate("Dates are written YYYY-MM-DD; amounts are in euros."),
        translate(
            "In the CSV files only, a cell that starts with = + - or @ is preceded by an "
            "apostrophe ('), so that a spreadsheet does not run it; the JSON document holds "
            "the values as they are."
        ),
        "",
    ]
    for key, fields in FIELDS.items():
        if key not in PORTABLE:
            continue
        lines.append(f"{key}.csv — {translate(CATEGORY_TITLES[key])}")
        lines += [f"  {field}: {translate(label)}" for field, label in fields
                  if field in PORTABLE[key]]  # fmt: skip
        lines.append("")
    return "\n".join(lines)
