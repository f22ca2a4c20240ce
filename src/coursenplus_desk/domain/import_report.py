"""What an import plan says, row by row, for a person (text) or a program (JSON)."""

from __future__ import annotations

from dataclasses import fields as dataclass_fields

from coursenplus_desk.domain.import_types import Action, CellProblem, ImportPlan, RowPlan, Target
from coursenplus_desk.domain.people import ROLE_LABELS, PersonFields
from coursenplus_desk.domain.spreadsheet import csv_bytes
from coursenplus_desk.i18n import Translate, _, counted


def summary(plan: ImportPlan) -> dict[str, int]:
    return {
        "rows": len(plan.rows),
        "accepted": len(plan.accepted),
        "rejected": len(plan.rejected),
        "create": plan.count(Action.CREATE),
        "update": plan.count(Action.UPDATE),
        "unchanged": plan.count(Action.UNCHANGED),
        "links": len(plan.links),
    }


def summary_text(plan: ImportPlan) -> str:
    """The plan in one sentence, every count in its singular or plural."""
    counts = summary(plan)
    return _(
        "{rows}: {accepted}, {rejected}; people: {create}, {update}, {unchanged}; {links}."
    ).format(
        rows=counted("{count} row", "{count} rows", counts["rows"]),
        accepted=counted("{count} accepted", "{count} accepted", counts["accepted"]),
        rejected=counted("{count} refused", "{count} refused", counts["rejected"]),
        create=counted("{count} new", "{count} new", counts["create"]),
        update=counted("{count} updated", "{count} updated", counts["update"]),
        unchanged=counted("{count} unchanged", "{count} unchanged", counts["unchanged"]),
        links=counted("{count} family link", "{count} family links", counts["links"]),
    )


def imported_text(rows: int, created: int, updated: int, links: int, enrollments: int) -> str:
    """What an import wrote, every count in its singular or plural."""
    return _("Imported {rows}: {created}, {updated}, {links}, {enrollments}.").format(
        rows=counted("{count} row", "{count} rows", rows),
        created=counted("{count} person created", "{count} people created", created),
        updated=counted("{count} updated", "{count} updated", updated),
        links=counted("{count} family link", "{count} family links", links),
        enrollments=counted("{count} enrollment", "{count} enrollments", enrollments),
    )


def row_record(plan: ImportPlan, row: RowPlan, translate: Translate) -> dict[str, object]:
    """One row as JSON values: its people and what happens to them, its links and problems."""
    people = []
    for person in row.people:
        target = plan.targets[person.target]
        people.append(
            {
                "slot": person.slot or "person",
                "action": _action(target, row),
                "person_id": target.existing_id,
                "name": _name(target.fields),
                "same_as_row": target.first_row if target.first_row != row.row else None,
                "match": person.match,
                "changed_fields": changed(target) if target.action is Action.UPDATE else [],
            }
        )
    return {
        "row": row.row,
        "status": "accepted" if row.accepted else "rejected",
        "people": people,
        "links": [
            {
                "guardian": _name(plan.targets[link.guardian].fields),
                "student": _name(plan.targets[link.student].fields),
            }
            for link in row.links
        ],
        "errors": [problem_record(problem, translate) for problem in row.errors],
        "warnings": [problem_record(problem, translate) for problem in row.warnings],
    }


def problem_record(problem: CellProblem, translate: Translate) -> dict[str, object]:
    return {
        "row": problem.row,
        "column": problem.column,
        "field": problem.field,
        "message": problem.message(translate),
    }


def row_lines(plan: ImportPlan, row: RowPlan, translate: Translate) -> list[str]:
    """The row in words: 'row 3: create Zoë Dupont (student); link Marie Dupont → Zoë Dupont'."""
    if not row.accepted:
        lines = [translate("row {row}: rejected").format(row=row.row)]
        lines += [f"  {_problem_text(problem, translate)}" for problem in row.errors]
        return lines
    parts = [_person_text(plan, row, number, translate) for number in range(len(row.people))]
    parts += [
        translate("link {guardian} → {student}").format(
            guardian=_name(plan.targets[link.guardian].fields),
            student=_name(plan.targets[link.student].fields),
        )
        for link in row.links
    ]
    lines = [translate("row {row}: {actions}").format(row=row.row, actions=" · ".join(parts))]
    lines += [
        "  " + translate("warning: {message}").format(message=_problem_text(w, translate))
        for w in row.warnings
    ]
    return lines


def _person_text(plan: ImportPlan, row: RowPlan, index: int, translate: Translate) -> str:
    target = plan.targets[row.people[index].target]
    name = _name(target.fields)
    if target.first_row != row.row:
        return translate("{name}: same person as row {row}").format(name=name, row=target.first_row)
    roles = ", ".join(translate(ROLE_LABELS[role]) for role in sorted(target.fields.roles))
    if target.action is Action.CREATE:
        return translate("create {name} ({roles})").format(name=name, roles=roles)
    if target.action is Action.UPDATE:
        return translate("update person {id} {name}: {fields}").format(
            id=target.existing_id, name=name, fields=", ".join(changed(target))
        )
    return translate("person {id} {name} unchanged").format(id=target.existing_id, name=name)


def _problem_text(problem: CellProblem, translate: Translate) -> str:
    if not problem.column:
        return translate("field {field}: {message}").format(
            field=problem.field, message=problem.message(translate)
        )
    return translate("column “{column}”: {message}").format(
        column=problem.column, message=problem.message(translate)
    )


def _action(target: Target, row: RowPlan) -> str:
    return "same_as_row" if target.first_row != row.row else target.action.value


def _name(fields: PersonFields) -> str:
    return f"{fields.given_name} {fields.family_name}"


def changed(target: Target) -> list[str]:
    """Names of the fields an update changes (never their values)."""
    if target.before is None:
        return []
    return [
        field.name
        for field in dataclass_fields(PersonFields)
        if getattr(target.before, field.name) != getattr(target.fields, field.name)
    ]


def rejected_csv(plan: ImportPlan, translate: Translate) -> bytes:
    """The rejected rows as they were, with their row number and what is wrong, to fix and retry."""
    headers = [translate("row"), *plan.mapping.headers, translate("errors")]
    rows = [
        [row.row, *row.cells, "; ".join(_problem_text(p, translate) for p in row.errors)]
        for row in plan.rejected
    ]
    return csv_bytes(headers, rows)
