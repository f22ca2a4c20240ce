"""The association itself: who answers for the data, used by every document."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from coursenplus_desk.domain.errors import ValidationError
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


def check_organisation_key(key: str) -> str:
    if key not in ORGANISATION_KEYS:
        raise ValidationError(
            "key",
            N_("“{value}” is not a setting. Known settings: {known}."),
            value=key,
            known=", ".join(ORGANISATION_KEYS),
        )
    return key
