"""The column-mapping step of a CSV import: which column holds which person field.

Every column is listed with a few of its values and a guess made from its header; the user
corrects what is wrong. Import stays disabled until some column gives names.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from companion.i18n import _, ngettext
from companion.interop.csv_columns import FIELD_LABELS, ContactField, has_name
from companion.interop.people_csv import CsvTable

_SAMPLE_CHARACTERS = 60


class CsvMappingDialog(QDialog):
    """``mapping()`` is the chosen field per column once the dialog is accepted."""

    def __init__(self, table: CsvTable, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("csvMapping")
        self.setWindowTitle(_("Columns of {file}").format(file=file_name))
        self.resize(720, 520)
        self.combos: list[QComboBox] = []

        rows = len(table.rows)
        intro = QLabel(
            _("Say what each column holds. Columns left out are not imported.")
            + " "
            + ngettext("The file has {count} row.", "The file has {count} rows.", rows).format(
                count=rows
            )
        )
        intro.setWordWrap(True)
        self.warning = QLabel(_("Choose at least one column with names (full, first or last)."))
        self.warning.setObjectName("mappingWarning")
        self.warning.setWordWrap(True)

        grid_holder = QWidget()
        grid = QGridLayout(grid_holder)
        grid.setHorizontalSpacing(16)
        for column_title, position in ((_("Column"), 0), (_("Values"), 1), (_("Holds"), 2)):
            heading = QLabel(f"<b>{column_title}</b>")
            grid.addWidget(heading, 0, position)
        for column, (header, guess) in enumerate(
            zip(table.headers, table.guessed_mapping(), strict=True), start=1
        ):
            grid.addWidget(QLabel(header or _("(no header)")), column, 0)
            sample = " · ".join(table.sample(column - 1))
            if len(sample) > _SAMPLE_CHARACTERS:
                sample = sample[: _SAMPLE_CHARACTERS - 1] + "…"
            values = QLabel(sample)
            values.setToolTip(sample)
            grid.addWidget(values, column, 1)
            combo = QComboBox()
            combo.setObjectName(f"column{column - 1}")
            for field, label in FIELD_LABELS.items():
                combo.addItem(_(label), field.value)
            combo.setCurrentIndex(max(0, combo.findData(guess.value)))
            combo.currentIndexChanged.connect(self._on_combo_changed)
            self.combos.append(combo)
            grid.addWidget(combo, column, 2)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(table.headers) + 1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_holder)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.next_button = self.buttons.addButton(
            _("&Continue"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.warning)
        layout.addWidget(self.buttons)
        self._on_combo_changed()

    def mapping(self) -> tuple[ContactField, ...]:
        return tuple(ContactField(str(combo.currentData())) for combo in self.combos)

    def _on_combo_changed(self) -> None:
        usable = has_name(self.mapping())
        self.next_button.setEnabled(usable)
        self.warning.setVisible(not usable)
