"""The association's details every document needs (name, address, privacy contact)."""

from __future__ import annotations

from coursenplus_desk.services.workspace import Workspace

CONTROLLER = {
    "name": "asbl Cours en Plus",
    "address": "rue de la Station 20, 1332 Genval",
    "privacy_contact": "privacy@coursenplus.be",
}


def name_the_association(workspace: Workspace, **values: str) -> None:
    """Set the controller's details (the defaults, or these) so documents can be made."""
    for key, value in {**CONTROLLER, **values}.items():
        workspace.settings.set_organisation_value(key, value)


def controller_commands() -> list[tuple[str, ...]]:
    """The same, as `settings set` commands."""
    return [("settings", "set", key, value) for key, value in CONTROLLER.items()]
