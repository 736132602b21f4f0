"""People > Find duplicates…: likely pairs, side by side; merge (undoable) or keep both.

The pairs come from ``companion.domain.duplicates``; a merge is a ``MergePeopleCommand`` on the
window's undo stack, so Ctrl+Z (here or in the main window) puts both people back exactly.
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
    QButtonGroup,
    QCheckBox,
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
from companion.i18n.formats import format_date
from companion.services.changes import ChangeSet
from companion.services.people.merge import (
    NOT_DUPLICATES,
    MergeError,
    MergeUndo,
    dismiss_pair,
    dismissed_pairs,
    merge_people,
    merged_person,
    restore_pair,
    undo_merge,
)
from companion.services.profile.interests import all_interests, interest_label
from companion.ui.people.person_timeline import birthday_text
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.store_commands import CommandContext, StoreCommand

NOTE_PREVIEW = 160
_WATCHED_TABLES = ("people", "encounters", "offers", NOT_DUPLICATES)


class MergePeopleCommand(StoreCommand):
    def __init__(
        self, keep: Person, remove: Person, context: CommandContext, *, reason: str = ""
    ) -> None:
        super().__init__(
            _("Merge “{removed}” into “{kept}”").format(removed=remove.name, kept=keep.name),
            context,
        )
        self.keep_id = keep.id
        self.remove_id = remove.id
        #: Why, for the list of merges (People Merges…).
        self.reason = reason
        self.undo_record: MergeUndo | None = None

    def redo(self) -> None:
        def merge() -> ChangeSet:
            result = merge_people(
                self._store, keep_id=self.keep_id, remove_id=self.remove_id, reason=self.reason
            )
            self.undo_record = result.undo
            return result.changes

        self._run(merge)

    def undo(self) -> None:
        record = self.undo_record
        if record is not None:
            self._run(lambda: undo_merge(self._store, record))


class NotDuplicatesCommand(StoreCommand):
    """Mark two people as different (or, with ``restore``, take the mark back); undoable."""

    def __init__(
        self, pair: PairKey, names: tuple[str, str], context: CommandContext, *, today: date,
        restore: bool = False,
    ) -> None:  # fmt: skip
        text = (
            _("Duplicates after all: “{first}” and “{second}”")
            if restore
            else _("Not duplicates: “{first}” and “{second}”")
        )
        super().__init__(text.format(first=names[0], second=names[1]), context)
        self.pair = pair
        self._today = today
        self._restore = restore

    def redo(self) -> None:
        self._run(self._forget if self._restore else self._remember)

    def undo(self) -> None:
        self._run(self._remember if self._restore else self._forget)

    def _remember(self) -> ChangeSet:
        return dismiss_pair(self._store, *self.pair, on=self._today)

    def _forget(self) -> ChangeSet:
        return restore_pair(self._store, *self.pair)


def _rows(
    person: Person, encounters: int, promises: int, label_of: Callable[[str], str]
) -> list[str]:
    notes = person.notes if len(person.notes) <= NOTE_PREVIEW else person.notes[:NOTE_PREVIEW] + "…"
    return [
        person.name,
        "\n".join(person.emails),
        "\n".join(person.phones),
        person.organization,
        person.job_title,
        birthday_text(person.birthday) if person.birthday else "",
        format_date(person.first_met) if person.first_met else "",
        ", ".join((*(label_of(slug) for slug in person.interests), *person.tags)),
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
        # With no pair the side-by-side table is only empty labels and dead radio buttons.
        self.comparison_area = scroll

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
            for left, right in self.values:
                left.clear()
                right.clear()
            return
        encounters = Counter(self._store.encounters.field_values("person_id").values())
        promises = Counter(self._store.promises.field_values("person_id").values())
        labels = {
            interest.slug: interest_label(interest) for interest in all_interests(self._store)
        }

        def label_of(slug: str) -> str:
            return labels.get(slug, slug)

        columns = [
            _rows(person, encounters[person.id], promises[person.id], label_of) for person in people
        ]
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
