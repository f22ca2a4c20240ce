"""The "to review" list as a person reads it, and taking the other laptop's value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coursenplus_desk.i18n import N_, _
from coursenplus_desk.services.sharing.notices import Notice
from coursenplus_desk.services.sharing.stores import SyncStores
from coursenplus_desk.store.sync.labels import RecordLabels
from coursenplus_desk.store.sync.merge import laptop_of
from coursenplus_desk.store.sync.review import ReviewItem, ReviewKind

_MESSAGES = {
    ReviewKind.CONFLICT: N_(
        "{name}: “{field}” was changed on two laptops at the same time. “{kept}” was kept; "
        "“{other}” is in the record's history."
    ),
    ReviewKind.CYCLE: N_(
        "{name}: family links added on two laptops make a person their own guardian. "
        "Remove one of the links."
    ),
    ReviewKind.DOUBLE_ENROLLMENT: N_(
        "{name} is enrolled twice in the same group, from two laptops. End one of the enrollments."
    ),
    ReviewKind.RESTRICTED_EDIT: N_(
        "{name} is restricted: an edit made meanwhile on another laptop was not applied."
    ),
    ReviewKind.RESTRICTED_ADDITION: N_(
        "{name} is restricted: a record was added meanwhile on another laptop. Check it."
    ),
    ReviewKind.NOT_APPLIED: N_("A change from another laptop could not be applied ({name})."),
}

# What people call the fields they see (the same words as the person form).
FIELD_LABELS = {
    "given_name": N_("Given name"),
    "family_name": N_("Family name"),
    "birth_date": N_("Birth date"),
    "email": N_("Email"),
    "phone": N_("Phone"),
    "street": N_("Street and number"),
    "postal_code": N_("Postal code"),
    "city": N_("City"),
    "country": N_("Country"),
    "language": N_("Language"),
    "school": N_("School"),
    "school_year": N_("School year"),
    "relationship": N_("Relationship"),
    "status": N_("Status"),
}


@dataclass(frozen=True)
class ReviewEntry:
    id: int
    kind: ReviewKind
    person_id: int | None
    person: str
    field: str
    kept: Any
    other: Any
    kept_by: str
    other_by: str
    noted_at: str

    @property
    def can_take_other(self) -> bool:
        return self.kind is ReviewKind.CONFLICT

    def message(self) -> str:
        return Notice(
            _MESSAGES[self.kind],
            {
                "name": self.person or _("a record"),
                "field": _(FIELD_LABELS[self.field]) if self.field in FIELD_LABELS else self.field,
                "kept": _shown(self.kept),
                "other": _shown(self.other),
            },
        ).text()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "person": self.person,
            "field": self.field,
            "kept": self.kept,
            "other": self.other,
            "kept_by": self.kept_by,
            "other_by": self.other_by,
            "message": self.message(),
        }


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def describe(stores: SyncStores, item: ReviewItem, laptops: dict[str, str]) -> ReviewEntry:
    labels = RecordLabels(stores.rows.db, stores.schema, stores.rows)
    person_id = labels.person_of(item.table, item.key)
    kept: Any = None
    if item.kind is ReviewKind.CONFLICT:
        shape = stores.schema.shape(item.table)
        if shape is not None:
            kept = stores.rows.read(shape, [item.key]).get(item.key, {}).get(item.column)
    return ReviewEntry(
        id=item.id,
        kind=item.kind,
        person_id=person_id,
        person=labels.name(person_id) if person_id is not None else "",
        field=item.column,
        kept=kept,
        other=item.other_value,
        kept_by=laptops.get(str(item.details.get("kept_by", "")), laptop_of(item.kept_stamp)),
        other_by=laptops.get(str(item.details.get("other_by", "")), laptop_of(item.other_stamp)),
        noted_at=item.noted_at,
    )


def resolve_with_other(stores: SyncStores, item: ReviewItem) -> None:
    """The value that lost becomes this laptop's edit: it is shared at the next sync."""
    shape = stores.schema.shape(item.table)
    if shape is None or item.kind is not ReviewKind.CONFLICT or item.column not in shape.columns:
        return
    local, missing = stores.rows.local_values(shape, {item.column: item.other_value})
    if missing:
        return
    if item.table == "person" or shape.table.kind.value == "uuid":
        stores.rows.update_record(shape, item.key, local)
    else:
        key_values = stores.rows.key_values(shape, item.key)
        if key_values is not None:
            stores.rows.update_keyed(shape, key_values, local)
