"""Pure rules behind the documents: seams of French sentences, late notifications, enrollments,
applications, recipients to tell."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from coursenplus_desk.domain.courses import EnrollmentStatus, effective_status
from coursenplus_desk.domain.french import sentence, with_article
from coursenplus_desk.domain.membership import application_expires_on
from coursenplus_desk.domain.recipients import Recipient, RecipientKind, to_tell
from coursenplus_desk.domain.register import Breach
from coursenplus_desk.domain.register_presets import TUTORS_AND_LAW

DISCOVERED = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # 72 hours end on 28/11 at 09:00


def test_a_notification_after_72_hours_is_late_and_a_day_alone_counts_as_its_last_minute() -> None:
    def notified(on: date, at: datetime | None = None) -> Breach:
        return Breach(1, DISCOVERED, "stolen laptop", notified_on=on, notified_at=at)

    assert notified(date(2026, 11, 29)).notified_late
    assert notified(date(2026, 11, 28)).notified_late  # unknown time: maybe after 09:00
    assert not notified(date(2026, 11, 28), datetime(2026, 11, 28, 8, 30, tzinfo=UTC)).notified_late
    assert notified(date(2026, 11, 28), datetime(2026, 11, 28, 9, 1, tzinfo=UTC)).notified_late
    assert not notified(date(2026, 11, 27)).notified_late
    late = notified(date(2026, 11, 29))
    assert late.delay_unexplained
    assert not Breach(1, DISCOVERED, "x", notified_on=date(2026, 11, 29),
                      delay_reason="found out late").delay_unexplained  # fmt: skip


def test_an_enrollment_past_its_last_day_has_ended() -> None:
    today = date(2026, 11, 22)
    assert effective_status("active", date(2026, 7, 31), today) is EnrollmentStatus.COMPLETED
    assert effective_status("active", date(2026, 11, 22), today) is EnrollmentStatus.ACTIVE
    assert effective_status("active", None, today) is EnrollmentStatus.ACTIVE
    assert effective_status("cancelled", date(2026, 7, 31), today) is EnrollmentStatus.CANCELLED
    assert effective_status(None, None, today) is None


def test_an_application_expires_months_later_on_the_last_day_of_a_short_month() -> None:
    assert application_expires_on(date(2026, 6, 1), 3) == date(2026, 9, 1)
    assert application_expires_on(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_tutors_and_register_recipients_are_told_once_not_the_conditional_ones() -> None:
    recipients = [
        Recipient(RecipientKind.TUTOR, "Tom Maes", "Maths A"),
        Recipient(RecipientKind.ROSTER, "Tom Maes", "Maths A", date(2026, 9, 2)),
        Recipient(RecipientKind.REGISTER, TUTORS_AND_LAW, "Organising courses"),
        Recipient(RecipientKind.REGISTER, "MailCo Inc.", "Newsletter"),
    ]
    assert to_tell(recipients) == ["Tom Maes", "MailCo Inc."]


words = st.text(alphabet="abcdéèàâîôûxyzABCÉ ", min_size=1, max_size=12)


@given(before=words, value=words)
def test_english_sentences_are_plain_formatting(before: str, value: str) -> None:
    template = before.replace("{", "").replace("}", "") + " {x}"
    assert sentence(template, "en", x=value) == template.format(x=value)


@given(value=words)
def test_a_french_value_is_never_changed_only_the_words_before_it(value: str) -> None:
    said = sentence("Le dossier de {x}", "fr", x=value)
    assert said.endswith(value.split(" ", 1)[-1] if value.startswith(("le ", "les ")) else value)


def test_association_names_take_their_article() -> None:
    assert with_article("asbl Cours en Plus") == "l'asbl Cours en Plus"
    assert with_article("club des Amis") == "le club des Amis"
    assert with_article("Fondation Roi") == "la Fondation Roi"
    assert with_article("Les Ateliers Durables") == "les Ateliers Durables"
    assert with_article("IMPEL") == "IMPEL"
    assert with_article("") == ""
