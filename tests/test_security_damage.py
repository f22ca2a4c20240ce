"""Damage is an answer: a flipped bit anywhere in `records.db` makes a search either answer
exactly as before or say "damaged" (exit 4), and a write is never accepted (exit 4).

FTS5 reads a damaged page of its index as "no match"; the search reads the
whole index once per unlock first. Writes are refused until every page has
passed its HMAC check, and a vault found damaged stays read-only, pointing to
the newest backup.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from coursenplus_desk.domain.errors import VaultDamagedError
from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.services.demo import fill_demo
from tests.backup_support import cli_env, new_workspace, reopen, run_cli

PAGE = 4096
ADD = ("person", "add", "--role", "student", "--given-name", "Nouveau", "--family-name", "Venu")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pristine") / "vault"
    with new_workspace(folder) as workspace:
        fill_demo(workspace, 300)
    return folder


def _flipped(pristine: Path, folder: Path, page: int, rng: random.Random) -> None:
    shutil.copytree(pristine, folder)
    database = folder / "records.db"
    data = bytearray(database.read_bytes())
    data[page * PAGE + rng.randrange(PAGE)] ^= 1 << rng.randrange(8)
    database.write_bytes(bytes(data))


def _sweep(pristine: Path, tmp_path: Path, every: int) -> None:
    """Every `every`-th page, and each of the last pages (the newest part of the search index)."""
    code, expected, _ = run_cli(["person", "find", "ma"], cli_env(pristine))
    assert code == 0 and expected.count("\n") > 10
    pages = (pristine / "records.db").stat().st_size // PAGE
    rng = random.Random(17)
    for page in sorted({*range(0, pages, every), *range(pages - 8, pages)}):
        folder = tmp_path / f"page{page}" / "vault"  # its own backup folder beside it
        _flipped(pristine, folder, page, rng)
        code, out, err = run_cli(["person", "find", "ma"], cli_env(folder))
        assert (code, out) in ((0, expected), (4, "")), f"page {page}: a wrong answer"
        code, out, err = run_cli(list(ADD), cli_env(folder))
        assert (code, out) == (4, ""), f"page {page}: a write accepted on a damaged vault"
        assert "damaged" in err and err.count("\n") == 1
        shutil.rmtree(folder.parent)


def test_flipped_pages_give_the_right_answer_or_damaged(pristine: Path, tmp_path: Path) -> None:
    _sweep(pristine, tmp_path, every=9)


@pytest.mark.slow
def test_every_flipped_page_gives_the_right_answer_or_damaged(
    pristine: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if "slow" not in str(request.config.getoption("markexpr") or ""):
        pytest.skip("long variant: run it with -m slow")
    _sweep(pristine, tmp_path, every=1)


def test_a_damaged_vault_stays_read_only_and_names_the_newest_backup(
    pristine: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "vault"
    shutil.copytree(pristine, folder)
    with reopen(folder) as workspace:
        backup = workspace.backups.create()
    # the last page: the newest part of the search index
    _flipped(folder, tmp_path / "damaged", (folder / "records.db").stat().st_size // PAGE - 1,
             random.Random(3))  # fmt: skip
    with reopen(tmp_path / "damaged") as workspace:
        assert workspace.integrity_problems()
        with pytest.raises(VaultDamagedError) as raised:
            workspace.people.add(PersonDraft(given_name="A", family_name="B", roles=("student",)))
        assert "read-only" in raised.value.message()
        assert backup.name in raised.value.message()
