"""Replace the data key (after an administrator leaves) and keep the workspace usable."""

from __future__ import annotations

from coursenplus_desk.services.workspace import Workspace, kdf_params
from coursenplus_desk.vault.kdf import KdfParams


def rekey_workspace(workspace: Workspace, passphrase: str, params: KdfParams | None = None) -> int:
    """New data key, database rewritten under it; the number of other keys removed.

    Only the passphrase typed now is kept: every other administrator's key and
    every remembered computer must be added again. Backups taken before still
    open with the passphrases valid when they were taken: replace them too.
    """
    with workspace.db.owned():  # no statement of another thread meets the old connection
        removed = workspace.vault.rekey(passphrase, params or kdf_params(), workspace.clock.now())
        workspace.db.connection = workspace.vault.connection
    workspace.audit.record("vault.rekey", removed_keys=len(removed))
    return len(removed)
