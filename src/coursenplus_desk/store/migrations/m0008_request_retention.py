"""Schema 8: the indexes that let the retention scan reach request files.

The scan picks request files closed on or before its cutoff through
`answered_on` (the closing date of answered and refused requests); the facts
look requests up by requester as well as by subject, and deleting a person
sets `requester_id` to NULL, which without an index scans the whole table.
"""

SQL = """
CREATE INDEX data_subject_request_by_closing ON data_subject_request (answered_on);
CREATE INDEX data_subject_request_by_requester ON data_subject_request (requester_id);
"""
