"""Restores re-apply every kind of erasure the program records."""

from __future__ import annotations


def test_every_table_an_erasure_lists_can_be_erased_again_on_restore() -> None:
    from coursenplus_desk.store.erasure import PERSON_RECORDS
    from coursenplus_desk.store.erasures import REAPPLIED_TABLES
    from coursenplus_desk.store.retention import REQUEST_FILE_PARTS

    erased_by_retention = {"person", "data_subject_request", *REQUEST_FILE_PARTS}
    erased_by_retention |= {table for table, _column in PERSON_RECORDS}
    assert erased_by_retention <= REAPPLIED_TABLES
