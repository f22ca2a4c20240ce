"""`course`, `group`, `enroll`, `unenroll` and `payment` commands (memberships: `members`)."""

from __future__ import annotations

import argparse

from coursenplus_desk.cli.context import Cli
from coursenplus_desk.cli.parsing import add_command, add_group, command_help
from coursenplus_desk.domain.courses import CourseKind
from coursenplus_desk.i18n import _


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    course = add_group(commands, "course", command_help("course"))
    add = add_command(course, "add", _("add a course; prints its id"), common)
    add.add_argument("--subject", required=True)
    add.add_argument("--level")
    add.add_argument("--kind", choices=[k.value for k in CourseKind], default="group")
    add.set_defaults(handler=course_add)
    add_command(course, "list", _("list the courses"), common).set_defaults(handler=course_list)

    group = add_group(commands, "group", command_help("group"))
    add = add_command(group, "add", _("add a group; prints its id"), common)
    add.add_argument("--course", type=int, required=True, metavar="ID")
    add.add_argument("--name", required=True)
    add.add_argument("--tutor", type=int, metavar="ID")
    add.add_argument("--schedule")
    add.add_argument("--place")
    add.add_argument("--from", dest="starts_on", metavar="YYYY-MM-DD")
    add.add_argument("--to", dest="ends_on", metavar="YYYY-MM-DD")
    add.set_defaults(handler=group_add)
    listing = add_command(group, "list", _("list the groups"), common)
    listing.add_argument("--course", type=int, metavar="ID")
    listing.set_defaults(handler=group_list)

    enroll = add_command(commands, "enroll", command_help("enroll"), common)
    enroll.add_argument("student", type=int, metavar="STUDENT_ID")
    enroll.add_argument("group", type=int, metavar="GROUP_ID")
    enroll.add_argument("--from", dest="starts_on", required=True, metavar="YYYY-MM-DD")
    enroll.add_argument("--to", dest="ends_on", metavar="YYYY-MM-DD")
    enroll.set_defaults(handler=enroll_student)
    unenroll = add_command(commands, "unenroll", command_help("unenroll"), common)
    unenroll.add_argument("enrollment", type=int, metavar="ENROLLMENT_ID")
    unenroll.add_argument("--on", metavar="YYYY-MM-DD")
    unenroll.set_defaults(handler=unenroll_student)

    payment = add_group(commands, "payment", command_help("payment"))
    add = add_command(payment, "add", _("record a payment; prints its id"), common)
    add.add_argument("payer", type=int, metavar="PERSON_ID")
    add.add_argument("--amount", required=True, help=_("in euros, e.g. 150 or 12,50"))
    add.add_argument("--on", required=True, metavar="YYYY-MM-DD")
    add.add_argument("--reference")
    add.add_argument("--purpose")
    add.add_argument("--method")
    add.add_argument(
        "--for", dest="for_person", type=int, metavar="PERSON_ID",
        help=_("whom the payment is for, when someone else pays (a parent for a child)"),
    )  # fmt: skip
    add.set_defaults(handler=payment_add)


def course_add(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        cli.out(str(workspace.courses.add_course(args.subject, args.kind, args.level)))
    return 0


def course_list(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        for course in workspace.courses.courses():
            cli.out(f"{course.id}\t{course.subject}\t{course.level or ''}\t{course.kind.value}")
    return 0


def group_add(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        group_id = workspace.courses.add_group(
            args.course,
            args.name,
            args.tutor,
            args.schedule,
            args.place,
            args.starts_on,
            args.ends_on,
        )
    cli.out(str(group_id))
    return 0


def group_list(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        for group in workspace.courses.groups(args.course):
            period = f"{group.starts_on or ''}..{group.ends_on or ''}"
            cli.out(f"{group.id}\t{group.course_id}\t{group.name}\t{period}")
    return 0


def enroll_student(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        enrollment_id = workspace.courses.enroll(
            args.student, args.group, args.starts_on, args.ends_on
        )
    cli.out(str(enrollment_id))
    return 0


def unenroll_student(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        workspace.courses.unenroll(args.enrollment, args.on)
    return 0


def payment_add(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        payment_id = workspace.records.add_payment(
            args.payer, args.amount, args.on, args.reference, args.purpose, args.method,
            args.for_person,
        )  # fmt: skip
    cli.out(str(payment_id))
    return 0
