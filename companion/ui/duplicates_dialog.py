"""People > Find duplicates…: likely pairs, side by side; merge (undoable) or keep both.

The pairs come from ``companion.domain.duplicates``; a merge is a ``MergePeopleCommand`` on the
window's undo stack, so Ctrl+Z (here or in the main window) puts both people back exactly.
"Not duplicates" is remembered in ``dismissed``, a set the caller keeps for the session.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from companion.domain.duplicates import (
    DUPLICATE_REASON_LABELS,
    DuplicatePair,
    PairKey,
    find_duplicates,
)
from companion.domain.errors import ValidationError
from companion.domain.people import Person
from companion.i18n import _
from companion.services.changes import ChangeSet
from companion.services.merge import MergeError, MergeUndo, merge_people, merged_person, undo_merge
from companion.ui.data_changes import DataChanges
from companion.ui.store_commands import CommandContext, StoreCommand

NOTE_PREVIEW = 160


class MergePeopleCommand(StoreCommand):
    def __init__(self, keep: Person, remove: Person, context: CommandContext) -> None:
        super().__init__(
            _("Merge “{removed}” into “{kept}”").format(removed=remove.name, kept=keep.name),
            context,
        )
        self.keep_id = keep.id
        self.remove_id = remove.id
        self.undo_record: MergeUndo | None = None

    def redo(self) -> None:
        def merge() -> ChangeSet:
            result = merge_people(self._store, keep_id=self.keep_id, remove_id=self.remove_id)
            self.undo_record = result.undo
            return result.changes

        self._run(merge)

    def undo(self) -> None:
        record = self.undo_record
        if record is not None:
            self._run(lambda: undo_merge(self._store, record))


def _rows(person: Person, encounters: int, promises: int) -> list[str]:
    notes = person.notes if len(person.notes) <= NOTE_PREVIEW else person.notes[:NOTE_PREVIEW] + "…"
    return [
        person.name,
        "\n".join(person.emails),
        "\n".join(person.phones),
        person.organization,
        person.job_title,
        person.birthday,
        person.first_met.isoformat() if person.first_met else "",
        ", ".join((*person.interests, *person.tags)),
        notes,
        str(encounters),
        str(promises),
    ]


def _field_labels() -> list[str]:
    return [
        _("Name"),
        _("Emails"),
        _("Phones"),
        _("Organisation"),
        _("Job title"),
        _("Birthday"),
        _("First met"),
        _("Interests and tags"),
        _("Notes"),
        _("Encounters"),
        _("Promises"),
    ]


class DuplicatesDialog(QDialog):
    def __init__(
        self,
        *,
        context: CommandContext,
        changes: DataChanges,
        undo_stack: QUndoStack,
        dismissed: set[PairKey],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Find duplicates"))
        self.setObjectName("duplicatesDialog")
        self._context = context
        self._store = context.store
        self._undo_stack = undo_stack
        self._dismissed = dismissed
        self.pairs: list[DuplicatePair] = []

        self.pair_list = QListWidget()
        self.pair_list.setAccessibleName(_("Likely duplicates"))
        self.pair_list.setMinimumWidth(260)
        self.empty_label = QLabel(_("No likely duplicates. Everyone here is one person."))
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.keep_first = QRadioButton(_("Keep &left"))
        self.keep_second = QRadioButton(_("Keep &right"))
        self.keep_group = QButtonGroup(self)
        self.keep_group.addButton(self.keep_first, 0)
        self.keep_group.addButton(self.keep_second, 1)
        self.keep_first.setChecked(True)
        self.values: list[tuple[QLabel, QLabel]] = []
        comparison = QWidget()
        grid = QGridLayout(comparison)
        grid.addWidget(self.keep_first, 0, 1)
        grid.addWidget(self.keep_second, 0, 2)
        for row, label in enumerate(_field_labels(), start=1):
            name = QLabel(label)
            name.setProperty("role", "subtle")
            name.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
            left, right = QLabel(), QLabel()
            for value in (left, right):
                value.setWordWrap(True)
                value.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(name, row, 0)
            grid.addWidget(left, row, 1)
            grid.addWidget(right, row, 2)
            self.values.append((left, right))
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(len(self.values) + 1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(comparison)
        scroll.setMinimumWidth(420)

        self.merge_button = QPushButton(_("&Merge"))
        self.merge_button.setDefault(True)
        self.not_duplicates_button = QPushButton(_("&Not duplicates"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.not_duplicates_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)

        # Undo and redo work here too: the window's own shortcuts do not reach a modal dialog.
        self.undo_action = QAction(_("Undo"), self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = QAction(_("Redo"), self)
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.addActions([self.undo_action, self.redo_action])

        left_side = QVBoxLayout()
        left_side.addWidget(self.pair_list, 1)
        left_side.addWidget(self.empty_label)
        body = QHBoxLayout()
        body.addLayout(left_side, 2)
        body.addWidget(scroll, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self.resize(900, 520)

        self._connect_signals(changes)
        self.refresh()

    def _connect_signals(self, changes: DataChanges) -> None:
        self.pair_list.currentRowChanged.connect(self._on_pair_list_current_row_changed)
        self.merge_button.clicked.connect(self.merge_current)
        self.not_duplicates_button.clicked.connect(self.dismiss_current)
        self.undo_action.triggered.connect(self._undo_stack.undo)
        self.redo_action.triggered.connect(self._undo_stack.redo)
        changes.changed.connect(self._on_data_changed)

    def refresh(self) -> None:
        """Find the pairs again (after a merge, an undo, or any change to people)."""
        row = max(0, self.pair_list.currentRow())
        self.pairs = find_duplicates(self._store.people, dismissed=self._dismissed)
        names = {
            key: str(name or "") for key, name in self._store.people.field_values("name").items()
        }
        self.pair_list.blockSignals(True)
        self.pair_list.clear()
        for pair in self.pairs:
            reasons = ", ".join(_(DUPLICATE_REASON_LABELS[reason]) for reason in pair.reasons)
            item = QListWidgetItem(
                _("{first} and {second}").format(
                    first=names.get(pair.first_id, ""), second=names.get(pair.second_id, "")
                )
                + "\n"
                + reasons
            )
            self.pair_list.addItem(item)
        self.pair_list.blockSignals(False)
        has_pairs = bool(self.pairs)
        self.empty_label.setVisible(not has_pairs)
        self.pair_list.setVisible(has_pairs)
        for widget in (self.merge_button, self.not_duplicates_button, self.keep_first):
            widget.setEnabled(has_pairs)
        self.keep_second.setEnabled(has_pairs)
        if has_pairs:
            self.pair_list.setCurrentRow(min(row, len(self.pairs) - 1))
            self._show_pair(self.pair_list.currentRow())
        else:
            self._show_pair(-1)

    def current_pair(self) -> DuplicatePair | None:
        row = self.pair_list.currentRow()
        return self.pairs[row] if 0 <= row < len(self.pairs) else None

    def _people_of(self, pair: DuplicatePair) -> tuple[Person, Person] | None:
        first = self._store.people.get(pair.first_id)
        second = self._store.people.get(pair.second_id)
        return None if first is None or second is None else (first, second)

    def _show_pair(self, row: int) -> None:
        pair = self.pairs[row] if 0 <= row < len(self.pairs) else None
        people = self._people_of(pair) if pair is not None else None
        if people is None:
            for left, right in self.values:
                left.clear()
                right.clear()
            return
        encounters = Counter(self._store.encounters.field_values("person_id").values())
        promises = Counter(self._store.offers.field_values("person_id").values())
        columns = [_rows(person, encounters[person.id], promises[person.id]) for person in people]
        for (left, right), first, second in zip(self.values, *columns, strict=True):
            left.setText(first)
            right.setText(second)
            # Bold where the two differ, so the eye goes to what the merge will unite.
            differs = first != second
            for label in (left, right):
                font = label.font()
                font.setBold(differs and bool(first) and bool(second))
                label.setFont(font)
        self.keep_first.setChecked(True)

    def _on_pair_list_current_row_changed(self, row: int) -> None:
        self._show_pair(row)

    def _on_data_changed(self, changes: ChangeSet) -> None:
        if changes.touches("people") or changes.touches("encounters") or changes.touches("offers"):
            self.refresh()

    def merge_current(self) -> None:
        """Merge the shown pair into the person chosen to keep (one undoable step)."""
        pair = self.current_pair()
        people = self._people_of(pair) if pair is not None else None
        if people is None:
            self.refresh()
            return
        keep, remove = people if self.keep_first.isChecked() else (people[1], people[0])
        try:
            merged_person(keep, remove)
        except (ValidationError, MergeError) as error:
            self._context.on_error(str(error))
            return
        # The push runs the merge; the change it announces refreshes this list.
        self._undo_stack.push(MergePeopleCommand(keep, remove, self._context))
        self.pair_list.setFocus()

    def dismiss_current(self) -> None:
        """Remember the shown pair as two different people for this session."""
        pair = self.current_pair()
        if pair is None:
            return
        self._dismissed.add(pair.key)
        self.refresh()
        self.pair_list.setFocus()
