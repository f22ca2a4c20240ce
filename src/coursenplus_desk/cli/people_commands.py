"""`person add|find|show|edit|link` and `contact add`."""

from __future__ import annotations

import argparse
from dataclasses import asdict, replace
from datetime import date
from typing import TYPE_CHECKING

from coursenplus_desk.cli.context import Cli
from coursenplus_desk.cli.parsing import add_command, add_group, command_help
from coursenplus_desk.domain.kinds import ContactChannel, Role
from coursenplus_desk.i18n import _

if TYPE_CHECKING:  # the records load when a command runs, not to build its parser
    from coursenplus_desk.domain.people import PersonDetails, PersonDraft, PersonFields

_PERSON_OPTIONS = (
    "given_name", "family_name", "email", "phone", "birth_date", "street", "postal_code",
    "city", "country", "language", "school", "school_year", "notes",
)  # fmt: skip


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    person = add_group(commands, "person", command_help("person"))
    add = add_command(person, "add", _("add a person; prints the new id"), common)
    add.add_argument("--role", action="append", required=True, choices=[r.value for r in Role])
    _person_options(add, required=True)
    add.add_argument("--guardian", action="append", type=int, default=[], metavar="ID")
    add.set_defaults(handler=person_add)

    edit = add_command(person, "edit", _("change some of a person's values"), common)
    edit.add_argument("id", type=int)
    edit.add_argument("--role", action="append", choices=[r.value for r in Role])
    _person_options(edit, required=False)
    edit.set_defaults(handler=person_edit)

    find = add_command(person, "find", _("find people by name, email or phone"), common)
    find.add_argument("text")
    find.add_argument("--role", action="append", choices=[r.value for r in Role], default=[])
    find.add_argument("--limit", type=int, default=None)
    find.set_defaults(handler=person_find)

    show = add_command(person, "show", _("show one person"), common)
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=person_show)

    link = add_command(person, "link", _("link a guardian to a student"), common)
    link.add_argument("guardian", type=int, metavar="GUARDIAN_ID")
    link.add_argument("student", type=int, metavar="STUDENT_ID")
    link.add_argument("--relationship")
    link.add_argument("--primary", action="store_true")
    link.set_defaults(handler=person_link)

    contact = add_group(commands, "contact", command_help("contact"))
    add_contact = add_command(contact, "add", _("record a contact"), common)
    add_contact.add_argument("id", type=int)
    add_contact.add_argument("--on", required=True, metavar="YYYY-MM-DD")
    add_contact.add_argument("--channel", required=True, choices=[c.value for c in ContactChannel])
    add_contact.add_argument("--summary")
    add_contact.set_defaults(handler=contact_add)


def _person_options(parser: argparse.ArgumentParser, required: bool) -> None:
    for name in _PERSON_OPTIONS:
        flag = "--" + name.replace("_", "-")
        parser.add_argument(flag, required=required and name.endswith("_name"))


def person_add(args: argparse.Namespace, cli: Cli) -> int:
    from coursenplus_desk.domain.people import PersonDraft

    draft = PersonDraft(
        roles=tuple(args.role), **{name: getattr(args, name) for name in _PERSON_OPTIONS}
    )
    with cli.workspace(args) as workspace:
        cli.out(str(workspace.people.add(draft, args.guardian)))
    _warn_about_health(cli, args.notes)
    return 0


def _warn_about_health(cli: Cli, notes: str | None) -> None:
    """Saved, but health information belongs in its own field (`health set`), with consent."""
    from coursenplus_desk.domain.health import HEALTH_WARNING, looks_like_health

    if looks_like_health(notes):
        print("coursenplus-desk: " + _(HEALTH_WARNING) + " (health set)", file=cli.stderr)


def person_edit(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        current = workspace.people.fields(args.id)
        changes = {n: getattr(args, n) for n in _PERSON_OPTIONS if getattr(args, n) is not None}
        roles = tuple(args.role) if args.role else tuple(r.value for r in current.roles)
        workspace.people.update(args.id, replace(_draft(current), roles=roles, **changes))
    _warn_about_health(cli, args.notes)
    return 0


def _draft(fields: PersonFields) -> PersonDraft:
    from coursenplus_desk.domain.people import PersonDraft

    values = asdict(fields)
    values["roles"] = tuple(role.value for role in fields.roles)
    return PersonDraft(**values)


def person_find(args: argparse.Namespace, cli: Cli) -> int:
    roles = frozenset(Role(value) for value in args.role)
    with cli.workspace(args) as workspace:
        found = workspace.people.find(args.text, roles)
    for person in found[: args.limit] if args.limit else found:
        cli.out(f"{person.id}\t{person.full_name}")
    return 0


def person_show(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        details = workspace.people.get(args.id)
        workspace.audit.record("person.view", args.id)
    record = person_record(details, workspace.clock.today())
    if args.json:
        cli.out_json(record)
        return 0
    for key, value in record.items():
        if value not in (None, [], ""):
            shown = ", ".join(map(str, value)) if isinstance(value, list) else value
            cli.out(f"{key}: {shown}")
    return 0


def person_record(details: PersonDetails, today: date) -> dict[str, object]:
    """A person as plain JSON values (dates as YYYY-MM-DD)."""
    person = details.person
    return {
        "id": person.id,
        "uuid": person.uuid,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "roles": sorted(role.value for role in details.roles),
        "status": person.status.value,
        "email": person.email,
        "phone": person.phone,
        "birth_date": _iso(person.birth_date),
        "street": person.street,
        "postal_code": person.postal_code,
        "city": person.city,
        "country": person.country,
        "language": person.language,
        "school": details.school,
        "school_year": details.school_year,
        "notes": person.notes,
        "created_on": _iso(person.created_on),
        "last_contact_on": _iso(person.last_contact_on(today)),
        "guardians": [link.person_id for link in details.guardians],
        "children": [link.person_id for link in details.children],
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def person_link(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        workspace.people.link_guardian(args.guardian, args.student, args.relationship, args.primary)
    return 0


def contact_add(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        cli.out(str(workspace.records.add_contact(args.id, args.on, args.channel, args.summary)))
    return 0
