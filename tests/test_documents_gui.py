"""The documents' features in the windows: health, agreements, rosters, breaches, requests,
the register's consent activities, the assistant and the settings (pytest-qt, offscreen)."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.domain.requests import RequestStep
from coursenplus_desk.services.workspace import Workspace, open_workspace
from coursenplus_desk.ui import documents
from coursenplus_desk.ui.breach_editor import BreachEditor
from coursenplus_desk.ui.courses_view import CoursesSection
from coursenplus_desk.ui.health_tab import HealthTab
from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.ui.people_view import PeopleSection
from coursenplus_desk.ui.person_form import PersonForm
from coursenplus_desk.ui.person_page import PersonPage
from coursenplus_desk.ui.register_forms import ActivityEditor
from coursenplus_desk.ui.register_view import RegisterView
from coursenplus_desk.ui.request_parties import MandateDialog, RecipientsDialog
from coursenplus_desk.ui.requests_view import RequestsView
from coursenplus_desk.ui.settings_view import SettingsSection
from coursenplus_desk.ui.tutor_documents import RosterOptions
from coursenplus_desk.ui.wizard import AssociationPage
from tests.gui_support import (
    OFFSCREEN_NOISE,
    PASSPHRASE,
    TODAY,
    language,
    scripted_dialogs,
    wait_idle,
)
from tests.gui_wiring_support import Vault, open_window, vault_with_a_past

pytestmark = OFFSCREEN_NOISE


def with_a_tutor(folder: Path) -> tuple[Vault, int]:
    """The vault of the GUI tests, its group now given by a tutor."""
    vault = vault_with_a_past(folder)
    with open_workspace(folder, PASSPHRASE, FixedClock.on(TODAY)) as workspace:
        tutor = workspace.people.add(
            PersonDraft(given_name="Tom", family_name="Maes", roles=("tutor",))
        )
        workspace.db.execute("UPDATE course_group SET tutor_id = ?", (tutor,))
    return vault, tutor


def needs_consent(tab: HealthTab) -> bool:
    return tab.needs_consent


def page_of(window: MainWindow, person_id: int) -> PersonPage:
    people = window.section("people")
    assert isinstance(people, PeopleSection)
    people.open_person(person_id)
    assert people.page is not None
    return people.page


def workspace_of(window: MainWindow) -> Workspace:
    assert window.workspace is not None
    return window.workspace


def test_health_information_is_recorded_on_the_guardians_consent_and_erased(
    qtbot: QtBot, tmp_path: Path
) -> None:
    vault = vault_with_a_past(tmp_path / "vault")
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        page = page_of(window, vault.student)
        health = page.health
        assert needs_consent(health) and not health.erase_button.isEnabled()
        # A minor: only her guardian can give the explicit consent.
        givers = [health.given_by.itemData(i) for i in range(health.given_by.count())]
        assert givers == [vault.guardian]
        health.details.setPlainText("Allergie aux arachides")
        health.evidence.setText("fiche santé")
        assert health.save()
        stored = workspace_of(window).health.get(vault.student)
        assert stored is not None and stored.details == "Allergie aux arachides"
        assert not needs_consent(health) and "Explicit consent given on" in (
            health.consent_state.text()
        )
        answered.answers.append(True)
        assert health.erase()
        assert workspace_of(window).health.get(vault.student) is None
        window.close()


def test_the_notes_warn_of_health_information(qtbot: QtBot) -> None:
    with language("en"):
        form = PersonForm()
        qtbot.addWidget(form)
        form.show()
        form.notes.setPlainText("Préfère le mercredi")
        assert not form.health_warning.isVisible()
        form.notes.setPlainText("Allergique aux arachides")
        assert form.health_warning.isVisible()
        assert "Health information" in form.health_warning.text()


def test_a_tutors_agreement_and_the_groups_roster(qtbot: QtBot, tmp_path: Path) -> None:
    vault, tutor = with_a_tutor(tmp_path / "vault")
    target = tmp_path / "roster.pdf"
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        courses = window.section("courses")
        assert isinstance(courses, CoursesSection)
        courses.select_course(0)
        courses.select_group(0)

        def options(dialog: QDialog) -> bool:
            assert isinstance(dialog, RosterOptions)
            assert not dialog.phone.isChecked()
            dialog.action = documents.SAVE
            return True

        answered.expect(options)
        answered.paths.append(target)
        courses.roster()
        assert ("warn", answered.messages[0][1]) == answered.messages[0]
        assert "No processor agreement" in answered.messages[0][1]
        register = window.section("register")
        assert isinstance(register, RegisterView)
        register.tabs.setCurrentWidget(register.tutors)
        assert register.tutors.missing.text().startswith("Without an agreement: Tom Maes.")
        text = " ".join(page.extract_text() for page in PdfReader(target).pages)
        assert "Zoë Dąbrowski" in text and "Tom Maes" in text
        assert target.stat().st_mode & 0o777 == 0o600
        [disclosure] = workspace_of(window).tutors.disclosures_of(vault.student)
        assert disclosure.recipient_name == "Tom Maes"

        page = page_of(window, tutor)
        assert page.agreement is not None
        page.agreement.reference.setText("Contrat 2026-04")
        page.agreement.signed_on.setText("30/08/2026")
        assert page.agreement.record()
        assert "Contrat 2026-04" in page.agreement.state.text()
        assert page.agreement.parent() is page.identity  # under who the tutor is
        register = window.section("register")
        assert isinstance(register, RegisterView)
        register.tabs.setCurrentWidget(register.tutors)
        [row] = register.tutors.model.rows()
        assert row.full_name == "Tom Maes" and register.tutors.missing.text() == ""
        shown = register.tutors.model.index(0, 2).data()
        assert shown == "Signed on 30/08/2026, reference Contrat 2026-04"
        assert page_of(window, vault.student).agreement is None  # students have none
        window.close()


def test_a_late_notification_asks_for_the_reasons_for_the_delay(
    qtbot: QtBot, workspace: Workspace
) -> None:
    from datetime import datetime

    from coursenplus_desk.ui.breach_editor import qt_moment

    with language("en"):
        editor = BreachEditor(workspace)
        qtbot.addWidget(editor)
        editor.discovered.setDateTime(qt_moment(datetime(2026, 11, 18, 9, 0).astimezone()))
        editor.fields["nature"].setText("Lost laptop")
        editor.fields["notified_on"].setText("2026-11-22 10:15")
        assert editor.add() is not None
        assert "give the reasons for the delay" in editor.reminder.text()
        status = editor.table.item(0, 2)
        assert status is not None and "LATE" in status.text()
        editor.table.selectRow(0)
        assert editor.fields["notified_on"].text() == "2026-11-22 10:15"
        assert editor.fields["delay_reason"].isEnabled()
        editor.fields["delay_reason"].setText("The theft was understood on the 22nd.")
        assert editor.update_selected()
        status = editor.table.item(0, 2)
        assert status is not None and "late: The theft" in status.text()
        assert "reasons for the delay" not in editor.reminder.text()


def test_activities_show_their_consent_purposes_and_gaps(
    qtbot: QtBot, workspace: Workspace
) -> None:
    with language("en"):
        editor = ActivityEditor(workspace)
        qtbot.addWidget(editor)
        editor.list.setCurrentRow(3)
        purposes = editor.fields["consent_purposes"]
        assert isinstance(purposes, QLineEdit)
        assert purposes.text() == "future-courses, holiday-courses"
        assert editor.gaps.text() == ""
        workspace.consent.add_purpose("concerts", "Concert programme")
        editor.reload(select=4)
        assert "“concerts”" in editor.gaps.text()
        purposes = editor.fields["consent_purposes"]
        assert isinstance(purposes, QLineEdit)
        purposes.setText("future-courses, holiday-courses, concerts")
        assert editor.save()
        assert editor.gaps.text() == ""
        editor.list.setCurrentRow(editor.list.count() - 1)
        assert editor.special.currentData() == "health"


def test_a_representative_the_mandate_and_the_recipients_told(qtbot: QtBot, tmp_path: Path) -> None:
    vault = vault_with_a_past(tmp_path / "vault")
    with open_workspace(tmp_path / "vault", PASSPHRASE, FixedClock.on(TODAY)) as workspace:
        request = workspace.requests.add(vault.guardian, "restriction", "2026-11-21", "letter",
                                         representative="Maître Anne Dupont")  # fmt: skip
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        view = window.section("requests")
        assert isinstance(view, RequestsView)
        view.show_filter.setCurrentIndex(view.show_filter.findData("all"))
        row = next(r for r in range(view.model.rowCount())
                   if view.model.index(r, 0).data() == str(request))  # fmt: skip
        view.table.selectRow(row)
        assert "Mandate not yet checked." in view.details.text()
        assert "representative's mandate" in view.details.text()

        def mandate(dialog: QDialog) -> bool:
            assert isinstance(dialog, MandateDialog)
            dialog.method.setText("mandat signé le 20/11/2026")
            return True

        answered.expect(mandate)
        assert view.file.next_button.text() == "Record the mandate…"
        view.file.next_button.click()
        workspace = workspace_of(window)
        assert workspace.requests.get(request).mandate_checked_on == TODAY
        workspace.requests.verify_identity(request, "copie de la carte")
        workspace.requests.execute(request)

        def told(dialog: QDialog) -> bool:
            assert isinstance(dialog, RecipientsDialog)
            dialog.recipient.setEditText("MailCo")
            dialog.reason.setText("the account was closed")
            return True

        answered.expect(told)
        view.refresh()
        view.select_request(request)
        told_button = view.file.buttons[RequestStep.TELL_RECIPIENTS]
        assert told_button.isVisible() and told_button.text() == "Recipients told (Art. 19)…"
        told_button.click()
        [notice] = workspace.requests.recipient_notices(request)
        assert (notice.recipient, notice.not_told_reason) == ("MailCo", "the account was closed")
        window.close()


def test_the_assistant_asks_for_the_association_before_a_vault_exists(qtbot: QtBot) -> None:
    with language("en"):
        page = AssociationPage()
        qtbot.addWidget(page)
        assert not page.isComplete()
        page.name.setText("asbl Cours en Plus")
        page.privacy_contact.setText("privacy@coursenplus.be")
        assert not page.isComplete()
        page.address.setText("rue de la Station 20, 1332 Genval")
        assert page.isComplete()


def test_settings_keep_the_greeting_the_roster_phone_and_the_application_period(
    qtbot: QtBot, workspace: Workspace
) -> None:
    with language("en"):
        section = SettingsSection(workspace)
        qtbot.addWidget(section)
        section.greeting.setCurrentIndex(section.greeting.findData("personal"))
        section.roster_phone.setChecked(True)
        section.save()
        assert workspace.settings.organisation().letter_greeting == "personal"
        assert workspace.tutors.roster_includes_phone()
        section.retention.application.setValue(5)
        assert section.retention.save()
        assert workspace.retention.policies().application_months == 5


def test_the_retention_section_says_an_application_was_never_confirmed(
    qtbot: QtBot, workspace: Workspace
) -> None:
    from coursenplus_desk.ui.retention_view import RetentionView

    applicant, _membership = workspace.membership.apply(
        "Ana", "Costa", "2026-06-01", "2026-09-01", "2027-08-31", "25"
    )
    with language("en"):
        view = RetentionView(workspace)
        qtbot.addWidget(view)
        wait_idle(qtbot)  # the scan runs in the background
        model = view.table.model()
        rows = [
            [str(model.index(row, column).data() or "") for column in range(model.columnCount())]
            for row in range(model.rowCount())
        ]
        [row] = [r for r in rows if r[0].startswith(f"{applicant} ")]
        assert "membership application never confirmed" in row[5]
