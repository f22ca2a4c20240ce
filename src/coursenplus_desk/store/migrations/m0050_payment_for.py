"""Schema 50: whom a payment is for, when someone else pays (a parent pays for a child).

The payer stays the payment's owner (accounting and retention follow the
payer); `for_person_id` only names the person the payment was for, and goes
back to NULL when that person is erased.
"""

SQL = """
ALTER TABLE payment ADD COLUMN for_person_id INTEGER REFERENCES person (id) ON DELETE SET NULL;
CREATE INDEX payment_for_person ON payment (for_person_id);
"""
