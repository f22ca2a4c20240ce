"""Two real Syncthing instances on 127.0.0.1 sharing one folder: the transport under test.

Each instance has its own home (keys, configuration, database) and its own
copy of the exchange folder. Discovery, relays, NAT traversal, usage reports
and upgrades are off; each knows the other by a static 127.0.0.1 address.
The instances are stopped by `stop()` (the fixture calls it), never left
running.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

FOLDER_ID = "coursenplus-register"


def syncthing_program() -> str | None:
    return shutil.which("syncthing")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Instance:
    name: str
    home: Path
    folder: Path
    listen_port: int = field(default_factory=free_port)
    gui_port: int = field(default_factory=free_port)
    api_key: str = field(default_factory=lambda: secrets.token_hex(16))
    device_id: str = ""
    process: subprocess.Popen[bytes] | None = None
    log: BinaryIO | None = None

    def generate(self, program: str) -> None:
        self.home.mkdir(parents=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [program, "generate", f"--home={self.home}", "--no-default-folder",
             "--skip-port-probing"],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        found = subprocess.run(
            [program, "serve", f"--home={self.home}", "--device-id"],
            check=True, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        self.device_id = found.stdout.strip()

    def configure(self, peer: Instance) -> None:
        path = self.home / "config.xml"
        tree = ET.parse(path)
        root = tree.getroot()
        options = root.find("options")
        assert options is not None
        settings = {
            "listenAddress": f"tcp://127.0.0.1:{self.listen_port}",
            "globalAnnounceEnabled": "false",
            "localAnnounceEnabled": "false",
            "relaysEnabled": "false",
            "natEnabled": "false",
            "urAccepted": "-1",
            "startBrowser": "false",
            "crashReportingEnabled": "false",
            "autoUpgradeIntervalH": "0",
            "reconnectionIntervalS": "1",
            "setLowPriority": "true",
        }
        for name, value in settings.items():
            element = options.find(name)
            if element is None:
                element = ET.SubElement(options, name)
            element.text = value
        gui = root.find("gui")
        assert gui is not None
        _child(gui, "address").text = f"127.0.0.1:{self.gui_port}"
        _child(gui, "apikey").text = self.api_key
        peer_device = ET.SubElement(
            root, "device", id=peer.device_id, name=peer.name, compression="never",
            introducer="false",
        )  # fmt: skip
        ET.SubElement(peer_device, "address").text = f"tcp://127.0.0.1:{peer.listen_port}"
        folder = ET.SubElement(
            root, "folder", id=FOLDER_ID, label="register", path=str(self.folder),
            type="sendreceive", rescanIntervalS="1", fsWatcherEnabled="true",
            fsWatcherDelayS="1", ignorePerms="false", autoNormalize="true",
        )  # fmt: skip
        for device in (self.device_id, peer.device_id):
            ET.SubElement(folder, "device", id=device)
        ET.SubElement(folder, "fsWatcherTimeoutS").text = "1"
        tree.write(path)

    def start(self, program: str) -> None:
        self.log = log = (self.home / "syncthing.log").open("wb")
        self.process = subprocess.Popen(
            [program, "serve", f"--home={self.home}", "--no-browser", "--no-restart",
             "--no-upgrade", f"--gui-address=127.0.0.1:{self.gui_port}"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "STNODEFAULTFOLDER": "1", "STNOUPGRADE": "1"},
        )  # fmt: skip

    def api(self, path: str) -> object:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}", headers={"X-API-Key": self.api_key}
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.loads(response.read().decode("utf-8"))

    def is_up(self) -> bool:
        with contextlib.suppress(OSError, ValueError):
            return bool(self.api("/rest/system/ping"))
        return False

    def rescan(self) -> None:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}/rest/db/scan?folder={FOLDER_ID}",
            method="POST",
            headers={"X-API-Key": self.api_key},
        )
        with contextlib.suppress(OSError), urllib.request.urlopen(request, timeout=5):
            pass

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=20)
        if self.log is not None:
            self.log.close()
            self.log = None


class SyncthingPair:
    """Instances `a` and `b`, each with its own copy of the shared folder."""

    def __init__(self, base: Path) -> None:
        program = syncthing_program()
        if program is None:
            raise RuntimeError("syncthing is not installed (make test-sync installs it)")
        self.program = program
        self.a = Instance("laptop-a", base / "home-a", base / "folder-a")
        self.b = Instance("laptop-b", base / "home-b", base / "folder-b")

    def start(self, timeout: float = 60) -> None:
        for instance in (self.a, self.b):
            instance.generate(self.program)
        self.a.configure(self.b)
        self.b.configure(self.a)
        for instance in (self.a, self.b):
            instance.start(self.program)
        self.wait(lambda: self.a.is_up() and self.b.is_up(), timeout, "both instances answer")
        self.wait(self.connected, timeout, "the instances connect to each other")

    def connected(self) -> bool:
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            found = self.a.api("/rest/system/connections")
            assert isinstance(found, dict)
            return bool(found["connections"][self.b.device_id]["connected"])
        return False

    def stop(self) -> None:
        for instance in (self.a, self.b):
            instance.stop()

    @staticmethod
    def wait(condition: object, timeout: float, what: str) -> None:
        assert callable(condition)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.5)
        raise TimeoutError(f"gave up waiting: {what}")


def _child(parent: ET.Element, name: str) -> ET.Element:
    element = parent.find(name)
    return element if element is not None else ET.SubElement(parent, name)
