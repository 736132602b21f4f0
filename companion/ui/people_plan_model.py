"""The rows of a people import preview: who is added, merged with whom and why, or skipped.

Besides the planned match, any stored person can be chosen to merge with
(``set_merge_target``); the model's ``plan`` then names that person, so applying it needs
nothing else. ``changes(row)`` says what a merge would fill in or add.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QStyle, QWidget

from companion.domain.people import Person
from companion.i18n import N_, _, ngettext
from companion.services.people_import import (
    PeopleDecision,
    PeopleImportPlan,
    PlannedPerson,
    merge_changes,
    with_merge_target,
)
from companion.ui.import_preview import CHOICES_ROLE, PICK_ROLE_VALUE, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex

_LEFT_OUT = N_("left out by you")
_NEW = N_("new person")
_PICK = N_("Merge with…")


class PeoplePlanModel(QAbstractTableModel):
    """One row per card or CSV row; the decision column is editable where there is a choice."""

    DECISION, NAME, CONTACT, NOTE = range(4)
    HEADERS = (N_("Import as"), N_("Name"), N_("Email or phone"), N_("Why"))
    WIDEST_COLUMNS: ClassVar[dict[int, int]] = {NAME: 240, CONTACT: 240, NOTE: 320}

    def __init__(self, plan: PeopleImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self._decisions = [item.decision for item in plan.items]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        return 0 if parent.isValid() else len(self._decisions)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's API
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section])
        return None

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

    def decision(self, row: int) -> PeopleDecision:
        return self._decisions[row]

    def can_pick(self, row: int) -> bool:
        """Whether the row can be merged with a person the user chooses."""
        item = self.plan.items[row]
        return not item.problem and item.person is not None and bool(self.plan.people)

    def set_merge_target(self, row: int, person: Person) -> None:
        """Merge row ``row`` into ``person`` (any stored person) instead of the planned match."""
        self.plan = with_merge_target(self.plan, row, person)
        self._decisions[row] = PeopleDecision.MERGE
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def changes(self, row: int) -> tuple[str, ...]:
        """What merging row ``row`` would fill in or add ("" lines when nothing)."""
        item = self.plan.items[row]
        if item.person is None or item.match is None:
            return ()
        return merge_changes(item.match, item.person)

    def count(self, decision: PeopleDecision) -> int:
        return sum(1 for chosen in self._decisions if chosen is decision)

    def overrides(self) -> dict[int, PeopleDecision]:
        """The rows where the user changed the plan, for ``apply_people_import``."""
        return {
            row: chosen
            for row, (chosen, item) in enumerate(zip(self._decisions, self.plan.items, strict=True))
            if chosen is not item.decision
        }

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        row = index.row()
        if index.column() == self.DECISION and (len(self.choices(row)) > 1 or self.can_pick(row)):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        item = self.plan.items[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column, item)
        if role == Qt.ItemDataRole.EditRole and column == self.DECISION:
            return self._decisions[row].value
        if role == CHOICES_ROLE and column == self.DECISION:
            choices = [
                (choice.value, self.decision_label(row, choice)) for choice in self.choices(row)
            ]
            if self.can_pick(row):
                choices.append((PICK_ROLE_VALUE, _(_PICK)))
            return choices
        if role == SORT_ROLE:
            return self._text(row, column, item).casefold()
        if role == Qt.ItemDataRole.ToolTipRole and column != self.DECISION:
            if item.problem:
                return item.describe()
            if column == self.NOTE and self._decisions[row] is PeopleDecision.MERGE:
                return "\n".join([self._text(row, column, item), *self.changes(row)])
            return self._text(row, column, item) or None
        if role == Qt.ItemDataRole.ForegroundRole and self._decisions[row] is PeopleDecision.SKIP:
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.DecorationRole and column == self.NAME and item.problem:
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return None

    def _text(self, row: int, column: int, item: PlannedPerson) -> str:
        if column == self.DECISION:
            return self.decision_label(row, self._decisions[row])
        if column == self.NAME:
            return item.name or _("(no name)")
        if column == self.CONTACT:
            person = item.person
            if person is None:
                return ""
            return ", ".join((*person.emails, *person.phones)[:3])
        return self._note(row, item)

    def _note(self, row: int, item: PlannedPerson) -> str:
        chosen = self._decisions[row]
        if item.problem:
            return _("line {line}: {reason}").format(line=item.line, reason=item.reason)
        if chosen is PeopleDecision.SKIP and item.decision is not PeopleDecision.SKIP:
            return _(_LEFT_OUT)
        if chosen is PeopleDecision.ADD and item.match is None:
            return _(_NEW)
        return item.reason

    def setData(  # noqa: N802 - Qt's name
        self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != self.DECISION:
            return False
        try:
            decision = PeopleDecision(str(value))
        except ValueError:
            return False
        row = index.row()
        if decision not in self.choices(row) or decision is self._decisions[row]:
            return False
        self._decisions[row] = decision
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        return True

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
        lines = []
        uncertain = sum(1 for item in self.plan.items if item.match and not item.certain)
        if uncertain:
            lines.append(
                ngettext(
                    "{count} person is matched by a similar name only: check the merge.",
                    "{count} people are matched by a similar name only: check each merge.",
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
