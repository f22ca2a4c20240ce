"""The sidebar's sections: a small registry, so that a new feature adds one entry.

    Section("retention", N_("Retention"), QStyle.StandardPixmap.SP_..., RetentionView)

`factory(workspace)` builds the section's widget each time the vault is unlocked
(locking destroys it). A widget may have an `undo_stack` (QUndoStack): the
window's Undo/Redo then act on it while the section is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QStyle, QWidget

from coursenplus_desk.i18n import N_
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui.placeholder import Placeholder

Factory = Callable[[Workspace], QWidget]
Icon = QStyle.StandardPixmap


@dataclass(frozen=True)
class Section:
    key: str
    title: str  # message id, translated when shown
    icon: Icon
    factory: Factory


def placeholder(title: str, text: str) -> Factory:
    """For a section announced before it is built: says what will be there."""
    return lambda _workspace: Placeholder(title, text)


def _people(workspace: Workspace) -> QWidget:
    from coursenplus_desk.ui.people_view import PeopleSection

    return PeopleSection(workspace)


def _courses(workspace: Workspace) -> QWidget:
    from coursenplus_desk.ui.courses_view import CoursesSection

    return CoursesSection(workspace)


def _members(workspace: Workspace) -> QWidget:
    from coursenplus_desk.ui.members_view import MembersSection

    return MembersSection(workspace)


def _requests(workspace: Workspace) -> QWidget:
    from coursenplus_desk.ui.requests_view import RequestsView

    return RequestsView(workspace)


def _retention(workspace: Workspace) -> QWidget:
    from coursenplus_desk.ui import dialogs
    from coursenplus_desk.ui.retention_view import RetentionView

    view = RetentionView(workspace)
    view.confirm = lambda title, text, action: dialogs.confirm(view, text, action, title)
    return view


def _register(workspace: Workspace) -> QWidget:
    from coursenplus_desk.ui.register_view import RegisterView

    return RegisterView(workspace)


def _review(workspace: Workspace) -> QWidget:
    from coursenplus_desk.ui.review_view import ReviewView

    return ReviewView(workspace)


def _settings(workspace: Workspace) -> QWidget:
    from coursenplus_desk.ui.settings_view import SettingsSection

    return SettingsSection(workspace)


SECTIONS: list[Section] = [
    Section("people", N_("People"), Icon.SP_DirHomeIcon, _people),
    Section("courses", N_("Courses & groups"), Icon.SP_FileDialogDetailedView, _courses),
    Section("members", N_("Members"), Icon.SP_DialogApplyButton, _members),
    Section("requests", N_("Requests"), Icon.SP_MessageBoxQuestion, _requests),
    Section("retention", N_("Retention"), Icon.SP_BrowserReload, _retention),
    Section("register", N_("Register"), Icon.SP_FileDialogContentsView, _register),
    Section("review", N_("To review"), Icon.SP_MessageBoxWarning, _review),
    Section("settings", N_("Settings"), Icon.SP_FileDialogListView, _settings),
]


def register(section: Section, before: str = "settings") -> None:
    """Add or replace a section (by key), placed before `before`."""
    keys = [s.key for s in SECTIONS]
    if section.key in keys:
        SECTIONS[keys.index(section.key)] = section
        return
    SECTIONS.insert(keys.index(before) if before in keys else len(SECTIONS), section)
