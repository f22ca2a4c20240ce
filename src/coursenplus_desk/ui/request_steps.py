"""A request's steps taken from the windows: each through its dialog, then the service.

`RequestSteps(workspace, parent, changed).take(step, request_id)` asks what the
step needs, confirms what cannot be undone (with the same preview as the
Retention section: what goes, what the law keeps and until when), does it, and
calls `changed(person_id)` with the request's subject as it was before the step
(the person may be gone after an erasure; None when already erased). Documents are
made in the background worker, saved where the person chooses, then offered
to Open, Print or Show in folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.requests import RequestKind, RequestStep
from coursenplus_desk.domain.retention import CATEGORY_LABELS
from coursenplus_desk.i18n import N_, _, ngettext
from coursenplus_desk.services.files import write_export
from coursenplus_desk.services.request_preview import ExecutionPreview, execution_preview
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import background, dialogs
from coursenplus_desk.ui.form_dialog import day_of
from coursenplus_desk.ui.formats import format_date
from coursenplus_desk.ui.request_dialogs import (
    FIELD_LABELS,
    ExtendDialog,
    NoteDialog,
    RectifyDialog,
    RefuseDialog,
    ReplyDialog,
    VerifyIdentityDialog,
)
from coursenplus_desk.ui.saved_document import choose_target, offer_document

Changed = Callable[[int | None], None]

EXECUTE_ACTIONS: dict[RequestKind, str] = {
    RequestKind.ERASURE: N_("Erase the data"),
    RequestKind.RESTRICTION: N_("Restrict the data"),
    RequestKind.OBJECTION: N_("Record the objection"),
    RequestKind.WITHDRAW_CONSENT: N_("Withdraw the consents"),
}


class RequestSteps:
    def __init__(self, workspace: Workspace, parent: QWidget, changed: Changed) -> None:
        self.workspace = workspace
        self.parent = parent
        self.changed = changed
        self._subject: int | None = None

    def take(self, step: RequestStep, request_id: int) -> None:
        if background.is_busy():
            return
        actions: dict[RequestStep, Callable[[int], None]] = {
            RequestStep.VERIFY_IDENTITY: self.verify_identity,
            RequestStep.ASK_IDENTITY: self.ask_identity,
            RequestStep.EXTEND: self.extend,
            RequestStep.EXECUTE: self.execute,
            RequestStep.RECTIFY: self.rectify,
            RequestStep.REPLY: self.reply,
            RequestStep.REFUSE: self.refuse,
            RequestStep.NOTE: self.note,
            RequestStep.CLOSE: self.close,
        }
        try:
            self._subject = self.workspace.requests.get(request_id).person_id
            actions[step](request_id)
        except UserError as error:
            dialogs.show_error(self.parent, error)

    def _done(self, request_id: int) -> None:
        del request_id  # each step tells the views; they read the request again
        self.changed(self._subject)

    # -- identity, deadline, notes -----------------------------------------------------------

    def verify_identity(self, request_id: int) -> None:
        dialog = VerifyIdentityDialog(self.workspace.clock.today(), self.parent)
        if not dialogs.run(dialog):
            return
        method, day = dialog.method.currentText(), day_of(dialog.checked_on)
        self.workspace.requests.verify_identity(request_id, method, day or None)
        self._done(request_id)

    def ask_identity(self, request_id: int) -> None:
        self.workspace.requests.ask_identity(request_id)
        self._done(request_id)
        dialogs.inform(
            self.parent,
            _(
                "Request {id} now waits for proof of identity. Ask the requester for it; "
                "record the check when it arrives."
            ).format(id=request_id),
        )

    def extend(self, request_id: int) -> None:
        request = self.workspace.requests.get(request_id)
        dialog = ExtendDialog(request, self.workspace.clock.today(), self.parent)
        if not dialogs.run(dialog):
            return
        due = self.workspace.requests.extend(
            request_id,
            dialog.chosen_months(),
            dialog.reason.toPlainText(),
            day_of(dialog.informed_on) or None,
        )
        self._done(request_id)
        dialogs.inform(
            self.parent, _("The reply is now due on {date}.").format(date=format_date(due))
        )

    def note(self, request_id: int) -> None:
        dialog = NoteDialog(self.parent)
        if dialogs.run(dialog):
            self.workspace.requests.add_note(request_id, dialog.note_text.toPlainText())
            self._done(request_id)

    def close(self, request_id: int) -> None:
        if not dialogs.confirm(
            self.parent,
            _("Close request {id}? Do it once the reply has been sent.").format(id=request_id),
            _("Close the request"),
        ):
            return
        self.workspace.requests.close(request_id)
        self._done(request_id)

    # -- carrying out ------------------------------------------------------------------------

    def execute(self, request_id: int) -> None:
        preview = execution_preview(self.workspace.requests, self.workspace.retention, request_id)
        if preview.held:
            dialogs.warn(self.parent, held_text(preview))
            return
        action = _(EXECUTE_ACTIONS[preview.kind])
        title = _("Request {id}: confirm the action").format(id=request_id)
        if not dialogs.confirm(self.parent, preview_text(self.workspace, preview), action, title):
            return
        requests, backups = self.workspace.requests, self.workspace.backups

        def carry_out(progress: background.Progress) -> None:
            requests.execute(request_id)
            backups.scrub(progress)  # the backups of the rotation forget the erased too

        background.run_in_background(
            self.parent,
            _("Carrying out the request…"),
            carry_out,
            lambda _result: self._executed(request_id),
        )

    def _executed(self, request_id: int) -> None:
        self._done(request_id)
        dialogs.inform(
            self.parent,
            _("Request {id} is carried out. Next: produce the reply.").format(id=request_id),
        )

    def rectify(self, request_id: int) -> None:
        request = self.workspace.requests.require_in_progress(request_id)
        if request.person_id is None:
            return
        dialog = RectifyDialog(self.workspace.people.fields(request.person_id), self.parent)
        if not dialogs.run(dialog):
            return
        changes = dialog.changes()
        if not changes:
            dialogs.inform(self.parent, _("No value was changed: nothing to correct."))
            return
        lines = [
            _("{field}: “{old}” → “{new}”").format(
                field=_(FIELD_LABELS[name]), old=dialog.current[name] or "—",
                new=dialog.new_value(name).text().strip() or "—",
            )
            for name in changes
        ]  # fmt: skip
        text = _("Correct these values of request {id}?").format(id=request_id)
        if dialogs.confirm(self.parent, "\n".join([text, *lines]), _("Apply the corrections")):
            self.workspace.requests.rectify(request_id, changes)
            self._done(request_id)

    # -- documents ---------------------------------------------------------------------------

    def reply(self, request_id: int) -> None:
        request = self.workspace.requests.require_in_progress(request_id)
        dialog = ReplyDialog(request, self.parent)
        if not dialogs.run(dialog):
            return
        extension = "zip" if request.kind is RequestKind.PORTABILITY else "pdf"
        path = choose_target(
            self.parent, _("Save the reply"), f"request-{request_id}-reply.{extension}", extension
        )
        if path is None:
            return
        language, password = dialog.language.currentData(), dialog.password.text() or None
        requests = self.workspace.requests

        def work(_progress: background.Progress) -> Path:
            document = requests.reply(request_id, language, password, path.name)
            return write_export(path, document.data)

        self._in_background(_("Preparing the reply…"), work)

    def refuse(self, request_id: int) -> None:
        dialog = RefuseDialog(self.parent)
        if not dialogs.run(dialog):
            return
        reason = dialog.reason.toPlainText()
        self.workspace.requests.check_refusal(request_id, reason)
        path = choose_target(
            self.parent, _("Save the refusal letter"), f"request-{request_id}-refusal.pdf", "pdf"
        )
        if path is None:
            return
        language = dialog.language.currentData()
        requests = self.workspace.requests

        def work(_progress: background.Progress) -> Path:
            return write_export(path, requests.refuse(request_id, reason, language, path.name).data)

        self._in_background(_("Writing the letter…"), work)

    def _in_background(self, title: str, work: Callable[[background.Progress], Path]) -> None:
        """Make and write the document off the GUI thread, then offer what to do with it."""
        background.run_in_background(self.parent, title, work, self._saved)

    def _saved(self, path: Path) -> None:
        self.changed(self._subject)
        offer_document(self.parent, path)


def held_text(preview: ExecutionPreview) -> str:
    return _(
        "{name} is under a legal hold: nothing is erased until the hold is lifted "
        "(person's page, Identity tab)."
    ).format(name=preview.subject_name)


def preview_text(workspace: Workspace, preview: ExecutionPreview) -> str:
    """What the action will do, in the words of the Retention section's confirmation."""
    name = preview.subject_name
    if preview.kind is RequestKind.ERASURE:
        lines = [_("Erase the data of {name}.").format(name=name)]
        if preview.kept:
            lines.append(_("Kept, restricted, because the law requires it:"))
            lines += [
                ngettext(
                    "{category}: {count} record until {date} ({reason})",
                    "{category}: {count} records until {date} ({reason})",
                    kept.count,
                ).format(
                    category=_(CATEGORY_LABELS[kept.category]), count=kept.count,
                    date=format_date(kept.until), reason=_(kept.reason),
                )
                for kept in preview.kept
            ]  # fmt: skip
            lines.append(_("Everything else is erased now. This cannot be undone."))
        else:
            lines.append(
                _(
                    "Nothing has to be kept: everything is erased now, and only this request's "
                    "file stays, as proof that it was answered. This cannot be undone."
                )
            )
        return "\n".join(lines)
    if preview.kind is RequestKind.RESTRICTION:
        return _(
            "Restrict the data of {name}: it is kept but no longer used, and left out of "
            "lists, mailings and exports."
        ).format(name=name)
    if preview.kind is RequestKind.OBJECTION:
        return _(
            "Record the objection of {name}: their data is no longer used for mailings or "
            "for processing based on the association's legitimate interest."
        ).format(name=name)
    labels = {p.key: _(p.label) for p in workspace.consent.purposes(True)}
    purposes = ", ".join(labels.get(key, key) for key in preview.consents)
    if not preview.consents:
        return _("{name} has no consent still given: the request is recorded as done.").format(
            name=name
        )
    return ngettext(
        "Withdraw the {count} consent {name} still gives: {purposes}.",
        "Withdraw the {count} consents {name} still gives: {purposes}.",
        len(preview.consents),
    ).format(count=len(preview.consents), name=name, purposes=purposes)
