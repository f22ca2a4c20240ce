"""The association itself: who answers for the data, used by every document."""

from __future__ import annotations

from dataclasses import dataclass, fields

from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.i18n import N_

AUTHORITIES = {
    "BE": (
        "Autorité de protection des données (APD/GBA)",
        "Rue de la Presse 35, 1000 Bruxelles, contact@apd-gba.be, www.autoriteprotectiondonnees.be",
    ),
    "FR": (
        "Commission nationale de l'informatique et des libertés (CNIL)",
        "3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, www.cnil.fr",
    ),
}


@dataclass(frozen=True)
class Organisation:
    name: str = ""
    address: str = ""
    privacy_contact: str = ""
    dpo: str = ""
    country: str = "BE"
    authority_name: str = AUTHORITIES["BE"][0]
    authority_address: str = AUTHORITIES["BE"][1]
    notice_version: str = "1"
    notice_date: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Organisation:
        known = {f.name for f in fields(cls)}
        return cls(**{k: str(v) for k, v in data.items() if k in known})

    def to_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


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
