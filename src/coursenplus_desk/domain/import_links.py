"""Family links an import adds: from family codes, and never a loop.

A link that would make a person their own parent (or grandparent...) is left
out with a warning instead of failing the whole import when it is written.
"""

from __future__ import annotations

from collections.abc import Callable

from coursenplus_desk.domain.import_types import PlannedLink, RowPlan
from coursenplus_desk.domain.people import Role


def link_families(plans: list[RowPlan]) -> None:
    """Rows sharing a family code: each parent of the family is linked to each student."""
    families: dict[str, list[RowPlan]] = {}
    for plan in plans:
        if plan.accepted and plan.family:
            families.setdefault(plan.family.casefold(), []).append(plan)
    for rows in families.values():
        guardians = [row.people[0].target for row in rows if Role.GUARDIAN in row.roles]
        linked = {(link.guardian, link.student) for row in rows for link in row.links}
        for row in rows:
            if Role.STUDENT not in row.roles:
                continue
            student = row.people[0].target
            for guardian in guardians:
                if guardian != student and (guardian, student) not in linked:
                    row.links.append(PlannedLink(guardian, student, None, False))
                    linked.add((guardian, student))


class FamilyGraph:
    """Who is whose guardian: the vault's links, loaded as needed, plus the planned ones.

    Nodes are person ids (positive) or planned new people (negative): a new person
    has no stored link, so they are nobody's guardian until a planned link says so.
    """

    def __init__(
        self,
        stored_guardians: Callable[[int], list[int]],
        is_new: Callable[[int], bool] = lambda node: node < 0,
    ) -> None:
        self.stored_guardians = stored_guardians
        self.is_new = is_new
        self.guardians: dict[int, set[int]] = {}
        self.added_guardians: set[int] = set()

    def _of(self, node: int) -> set[int]:
        if node not in self.guardians:
            self.guardians[node] = set() if self.is_new(node) else set(self.stored_guardians(node))
        return self.guardians[node]

    def would_loop(self, guardian: int, student: int) -> bool:
        """True when the student is already the guardian's guardian, at any distance."""
        if self.is_new(student) and student not in self.added_guardians:
            return guardian == student  # nobody's guardian: nobody's ancestor
        seen: set[int] = set()
        pending = [guardian]
        while pending:
            for above in self._of(pending.pop()):
                if above == student:
                    return True
                if above not in seen:
                    seen.add(above)
                    pending.append(above)
        return guardian == student

    def add(self, guardian: int, student: int) -> None:
        self._of(student).add(guardian)
        self.added_guardians.add(guardian)
