"""What this computer last saw of each key slot: its salt and its key-derivation parameters.

A slot's parameters are its first layer's associated data, so an edited
parameter (with the checksum recomputed) fails exactly like a wrong
passphrase: nothing in the key file can tell them apart. This computer can:
a slot it knew, with the same salt but other parameters, was edited, and
unlocking says that the key file is damaged or not this vault's. A passphrase
changed elsewhere comes with a new salt, so it is never mistaken for an edit.
Only salts (random) and parameters are kept: nothing personal.
"""

from __future__ import annotations

import base64
import contextlib
import json
from pathlib import Path
from typing import Protocol

from coursenplus_desk.vault.atomic import write_atomically
from coursenplus_desk.vault.keyslots import Header

Record = dict[str, dict[str, dict[str, object]]]  # vault id → slot id → {salt, kdf}


class UnlockedVaultLike(Protocol):
    @property
    def header(self) -> Header: ...


class KnownSlots:
    def __init__(self, path: Path) -> None:
        self.path = path

    def edited(self, header: Header) -> bool:
        """Whether a slot this computer knew keeps its salt but changed its parameters."""
        known = self._read().get(header.vault_id, {})
        for slot in header.slots:
            seen = known.get(slot.id) or {}
            same_salt = seen.get("salt") == _b64(slot.salt)
            if same_salt and seen.get("kdf") != (slot.kdf.to_dict() if slot.kdf else None):
                return True
        return False

    def remember_vault(self, vault: UnlockedVaultLike) -> None:
        self.remember(vault.header)

    def remember(self, header: Header) -> None:
        """After a successful unlock or a rewrite of the key file (never fatal)."""
        record = self._read()
        slots: dict[str, dict[str, object]] = {
            slot.id: {"salt": _b64(slot.salt), "kdf": slot.kdf.to_dict() if slot.kdf else None}
            for slot in header.slots
        }
        if record.get(header.vault_id) == slots:
            return
        record[header.vault_id] = slots
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_atomically(self.path, json.dumps(record, sort_keys=True).encode("utf-8"))

    def _read(self) -> Record:
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return document if isinstance(document, dict) else {}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
