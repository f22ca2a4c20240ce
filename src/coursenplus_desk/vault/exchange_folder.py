"""The exchange folder's layout: `<folder>/<register id>/<laptop id>/<number>.cpx`.

A laptop writes only under its own id, each file once under a new number
(temp file and rename, so a sync tool never sees half a file); the only later
writes are its own: a file rewritten in place without erased values, and
deleting files every laptop has applied. Two laptops never write one file,
so no sync tool makes a conflict copy. Names the program did not write (a sync
tool's temporary files, conflict copies, notes) are ignored.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path

from coursenplus_desk.domain.sync.hlc import is_laptop_id
from coursenplus_desk.vault.atomic import write_atomically

FILE_SUFFIX = ".cpx"
_FILE_NAME = re.compile(r"^(\d{1,12})\.cpx$")
_REGISTER_ID = re.compile(r"^[0-9a-f]{32}$")


def is_register_id(text: object) -> bool:
    return isinstance(text, str) and _REGISTER_ID.fullmatch(text) is not None


@dataclass(frozen=True)
class ExchangeFolder:
    root: Path
    register_id: str

    @property
    def register_dir(self) -> Path:
        return self.root / self.register_id

    def laptop_dir(self, laptop_id: str) -> Path:
        return self.register_dir / laptop_id

    def path(self, laptop_id: str, number: int) -> Path:
        return self.laptop_dir(laptop_id) / f"{number:08d}{FILE_SUFFIX}"

    def is_reachable(self) -> bool:
        return self.root.is_dir()

    def laptops(self) -> list[str]:
        """Laptop folders present (whoever made them); unknown ones are checked by the caller."""
        if not self.register_dir.is_dir():
            return []
        return sorted(
            p.name for p in self.register_dir.iterdir() if p.is_dir() and is_laptop_id(p.name)
        )

    def numbers(self, laptop_id: str) -> list[int]:
        folder = self.laptop_dir(laptop_id)
        if not folder.is_dir():
            return []
        found = (_FILE_NAME.match(p.name) for p in folder.iterdir())
        return sorted(int(match.group(1)) for match in found if match)

    def read(self, laptop_id: str, number: int) -> bytes | None:
        try:
            return self.path(laptop_id, number).read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            return None

    def write(self, laptop_id: str, number: int, data: bytes) -> Path:
        path = self.path(laptop_id, number)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
        return path

    def delete(self, laptop_id: str, number: int) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path(laptop_id, number).unlink()
