"""Key derivation for tests: microseconds instead of half a second, and no floor.

The installed program has no way to ask for this: tests pass this policy in
(`create_workspace(..., FAST_KDF)`, `Cli(kdf=FAST_KDF)`, `AppContext(kdf=...)`),
and child processes run `tests/program.py`, which does the same.
"""

from __future__ import annotations

from coursenplus_desk.vault.kdf import KdfParams, KdfPolicy

FAST_PARAMS = KdfParams(memory_kib=64, iterations=1, lanes=1)
FAST_KDF = KdfPolicy(FAST_PARAMS, min_memory_kib=0, min_seconds=0.0)
