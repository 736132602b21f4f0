"""The Openers list's model: one row per opener, and a proxy that filters by words, interest,
stage and hidden state.

The library is a few hundred rows, so each row's folded search text is computed once per
reload and kept; filtering as the user types then costs one substring test per word and row.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt

from companion.domain.folding import fold
from companion.domain.openers import OPENER_STAGE_LABELS, Opener, OpenerStage
from companion.i18n import _
from companion.services.prepare.opener_library import GENERAL
from companion.ui.widgets.record_model import NO_PARENT, ModelIndex, WordFilterProxy

STAGE_ORDER = {stage: number for number, stage in enumerate(OpenerStage)}


class OpenerRole(IntEnum):
    OPENER = Qt.ItemDataRole.UserRole + 1
    ID = Qt.ItemDataRole.UserRole + 2
    STAGE = Qt.ItemDataRole.UserRole + 3
    #: The interest labels to paint as chips.
    CHIPS = Qt.ItemDataRole.UserRole + 4
    FAVOURITE = Qt.ItemDataRole.UserRole + 5
    HIDDEN = Qt.ItemDataRole.UserRole + 6
    OWN = Qt.ItemDataRole.UserRole + 7
    #: "Used 3 times, landed well 2" or "".
    USAGE = Qt.ItemDataRole.UserRole + 8


def sort_key(opener: Opener) -> tuple[bool, int, str, str]:
    """Favourites first, then the conversation's order (open … close), then by text."""
    return (not opener.favourite, STAGE_ORDER[opener.stage], fold(opener.text), opener.id)


def usage_text(opener: Opener) -> str:
    if not opener.used:
        return ""
    return _("used {used}, landed well {landed}").format(used=opener.used, landed=opener.landed)


class OpenersModel(QAbstractListModel):
    """Rows from the opener library; ``label_of`` turns an interest slug into its label."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Opener] = []
        self._row_of: dict[str, int] = {}
        self._search_texts: list[str] = []
        self._label_of: Callable[[str], str] = str

    def set_openers(self, openers: list[Opener], label_of: Callable[[str], str]) -> None:
        self.beginResetModel()
        self._label_of = label_of
        self._rows = sorted(openers, key=sort_key)
        self._row_of = {opener.id: row for row, opener in enumerate(self._rows)}
        self._search_texts = [self._search_text(opener) for opener in self._rows]
        self.endResetModel()

    def _search_text(self, opener: Opener) -> str:
        labels = " ".join(self._label_of(slug) for slug in opener.interests)
        return fold(f"{opener.text}\n{labels}")

    def rowCount(self, parent: ModelIndex = NO_PARENT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        opener = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return opener.text
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return _(OPENER_STAGE_LABELS[opener.stage])
        return self._role_data(opener, role)

    def _role_data(self, opener: Opener, role: int) -> Any:
        if role == OpenerRole.OPENER:
            return opener
        if role == OpenerRole.ID:
            return opener.id
        if role == OpenerRole.STAGE:
            return _(OPENER_STAGE_LABELS[opener.stage])
        if role == OpenerRole.CHIPS:
            return [self._label_of(slug) for slug in opener.interests]
        if role == OpenerRole.FAVOURITE:
            return opener.favourite
        if role == OpenerRole.HIDDEN:
            return opener.hidden
        if role == OpenerRole.OWN:
            return not opener.builtin
        if role == OpenerRole.USAGE:
            return usage_text(opener)
        return None

    def opener_at(self, index: ModelIndex) -> Opener | None:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        return self._rows[index.row()]

    def index_of(self, opener_id: str) -> QModelIndex:
        row = self._row_of.get(opener_id)
        return QModelIndex() if row is None else self.index(row, 0)

    def search_text(self, row: int) -> str:
        return self._search_texts[row]

    def openers(self) -> list[Opener]:
        return list(self._rows)


class OpenersProxy(WordFilterProxy):
    """Keeps rows that hold every typed word, have the chosen interest and stage, and are not
    hidden (unless hidden ones are shown). ``None`` for interest or stage means any."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._interest: str | None = None
        self._stage: OpenerStage | None = None
        self._show_hidden = False

    def set_interest(self, slug: str | None) -> None:
        if slug != self._interest:
            self._refilter(lambda: setattr(self, "_interest", slug))

    def set_stage(self, stage: OpenerStage | None) -> None:
        if stage != self._stage:
            self._refilter(lambda: setattr(self, "_stage", stage))

    def set_show_hidden(self, shown: bool) -> None:
        if shown != self._show_hidden:
            self._refilter(lambda: setattr(self, "_show_hidden", shown))

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, OpenersModel):
            return True
        opener = model.opener_at(model.index(source_row, 0))
        if opener is None:
            return False
        return accepts(
            opener,
            model.search_text(source_row),
            terms=self._terms,
            interest=self._interest,
            stage=self._stage,
            show_hidden=self._show_hidden,
        )


def accepts(
    opener: Opener,
    folded_text: str,
    *,
    terms: tuple[str, ...],
    interest: str | None,
    stage: OpenerStage | None,
    show_hidden: bool,
) -> bool:
    """Whether ``opener`` passes the filters (also used by the Prepare dialog's picker)."""
    if opener.hidden and not show_hidden:
        return False
    if stage is not None and opener.stage is not stage:
        return False
    if interest == GENERAL:
        # Own openers may name no interest: they suit any crowd, like the general ones.
        if opener.interests and GENERAL not in opener.interests:
            return False
    elif interest is not None and interest not in opener.interests:
        return False
    return all(term in folded_text for term in terms)
