"""The register of processing activities and the privacy notice, from one set of facts.

Both documents read the activities, the organisation settings and the
retention policies at the moment they are made; each one made is audited
(kind, language, size and SHA-256, never its content).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.errors import NotFoundError, UserError, ValidationError
from coursenplus_desk.domain.notice import Notice, NoticeFacts, build_notice
from coursenplus_desk.domain.register import (
    ACTIVITY_FIELDS,
    REQUIRED_FIELDS,
    Activity,
    ConsentGap,
    LegalBasis,
    check_activity_field,
    consent_gaps,
)
from coursenplus_desk.domain.retention import Category
from coursenplus_desk.i18n import N_, current_language, normalise_language
from coursenplus_desk.reports.base import sha256
from coursenplus_desk.reports.privacy_notice import notice_html, notice_pdf
from coursenplus_desk.reports.processing_register import register_pdf
from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.services.retention import RetentionService
from coursenplus_desk.services.settings import SettingsService
from coursenplus_desk.services.tutors import TutorsService
from coursenplus_desk.store.consent import ConsentStore
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.register import RegisterStore
from coursenplus_desk.vault.atomic import write_atomically

NOTICE_FORMATS = ("pdf", "html")


class RegisterService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        audit: Auditor,
        settings: SettingsService,
        retention: RetentionService,
    ) -> None:
        self.db = db
        self.clock = clock
        self.audit = audit
        self.settings = settings
        self.retention = retention
        self.store = RegisterStore(db)

    # Activities

    def activities(self) -> list[Activity]:
        return self.store.activities()

    def activity(self, activity_id: int) -> Activity:
        found = self.store.activity(activity_id)
        if found is None:
            raise NotFoundError(
                N_("There is no processing activity with number {id}."), id=activity_id
            )
        return found

    def add_activity(self, values: Mapping[str, str]) -> int:
        """A new activity; name, purpose, people, data and security are required."""
        checked = {key: self._checked(key, value) for key, value in values.items()}
        for key in sorted(REQUIRED_FIELDS - checked.keys()):
            raise ValidationError(key, N_("This field is required."))
        checked.setdefault("legal_basis", LegalBasis.CONTRACT)
        checked.setdefault("retention", Category.IDENTIFICATION)
        ordered = {key: checked[key] for key in ACTIVITY_FIELDS if key in checked}
        with self.db.transaction():
            activity_id = self.store.add_activity(ordered)
            self.audit.record("register.activity_add", activity=activity_id)
        return activity_id

    def set_activity_field(self, activity_id: int, key: str, value: str) -> Activity:
        self.activity(activity_id)
        checked = self._checked(key, value)
        with self.db.transaction():
            self.store.set_activity_field(activity_id, key, checked)
            self.audit.record("register.activity_change", activity=activity_id, field=key)
        return self.activity(activity_id)

    def update_activity(self, activity_id: int, values: Mapping[str, str]) -> Activity:
        """Change several fields at once: all are checked before any is written."""
        self.activity(activity_id)
        checked = {key: self._checked(key, value) for key, value in values.items()}
        with self.db.transaction():
            for key, value in checked.items():
                self.store.set_activity_field(activity_id, key, value)
            self.audit.record(
                "register.activity_change", activity=activity_id, fields=sorted(checked)
            )
        return self.activity(activity_id)

    def _checked(self, key: str, value: str) -> object:
        checked = check_activity_field(key, value)
        if key == "consent_purposes" and isinstance(checked, tuple):
            known = {purpose.key for purpose in ConsentStore(self.db).purposes(True)}
            for purpose in checked:
                if purpose not in known:
                    raise ValidationError(
                        key,
                        N_("“{value}” is not a consent purpose. Known: {known}."),
                        value=purpose,
                        known=", ".join(sorted(known)),
                    )
        return checked

    def consent_gaps(self) -> list[ConsentGap]:
        """Where the register and the consent ledger disagree (each purpose needs a
        consent-based activity, and a consent-based activity names its purposes)."""
        purposes = ConsentStore(self.db).purposes()
        return consent_gaps(self.activities(), [purpose.key for purpose in purposes])

    def remove_activity(self, activity_id: int) -> None:
        self.activity(activity_id)
        with self.db.transaction():
            self.store.remove_activity(activity_id)
            self.audit.record("register.activity_remove", activity=activity_id)

    # Documents

    def notice(self, language: str | None = None) -> Notice:
        """The notice's content, for a preview; nothing is audited until a file is made."""
        return build_notice(self._facts(language))

    def register_pdf(self, language: str | None = None) -> bytes:
        language = self._language(language)
        pdf = self._register(language)
        self._audit_document("register", language, pdf)
        return pdf

    def notice_document(self, language: str | None = None, format: str = "pdf") -> bytes:
        language = self._language(language)
        data = self._notice(language, format)
        self._audit_document(f"notice.{format}", language, data)
        return data

    def save_register(self, path: Path, language: str | None = None) -> None:
        """Write the register PDF; audited once the file is written."""
        language = self._language(language)
        pdf = self._register(language)
        _write(path, pdf)
        self._audit_document("register", language, pdf, saved=True)

    def save_notice(self, path: Path, language: str | None = None) -> None:
        """Write the notice as PDF or HTML, from the file's extension."""
        format = notice_format(path)
        language = self._language(language)
        data = self._notice(language, format)
        _write(path, data)
        self._audit_document(f"notice.{format}", language, data, saved=True)

    def _register(self, language: str) -> bytes:
        purposes = {p.key: p.label for p in ConsentStore(self.db).purposes(include_retired=True)}
        return register_pdf(
            self.settings.document_context(language, self.clock.today()),
            self.activities(),
            self.retention.policies(),
            self.store.breaches(),
            TutorsService(self.db, self.clock, self.audit).processors(),
            purposes,
        )

    def _notice(self, language: str, format: str) -> bytes:
        if format not in NOTICE_FORMATS:
            raise ValidationError("format", _FORMATS_MESSAGE)
        facts = self._facts(language)
        notice = build_notice(facts)
        if format == "html":
            self.settings.document_context(language, self.clock.today())  # the controller named
            return notice_html(notice)
        return notice_pdf(self.settings.document_context(language, self.clock.today()), notice)

    def _language(self, language: str | None) -> str:
        return normalise_language(language or current_language())

    def _facts(self, language: str | None) -> NoticeFacts:
        return NoticeFacts(
            organisation=self.settings.organisation(),
            activities=self.activities(),
            policies=self.retention.policies(),
            language=normalise_language(language or current_language()),
            issued_on=self.clock.today(),
        )

    def _audit_document(self, kind: str, language: str, data: bytes, saved: bool = False) -> None:
        with self.db.transaction():
            self.audit.record(
                "register.document", kind=kind, language=language, size=len(data),
                sha256=sha256(data), saved=saved,
            )  # fmt: skip


class OutputError(UserError):
    """A document could not be written where asked."""


_FORMATS_MESSAGE = N_("The notice is made as PDF or HTML (a file ending in .pdf or .html).")


def notice_format(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    format = "html" if suffix == "htm" else suffix
    if format not in NOTICE_FORMATS:
        raise ValidationError("out", _FORMATS_MESSAGE)
    return format


def _write(path: Path, data: bytes) -> None:
    try:
        write_atomically(path, data)
    except OSError:
        raise OutputError(N_("The file {file} cannot be written."), file=str(path)) from None
