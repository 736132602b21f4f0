"""The import preview: what a calendar or contacts file will add, update and skip, before any write.

While the file is read (on a worker thread) the dialog shows a progress bar; then a table of
every event or person with a per-row choice (``event_plan_model``, ``people_plan_model``).
Nothing is written here: the controller applies the plan with ``decisions()`` (or
``people_decisions()``) once the dialog is accepted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from companion.i18n import _, ngettext
from companion.services.events.event_import import EventImportPlan, ImportDecision
from companion.services.people.people_import import PeopleDecision, PeopleImportPlan
from companion.ui.importing.decision_plan_model import SORT_ROLE, DecisionPlanModel
from companion.ui.importing.event_plan_model import EventPlanModel
from companion.ui.importing.people_plan_model import PeoplePlanModel
from companion.ui.shell.child_dialog import ChildDialog
from companion.ui.widgets.decision_delegate import DecisionDelegate

if TYPE_CHECKING:
    from companion.ui.people.person_picker import PersonPickerDialog

# What a merge would change, under the table; the row's tooltip has every line.
MAX_CHANGES_SHOWN = 6


class ImportPreviewDialog(QDialog):
    """First "Reading…" with a progress bar, then the plan; Cancel works in both."""

    def __init__(self, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importPreview")
        self.setWindowTitle(_("Import {file}").format(file=file_name))
        self.resize(900, 540)
        self.model: EventPlanModel | None = None
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
        self.table.setItemDelegateForColumn(DecisionPlanModel.DECISION, self.decision_delegate)
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
        self.person_picker: ChildDialog[PersonPickerDialog] = ChildDialog()

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
        model: DecisionPlanModel[ImportDecision] | DecisionPlanModel[PeopleDecision]
        if isinstance(plan, PeopleImportPlan):
            model = self.people_model = PeoplePlanModel(plan, self)
        else:
            model = self.model = EventPlanModel(plan, self)
        self.proxy.setSourceModel(model)
        model.dataChanged.connect(self._on_model_data_changed)
        self._show_table(model.WIDEST_COLUMNS)
        lines = model.details()
        self.details.setText("\n".join(lines))
        self.details.setVisible(bool(lines))
        self.people_tools.setVisible(self.people_model is not None)
        self._on_model_data_changed()
        if self.people_model is not None and model.rowCount():
            self.table.setCurrentIndex(self.proxy.index(0, model.DECISION))
        self.import_button.setFocus()

    def _show_table(self, widest_columns: dict[int, int]) -> None:
        self.pages.setCurrentWidget(self.plan_page)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column, widest in widest_columns.items():
            header.resizeSection(column, min(header.sectionSize(column), widest))

    def _on_model_data_changed(self) -> None:
        model = self.people_model if self.people_model is not None else self.model
        assert model is not None
        self.summary.setText(model.summary())
        self.import_button.setEnabled(model.can_import())
        if self.people_model is not None:
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
        from companion.ui.people.person_picker import PersonPickerDialog

        model = self.people_model
        row = self.current_people_row()
        if model is None or row < 0 or not model.can_pick(row):
            return
        name = model.plan.items[row].name

        def make() -> PersonPickerDialog:
            picker = PersonPickerDialog(
                model.plan.people,
                title=_("Merge “{name}” with…").format(name=name),
                parent=self,
            )
            picker.accepted.connect(lambda: self._on_person_picker_accepted(picker, row))
            picker.finished.connect(self.table.setFocus)
            return picker

        self.person_picker.open(make)

    def _on_person_picker_accepted(self, picker: PersonPickerDialog, row: int) -> None:
        chosen, model = picker.chosen(), self.people_model
        if chosen is not None and model is not None:
            model.set_merge_target(row, chosen)

    def decisions(self) -> dict[int, ImportDecision]:
        """The user's changes to the plan (item index → decision)."""
        return self.model.overrides() if self.model is not None else {}

    def people_decisions(self) -> dict[int, PeopleDecision]:
        """The user's changes to a people plan (item index → decision)."""
        return self.people_model.overrides() if self.people_model is not None else {}
