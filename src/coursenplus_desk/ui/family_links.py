"""A family link's details: how the guardian is related to the child, and who is the main
contact. Asked whenever two people are linked, changed by double-clicking the link."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QWidget

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.i18n import N_, _
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import dialogs
from coursenplus_desk.ui.form_dialog import FormDialog

RELATIONSHIPS = (N_("mother"), N_("father"), N_("legal guardian"), N_("grandparent"))


class LinkDialog(FormDialog):
    def __init__(
        self,
        guardian: str,
        student: str,
        relationship: str | None,
        primary: bool,
        parent: QWidget | None,
    ) -> None:
        super().__init__(_("Family link"), _("Save the link"), parent)
        self.relationship = self.choice(
            _("Relationship"), [("", None)] + [(_(name), None) for name in RELATIONSHIPS], True
        )
        self.relationship.setCurrentText(relationship or "")
        self.primary = QCheckBox(_("Main contact for the child"))
        self.primary.setChecked(primary)
        self.form.addRow(self.primary)
        self.explain(
            _("{guardian} is a parent or guardian of {student}.").format(
                guardian=guardian, student=student
            )
        )


def link_people(parent: QWidget, workspace: Workspace, guardian_id: int, student_id: int) -> bool:
    """Ask the link's details, then link (or update the link); whether it was saved."""
    people = workspace.people
    guardian, student = people.get(guardian_id), people.get(student_id)
    current = next((g for g in student.guardians if g.person_id == guardian_id), None)
    others = [g for g in student.guardians if g.person_id != guardian_id]
    dialog = LinkDialog(
        guardian.person.full_name,
        student.person.full_name,
        current.relationship if current else None,
        bool(current and current.primary_contact) or not others,  # the first is the main one
        parent,
    )
    if not dialogs.run(dialog):
        return False
    try:
        people.link_guardian(
            guardian_id,
            student_id,
            dialog.relationship.currentText().strip() or None,
            dialog.primary.isChecked(),
        )
    except UserError as error:
        dialogs.show_error(parent, error)
        return False
    return True
