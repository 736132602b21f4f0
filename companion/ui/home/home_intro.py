"""Home for someone new: what Common Ground is for, and its three moments (before, during,
afterwards). Hidden once events are in; then the overview speaks."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from companion.i18n import _
from companion.ui.home.home_cards import idea_card, text_label


def idea_label() -> QLabel:
    return text_label(
        _(
            "Real connections grow from interests you truly share, and from what you can "
            "give rather than what you can get. Common Ground helps before, during and after "
            "the events where that happens."
        )
    )


def moment_cards() -> QWidget:
    """Before, during, afterwards: three cards side by side."""
    intro = QWidget()
    cards = QHBoxLayout(intro)
    cards.setContentsMargins(0, 0, 0, 0)
    cards.setSpacing(14)
    cards.addWidget(
        idea_card(
            _("Before"),
            _(
                "Pick events that match your interests and prepare two or three openers and "
                "something you could offer."
            ),
        ),
        1,  # equal widths, however long each text is
    )
    cards.addWidget(
        idea_card(
            _("During"),
            _("Note who you met in seconds: a name, a line about them, what you promised."),
        ),
        1,
    )
    cards.addWidget(
        idea_card(
            _("Afterwards"),
            _("Keep your promises, and get back in touch when the time is right."),
        ),
        1,
    )
    return intro
