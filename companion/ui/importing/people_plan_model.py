"""The rows of a people import preview: who is added, merged with whom and why, or skipped.

Besides the planned match, any stored person can be chosen to merge with
(``set_merge_target``); the model's ``plan`` then names that person, so applying it needs
nothing else. ``changes(row)`` says what a merge would fill in or add.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyle, QWidget

from companion.domain.people import Person
from companion.i18n import N_, _, ngettext
from companion.services.people.contact_merge import merge_changes
from companion.services.people.people_import import (
    PeopleDecision,
    PeopleImportPlan,
    with_merge_target,
)
from companion.ui.importing.decision_plan_model import PICK_ROLE_VALUE, SORT_ROLE, DecisionPlanModel

_LEFT_OUT = N_("left out by you")
_NEW = N_("new person")
_PICK = N_("Merge with…")


class PeoplePlanModel(DecisionPlanModel[PeopleDecision]):
    """One row per card or CSV row; the decision column is editable where there is a choice."""

    DECISION, NAME, CONTACT, NOTE = range(4)
    HEADERS = (N_("Import as"), N_("Name"), N_("Email or phone"), N_("Why"))
    WIDEST_COLUMNS: ClassVar[dict[int, int]] = {NAME: 240, CONTACT: 240, NOTE: 320}

    def __init__(self, plan: PeopleImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(
            [item.decision for item in plan.items], skip=PeopleDecision.SKIP, parent=parent
        )
        self.plan = plan

    def choices(self, row: int) -> tuple[PeopleDecision, ...]:
        item = self.plan.items[row]
        if item.problem or item.person is None:
            return (PeopleDecision.SKIP,)
        if item.match is None:
            return (PeopleDecision.ADD, PeopleDecision.SKIP)
        return (PeopleDecision.MERGE, PeopleDecision.ADD, PeopleDecision.SKIP)

    def decision_label(self, row: int, decision: PeopleDecision) -> str:
        match = self.plan.items[row].match
        if decision is PeopleDecision.MERGE and match is not None:
            return _("Merge with {name}").format(name=match.name)
        if decision is PeopleDecision.ADD:
            return _("Add as new") if match is not None else _("Add")
        return _("Skip")

    def can_pick(self, row: int) -> bool:
        """Whether the row can be merged with a person the user chooses."""
        item = self.plan.items[row]
        return not item.problem and item.person is not None and bool(self.plan.people)

    def set_merge_target(self, row: int, person: Person) -> None:
        """Merge row ``row`` into ``person`` (any stored person) instead of the planned match."""
        self.plan = with_merge_target(self.plan, row, person)
        self._set_decision(row, PeopleDecision.MERGE)

    def changes(self, row: int) -> tuple[str, ...]:
        """What merging row ``row`` would fill in or add ("" lines when nothing)."""
        item = self.plan.items[row]
        if item.person is None or item.match is None:
            return ()
        return merge_changes(item.match, item.person)

    def is_editable(self, row: int) -> bool:
        return super().is_editable(row) or self.can_pick(row)

    def choice_items(self, row: int) -> list[tuple[str, str]]:
        choices = super().choice_items(row)
        if self.can_pick(row):
            choices.append((PICK_ROLE_VALUE, _(_PICK)))
        return choices

    def _cell_data(self, row: int, column: int, role: int) -> object:
        item = self.plan.items[row]
        if role == SORT_ROLE:
            return self._text(row, column).casefold()
        if role == Qt.ItemDataRole.ToolTipRole and column != self.DECISION:
            if item.problem:
                return item.describe()
            if column == self.NOTE and self._decisions[row] is PeopleDecision.MERGE:
                return "\n".join([self._text(row, column), *self.changes(row)])
            return self._text(row, column) or None
        if role == Qt.ItemDataRole.DecorationRole and column == self.NAME and item.problem:
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return None

    def _text(self, row: int, column: int) -> str:
        item = self.plan.items[row]
        if column == self.DECISION:
            return self.decision_label(row, self._decisions[row])
        if column == self.NAME:
            return item.name or _("(no name)")
        if column == self.CONTACT:
            person = item.person
            if person is None:
                return ""
            return ", ".join((*person.emails, *person.phones)[:3])
        return self._note(row)

    def _note(self, row: int) -> str:
        item = self.plan.items[row]
        chosen = self._decisions[row]
        if item.problem:
            return _("line {line}: {reason}").format(line=item.line, reason=item.reason)
        if chosen is PeopleDecision.SKIP and item.decision is not PeopleDecision.SKIP:
            return _(_LEFT_OUT)
        if chosen is PeopleDecision.ADD and item.match is None:
            return _(_NEW)
        return item.reason

    def summary(self) -> str:
        if not self.rowCount():
            return _("The file has no people.")
        added = self.count(PeopleDecision.ADD)
        merged = self.count(PeopleDecision.MERGE)
        skipped = self.count(PeopleDecision.SKIP)
        return _("{added}, {merged}, {skipped}.").format(
            added=ngettext("{count} new person", "{count} new people", added).format(count=added),
            merged=ngettext("{count} merged", "{count} merged", merged).format(count=merged),
            skipped=ngettext("{count} skipped", "{count} skipped", skipped).format(count=skipped),
        )

    def can_import(self) -> bool:
        return self.count(PeopleDecision.ADD) + self.count(PeopleDecision.MERGE) > 0

    def details(self) -> list[str]:
        rejected = len(self.plan.rejected)
        lines = list(self.plan.notes)
        uncertain = sum(1 for item in self.plan.items if item.match and not item.certain)
        if uncertain:
            lines.append(
                ngettext(
                    "{count} person may be someone you know: added as new unless you choose "
                    "to merge.",
                    "{count} people may be someone you know: added as new unless you choose "
                    "to merge.",
                    uncertain,
                ).format(count=uncertain)
            )
        if rejected:
            lines.append(
                ngettext(
                    "{count} entry in the file cannot be imported; the table says why.",
                    "{count} entries in the file cannot be imported; the table says why.",
                    rejected,
                ).format(count=rejected)
            )
        return lines
