"""The association's settings, stored in the vault and audited by key (never by value)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from coursenplus_desk.domain.organisation import (
    AUTHORITIES,
    Organisation,
    authority,
    check_organisation_value,
    require_controller,
)
from coursenplus_desk.domain.validation import clean_text
from coursenplus_desk.i18n import current_language, normalise_language
from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.settings import SettingsStore

if TYPE_CHECKING:  # the PDF library is loaded only by what makes a document
    from coursenplus_desk.reports.base import DocumentContext

ORGANISATION = "organisation"


class SettingsService:
    def __init__(self, db: Database, audit: Auditor) -> None:
        self.db = db
        self.audit = audit
        self.store = SettingsStore(db)

    def organisation(self) -> Organisation:
        stored = self.store.get(ORGANISATION)
        return Organisation.from_dict(stored) if isinstance(stored, dict) else Organisation()

    def document_context(self, language: str | None, issued_on: date) -> DocumentContext:
        """What a document needs; refused until the association is named and reachable."""
        from coursenplus_desk.reports.base import DocumentContext

        organisation = require_controller(self.organisation())
        return DocumentContext(organisation, normalise_language(language), issued_on)

    def set_organisation_value(self, key: str, value: str) -> Organisation:
        text = check_organisation_value(key, clean_text(value, key) or "")
        organisation = replace(self.organisation(), **{key: text})
        if key == "country" and text.upper() in AUTHORITIES:
            name, address = authority(text.upper(), current_language())
            organisation = replace(
                organisation, country=text.upper(), authority_name=name, authority_address=address
            )
        self.save_organisation(organisation, changed=[key])
        return organisation

    def save_organisation(
        self, organisation: Organisation, changed: list[str] | None = None
    ) -> None:
        with self.db.transaction():
            self.store.set(ORGANISATION, organisation.to_dict())
            self.audit.record("settings.organisation", keys=changed or ["*"])

    def get(self, key: str) -> object | None:
        return self.store.get(key)

    def set(self, key: str, value: object) -> None:
        with self.db.transaction():
            self.store.set(key, value)
            self.audit.record("settings.change", keys=[key])
