"""File → Export a mailing list: who agreed to a purpose (active, confirmed consent), as CSV.

People who objected are left out by the consent service; the export is audited there.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from coursenplus_desk.i18n import _, ngettext
from coursenplus_desk.services.consent import mailing_csv
from coursenplus_desk.services.files import write_export
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import dialogs
from coursenplus_desk.ui.form_dialog import FormDialog
from coursenplus_desk.ui.saved_document import choose_target, offer_document


class MailingListDialog(FormDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None) -> None:
        super().__init__(_("Export a mailing list"), _("Continue"), parent)
        self.purpose = self.choice(
            _("Purpose"), [(_(p.label), p.key) for p in workspace.consent.purposes()]
        )
        self.explain(
            _(
                "Only people with an active and confirmed consent for this purpose are "
                "listed (a guardian's address for a child). The file is not encrypted: "
                "delete it once the mailing is sent."
            )
        )


def export_mailing_list(parent: QWidget, workspace: Workspace) -> None:
    dialog = MailingListDialog(workspace, parent)
    if not dialogs.run(dialog):
        return
    purpose = str(dialog.purpose.currentData())
    path = choose_target(parent, _("Save the mailing list"), f"mailing-{purpose}.csv", "csv")
    if path is None:
        return
    recipients = workspace.consent.mailing_list(purpose)
    write_export(path, mailing_csv(recipients))
    dialogs.inform(
        parent,
        ngettext(
            "{count} recipient written to {file}.", "{count} recipients written to {file}.",
            len(recipients),
        ).format(count=len(recipients), file=str(path)),
    )  # fmt: skip
    offer_document(parent, path)
