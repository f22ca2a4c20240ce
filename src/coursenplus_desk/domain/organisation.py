"""The association itself: who answers for the data, used by every document."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from coursenplus_desk.domain.errors import RefusedError, ValidationError
from coursenplus_desk.i18n import N_

# The supervisory authority per country, in the languages it names itself in; a language
# it has no name in (English) gets the first. Belgium's authority is bilingual.
AUTHORITIES: dict[str, dict[str, tuple[str, str]]] = {
    "BE": {
        "fr": (
            "Autorité de protection des données (APD/GBA)",
            "Rue de la Presse 35, 1000 Bruxelles, contact@apd-gba.be, "
            "www.autoriteprotectiondonnees.be",
        ),
        "nl": (
            "Gegevensbeschermingsautoriteit (GBA)",
            "Drukpersstraat 35, 1000 Brussel, contact@apd-gba.be, "
            "www.gegevensbeschermingsautoriteit.be",
        ),
    },
    "FR": {
        "fr": (
            "Commission nationale de l'informatique et des libertés (CNIL)",
            "3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, www.cnil.fr",
        ),
    },
}


def authority(country: str, language: str) -> tuple[str, str]:
    """The name and address of a country's authority, in `language` where it has one."""
    names = AUTHORITIES[country]
    return names.get(language) or next(iter(names.values()))


@dataclass(frozen=True)
class Organisation:
    name: str = ""
    address: str = ""
    privacy_contact: str = ""
    dpo: str = ""
    country: str = "BE"
    authority_name: str = AUTHORITIES["BE"]["fr"][0]
    authority_address: str = AUTHORITIES["BE"]["fr"][1]
    notice_version: str = "1"
    notice_date: str = ""
    letter_greeting: str = "formal"  # "formal" (Madame, Monsieur) or "personal" (Bonjour Zoë)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Organisation:
        known = {f.name for f in fields(cls)}
        return cls(**{k: str(v) for k, v in data.items() if k in known})

    def to_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def in_language(self, language: str) -> Organisation:
        """The same, with a known authority named in `language` (a custom one stays as written)."""
        stored = (self.authority_name, self.authority_address)
        for country, names in AUTHORITIES.items():
            if stored in names.values():
                name, address = authority(country, language)
                return replace(self, authority_name=name, authority_address=address)
        return self


ORGANISATION_KEYS = tuple(f.name for f in fields(Organisation))


GREETINGS = ("formal", "personal")


def check_organisation_key(key: str) -> str:
    if key not in ORGANISATION_KEYS:
        raise ValidationError(
            "key",
            N_("“{value}” is not a setting. Known settings: {known}."),
            value=key,
            known=", ".join(ORGANISATION_KEYS),
        )
    return key


def check_organisation_value(key: str, value: str) -> str:
    """The stored form of a setting's new value; the greeting is one of two styles."""
    check_organisation_key(key)
    if key == "letter_greeting" and value.strip() not in GREETINGS:
        raise ValidationError(
            key,
            N_("“{value}” is not a greeting style ({choices})."),
            value=value,
            choices=", ".join(GREETINGS),
        )
    return value.strip() if key == "letter_greeting" else value


# What every document needs to name the controller (Art. 13(1)(a), 15, 30(1)(a)).
CONTROLLER_SETTINGS: dict[str, str] = {
    "name": N_(
        "The association's name is not set: a document must say who is responsible for the "
        "data. Set it in Settings (The association) or with “settings set name …”."
    ),
    "address": N_(
        "The association's address is not set: a document must say where to write to it. "
        "Set it in Settings (The association) or with “settings set address …”."
    ),
    "privacy_contact": N_(
        "The association's privacy contact (an e-mail or postal address) is not set: a "
        "document must say where people exercise their rights. Set it in Settings (The "
        "association) or with “settings set privacy_contact …”."
    ),
}


class ControllerNotSetError(RefusedError):
    """A document would not name the association, or not say how to reach it."""

    def __init__(self, key: str) -> None:
        super().__init__(CONTROLLER_SETTINGS[key])
        self.key = key


def missing_controller_setting(organisation: Organisation) -> str | None:
    """The first setting a document cannot do without that is still empty."""
    for key in CONTROLLER_SETTINGS:
        if not getattr(organisation, key).strip():
            return key
    return None


def require_controller(organisation: Organisation) -> Organisation:
    missing = missing_controller_setting(organisation)
    if missing is not None:
        raise ControllerNotSetError(missing)
    return organisation
