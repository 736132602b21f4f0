"""File > Export…: what to export, in which format, with the options that format has.

Layout only; ``ImportExportController`` asks for the file and runs the export service.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from companion.i18n import N_, _
from companion.interop.vcard_write import VCardVersion
from companion.services.data.exporting import ExportFormat, ExportOptions
from companion.services.data.formats import export_formats, format_named

#: The combo box's value for the encrypted backup (not an ``ExportFormat``: it is a snapshot).
ENCRYPTED_BACKUP = "cgbackup"
ENCRYPTED_LABEL = N_("Encrypted backup (.cgbackup)")
ENCRYPTED_HINT = N_(
    "Everything you recorded, encrypted with your data's key. To restore it: "
    "File > Restore from Backup…, then Open a backup file…"
)
#: Said before writing, for every format but the encrypted backup (issue 17).
UNENCRYPTED_WARNING = N_(
    "Not encrypted: anyone who can open this file can read it. Only the encrypted backup "
    "is protected."
)
VERSION_LABELS = {
    VCardVersion.V4: N_("4.0 (current; Thunderbird, Nextcloud)"),
    VCardVersion.V3: N_("3.0 (Google and Apple Contacts, older phones)"),
}


class ExportDialog(QDialog):
    """``encrypted_chosen()``: the encrypted backup; else ``chosen_options()`` says what."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        initial: ExportOptions | None = None,
        encrypted_available: bool = True,
    ):
        """``initial`` None: the encrypted backup is chosen (when available)."""
        super().__init__(parent)
        self.setWindowTitle(_("Export"))
        self.setObjectName("exportDialog")
        self.format_box = QComboBox()
        self.format_box.setAccessibleName(_("Format"))
        if encrypted_available:
            self.format_box.addItem(_(ENCRYPTED_LABEL), ENCRYPTED_BACKUP)
        for file_format in export_formats():
            assert file_format.export is not None
            self.format_box.addItem(_(file_format.export.choice), file_format.name)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "subtle")
        self.warning = QLabel(_(UNENCRYPTED_WARNING))
        self.warning.setObjectName("unencryptedWarning")
        self.warning.setWordWrap(True)
        self.warning.setProperty("role", "warning")

        self.vcard_group = QGroupBox(_("Contacts"))
        self.version_box = QComboBox()
        self.version_box.setAccessibleName(_("vCard version"))
        for version, label in VERSION_LABELS.items():
            self.version_box.addItem(_(label), version.value)
        vcard_form = QFormLayout(self.vcard_group)
        vcard_form.addRow(_("vCard &version:"), self.version_box)

        self.csv_group = QGroupBox(_("Spreadsheet"))
        self.bom_check = QCheckBox(_("&Mark the file as UTF-8 for Excel (byte order mark)"))
        QVBoxLayout(self.csv_group).addWidget(self.bom_check)

        self.ics_group = QGroupBox(_("Calendar"))
        self.events_check = QCheckBox(_("Upcoming &events with their preparation"))
        self.promises_check = QCheckBox(_("Due &promises"))
        self.reconnects_check = QCheckBox(_("&Reconnects"))
        self.tasks_as_events_check = QCheckBox(
            _("Promises and reconnects as all-day events (&Google Calendar ignores tasks)")
        )
        ics_layout = QVBoxLayout(self.ics_group)
        for check in (
            self.events_check,
            self.promises_check,
            self.reconnects_check,
            self.tasks_as_events_check,
        ):
            ics_layout.addWidget(check)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("E&xport…"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(_("&Format:"), self.format_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.warning)
        for group in (self.vcard_group, self.csv_group, self.ics_group):
            layout.addWidget(group)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.format_box.currentIndexChanged.connect(self._on_format_box_changed)
        self.set_options(initial or ExportOptions())
        if initial is None and encrypted_available:
            self.format_box.setCurrentIndex(self.format_box.findData(ENCRYPTED_BACKUP))
        self.setMinimumWidth(460)

    def set_options(self, options: ExportOptions) -> None:
        self.format_box.setCurrentIndex(self.format_box.findData(options.format))
        self.version_box.setCurrentIndex(self.version_box.findData(options.vcard_version.value))
        self.bom_check.setChecked(options.csv_bom)
        self.events_check.setChecked(options.ics_events)
        self.promises_check.setChecked(options.ics_promises)
        self.reconnects_check.setChecked(options.ics_reconnects)
        self.tasks_as_events_check.setChecked(options.ics_tasks_as_events)
        self._on_format_box_changed()

    def encrypted_chosen(self) -> bool:
        return bool(self.format_box.currentData() == ENCRYPTED_BACKUP)

    def chosen_format(self) -> str:
        """The chosen format's name (JSON while the encrypted backup is chosen)."""
        if self.encrypted_chosen():
            return ExportFormat.JSON.value
        return str(self.format_box.currentData())

    def chosen_options(self) -> ExportOptions:
        return ExportOptions(
            format=self.chosen_format(),
            vcard_version=VCardVersion(self.version_box.currentData()),
            csv_bom=self.bom_check.isChecked(),
            ics_events=self.events_check.isChecked(),
            ics_promises=self.promises_check.isChecked(),
            ics_reconnects=self.reconnects_check.isChecked(),
            ics_tasks_as_events=self.tasks_as_events_check.isChecked(),
        )

    def _on_format_box_changed(self) -> None:
        encrypted = self.encrypted_chosen()
        chosen = self.chosen_format()
        export = format_named(chosen).export
        if encrypted:
            self.hint.setText(_(ENCRYPTED_HINT))
        else:
            self.hint.setText(_(export.hint) if export is not None else "")
        self.warning.setVisible(not encrypted)
        self.vcard_group.setVisible(not encrypted and chosen == ExportFormat.VCARD)
        self.csv_group.setVisible(not encrypted and chosen == ExportFormat.CSV)
        self.ics_group.setVisible(not encrypted and chosen == ExportFormat.ICS)
        self.adjustSize()
