"""Schema 54: breaches notified at a time, and the reasons for a late notification.

`notified_at` holds the moment (with its offset) when it is known; a day alone
stays in `notified_on`. A notification after 72 hours gives the reasons for the
delay (Art. 33(1)).
"""

SQL = """
ALTER TABLE breach ADD COLUMN notified_at TEXT;
ALTER TABLE breach ADD COLUMN delay_reason TEXT NOT NULL DEFAULT '';
"""
