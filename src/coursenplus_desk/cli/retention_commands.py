"""`retention report|apply`, `hold add|lift|list`, `policy list|set`.

`retention apply --person ID` acts only on what of that person is overdue on
--as-of: it refuses (exit 1) a person with nothing overdue or under a legal
hold, and an --as-of after today. Erasing someone before the end of their
periods is an erasure request, handled with its legal exceptions by the
data-subject-request feature. Without --yes nothing is done (exit 1).

Request files whose subject was erased or anonymised have no person to be
listed under: `retention report` counts the overdue ones on a line of its own
(the --json list stays one object per person and category), and
`retention apply --all-overdue --action erase|anonymise` erases them too.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from coursenplus_desk.cli.backup_commands import say_scrubbed
from coursenplus_desk.cli.context import Cli
from coursenplus_desk.cli.parsing import add_command, add_group, command_help, positive_int
from coursenplus_desk.domain.errors import RefusedError
from coursenplus_desk.domain.retention import (
    CATEGORY_CLOCKS,
    CATEGORY_LABELS,
    DEFAULT_WINDOW_DAYS,
    STATUS_LABELS,
    Category,
    Finding,
    Status,
    shown_date,
)
from coursenplus_desk.domain.retention_actions import Action, ActionSummary
from coursenplus_desk.domain.validation import require_date
from coursenplus_desk.i18n import N_, _, counted, ngettext

if TYPE_CHECKING:
    from coursenplus_desk.services.workspace import Workspace

if TYPE_CHECKING:  # generic only for the type checker
    from coursenplus_desk.services.workspace import Workspace

    Subcommands = argparse._SubParsersAction[argparse.ArgumentParser]

OUTCOME_LABELS = {
    "erased": N_("person erased"),
    "anonymised": N_("person anonymised"),
    "restricted": N_("person restricted"),
    "unchanged": N_("person unchanged"),
}


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    retention = add_group(commands, "retention", command_help("retention"))
    report = add_command(retention, "report", _("list what is overdue, due soon or held"), common)
    report.add_argument("--as-of", metavar="YYYY-MM-DD")
    report.add_argument("--window-days", type=_days, default=DEFAULT_WINDOW_DAYS, metavar="N")
    report.add_argument("--json", action="store_true")
    report.set_defaults(handler=retention_report)

    apply = add_command(
        retention, "apply", _("erase, anonymise or restrict overdue data (asks for --yes)"), common
    )
    apply.add_argument("--as-of", required=True, metavar="YYYY-MM-DD")
    apply.add_argument("--action", required=True, choices=[a.value for a in Action])
    target = apply.add_mutually_exclusive_group(required=True)
    target.add_argument("--person", type=int, metavar="ID")
    target.add_argument("--all-overdue", action="store_true")
    apply.add_argument("--yes", action="store_true", help=_("confirm: this cannot be undone"))
    apply.set_defaults(handler=retention_apply)

    for group in (commands, retention):
        _register_holds(add_group(group, "hold", command_help("hold")), common)
        _register_policies(add_group(group, "policy", command_help("policy")), common)


def _register_holds(holds: Subcommands, common: argparse.ArgumentParser) -> None:
    add = add_command(holds, "add", _("place a legal hold on a person"), common)
    add.add_argument("id", type=int)
    add.add_argument("--reason", required=True)
    add.set_defaults(handler=hold_add)
    lift = add_command(holds, "lift", _("lift a person's legal hold"), common)
    lift.add_argument("id", type=int)
    lift.set_defaults(handler=hold_lift)
    listing = add_command(holds, "list", _("list the legal holds in force"), common)
    listing.set_defaults(handler=hold_list)


def _register_policies(policies: Subcommands, common: argparse.ArgumentParser) -> None:
    listing = add_command(policies, "list", _("show the retention period of each category"), common)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=policy_list)
    change = add_command(policies, "set", _("change a category's retention period"), common)
    change.add_argument("category", choices=[c.value for c in Category])
    change.add_argument("--years", type=positive_int, required=True, metavar="N")
    change.set_defaults(handler=policy_set)
    application = add_command(
        policies, "application",
        _("how long an unconfirmed membership application is kept (months)"), common,
    )  # fmt: skip
    application.add_argument("--months", type=positive_int, metavar="N")
    application.set_defaults(handler=policy_application)


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("expected a whole number")) from None
    if value < 0:
        raise argparse.ArgumentTypeError(_("expected a number of at least 0"))
    return value


def _as_of(args: argparse.Namespace, workspace: Workspace) -> date:
    return require_date(args.as_of, "as_of") if args.as_of else workspace.clock.today()


def retention_report(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        as_of = _as_of(args, workspace)
        findings = workspace.retention.scan(as_of, args.window_days)
        names = {p.id: p.full_name for p in workspace.people.summaries(_ids(findings))}
        unlinked = len(workspace.retention.unlinked_request_files(as_of))
    if args.json:
        cli.out_json([_finding_record(f) for f in findings])
        return 0
    for finding in findings:
        cli.out(_finding_line(finding, names.get(finding.person_id, "")))
    if unlinked:
        cli.out(_unlinked_line(unlinked))
    if not findings and not unlinked:
        cli.out(_("Nothing is overdue, due soon or held."))
    return 0


def _unlinked_line(count: int) -> str:
    return ngettext(
        "{count} request file of an erased or anonymised person is past its retention period"
        " (retention apply --all-overdue erases it).",
        "{count} request files of erased or anonymised people are past their retention period"
        " (retention apply --all-overdue erases them).",
        count,
    ).format(count=count)


def _ids(findings: list[Finding]) -> list[int]:
    return sorted({f.person_id for f in findings})


def _finding_record(finding: Finding) -> dict[str, object]:
    return {
        "person_id": finding.person_id,
        "category": finding.category.value,
        "due_on": finding.due_on.isoformat(),
        "status": finding.status.value,
    }


def _finding_line(finding: Finding, name: str) -> str:
    text = _("{status}: {category} due on {due} (since {since})").format(
        status=_(STATUS_LABELS[finding.status]),
        category=_(CATEGORY_LABELS[finding.category]),
        due=shown_date(finding.due_on),
        since=shown_date(finding.since),
    )
    if finding.kept_until:
        text += "; " + _("invoices kept until {date}").format(date=shown_date(finding.kept_until))
    if finding.expired_application:
        text += "; " + _("membership application never confirmed")
    return f"{finding.person_id}\t{name}\t{text}"


def retention_apply(args: argparse.Namespace, cli: Cli) -> int:
    action = Action(args.action)
    as_of = require_date(args.as_of, "as_of")
    with cli.workspace(args) as workspace:
        if not args.yes:
            _refuse_without_confirmation(workspace, action, as_of, args.person)
        files: dict[str, int] = {}
        if args.all_overdue:
            summaries = workspace.retention.apply_all_overdue(action, as_of)
            if action is not Action.RESTRICT:  # such a file has nothing left to restrict
                files = workspace.retention.expire_unlinked_request_files(as_of)
        else:
            summaries = [workspace.retention.apply(args.person, action, as_of)]
        scrubbed = workspace.backups.scrub()
    for summary in summaries:
        cli.out(_summary_line(summary))
    if files:
        count = files["data_subject_request"]
        erased = sum(files.values())
        cli.out(
            ngettext(
                "{count} request file of an erased or anonymised person: {erased} records erased",
                "{count} request files of erased or anonymised people: {erased} records erased",
                count,
            ).format(count=count, erased=erased)
        )
    cli.out(
        ngettext("{count} person handled.", "{count} people handled.", len(summaries)).format(
            count=len(summaries)
        )
    )
    say_scrubbed(cli, scrubbed)
    return 0


def _refuse_without_confirmation(
    workspace: Workspace, action: Action, as_of: date, person: int | None
) -> None:
    overdue = {
        f.person_id
        for f in workspace.retention.scan(as_of, 0)
        if f.status is Status.OVERDUE and person in (None, f.person_id)
    }
    raise RefusedError(
        N_("Nothing was done: “{action}” would act on overdue data (people: {count}). Add --yes."),
        action=action.value,
        count=len(overdue),
    )


def _summary_line(summary: ActionSummary) -> str:
    erased = sum(summary.erased.values())
    kept = ", ".join(
        _("{category}: {kept} until {date}").format(
            kept=counted("{count} record kept", "{count} records kept", k.count),
            category=_(CATEGORY_LABELS[k.category]),
            date=shown_date(k.kept_through),
        )
        for k in summary.kept
    )
    text = _("{outcome} ({categories}): {erased}").format(
        outcome=_(OUTCOME_LABELS[summary.outcome.value]),
        categories=", ".join(_(CATEGORY_LABELS[c]) for c in summary.categories),
        erased=counted("{count} record erased", "{count} records erased", erased),
    )
    return f"{summary.person_id}\t{text}" + (f"; {kept}" if kept else "")


def hold_add(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        cli.out(str(workspace.retention.place_hold(args.id, args.reason)))
    return 0


def hold_lift(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        workspace.retention.lift_hold(args.id)
    return 0


def hold_list(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        holds = workspace.retention.holds()
    for hold in holds:
        cli.out(f"{hold.person_id}\t{shown_date(hold.placed_on)}\t{hold.reason}")
    return 0


def policy_list(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        policies = workspace.retention.policies()
    if args.json:
        rows = [{"category": c.value, "years": policies.of(c)} for c in Category]
        cli.out_json(rows)
        return 0
    for category in Category:
        cli.out(
            f"{category.value}\t{policies.of(category)} {_(CATEGORY_CLOCKS[category])}"
            f"\t({_(CATEGORY_LABELS[category])})"
        )
    cli.out(_application_line(policies.application_months))
    return 0


def _application_line(months: int) -> str:
    return "application\t" + ngettext(
        "{months} month after an application that is not confirmed",
        "{months} months after an application that is not confirmed",
        months,
    ).format(months=months)


def policy_application(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        if args.months is not None:
            workspace.retention.set_application_months(args.months)
        months = workspace.retention.policies().application_months
    cli.out(_application_line(months))
    return 0


def policy_set(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        workspace.retention.set_policy(args.category, args.years)
    return 0
