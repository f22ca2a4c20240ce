"""The numbers after the sidebar's titles: people overdue for retention, open requests.

They are read on unlock (the retention scan runs then) and again after any action
that may change them; a section shows its own details.
"""

from __future__ import annotations

from coursenplus_desk.i18n import _, ngettext
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui.workspace_view import WorkspaceView


def request_badge(open_count: int, overdue: int) -> str:
    if not open_count:
        return ""
    if not overdue:
        return str(open_count)
    return _("{open}, {overdue} late").format(open=open_count, overdue=overdue)


def show_request_counts(view: WorkspaceView, open_count: int, overdue: int) -> None:
    view.set_badge("requests", request_badge(open_count, overdue))
    view.set_tooltip(
        "requests",
        ngettext("{count} open", "{count} open", open_count).format(count=open_count)
        + ", "
        + ngettext("{count} overdue", "{count} overdue", overdue).format(count=overdue),
    )


def show_retention_count(view: WorkspaceView, overdue: int) -> None:
    view.set_badge("retention", str(overdue) if overdue else "")
    view.set_tooltip(
        "retention",
        ngettext(
            "{count} person whose data has been kept too long",
            "{count} people whose data has been kept too long",
            overdue,
        ).format(count=overdue),
    )


def refresh_counts(view: WorkspaceView, workspace: Workspace) -> None:
    """Read both numbers again (a retention scan and the request register)."""
    show_retention_count(view, workspace.retention.overdue_count())
    today = workspace.clock.today()
    requests = workspace.requests.all()
    show_request_counts(
        view,
        sum(1 for request in requests if request.is_open),
        sum(1 for request in requests if request.overdue(today)),
    )
