"""One request's file and its steps as buttons: the next step first, the others beside it.

Shown under the Requests section's register and under a person's Requests tab;
both give it the request to show and are told when a step changed something.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.domain.requests import (
    REQUEST_CHANNEL_LABELS,
    REQUEST_KIND_LABELS,
    DataSubjectRequest,
    RequestKind,
    RequestStatus,
    RequestStep,
    next_step,
    steps,
)
from coursenplus_desk.i18n import N_, _, format_day
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui.request_dialogs import FIELD_LABELS
from coursenplus_desk.ui.request_steps import EXECUTE_ACTIONS, Changed, RequestSteps

STEP_LABELS: dict[RequestStep, str] = {
    RequestStep.VERIFY_IDENTITY: N_("Record the identity check…"),
    RequestStep.ASK_IDENTITY: N_("Ask for proof of identity"),
    RequestStep.RECTIFY: N_("Apply the corrections…"),
    RequestStep.CLOSE: N_("Close the request"),
    RequestStep.EXTEND: N_("Extend the deadline…"),
    RequestStep.REFUSE: N_("Refuse…"),
    RequestStep.NOTE: N_("Add a note…"),
}
REPLY_LABELS: dict[RequestKind, str] = {
    RequestKind.ACCESS: N_("Produce the access reply (PDF)…"),
    RequestKind.PORTABILITY: N_("Produce the data archive (ZIP)…"),
    RequestKind.ERASURE: N_("Produce the erasure certificate (PDF)…"),
}
# The other kinds are answered with a letter; named apart, where the extractor sees it.
CONFIRMATION_LABEL = N_("Produce the confirmation letter (PDF)…")
NO_REQUEST = N_("Select a request to see its file and the next step.")
# Beside the next step; the others (identity asked, extension, refusal) on a second row.
FIRST_ROW = frozenset({RequestStep.REPLY, RequestStep.NOTE})


def step_label(step: RequestStep, request: DataSubjectRequest, documents: int) -> str:
    if step is RequestStep.EXECUTE:
        return _(EXECUTE_ACTIONS[request.kind]) + "…"
    if step is RequestStep.REPLY:
        if documents:
            return _("Produce the reply again…")
        return _(REPLY_LABELS.get(request.kind, CONFIRMATION_LABEL))
    return _(STEP_LABELS[step])


class RequestFile(QGroupBox):
    """The file in a few lines, then the next step (a default button) and the other steps."""

    def __init__(self, workspace: Workspace, changed: Changed, parent: QWidget | None = None):
        super().__init__(_("Request file"), parent)
        self.workspace = workspace
        self.steps = RequestSteps(workspace, self, changed)
        self.request_id: int | None = None
        self.details = QLabel(_(NO_REQUEST))
        self.details.setWordWrap(True)
        self.details.setAccessibleName(_("Request file"))
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.next_button = QPushButton()
        self.next_button.setObjectName("next-step")
        font = self.next_button.font()
        font.setBold(True)
        self.next_button.setFont(font)
        self.next_button.setDefault(True)
        self.next_button.hide()
        self.buttons: dict[RequestStep, QPushButton] = {}
        first, second = QHBoxLayout(), QHBoxLayout()  # two short rows fit a narrow page
        first.addWidget(self.next_button)
        for step in RequestStep:
            made = QPushButton()
            made.setObjectName(f"step-{step.value}")
            made.clicked.connect(self._taker(step))
            made.hide()
            self.buttons[step] = made
            (first if step in FIRST_ROW else second).addWidget(made)
        first.addStretch(1)
        second.addStretch(1)
        self.next_button.clicked.connect(self.take_next_step)
        layout = QVBoxLayout(self)
        layout.addWidget(self.details)
        layout.addLayout(first)
        layout.addLayout(second)
        self._next: RequestStep | None = None
        self._audited: int | None = None

    def _taker(self, step: RequestStep) -> Callable[[], None]:
        return lambda: self.take(step)

    def take(self, step: RequestStep) -> None:
        if self.request_id is not None:
            self.steps.take(step, self.request_id)

    def take_next_step(self) -> None:
        if self._next is not None:
            self.take(self._next)

    def show_request(self, request_id: int | None) -> None:
        """Show this request's file; opening another request's file is audited (it is
        personal data), showing the same one again (after a step, a refresh) is not."""
        opened = request_id is not None and request_id != self._audited
        self.request_id = request_id
        self._next = None
        self.next_button.hide()
        for made in self.buttons.values():
            made.hide()
        if request_id is None:
            self.details.setText(_(NO_REQUEST))
            return
        request = self.workspace.requests.get(request_id)
        if opened:
            self.workspace.audit.record("request.view", request.person_id, request=request_id)
            self._audited = request_id
        documents = len(self.workspace.requests.documents(request_id))
        self.details.setText("\n".join(self.file_lines(request_id)))
        available = steps(request, documents, self.workspace.clock.today())
        others = available
        if request.is_open:  # the next step first, as the default button
            self._next, *others = available
            self._label(self.next_button, step_label(self._next, request, documents))
            self.next_button.show()
        for step in others:
            made = self.buttons[step]
            self._label(made, step_label(step, request, documents))
            made.show()

    @staticmethod
    def _label(made: QPushButton, text: str) -> None:
        made.setText(text)
        made.setAccessibleName(text.rstrip("…"))

    def file_lines(self, request_id: int) -> list[str]:
        """The request file in a few lines, ending with the next step to take."""
        requests = self.workspace.requests
        request = requests.get(request_id)
        documents = requests.documents(request_id)
        lines = [
            _("Request {id}: {kind}, received on {date} {channel}.").format(
                id=request.id,
                kind=_(REQUEST_KIND_LABELS[request.kind]),
                date=format_day(request.received_on),
                channel=_(REQUEST_CHANNEL_LABELS[request.channel]),
            ),
            _("Due on {date}.").format(date=format_day(request.due_on)),
        ]
        if request.requester_id is not None:
            asker = self.workspace.people.summaries([request.requester_id])
            if asker:
                lines.append(_("Asked by {name}.").format(name=asker[0].full_name))
        if request.extension_months:
            lines.append(
                _("Extended by {months} month(s) on {date}: {reason}").format(
                    months=request.extension_months,
                    date=format_day(request.extension_informed_on),
                    reason=request.extension_reason or "",
                )
            )
        if request.status is RequestStatus.IDENTITY_PENDING:
            lines.append(_("Waiting for proof of identity."))
        if request.identity_checked_on:
            lines.append(
                _("Identity checked on {date}: {method}").format(
                    date=format_day(request.identity_checked_on),
                    method=request.identity_method or "",
                )
            )
        if request.executed_on:
            lines.append(_("Carried out on {date}.").format(date=format_day(request.executed_on)))
        lines += [
            _("Corrected: {field}, “{old}” → “{new}”").format(
                field=_(FIELD_LABELS.get(name, name)), old=old or "—", new=new or "—"
            )
            for name, old, new in requests.changes(request_id)
        ]
        if request.refusal_reason:
            lines.append(_("Refused: {reason}").format(reason=request.refusal_reason))
        lines += [_("Note: {text}").format(text=note.text) for note in requests.notes(request_id)]
        lines += [
            _("Document: {name} (SHA-256 {digest})").format(name=d.file_name, digest=d.sha256)
            for d in documents
        ]
        lines.append(_("Next step: {step}").format(step=_(next_step(request, len(documents)))))
        return lines
