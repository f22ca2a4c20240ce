"""The kinds the command line offers as choices: a person's roles, a contact's channel.

Apart from the records that use them so that building a command's parser costs
no dataclass (people.py and records.py re-export them).
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    STUDENT = "student"
    GUARDIAN = "guardian"
    TUTOR = "tutor"
    MEMBER = "member"
    PROSPECT = "prospect"


class ContactChannel(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    MEETING = "meeting"
    LETTER = "letter"
    OTHER = "other"
