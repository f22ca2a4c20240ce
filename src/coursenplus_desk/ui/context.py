"""What the windows need from outside: the vault folder, the clock, the keychain."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from coursenplus_desk.domain.clock import Clock, SystemClock
from coursenplus_desk.services.locations import known_slots_file
from coursenplus_desk.vault.kdf import KdfPolicy
from coursenplus_desk.vault.keychain import Keychain, SystemKeychain
from coursenplus_desk.vault.known_slots import KnownSlots


@dataclass
class AppContext:
    folder: Path
    clock: Clock = field(default_factory=SystemClock)
    keychain: Keychain = field(default_factory=SystemKeychain)
    kdf: KdfPolicy | None = None  # None: calibrated for this computer
    known: KnownSlots = field(default_factory=lambda: KnownSlots(known_slots_file()))
