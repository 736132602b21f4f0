"""People > Find duplicates…: likely pairs, side by side; merge (undoable) or keep both.

The pairs come from ``companion.domain.duplicates``; a merge is a ``MergePeopleCommand`` (in
``merge_commands``) on the window's undo stack, so Ctrl+Z (here or in the main window) puts both
people back exactly.
"Not duplicates" is remembered in the store (it survives a restart) and is undoable too;
"Show dismissed" lists those pairs again, where "Duplicates after all" takes the mark back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
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
from companion.services.people.merge import (
    NOT_DUPLICATES,
    MergeError,
    dismissed_pairs,
    merged_person,
)
from companion.services.profile.interests import all_interests, interest_label
from companion.ui.people.duplicate_comparison import PairComparison
from companion.ui.people.merge_commands import MergePeopleCommand, NotDuplicatesCommand
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.store_commands import CommandContext

_WATCHED_TABLES = ("people", "encounters", "offers", NOT_DUPLICATES)


class DuplicatesDialog(QDialog):
    def __init__(
        self,
        *,
        context: CommandContext,
        changes: DataChanges,
        undo_stack: QUndoStack,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Find duplicates"))
        self.setObjectName("duplicatesDialog")
        self._context = context
        self._store = context.store
        self._undo_stack = undo_stack
        self._today = today
        self.pairs: list[DuplicatePair] = []
        self._dismissed: set[PairKey] = set()

        self.pair_list = QListWidget()
        self.pair_list.setAccessibleName(_("Likely duplicates"))
        self.pair_list.setMinimumWidth(260)
        self.empty_label = QLabel(_("No likely duplicates. Everyone here is one person."))
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.show_dismissed = QCheckBox(_("&Show pairs marked as not duplicates"))

        # With no pair the side-by-side table is only empty labels and dead radio buttons.
        self.comparison_area = PairComparison()
        self.keep_first = self.comparison_area.keep_first
        self.keep_second = self.comparison_area.keep_second
        self.values = self.comparison_area.values

        self.merge_button = QPushButton(_("&Merge"))
        self.merge_button.setDefault(True)
        self.not_duplicates_button = QPushButton(_("&Duplicates after all"))
        # Wide enough for either label, so switching between them does not cut one off.
        self.not_duplicates_button.setMinimumWidth(self.not_duplicates_button.sizeHint().width())
        self.not_duplicates_button.setText(_("&Not duplicates"))
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
        left_side.addWidget(self.show_dismissed)
        body = QHBoxLayout()
        body.addLayout(left_side, 2)
        body.addWidget(self.comparison_area, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        self.resize(900, 520)

        self._connect_signals(changes)
        self.refresh()

    def _connect_signals(self, changes: DataChanges) -> None:
        self.pair_list.currentRowChanged.connect(self._on_pair_list_current_row_changed)
        self.merge_button.clicked.connect(self.merge_current)
        self.not_duplicates_button.clicked.connect(self._on_not_duplicates_button_clicked)
        self.show_dismissed.toggled.connect(self._on_show_dismissed_toggled)
        self.undo_action.triggered.connect(self._undo_stack.undo)
        self.redo_action.triggered.connect(self._undo_stack.redo)
        changes.changed.connect(self._on_data_changed)

    def refresh(self) -> None:
        """Find the pairs again (after a merge, an undo, or any change to people)."""
        row = max(0, self.pair_list.currentRow())
        self._dismissed = dismissed_pairs(self._store)
        hidden = () if self.show_dismissed.isChecked() else self._dismissed
        self.pairs = find_duplicates(self._store.people, dismissed=hidden)
        names = {
            key: str(name or "") for key, name in self._store.people.field_values("name").items()
        }
        self.pair_list.blockSignals(True)
        self.pair_list.clear()
        for pair in self.pairs:
            reasons = " · ".join(_(DUPLICATE_REASON_LABELS[reason]) for reason in pair.reasons)
            if pair.key in self._dismissed:
                reasons += " · " + _("marked as not duplicates")
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
        self.comparison_area.setVisible(has_pairs)
        for widget in (self.merge_button, self.not_duplicates_button, self.keep_first):
            widget.setEnabled(has_pairs)
        self.keep_second.setEnabled(has_pairs)
        if has_pairs:
            self.pair_list.setCurrentRow(min(row, len(self.pairs) - 1))
            self._show_pair(self.pair_list.currentRow())
        else:
            self._show_pair(-1)
        self._update_not_duplicates_button()

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
            self.comparison_area.clear()
            return
        encounters = Counter(self._store.encounters.field_values("person_id").values())
        promises = Counter(self._store.promises.field_values("person_id").values())
        labels = {
            interest.slug: interest_label(interest) for interest in all_interests(self._store)
        }
        self.comparison_area.show_people(
            people,
            encounters=encounters.__getitem__,
            promises=promises.__getitem__,
            label_of=lambda slug: labels.get(slug, slug),
        )

    def _on_pair_list_current_row_changed(self, row: int) -> None:
        self._show_pair(row)
        self._update_not_duplicates_button()

    def _update_not_duplicates_button(self) -> None:
        pair = self.current_pair()
        dismissed = pair is not None and pair.key in self._dismissed
        self.not_duplicates_button.setText(
            _("&Duplicates after all") if dismissed else _("&Not duplicates")
        )

    def _on_show_dismissed_toggled(self, _checked: bool) -> None:
        self.refresh()

    def _on_not_duplicates_button_clicked(self) -> None:
        pair = self.current_pair()
        if pair is not None and pair.key in self._dismissed:
            self.restore_current()
        else:
            self.dismiss_current()

    def _on_data_changed(self, changes: ChangeSet) -> None:
        if any(changes.touches(table) for table in _WATCHED_TABLES):
            self.refresh()

    def merge_current(self) -> None:
        """Merge the shown pair into the person chosen to keep (one undoable step)."""
        pair = self.current_pair()
        people = self._people_of(pair) if pair is not None else None
        if pair is None or people is None:
            self.refresh()
            return
        keep, remove = people if self.keep_first.isChecked() else (people[1], people[0])
        try:
            merged_person(keep, remove)
        except (ValidationError, MergeError) as error:
            self._context.on_error(str(error))
            return
        # The push runs the merge; the change it announces refreshes this list.
        reasons = " · ".join(_(DUPLICATE_REASON_LABELS[reason]) for reason in pair.reasons)
        reason = _("chosen by you in Find Duplicate People ({reasons})").format(reasons=reasons)
        self._undo_stack.push(MergePeopleCommand(keep, remove, self._context, reason=reason))
        self.pair_list.setFocus()

    def dismiss_current(self) -> None:
        """Remember the shown pair as two different people, in the store (undoable)."""
        self._push_mark(restore=False)

    def restore_current(self) -> None:
        """Take back "not duplicates" for the shown pair (undoable)."""
        self._push_mark(restore=True)

    def _push_mark(self, *, restore: bool) -> None:
        pair = self.current_pair()
        if pair is None:
            return
        people = self._people_of(pair)
        names = (people[0].name, people[1].name) if people is not None else ("", "")
        # The push writes the mark; the change it announces refreshes this list.
        self._undo_stack.push(
            NotDuplicatesCommand(
                pair.key, names, self._context, today=self._today(), restore=restore
            )
        )
        self.pair_list.setFocus()
