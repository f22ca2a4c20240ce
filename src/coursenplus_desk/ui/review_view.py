"""To review: what two laptops changed at the same time, and merges that broke a rule.

Each line says what happened in plain words. For a field changed on two
laptops, the value kept can stay (Keep) or the other one can be taken
instead (it then becomes this laptop's change and reaches the others).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.i18n import N_, _
from coursenplus_desk.services.sharing.review import ReviewEntry
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import background, dialogs
from coursenplus_desk.ui.formats import format_date
from coursenplus_desk.ui.table_model import Column, RowsModel, selected_id, table_view
from coursenplus_desk.ui.widgets import button, button_row


def _when(entry: ReviewEntry) -> str:
    moment = datetime.fromisoformat(entry.noted_at)
    return f"{format_date(moment.date())} {moment:%H:%M}"


class ReviewView(QWidget):
    resolved = Signal()

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.title = QLabel(_("To review"))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.model: RowsModel[ReviewEntry] = RowsModel(
            [Column(N_("Noted"), _when), Column(N_("What happened"), lambda e: e.message())],
            lambda e: e.id,
        )
        self.view = table_view(self.model, _("To review"))
        self.view.setWordWrap(True)
        self.keep_button = button(_("Keep as it is"), self.keep)
        self.other_button = button(_("Take the other value"), self.take_other)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        layout.addLayout(button_row(self.keep_button, self.other_button))
        self.refresh()

    def refresh(self) -> None:
        if not self.workspace.sharing.is_shared:
            self.note.setText(
                _("This vault is not shared with other laptops: there is nothing to review.")
            )
            self.model.set_rows([])
        else:
            entries = self.workspace.sharing.review()
            self.note.setText(
                _("Nothing to review.") if not entries else _(
                    "Changes made on two laptops at the same time, or that break a rule once "
                    "merged. Nothing was lost: the other value is kept in the record's history."
                )
            )  # fmt: skip
            self.model.set_rows(entries)
        self._selection_changed()

    def _selected(self) -> ReviewEntry | None:
        chosen = selected_id(self.view)
        return next((e for e in self.model.rows() if e.id == chosen), None)

    def _selection_changed(self, *_args: object) -> None:
        entry = self._selected()
        self.keep_button.setEnabled(entry is not None)
        self.other_button.setEnabled(entry is not None and entry.can_take_other)

    def keep(self) -> None:
        self._resolve(use_other=False)

    def take_other(self) -> None:
        self._resolve(use_other=True)

    def _resolve(self, use_other: bool) -> None:
        entry = self._selected()
        if entry is None or background.is_busy():
            return
        try:
            self.workspace.sharing.resolve(entry.id, use_other=use_other)
        except UserError as error:
            dialogs.show_error(self, error)
            return
        self.refresh()
        self.resolved.emit()
