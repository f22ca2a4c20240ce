"""Inviting, joining, removing a laptop (new register key), and each laptop's audit chain."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursenplus_desk.domain.errors import RefusedError
from coursenplus_desk.services.sharing.joining import join_register
from coursenplus_desk.services.sharing.notices import WrongInvitationCodeError
from coursenplus_desk.services.sharing.service import PeerAuditTamperedError
from coursenplus_desk.vault.exchange_file import read_header
from tests.conftest import PASSPHRASE
from tests.fast_kdf import FAST_KDF
from tests.sync_support import START, TickingClock, carry, exchange, first_laptop, join


def test_a_wrong_code_changes_nothing(tmp_path: Path) -> None:
    a = first_laptop(tmp_path, "a")
    invitation = a.workspace.sharing.invite(tmp_path / "x.cpinvite", "b")
    wrong = "0000-0000-0000" if invitation.code != "0000-0000-0000" else "1111-1111-1111"
    with pytest.raises(WrongInvitationCodeError):
        join_register(invitation.path, wrong, a.folder, tmp_path / "vault-b", PASSPHRASE,
                      TickingClock(START), FAST_KDF)  # fmt: skip
    assert not (tmp_path / "vault-b").exists()
    a.close()


def test_an_invitation_serves_once(tmp_path: Path) -> None:
    a = first_laptop(tmp_path, "a")
    invitation = a.workspace.sharing.invite(tmp_path / "x.cpinvite", "b")
    first = join_register(invitation.path, invitation.code, a.folder, tmp_path / "vault-b",
                          PASSPHRASE, TickingClock(START), FAST_KDF)  # fmt: skip
    with pytest.raises(RefusedError, match="already used"):
        join_register(invitation.path, invitation.code, a.folder, tmp_path / "vault-c",
                      PASSPHRASE, TickingClock(START), FAST_KDF)  # fmt: skip
    first.close()
    a.sync()
    assert not invitation.path.exists()  # used: the inviting laptop deleted it
    a.close()


def test_a_removed_laptop_cannot_read_what_follows(tmp_path: Path) -> None:
    a = first_laptop(tmp_path, "a")
    a.add("Before", "Removal")
    b = join(a, tmp_path, "b")
    c = join(a, tmp_path, "c")
    exchange(a, b, c)
    removed = a.workspace.sharing.remove("c")
    assert removed.label == "c"
    a.add("After", "Removal")
    exchange(a, b, c, rounds=3)
    assert b.workspace.people.find("after")
    assert not c.workspace.people.find("after")
    assert c.workspace.people.find("before")
    keys_c = c.workspace.sharing.s.state.keys()
    registration = a.workspace.sharing.s.state.registration()
    assert registration is not None
    newest = max((a.folder / registration.register_id / registration.laptop_id).glob("*.cpx"))
    assert read_header(newest.read_bytes()).key_id not in keys_c
    status_b = {v.label: v.status.value for v in b.workspace.sharing.status().laptops}
    assert status_b["c"] == "removed"
    for laptop in (a, b, c):
        laptop.close()


def test_audit_verify_checks_every_laptops_chain(tmp_path: Path) -> None:
    a = first_laptop(tmp_path, "a")
    b = join(a, tmp_path, "b")
    a.add("Chain", "Links")
    exchange(a, b)
    checked = dict(b.workspace.sharing.verify_chains())
    assert checked["a"] > 0
    b.workspace.db.execute("UPDATE sync_peer_audit SET action = 'person.delete' WHERE id = 2")
    with pytest.raises(PeerAuditTamperedError, match="laptop a"):
        b.workspace.sharing.verify_chains()
    a.close()
    b.close()


def test_an_erasure_counts_its_confirmations(tmp_path: Path) -> None:
    a = first_laptop(tmp_path, "a")
    victim = a.add("Counted", "Confirmations")
    b = join(a, tmp_path, "b")
    c = join(a, tmp_path, "c")
    exchange(a, b, c)
    uuid = a.uuid(victim)
    a.workspace.retention.erase_person(victim)
    a.sync()
    assert a.workspace.sharing.erasure_confirmations(uuid) == (1, 3)
    carry(a, b)
    b.sync()
    carry(b, a)
    a.sync()
    assert a.workspace.sharing.erasure_confirmations(uuid) == (2, 3)
    assert a.workspace.sharing.status().unconfirmed_erasures == 1
    exchange(a, b, c)
    assert a.workspace.sharing.erasure_confirmations(uuid) == (3, 3)
    assert a.workspace.sharing.status().unconfirmed_erasures == 0
    for laptop in (a, b, c):
        laptop.close()


def test_the_erasure_request_and_its_certificate_count_the_laptops(tmp_path: Path) -> None:
    import io

    from pypdf import PdfReader

    a = first_laptop(tmp_path, "a")
    victim = a.add("Céleste", "Oubliée")
    b = join(a, tmp_path, "b")
    exchange(a, b)
    request = a.workspace.requests.add(victim, "erasure", "2026-11-20")
    a.workspace.requests.verify_identity(request, "identity card")
    a.workspace.requests.execute(request)
    assert a.workspace.requests.erasure_confirmed(request) == (1, 2)
    exchange(a, b)
    assert a.workspace.requests.erasure_confirmed(request) == (2, 2)
    certificate = a.workspace.requests.reply(request, language="en")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(certificate.data)).pages)
    assert "kept on 2 computers" in " ".join(text.split())
    a.close()
    b.close()
