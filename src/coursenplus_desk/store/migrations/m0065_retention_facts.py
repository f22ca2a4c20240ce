"""Schema 65: each person's retention facts, kept by triggers, so the scan reads what is due.

The scan used to pick candidates through several indexes and then compute
each candidate's facts from the whole history; the facts now live in
`retention_facts`, filled here from their definitions and kept up to date by
the triggers of `store/retention_facts.py`.
"""

from coursenplus_desk.store.retention_facts import TABLE_SQL, recompute_sql, trigger_sql

SQL = f"""
{TABLE_SQL}
{trigger_sql()}
{recompute_sql()};
"""
