"""Two people side by side in the duplicates dialog: every field of each, bold where they
differ, and which of the two to keep."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QLabel, QRadioButton, QScrollArea, QWidget

from companion.domain.people import Person
from companion.i18n import _
from companion.i18n.formats import format_date
from companion.ui.people.person_timeline import birthday_text

NOTE_PREVIEW = 160


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


class PairComparison(QScrollArea):
    """``values`` are the (left, right) labels per field; ``keep_first`` / ``keep_second`` say
    which record the merge keeps."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        self.setWidgetResizable(True)
        self.setWidget(comparison)
        self.setMinimumWidth(420)

    def clear(self) -> None:
        for left, right in self.values:
            left.clear()
            right.clear()

    def show_people(
        self,
        people: tuple[Person, Person],
        *,
        encounters: Callable[[str], int],
        promises: Callable[[str], int],
        label_of: Callable[[str], str],
    ) -> None:
        """Both people's fields (with their counts of encounters and promises); keep the left."""
        columns = [
            _rows(person, encounters(person.id), promises(person.id), label_of) for person in people
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
