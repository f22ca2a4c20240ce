"""Which key slots a re-key writes: every remaining slot re-wrapped under the new data key.

A slot of version 2 is re-wrapped through its public key (no passphrase
needed, vault/slot_crypto.py). This administrator's slot may be replaced by a
new passphrase in the same step; this computer's remembered secret is replaced
by a new one; slots asked to go are dropped; a version 1 slot that has not
opened since the upgrade cannot be re-wrapped and is dropped too (counted).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from coursenplus_desk.domain.errors import RefusedError
from coursenplus_desk.i18n import N_
from coursenplus_desk.vault import keyslots
from coursenplus_desk.vault.keychain import RememberedKey
from coursenplus_desk.vault.keyslots import KeySlot, SlotKind


@dataclass(frozen=True)
class RekeyResult:
    rewrapped: int  # other slots that keep working under the new key
    removed: int  # slots removed on purpose
    dropped: int  # old-format slots that could not be re-wrapped
    remembered_replaced: bool


@dataclass(frozen=True)
class RekeyPlan:
    slots: tuple[KeySlot, ...]
    own_slot_id: str | None
    remembered: RememberedKey | None  # the new keychain item to save after the commit
    result: RekeyResult


def plan_rekey(
    slots: Iterable[KeySlot],
    new_key: bytes,
    vault_id: str,
    *,
    current: str,
    own: KeySlot | None,
    remove: frozenset[str],
    remembered: RememberedKey | None,
    now: str,
) -> RekeyPlan:
    kept: list[KeySlot] = []
    rewrapped = removed = dropped = 0
    new_item: RememberedKey | None = None
    own_id: str | None = None
    for slot in slots:
        if slot.id in remove:
            removed += 1
        elif slot.id == current and own is not None:
            kept.append(own)
            own_id = own.id
        elif remembered is not None and slot.id == remembered.slot_id:
            secret = os.urandom(32)
            fresh = keyslots.secret_slot(
                new_key, secret, vault_id, slot.label or _host(), now, slot_id=slot.id
            )
            new_item = RememberedKey(fresh.id, secret)
            kept.append(fresh)
            own_id = fresh.id if slot.id == current else own_id
        elif slot.is_legacy:
            dropped += 1
        else:
            kept.append(keyslots.rewrap(slot, new_key, vault_id))
            rewrapped += slot.id != current
    if not any(slot.kind is SlotKind.PASSPHRASE for slot in kept):
        raise RefusedError(N_("The last administrator passphrase cannot be removed."))
    if len(remove) != removed:
        raise RefusedError(N_("There is no such administrator key."))
    result = RekeyResult(rewrapped, removed, dropped, new_item is not None)
    return RekeyPlan(tuple(kept), own_id, new_item, result)


def _host() -> str:
    import socket

    return socket.gethostname() or "computer"
