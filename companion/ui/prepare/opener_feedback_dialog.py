"""After an event: which of the prepared openers did I use, and which landed well?

OK records it with ``record_feedback`` (one durable write) and announces the change, so the
next suggestions learn: openers that landed rise, ones never used sink.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from companion.domain.events import Event
from companion.domain.openers import OPENER_STAGE_LABELS, Opener
from companion.i18n import _
from companion.services.prepare.opener_library import find_opener
from companion.services.prepare.prepare import PrepareError, record_feedback
from companion.storage.errors import StoreError
from companion.storage.store import Store
from companion.ui.shell.data_changes import DataChanges


def planned_openers(store: Store, event: Event, locale: str) -> list[Opener]:
    """The openers saved on the event's plan that still exist, in stage order."""
    found = (find_opener(store, opener_id, locale) for opener_id in event.prep.opener_ids)
    return [opener for opener in found if opener is not None]


class OpenerFeedbackDialog(QDialog):
    """One row per opener: "I used it" and "It landed well" (which implies used)."""

    def __init__(
        self,
        *,
        store: Store,
        changes: DataChanges,
        event: Event,
        openers: Sequence[Opener],
        locale: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._changes = changes
        self._event = event
        self._locale = locale
        self.setObjectName("openerFeedback")
        self.setWindowTitle(_("How did the openers go? {title}").format(title=event.title))
        self.used_checks: dict[str, QCheckBox] = {}
        self.landed_checks: dict[str, QCheckBox] = {}
        intro = QLabel(
            _("Tick the openers you used and the ones that led to a good conversation.")
            if openers
            else _("No openers were prepared for this event.")
        )
        intro.setWordWrap(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        used_before = set(event.prep.used_opener_ids)
        landed_before = set(event.prep.landed_opener_ids)
        for row, opener in enumerate(openers):
            stage = _(OPENER_STAGE_LABELS[opener.stage])
            text = QLabel(f"<b>{stage}</b><br>{html.escape(opener.text, quote=False)}")
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.RichText)
            used = QCheckBox(_("I used it"))
            used.setChecked(opener.id in used_before or opener.id in landed_before)
            landed = QCheckBox(_("It landed well"))
            landed.setChecked(opener.id in landed_before)
            landed.toggled.connect(lambda on, used=used: used.setChecked(True) if on else None)
            used.toggled.connect(
                lambda on, landed=landed: landed.setChecked(False) if not on else None
            )
            grid.addWidget(text, row, 0)
            grid.addWidget(used, row, 1)
            grid.addWidget(landed, row, 2)
            self.used_checks[opener.id] = used
            self.landed_checks[opener.id] = landed
        grid.setColumnStretch(0, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(640, 120 + 70 * len(openers))

    def used_ids(self) -> list[str]:
        return [opener_id for opener_id, check in self.used_checks.items() if check.isChecked()]

    def landed_ids(self) -> list[str]:
        return [opener_id for opener_id, check in self.landed_checks.items() if check.isChecked()]

    def accept(self) -> None:
        try:
            changes = record_feedback(
                self._store,
                self._event.id,
                used=self.used_ids(),
                landed=self.landed_ids(),
                locale=self._locale,
            )
        except (StoreError, PrepareError) as error:
            QMessageBox.warning(self, _("Not saved"), str(error))
            return
        self._changes.announce(changes)
        super().accept()
