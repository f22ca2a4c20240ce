"""`coursenplus-desk` for tests run in a child process: the real program, fast key derivation.

python tests/program.py person find zoe
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coursenplus_desk.cli import main
from coursenplus_desk.cli.context import Cli
from tests.fast_kdf import FAST_KDF

if __name__ == "__main__":
    sys.exit(main(cli=Cli(kdf=FAST_KDF)))
