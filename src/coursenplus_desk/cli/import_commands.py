"""`import FILE` (spreadsheets and export archives) and `export all --out FILE.zip`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from coursenplus_desk.cli.context import Cli
from coursenplus_desk.cli.parsing import add_command, add_group, command_help, report_error
from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.domain.import_report import (
    imported_text,
    row_lines,
    row_record,
    summary,
    summary_text,
)
from coursenplus_desk.domain.import_types import ImportPlan
from coursenplus_desk.i18n import N_, _, counted, ngettext

if TYPE_CHECKING:
    from coursenplus_desk.services.importing import ImportReport, ImportSource

if TYPE_CHECKING:
    from coursenplus_desk.domain.import_types import ImportPlan
    from coursenplus_desk.services.importing import ImportReport, ImportSource

    SubParsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]


def register(commands: SubParsers, common: argparse.ArgumentParser) -> None:
    run = add_command(commands, "import", command_help("import"), common)
    run.add_argument("file", metavar="FILE")
    run.add_argument("--mapping", metavar="FILE.json", help=_("column mapping to use"))
    run.add_argument("--dry-run", action="store_true", help=_("show the plan, write nothing"))
    run.add_argument("--json", action="store_true", help=_("print the plan as JSON"))
    run.add_argument(
        "--skip-invalid", action="store_true", help=_("import the valid rows, report the others")
    )
    run.add_argument(
        "--rejected-out", metavar="FILE.csv", help=_("write the rejected rows to this file")
    )
    run.add_argument(
        "--write-mapping", metavar="FILE.json", help=_("write the column mapping used, to edit")
    )
    run.set_defaults(handler=import_file)

    export = add_group(commands, "export", command_help("export"))
    everything = add_command(
        export, "all", _("export every record as a ZIP of CSV and JSON"), common
    )
    everything.add_argument("--out", required=True, metavar="FILE.zip")
    everything.add_argument(
        "--include-restricted",
        action="store_true",
        help=_("include restricted and anonymised people"),
    )
    everything.set_defaults(handler=export_all)


def import_file(args: argparse.Namespace, cli: Cli) -> int:
    mapping = _read_mapping(Path(args.mapping)) if args.mapping else None
    with cli.workspace(args) as workspace:
        source = workspace.importer.open(Path(args.file), mapping)
        if args.write_mapping:  # first: a mapping that finds no names is written to be fixed
            text = json.dumps(source.mapping.to_json(), ensure_ascii=False, indent=2)
            _write("write_mapping", Path(args.write_mapping), text.encode("utf-8"))
        plan = workspace.importer.plan(source)
        if args.rejected_out:
            from coursenplus_desk.domain.import_report import rejected_csv

            _write("rejected_out", Path(args.rejected_out), rejected_csv(plan, _))
            workspace.audit.record("import.rejected_export", rows=len(plan.rejected))
        refused = bool(plan.rejected) and not args.skip_invalid
        report = None
        if not args.dry_run and not refused:
            report = workspace.importer.commit(source, plan, skip_invalid=args.skip_invalid)
    if args.json:
        cli.out_json(_document(args, source, plan, report))
    else:
        _print_plan(cli, plan, every_row=args.dry_run)
        _print_outcome(cli, plan, report, args.dry_run, refused)
    if refused:
        from coursenplus_desk.services.importing import REFUSED_ROWS, ImportRefusedError

        count = len(plan.rejected)
        report_error(cli.stderr, ImportRefusedError(REFUSED_ROWS, count=count))
        return 1
    return 0


def _write(option: str, path: Path, data: bytes) -> None:
    from coursenplus_desk.vault.atomic import write_atomically

    try:
        write_atomically(path, data)
    except OSError:
        raise ValidationError(
            option,
            N_("The file {file} cannot be written: check the folder exists."),
            file=str(path),
        ) from None


def _read_mapping(path: Path) -> dict[str, object]:
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        raise ValidationError(
            "mapping", N_("The mapping file {file} cannot be read."), file=str(path)
        ) from None
    if not isinstance(document, dict):
        raise ValidationError("mapping", N_("This column mapping is not valid."))
    return document


def _document(
    args: argparse.Namespace, source: ImportSource, plan: ImportPlan, report: ImportReport | None
) -> dict[str, object]:

    return {
        "file": args.file,
        "dry_run": args.dry_run,
        "encoding": source.table.encoding,
        "delimiter": source.table.delimiter,
        "header_row": source.table.header_row,
        "mapping": source.mapping.to_json(),
        "summary": summary(plan),
        "rows": [row_record(plan, row, _) for row in plan.rows],
        "imported": None if report is None else _report_record(report),
    }


def _report_record(report: ImportReport) -> dict[str, int]:
    return {
        "rows": report.imported_rows,
        "rejected": report.rejected_rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "links": report.links,
        "enrollments": report.enrollments,
        "contacts": report.contacts,
    }


def _print_plan(cli: Cli, plan: ImportPlan, every_row: bool) -> None:

    for row in plan.rows:
        if every_row or not row.accepted or row.warnings:
            for line in row_lines(plan, row, _):
                cli.out(line)


def _print_outcome(
    cli: Cli, plan: ImportPlan, report: ImportReport | None, dry_run: bool, refused: bool
) -> None:
    cli.out(summary_text(plan))
    if refused:
        cli.out(_("Nothing was imported: correct these rows, or use --skip-invalid."))
    elif dry_run:
        cli.out(_("Dry run: nothing was imported."))
    elif report is not None:
        cli.out(
            imported_text(
                report.imported_rows,
                report.created,
                report.updated,
                report.links,
                report.enrollments,
            )
        )
        if report.contacts:
            cli.out(
                ngettext(
                    "{count} dated contact recorded from the file (the retention clock runs"
                    " from it).",
                    "{count} dated contacts recorded from the file (the retention clock runs"
                    " from them).",
                    report.contacts,
                ).format(count=report.contacts)
            )


def export_all(args: argparse.Namespace, cli: Cli) -> int:
    out = Path(args.out)
    with cli.workspace(args) as workspace:
        counts = workspace.exporter.export_all(out, include_restricted=args.include_restricted)
    cli.out(
        _("Exported {people} and {records} to {file}.").format(
            people=counted("{count} person", "{count} people", counts["people"]),
            records=counted(
                "{count} other record",
                "{count} other records",
                sum(counts.values()) - counts["people"],
            ),
            file=str(out),
        )
    )
    return 0
