"""Numbers printed in letters are the same on every laptop and never given twice."""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PdfReader

from coursenplus_desk.domain.identifiers import visible_number
from tests.sync_support import Laptop, exchange, first_laptop, join


def reference_in_reply(laptop: Laptop, request_id: int) -> str:
    laptop.workspace.requests.verify_identity(request_id, "identity card")
    document = laptop.workspace.requests.reply(request_id, language="en")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(document.data)).pages)
    found = re.search(r"request number ([0-9A-Z]{5}-[0-9A-Z]{5})", text)
    assert found is not None, text[:400]
    return found.group(1)


def test_two_laptops_print_the_same_number_and_never_the_same_for_two_requests(
    tmp_path: Path,
) -> None:
    a = first_laptop(tmp_path, "a")
    person_a = a.add("Zoë", "Dupont", email="zoe@example.org")
    b = join(a, tmp_path, "b")
    person_b = b.person_id(a.uuid(person_a))
    assert person_b is not None
    on_a = a.workspace.requests.add(person_a, "access", "2026-11-20")
    on_b = b.workspace.requests.add(person_b, "access", "2026-11-21")
    assert on_a == on_b  # each vault's own id: the same number for two requests
    exchange(a, b)
    uuid_of = {
        laptop.name: {
            str(r["uuid"]): int(r["id"])
            for r in laptop.workspace.db.query("SELECT id, uuid FROM data_subject_request")
        }
        for laptop in (a, b)
    }
    assert set(uuid_of["a"]) == set(uuid_of["b"]) and len(uuid_of["a"]) == 2
    for uuid in uuid_of["a"]:
        printed = {reference_in_reply(m, uuid_of[m.name][uuid]) for m in (a, b)}
        assert printed == {visible_number(uuid)}
    assert len({visible_number(uuid) for uuid in uuid_of["a"]}) == 2
    a.close()
    b.close()


def test_visible_numbers_are_stable_and_readable() -> None:
    number = visible_number("6f0f4d54-5a53-4c5e-9a43-3a8c2f1f6b1e")
    assert number == visible_number("6F0F4D54-5A53-4C5E-9A43-3A8C2F1F6B1E")
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}", number)
