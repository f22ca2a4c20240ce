"""Legal holds: in litigation a person's data is kept whatever its dates, until the hold is lifted.

Placed and lifted on the person's page (Identity tab, under the retention dates);
every hold in force is listed from the Retention section.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.i18n import N_, _
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store.retention import Hold
from coursenplus_desk.ui import dialogs
from coursenplus_desk.ui.form_dialog import FormDialog, day_of
from coursenplus_desk.ui.formats import format_date
from coursenplus_desk.ui.table_model import (
    Column,
    RowsModel,
    fit_columns,
    selected_id,
    table_view,
)
from coursenplus_desk.ui.widgets import button, button_row


class HoldDialog(FormDialog):
    def __init__(self, name: str, workspace: Workspace, parent: QWidget | None) -> None:
        super().__init__(_("Legal hold on {name}").format(name=name), _("Place the hold"), parent)
        self.reason = self.text(_("Reason (the case, the claim)"))
        self.placed_on = self.day(_("From"), workspace.clock.today())
        self.explain(
            _(
                "While the hold lasts, nothing of this person is erased, anonymised or "
                "restricted by retention, and an erasure request waits."
            )
        )


def hold_of(workspace: Workspace, person_id: int) -> Hold | None:
    return next((h for h in workspace.retention.holds() if h.person_id == person_id), None)


def place_hold(parent: QWidget, workspace: Workspace, person_id: int) -> bool:
    name = workspace.people.get(person_id).person.full_name
    dialog = HoldDialog(name, workspace, parent)
    if not dialogs.run(dialog):
        return False
    try:
        workspace.retention.place_hold(
            person_id, dialog.reason.toPlainText(), day_of(dialog.placed_on) or None
        )
    except UserError as error:
        dialogs.show_error(parent, error)
        return False
    return True


def lift_hold(parent: QWidget, workspace: Workspace, person_id: int, name: str) -> bool:
    if not dialogs.confirm(
        parent,
        _("Lift the legal hold on {name}? Their retention dates run again.").format(name=name),
        _("Lift the hold"),
    ):
        return False
    try:
        workspace.retention.lift_hold(person_id)
    except UserError as error:
        dialogs.show_error(parent, error)
        return False
    return True


class HoldsDialog(QDialog):
    """Every hold in force: who, since when, why; lifting one after confirmation."""

    def __init__(self, workspace: Workspace, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle(_("Legal holds in force"))
        self._names: dict[int, str] = {}
        self.model: RowsModel[Hold] = RowsModel(
            [
                Column(N_("Name"), lambda h: self._names.get(h.person_id, "—")),
                Column(N_("Since"), lambda h: format_date(h.placed_on)),
                Column(N_("Reason"), lambda h: h.reason),
            ],
            lambda h: h.person_id,
        )
        self.view = fit_columns(table_view(self.model, _("Legal holds in force")))
        self.lift_button = button(_("Lift the hold"), self.lift_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(button_row(self.lift_button))
        layout.addWidget(buttons)
        self.resize(640, 360)
        self.load()

    def load(self) -> None:
        holds = self.workspace.retention.holds()
        people = self.workspace.people.summaries(sorted({h.person_id for h in holds}))
        self._names = {p.id: p.full_name for p in people}
        self.model.set_rows(holds)

    def lift_selected(self) -> None:
        person_id = selected_id(self.view)
        if person_id is None:
            dialogs.inform(self, _("Choose a line in the list first."))
        elif lift_hold(self, self.workspace, person_id, self._names.get(person_id, "")):
            self.load()
