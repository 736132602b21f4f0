"""The rows of a calendar import preview: which events are added, updated or skipped, and why."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QStyle, QWidget

from companion.i18n import N_, _, ngettext
from companion.i18n.formats import format_datetime, format_days
from companion.services.events.event_import import EventImportPlan, ImportDecision
from companion.ui.importing.decision_plan_model import SORT_ROLE, DecisionPlanModel

DECISION_LABELS = {
    ImportDecision.ADD: N_("Add"),
    ImportDecision.UPDATE: N_("Update"),
    ImportDecision.SKIP: N_("Skip"),
}
# Adding an event the store already has makes a second copy next to it.
_ADD_AS_NEW = N_("Add as new")
_UPDATES = N_("replaces what was imported before")
_LEFT_OUT = N_("left out by you")
# A file can warn about every one of thousands of events; the table has the rest.
MAX_WARNINGS_SHOWN = 5


class EventPlanModel(DecisionPlanModel[ImportDecision]):
    """One row per planned event; the decision column is editable where there is a choice."""

    DECISION, TITLE, WHEN, WHERE, NOTE = range(5)
    HEADERS = (N_("Import as"), N_("Title"), N_("When"), N_("Where"), N_("Note"))
    #: Long titles and venues are elided; the tooltip shows them whole.
    WIDEST_COLUMNS: ClassVar[dict[int, int]] = {TITLE: 280, WHERE: 180, NOTE: 240}

    def __init__(self, plan: EventImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(
            [item.decision for item in plan.items], skip=ImportDecision.SKIP, parent=parent
        )
        self.plan = plan

    def choices(self, row: int) -> tuple[ImportDecision, ...]:
        """What the user may choose for a row; events the file could not give stay skipped."""
        item = self.plan.items[row]
        if item.problem or item.event is None:
            return (ImportDecision.SKIP,)
        if item.existing is None:
            return (ImportDecision.ADD, ImportDecision.SKIP)
        if item.decision is ImportDecision.UPDATE:
            return (ImportDecision.UPDATE, ImportDecision.ADD, ImportDecision.SKIP)
        return (ImportDecision.SKIP, ImportDecision.ADD)

    def decision_label(self, row: int, decision: ImportDecision) -> str:
        if decision is ImportDecision.ADD and self.plan.items[row].existing is not None:
            return _(_ADD_AS_NEW)
        return _(DECISION_LABELS[decision])

    def _cell_data(self, row: int, column: int, role: int) -> object:
        item = self.plan.items[row]
        if role == SORT_ROLE:
            if column == self.WHEN and item.event is not None:
                return item.event.start.timestamp()
            return (self._text(row, column) or "").casefold()
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.TITLE, self.WHERE, self.NOTE):
            if item.problem and column == self.NOTE:
                return item.describe()
            return self._text(row, column) or None
        if role == Qt.ItemDataRole.DecorationRole and column == self.TITLE and item.problem:
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return None

    def _text(self, row: int, column: int) -> str | None:
        item = self.plan.items[row]
        event = item.event
        if column == self.DECISION:
            return self.decision_label(row, self._decisions[row])
        if column == self.TITLE:
            return item.title or _("(no title)")
        if column == self.WHEN:
            if event is None:
                return ""
            if event.all_day:
                return format_days(event.first_day, event.last_day, skeleton="yMd")
            return format_datetime(event.start, width="short")
        if column == self.WHERE:
            if event is None:
                return ""
            return _("Online") if event.online and not event.venue else event.venue
        return self._note(row)

    def _note(self, row: int) -> str:
        item = self.plan.items[row]
        chosen = self._decisions[row]
        if item.reason:
            return item.reason
        if chosen is ImportDecision.SKIP:
            return _(_LEFT_OUT)
        if chosen is ImportDecision.UPDATE:
            return _(_UPDATES)
        return ""

    def summary(self) -> str:
        if not self.rowCount():
            return _("The file has no events.")
        added = self.count(ImportDecision.ADD)
        updated = self.count(ImportDecision.UPDATE)
        skipped = self.count(ImportDecision.SKIP)
        return _("{added}, {updated}, {skipped}.").format(
            added=ngettext("{count} new event", "{count} new events", added).format(count=added),
            updated=ngettext("{count} update", "{count} updates", updated).format(count=updated),
            skipped=ngettext("{count} skipped", "{count} skipped", skipped).format(count=skipped),
        )

    def can_import(self) -> bool:
        return self.count(ImportDecision.ADD) + self.count(ImportDecision.UPDATE) > 0

    def details(self) -> list[str]:
        warnings = self.plan.warnings
        lines = list(warnings[:MAX_WARNINGS_SHOWN])
        hidden = len(warnings) - len(lines)
        if hidden > 0:
            lines.append(
                ngettext("…and {count} more warning", "…and {count} more warnings", hidden).format(
                    count=hidden
                )
            )
        rejected = len(self.plan.rejected)
        if rejected:
            lines.append(
                ngettext(
                    "{count} event in the file cannot be imported; the table says why.",
                    "{count} events in the file cannot be imported; the table says why.",
                    rejected,
                ).format(count=rejected)
            )
        return lines
