"""Administrators' keys: list, add, remove; change a passphrase; revoke old keys (re-key).

*Change my passphrase* rewrites one slot and is fast, but copies of the old key
file (in every backup made before) still open the vault with the old
passphrase. *Revoke old keys* is the re-key: a new data key, the database
rewritten under it, every remaining slot re-wrapped (vault/slot_crypto.py
explains how, without the other administrators' passphrases) and this
computer's remembered secret replaced. Removing an administrator always re-keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.vault.keyslots import SlotKind
from coursenplus_desk.vault.slots import RekeyResult


@dataclass(frozen=True)
class SlotInfo:
    id: str
    kind: SlotKind
    label: str
    created_at: str
    kdf: str  # "128 MiB × 4", empty for a remembered computer
    below_floor: bool
    current: bool


def list_slots(workspace: Workspace) -> list[SlotInfo]:
    policy = workspace.kdf
    return [
        SlotInfo(
            slot.id,
            slot.kind,
            slot.label,
            slot.created_at,
            slot.kdf.describe() if slot.kdf else "",
            slot.kdf is not None and policy.is_below_floor(slot.kdf),
            slot.id == workspace.vault.slot_id,
        )
        for slot in workspace.vault.slots
    ]


def weak_slots(workspace: Workspace) -> list[SlotInfo]:
    """Slots whose key derivation is below the floor (`vault check` reports them)."""
    return [info for info in list_slots(workspace) if info.below_floor]


def add_administrator(workspace: Workspace, label: str, passphrase: str) -> str:
    slot_id = workspace.vault.add_passphrase_slot(
        passphrase, label, workspace.kdf, workspace.clock.now()
    )
    workspace.audit.record("vault.slot_added", slot=slot_id)
    return slot_id


def remove_administrator(workspace: Workspace, slot_id: str) -> RekeyResult:
    return rekey_workspace(workspace, remove=frozenset({slot_id}))


def change_passphrase(workspace: Workspace, new_passphrase: str, *, revoke: bool) -> None:
    """`revoke`: the change and the re-key as one step (old key files stop opening the vault)."""
    if revoke:
        rekey_workspace(workspace, new_passphrase=new_passphrase)
    else:
        workspace.change_passphrase(new_passphrase)


def rekey_workspace(
    workspace: Workspace,
    *,
    new_passphrase: str | None = None,
    remove: frozenset[str] = frozenset(),
) -> RekeyResult:
    """New data key, database rewritten under it, every remaining slot re-wrapped.

    Backups taken before still open with the keys valid when they were taken:
    replace them too.
    """
    with workspace.db.owned():  # no statement of another thread meets the old connection
        result = workspace.vault.rekey(
            workspace.clock.now(),
            kdf=workspace.kdf,
            new_passphrase=new_passphrase,
            remove=remove,
            keychain=workspace.keychain,
        )
        workspace.db.connection = workspace.vault.connection
    workspace.audit.record(
        "vault.rekey",
        rewrapped=result.rewrapped,
        removed_keys=result.removed + result.dropped,
        passphrase_changed=new_passphrase is not None,
    )
    return result
