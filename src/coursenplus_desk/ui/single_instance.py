"""One running program per vault: a second start asks the first window to come forward.

The vault's own lock file is what really keeps a second program out
(`VaultInUseError`); the local socket only lets the second start say
"show yourself" to the first before it quits.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

TIMEOUT_MS = 500


def server_name(folder: Path) -> str:
    digest = hashlib.sha256(str(folder.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"coursenplus-desk-{digest}"


def ask_running_instance(folder: Path) -> bool:
    """True when a program already has this vault and was asked to come forward."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(folder))
    if not socket.waitForConnected(TIMEOUT_MS):
        return False
    socket.write(b"raise\n")
    socket.waitForBytesWritten(TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


class InstanceServer(QObject):
    def __init__(self, folder: Path, bring_forward: Callable[[], None]) -> None:
        super().__init__()
        self._bring_forward = bring_forward
        self.server = QLocalServer(self)
        name = server_name(folder)
        QLocalServer.removeServer(name)  # a stale socket left by a crash
        self.server.listen(name)
        self.server.newConnection.connect(self._connected)

    def _connected(self) -> None:
        while self.server.hasPendingConnections():
            connection = self.server.nextPendingConnection()
            connection.disconnected.connect(connection.deleteLater)
            self._bring_forward()
