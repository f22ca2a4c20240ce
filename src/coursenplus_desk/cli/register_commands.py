"""`breach add|update|list`, `register pdf`, `notice`, `settings set|show`, `activity ...`.

Documents are written in the language of --lang (else COURSENPLUS_LANG, else
French); the notice's format follows the file's extension (.pdf or .html).
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coursenplus_desk.cli.context import Cli
from coursenplus_desk.cli.parsing import add_command, add_group, command_help
from coursenplus_desk.domain.register import (
    ACTIVITY_FIELDS,
    FIELD_LABELS,
    LEGAL_BASIS_LABELS,
    Activity,
    Breach,
    LegalBasis,
    Reminder,
    period_text,
    stored_field,
)
from coursenplus_desk.domain.retention import Category, Policies
from coursenplus_desk.i18n import _, format_day

if TYPE_CHECKING:  # generic only for the type checker
    Subcommands = argparse._SubParsersAction[argparse.ArgumentParser]

# Optional breach values: option name -> service field.
_BREACH_OPTIONS = {
    "--data": "data_concerned",
    "--people": "people_concerned",
    "--consequences": "consequences",
    "--measures": "measures",
    "--notified-on": "notified_on",
    "--delay-reason": "delay_reason",
    "--not-notified-reason": "not_notified_reason",
    "--people-told-on": "people_told_on",
    "--not-told-reason": "not_told_reason",
}


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    _register_breaches(add_group(commands, "breach", command_help("breach")), common)
    documents = add_group(commands, "register", command_help("register"))
    pdf = add_command(documents, "pdf", _("write the register as a PDF"), common)
    pdf.add_argument("--out", required=True, metavar="FILE.pdf")
    pdf.set_defaults(handler=register_pdf)
    notice = add_command(commands, "notice", command_help("notice"), common)
    notice.add_argument("--out", required=True, metavar="FILE.pdf|FILE.html")
    notice.set_defaults(handler=notice_write)
    _register_settings(add_group(commands, "settings", command_help("settings")), common)
    _register_activities(add_group(commands, "activity", command_help("activity")), common)


def _register_breaches(breaches: Subcommands, common: argparse.ArgumentParser) -> None:
    add = add_command(breaches, "add", _("record a data breach; prints its number"), common)
    add.add_argument("--discovered", required=True, metavar="YYYY-MM-DD[ HH:MM]")
    add.add_argument("--nature", required=True, metavar="TEXT")
    _breach_options(add)
    add.set_defaults(handler=breach_add)
    update = add_command(breaches, "update", _("change what is recorded of a breach"), common)
    update.add_argument("id", type=int)
    update.add_argument("--discovered", metavar="YYYY-MM-DD[ HH:MM]")
    update.add_argument("--nature", metavar="TEXT")
    _breach_options(update)
    update.set_defaults(handler=breach_update)
    listing = add_command(breaches, "list", _("list breaches and the 72-hour deadlines"), common)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=breach_list)


def _breach_options(parser: argparse.ArgumentParser) -> None:
    for option, field in _BREACH_OPTIONS.items():
        metavar = "YYYY-MM-DD" if field.endswith("_on") else "TEXT"
        if field == "notified_on":
            metavar = "YYYY-MM-DD[ HH:MM]"
        parser.add_argument(option, dest=field, metavar=metavar)


def _register_settings(settings: Subcommands, common: argparse.ArgumentParser) -> None:
    change = add_command(settings, "set", _("change one setting of the association"), common)
    change.add_argument("key")
    change.add_argument("value")
    change.set_defaults(handler=settings_set)
    show = add_command(settings, "show", _("show the association's settings"), common)
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=settings_show)


def _register_activities(activities: Subcommands, common: argparse.ArgumentParser) -> None:
    listing = add_command(activities, "list", _("list the processing activities"), common)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=activity_list)
    show = add_command(activities, "show", _("show one processing activity"), common)
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=activity_show)
    change = add_command(activities, "set", _("change one field of an activity"), common)
    change.add_argument("id", type=int)
    change.add_argument("field", choices=ACTIVITY_FIELDS)
    change.add_argument("value")
    change.set_defaults(handler=activity_set)
    add = add_command(activities, "add", _("add a processing activity; prints its number"), common)
    for field in ACTIVITY_FIELDS:
        add.add_argument("--" + field.replace("_", "-"), dest=field, metavar="TEXT")
    add.set_defaults(handler=activity_add)
    remove = add_command(activities, "remove", _("remove a processing activity"), common)
    remove.add_argument("id", type=int)
    remove.set_defaults(handler=activity_remove)


# Breaches


def _given(args: argparse.Namespace, names: tuple[str, ...]) -> dict[str, str]:
    return {name: getattr(args, name) for name in names if getattr(args, name, None) is not None}


def breach_add(args: argparse.Namespace, cli: Cli) -> int:
    values = _given(args, tuple(_BREACH_OPTIONS.values()))
    with cli.workspace(args) as workspace:
        breach_id = workspace.breaches.add(args.discovered, args.nature, **values)
    cli.out(str(breach_id))
    return 0


def breach_update(args: argparse.Namespace, cli: Cli) -> int:
    values = _given(args, ("discovered", "nature", *_BREACH_OPTIONS.values()))
    with cli.workspace(args) as workspace:
        workspace.breaches.update(args.id, **values)
    return 0


def breach_list(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        breaches = workspace.breaches.breaches()
        due = {r.breach.id: r for r in workspace.breaches.reminders()}
    if args.json:
        cli.out_json([_breach_record(b, due.get(b.id)) for b in breaches])
        return 0
    for breach in breaches:
        cli.out(f"{breach.id}\t{_moment(breach.discovered_at)}\t{breach.nature}")
        reminder = due.get(breach.id)
        cli.out("\t" + (_reminder_text(reminder) if reminder else _settled_text(breach)))
    if not breaches:
        cli.out(_("No breach is recorded."))
    return 0


def _moment(moment: datetime) -> str:
    local = moment.astimezone()
    return f"{format_day(local.date())} {local:%H:%M}"


def _reminder_text(reminder: Reminder) -> str:
    deadline = _moment(reminder.breach.deadline)
    if reminder.overdue:
        return _(
            "OVERDUE: the 72 hours to notify the authority ended {hours} h ago ({deadline}); "
            "notify it now, with the reasons for the delay, or record why it need not be told."
        ).format(hours=int(-reminder.hours_left), deadline=deadline)
    return _("Notify the authority within {hours} h (by {deadline}), or record why not.").format(
        hours=int(reminder.hours_left), deadline=deadline
    )


def _settled_text(breach: Breach) -> str:
    if breach.notified_on is not None:
        text = _("Authority notified on {date}.").format(date=_notified(breach))
        if breach.delay_unexplained:
            text += " " + _(
                "LATE: more than 72 hours after the discovery; give the reasons for the delay "
                "(breach update {id} --delay-reason TEXT)."
            ).format(id=breach.id)
        elif breach.notified_late:
            text += " " + _("Late, for this reason: {reason}").format(reason=breach.delay_reason)
        return text
    return _("Authority not notified: {reason}").format(reason=breach.not_notified_reason)


def _notified(breach: Breach) -> str:
    if breach.notified_at is not None:
        return _moment(breach.notified_at)
    return format_day(breach.notified_on)


def _breach_record(breach: Breach, reminder: Reminder | None) -> dict[str, object]:
    return {
        "id": breach.id,
        "discovered_at": breach.discovered_at.isoformat(),
        "nature": breach.nature,
        "data_concerned": breach.data_concerned,
        "people_concerned": breach.people_concerned,
        "consequences": breach.consequences,
        "measures": breach.measures,
        "notified_on": breach.notified_on.isoformat() if breach.notified_on else None,
        "notified_at": breach.notified_at.isoformat() if breach.notified_at else None,
        "late": breach.notified_late,
        "delay_reason": breach.delay_reason,
        "delay_reason_missing": breach.delay_unexplained,
        "not_notified_reason": breach.not_notified_reason,
        "people_told_on": breach.people_told_on.isoformat() if breach.people_told_on else None,
        "not_told_reason": breach.not_told_reason,
        "deadline": breach.deadline.isoformat(),
        "open": reminder is not None,
        "hours_left": round(reminder.hours_left, 1) if reminder else None,
        "overdue": reminder.overdue if reminder else False,
    }


# Documents


def register_pdf(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        workspace.register.save_register(Path(args.out))
    return 0


def notice_write(args: argparse.Namespace, cli: Cli) -> int:
    from coursenplus_desk.services.register import notice_format

    path = Path(args.out)
    notice_format(path)  # refuse a wrong extension before asking for the passphrase
    with cli.workspace(args) as workspace:
        workspace.register.save_notice(path)
    return 0


# Settings


def settings_set(args: argparse.Namespace, cli: Cli) -> int:
    from coursenplus_desk.domain.notice import check_notice_setting

    check_notice_setting(args.key, args.value)
    with cli.workspace(args) as workspace:
        workspace.settings.set_organisation_value(args.key, args.value)
    return 0


def settings_show(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        values = workspace.settings.organisation().to_dict()
    if args.json:
        cli.out_json(values)
        return 0
    for key, value in values.items():
        cli.out(f"{key}\t{' '.join(value.split())}")
    return 0


# Activities


def _activity_record(activity: Activity) -> dict[str, object]:
    return {
        "id": activity.id,
        **{field: stored_field(getattr(activity, field)) for field in ACTIVITY_FIELDS},
    }


def activity_list(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        activities = workspace.register.activities()
    if args.json:
        cli.out_json([_activity_record(a) for a in activities])
        return 0
    for activity in activities:
        cli.out(
            f"{activity.id}\t{_(activity.name)}\t{activity.legal_basis.value}"
            f"\t{activity.retention.value}"
        )
    return 0


def activity_show(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        activity = workspace.register.activity(args.id)
        policies = workspace.retention.policies()
    if args.json:
        cli.out_json(_activity_record(activity))
        return 0
    for field in ACTIVITY_FIELDS:
        cli.out(f"{_(FIELD_LABELS[field])}: {_shown(activity, field, policies)}")
    return 0


def _shown(activity: Activity, field: str, policies: Policies) -> str:
    value = getattr(activity, field)
    if isinstance(value, LegalBasis):
        return f"{value.value} — {_(LEGAL_BASIS_LABELS[value])}"
    if isinstance(value, Category):
        return f"{value.value} — {period_text(value, policies, _)}"
    if isinstance(value, tuple):
        return ", ".join(value) or "—"
    return " ".join(_(value).split()) if value else "—"


def activity_set(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        workspace.register.set_activity_field(args.id, args.field, args.value)
    return 0


def activity_add(args: argparse.Namespace, cli: Cli) -> int:
    values = _given(args, ACTIVITY_FIELDS)
    with cli.workspace(args) as workspace:
        activity_id = workspace.register.add_activity(values)
    cli.out(str(activity_id))
    return 0


def activity_remove(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        workspace.register.remove_activity(args.id)
    return 0
