"""Schema 10: one definition of a person's last interaction, kept by triggers.

The column held the latest of several dates that services moved forward by
hand, the record's creation day and request activity among them; it is now
`last_interaction_on`, written only by the triggers of `store/last_contact.py`
and computed again here for every person from the records themselves.
"""

from coursenplus_desk.store.last_contact import CLOCK_SQL, recompute_sql, trigger_sql

SQL = f"""
ALTER TABLE person RENAME COLUMN last_contact_on TO last_interaction_on;
DROP INDEX person_by_last_contact;
-- Where each person's retention clock starts (a date in the future: still running).
CREATE INDEX person_by_clock ON person ({CLOCK_SQL});
{trigger_sql()}
{recompute_sql()};
"""
