"""The import preview: what a calendar file will add, update and skip, before anything is written.

While the file is read (on a worker thread) the dialog shows a progress bar; then a table of
every event with a per-row choice. Nothing is written here: the controller applies the plan
with ``decisions()`` once the dialog is accepted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionComboBox,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from companion.i18n import N_, _, ngettext
from companion.i18n.formats import format_datetime
from companion.services.event_import import EventImportPlan, ImportDecision, PlannedEvent
from companion.services.people_import import PeopleDecision, PeopleImportPlan

if TYPE_CHECKING:
    from companion.ui.people_plan_model import PeoplePlanModel
    from companion.ui.person_picker import PersonPickerDialog

Index = QModelIndex | QPersistentModelIndex

#: The sort key of a cell (the start time for "When"), and the (decision, label) choices of a row.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 2
#: A choice that is no decision but opens a dialog (a people row's "Merge with…").
PICK_ROLE_VALUE = "pick"

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
# What a merge would change, under the table; the row's tooltip has every line.
MAX_CHANGES_SHOWN = 6


class ImportPlanModel(QAbstractTableModel):
    """One row per planned event; the decision column is editable where there is a choice."""

    DECISION, TITLE, WHEN, WHERE, NOTE = range(5)
    HEADERS = (N_("Import as"), N_("Title"), N_("When"), N_("Where"), N_("Note"))

    def __init__(self, plan: EventImportPlan, parent: QWidget | None = None) -> None:
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

    def decision(self, row: int) -> ImportDecision:
        return self._decisions[row]

    def count(self, decision: ImportDecision) -> int:
        return sum(1 for chosen in self._decisions if chosen is decision)

    def overrides(self) -> dict[int, ImportDecision]:
        """The rows where the user changed the plan, for ``apply_event_import``."""
        return {
            row: chosen
            for row, (chosen, item) in enumerate(zip(self._decisions, self.plan.items, strict=True))
            if chosen is not item.decision
        }

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.column() == self.DECISION and len(self.choices(index.row())) > 1:
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
            choices = self.choices(row)
            return [(choice.value, self.decision_label(row, choice)) for choice in choices]
        if role == SORT_ROLE:
            if column == self.WHEN and item.event is not None:
                return item.event.start.timestamp()
            return (self._text(row, column, item) or "").casefold()
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.TITLE, self.WHERE, self.NOTE):
            if item.problem and column == self.NOTE:
                return item.describe()
            return self._text(row, column, item) or None
        if role == Qt.ItemDataRole.ForegroundRole and self._decisions[row] is ImportDecision.SKIP:
            # What will not be imported recedes; what will be imported stands out.
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.DecorationRole and column == self.TITLE and item.problem:
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return None

    def _text(self, row: int, column: int, item: PlannedEvent) -> str | None:
        event = item.event
        if column == self.DECISION:
            return self.decision_label(row, self._decisions[row])
        if column == self.TITLE:
            return item.title or _("(no title)")
        if column == self.WHEN:
            return format_datetime(event.start, width="short") if event is not None else ""
        if column == self.WHERE:
            if event is None:
                return ""
            return _("Online") if event.online and not event.venue else event.venue
        return self._note(row, item)

    def _note(self, row: int, item: PlannedEvent) -> str:
        chosen = self._decisions[row]
        if item.reason:
            return item.reason
        if chosen is ImportDecision.SKIP:
            return _(_LEFT_OUT)
        if chosen is ImportDecision.UPDATE:
            return _(_UPDATES)
        return ""

    def setData(  # noqa: N802 - Qt's name
        self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != self.DECISION:
            return False
        try:
            decision = ImportDecision(str(value))
        except ValueError:
            return False
        row = index.row()
        if decision not in self.choices(row) or decision is self._decisions[row]:
            return False
        self._decisions[row] = decision
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        return True


#: Long titles and venues are elided; the tooltip shows them whole.
_WIDEST_COLUMNS = {
    ImportPlanModel.TITLE: 280,
    ImportPlanModel.WHERE: 180,
    ImportPlanModel.NOTE: 240,
}


class DecisionDelegate(QStyledItemDelegate):
    """A combo box with the row's choices; the choice is taken as soon as it is picked.

    Rows with a choice are painted as a combo box, so it is plain that they can be changed.
    Picking ``PICK_ROLE_VALUE`` changes nothing and emits ``pick_requested`` for the row.
    """

    pick_requested = Signal(QPersistentModelIndex)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if not index.flags() & Qt.ItemFlag.ItemIsEditable:
            super().paint(painter, option, index)
            return
        combo = QStyleOptionComboBox()
        combo.rect = option.rect.adjusted(1, 1, -1, -1)
        combo.state = option.state | QStyle.StateFlag.State_Enabled
        combo.palette = option.palette
        combo.currentText = str(index.data(Qt.ItemDataRole.DisplayRole))
        style = QApplication.style()
        style.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, combo, painter)
        style.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, combo, painter)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 28, max(hint.height(), 26))

    def createEditor(  # noqa: N802 - Qt's name
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName("decisionEditor")
        for value, label in index.data(CHOICES_ROLE) or []:
            combo.addItem(label, value)
        row = QPersistentModelIndex(index)
        combo.activated.connect(lambda _row: self._commit(combo, row))
        return combo

    def _commit(self, combo: QComboBox, index: QPersistentModelIndex) -> None:
        if combo.currentData() == PICK_ROLE_VALUE:
            self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)
            self.pick_requested.emit(index)
            return
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802 - Qt's name
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(  # noqa: N802 - Qt's name
        self, editor: QWidget, model: QAbstractItemModel, index: Index
    ) -> None:
        assert isinstance(editor, QComboBox)
        if editor.currentData() != PICK_ROLE_VALUE:
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ImportPreviewDialog(QDialog):
    """First "Reading…" with a progress bar, then the plan; Cancel works in both."""

    def __init__(self, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importPreview")
        self.setWindowTitle(_("Import {file}").format(file=file_name))
        self.resize(900, 540)
        self.model: ImportPlanModel | None = None
        # A contacts file (vCard, CSV) shows people instead of events.
        self.people_model: PeoplePlanModel | None = None

        self.summary = QLabel(_("Reading {file}…").format(file=file_name))
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.summary.setFont(font)
        self.details = QLabel()
        self.details.setObjectName("importDetails")
        self.details.setWordWrap(True)
        self.details.hide()

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy until the first count arrives
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSortRole(SORT_ROLE)
        # A row must not jump away while the user changes its decision.
        self.proxy.setDynamicSortFilter(False)
        self.table = QTableView()
        self.table.setObjectName("importItems")
        self.table.setModel(self.proxy)
        self.decision_delegate = DecisionDelegate(self.table)
        self.table.setItemDelegateForColumn(ImportPlanModel.DECISION, self.decision_delegate)
        # In the file's order until the user clicks a column header.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().hide()
        # One line per event (the tooltip has the whole text), so thousands of rows stay tidy.
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.pages = QStackedWidget()
        reading = QWidget()
        reading_layout = QVBoxLayout(reading)
        reading_layout.addStretch(1)
        reading_layout.addWidget(self.progress)
        reading_layout.addStretch(2)
        self.pages.addWidget(reading)
        plan_page = QWidget()
        plan_layout = QVBoxLayout(plan_page)
        plan_layout.setContentsMargins(0, 0, 0, 0)
        plan_layout.addWidget(self.table, 1)
        # People only: what merging the current row would change, and merging with anyone.
        self.merge_changes = QLabel()
        self.merge_changes.setObjectName("mergeChanges")
        # One line per change, not wrapped: a wrapped label in this nested layout does not
        # get the height it needs, and each change is short.
        self.merge_changes.setWordWrap(False)
        self.merge_changes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.merge_with_button = QPushButton(_("Merge with &another person…"))
        self.merge_with_button.setObjectName("mergeWithButton")
        people_row = QHBoxLayout()
        people_row.addWidget(self.merge_changes, 1)
        people_row.addWidget(self.merge_with_button, 0, Qt.AlignmentFlag.AlignTop)
        self.people_tools = QWidget()
        self.people_tools.setLayout(people_row)
        people_row.setContentsMargins(0, 0, 0, 0)
        self.people_tools.hide()
        plan_layout.addWidget(self.people_tools)
        self.plan_page = plan_page
        self.pages.addWidget(plan_page)
        self.person_picker: PersonPickerDialog | None = None

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            _("&Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(self.summary)
        layout.addWidget(self.details)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.decision_delegate.pick_requested.connect(self._on_decision_delegate_pick_requested)
        self.merge_with_button.clicked.connect(self._on_merge_with_button_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)

    def show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def show_plan(self, plan: EventImportPlan | PeopleImportPlan) -> None:
        if isinstance(plan, PeopleImportPlan):
            self._show_people(plan)
            return
        self.model = ImportPlanModel(plan, self)
        self.proxy.setSourceModel(self.model)
        self.model.dataChanged.connect(self._on_model_data_changed)
        self._show_table(_WIDEST_COLUMNS)
        self._show_details(plan)
        self._on_model_data_changed()
        self.import_button.setFocus()

    def _show_table(self, widest_columns: dict[int, int]) -> None:
        self.pages.setCurrentWidget(self.plan_page)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column, widest in widest_columns.items():
            header.resizeSection(column, min(header.sectionSize(column), widest))

    def _show_people(self, plan: PeopleImportPlan) -> None:
        # Imported here: the people model imports this module for its item roles.
        from companion.ui.people_plan_model import PeoplePlanModel

        model = PeoplePlanModel(plan, self)
        self.people_model = model
        self.proxy.setSourceModel(model)
        model.dataChanged.connect(self._on_people_changed)
        self._show_table(PeoplePlanModel.WIDEST_COLUMNS)
        lines = model.details()
        self.details.setText("\n".join(lines))
        self.details.setVisible(bool(lines))
        self.people_tools.show()
        self._on_people_changed()
        if model.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, PeoplePlanModel.DECISION))
        self.import_button.setFocus()

    def _on_people_changed(self) -> None:
        from companion.ui.people_plan_model import PeoplePlanModel

        model = self.people_model
        assert model is not None
        self.summary.setText(model.summary())
        self.import_button.setEnabled(model.can_import())
        # "Merge with <name>" is wider than "Add": keep the chosen decision readable.
        self.table.resizeColumnToContents(PeoplePlanModel.DECISION)
        self._show_merge_changes()

    def current_people_row(self) -> int:
        """The row of the people plan the table's cursor is on (-1 when none)."""
        index = self.table.currentIndex()
        return self.proxy.mapToSource(index).row() if index.isValid() else -1

    def _show_merge_changes(self) -> None:
        model = self.people_model
        if model is None:
            return
        row = self.current_people_row()
        self.merge_with_button.setEnabled(row >= 0 and model.can_pick(row))
        if row < 0 or model.decision(row) is not PeopleDecision.MERGE:
            self.merge_changes.setText("")
            return
        match = model.plan.items[row].match
        changes = model.changes(row)
        name = match.name if match is not None else ""
        if not changes:
            self.merge_changes.setText(_("Merging changes nothing for {name}.").format(name=name))
            return
        shown = list(changes[:MAX_CHANGES_SHOWN])
        if len(changes) > len(shown):
            shown.append(
                ngettext(
                    "…and {count} more", "…and {count} more", len(changes) - len(shown)
                ).format(count=len(changes) - len(shown))
            )
        self.merge_changes.setText(
            _("Merging into {name}:").format(name=name) + "\n" + "\n".join(shown)
        )

    def _on_table_current_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_merge_changes()

    def _on_decision_delegate_pick_requested(self, index: QPersistentModelIndex) -> None:
        if index.isValid():
            self.table.setCurrentIndex(index.model().index(index.row(), index.column()))
        self.pick_merge_target()

    def _on_merge_with_button_clicked(self) -> None:
        self.pick_merge_target()

    def pick_merge_target(self) -> None:
        """Let the user choose anyone to merge the current row with (a searchable list)."""
        # Imported here: only a people import needs it.
        from companion.ui.person_picker import PersonPickerDialog

        model = self.people_model
        row = self.current_people_row()
        if model is None or row < 0 or not model.can_pick(row):
            return
        name = model.plan.items[row].name
        picker = PersonPickerDialog(
            model.plan.people,
            title=_("Merge “{name}” with…").format(name=name),
            parent=self,
        )
        self.person_picker = picker
        picker.accepted.connect(lambda: self._on_person_picker_accepted(row))
        picker.finished.connect(self._on_person_picker_finished)
        picker.open()

    def _on_person_picker_accepted(self, row: int) -> None:
        picker, model = self.person_picker, self.people_model
        chosen = picker.chosen() if picker is not None else None
        if chosen is not None and model is not None:
            model.set_merge_target(row, chosen)

    def _on_person_picker_finished(self) -> None:
        if self.person_picker is not None:
            self.person_picker.deleteLater()
            self.person_picker = None
        self.table.setFocus()

    def decisions(self) -> dict[int, ImportDecision]:
        """The user's changes to the plan (item index → decision)."""
        return self.model.overrides() if self.model is not None else {}

    def people_decisions(self) -> dict[int, PeopleDecision]:
        """The user's changes to a people plan (item index → decision)."""
        return self.people_model.overrides() if self.people_model is not None else {}

    def _show_details(self, plan: EventImportPlan) -> None:
        lines = list(plan.warnings[:MAX_WARNINGS_SHOWN])
        hidden = len(plan.warnings) - len(lines)
        if hidden > 0:
            lines.append(
                ngettext("…and {count} more warning", "…and {count} more warnings", hidden).format(
                    count=hidden
                )
            )
        rejected = len(plan.rejected)
        if rejected:
            lines.append(
                ngettext(
                    "{count} event in the file cannot be imported; the table says why.",
                    "{count} events in the file cannot be imported; the table says why.",
                    rejected,
                ).format(count=rejected)
            )
        self.details.setText("\n".join(lines))
        self.details.setVisible(bool(lines))

    def _on_model_data_changed(self) -> None:
        model = self.model
        assert model is not None
        added = model.count(ImportDecision.ADD)
        updated = model.count(ImportDecision.UPDATE)
        skipped = model.count(ImportDecision.SKIP)
        if not model.rowCount():
            self.summary.setText(_("The file has no events."))
        else:
            self.summary.setText(
                _("{added}, {updated}, {skipped}.").format(
                    added=ngettext("{count} new event", "{count} new events", added).format(
                        count=added
                    ),
                    updated=ngettext("{count} update", "{count} updates", updated).format(
                        count=updated
                    ),
                    skipped=ngettext("{count} skipped", "{count} skipped", skipped).format(
                        count=skipped
                    ),
                )
            )
        self.import_button.setEnabled(added + updated > 0)
