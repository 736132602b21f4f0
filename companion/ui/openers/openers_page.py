"""The Openers page's layout: a toolbar (filter, interest, new), a row of stage buttons, then the
library as a list (or an empty state) and the actions for the selected opener.

Layout only: ``OpenersController`` connects the widgets and actions to the library service.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from companion.domain.openers import OPENER_STAGE_LABELS, OpenerStage
from companion.i18n import _
from companion.ui.openers.openers_model import OpenerRole
from companion.ui.people.person_chips import FlowLayout
from companion.ui.widgets import icons
from companion.ui.widgets.empty_state import EmptyState
from companion.ui.widgets.record_list_page import RecordListPage

ModelIndex = QModelIndex | QPersistentModelIndex
PADDING = 10
LINE_GAP = 6
STAR_WIDTH = 28
CHIP_PADDING = 7
CHIP_GAP = 5
FILLED_STAR = "★"
EMPTY_STAR = "☆"


def favourite_shortcuts() -> list[QKeySequence]:
    return [QKeySequence(Qt.Key.Key_F), QKeySequence("Ctrl+D")]


class OpenersDelegate(QStyledItemDelegate):
    """Paints a star, the opener's text (wrapped), then its stage and interests as chips.

    A click on the star emits ``star_clicked`` with the row (of the view's model).
    """

    star_clicked = Signal(int)

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        width = self._view.viewport().width() or option.rect.width()
        return max(120, width - 2 * PADDING - STAR_WIDTH - 8)

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:  # noqa: N802
        metrics = QFontMetrics(option.font)
        text = metrics.boundingRect(
            QRect(0, 0, self._text_width(option), 10_000),
            int(Qt.TextFlag.TextWordWrap),
            str(index.data()),
        )
        chip_line = metrics.height() + 4
        return QSize(200, text.height() + LINE_GAP + chip_line + 2 * PADDING)

    def star_rect(self, rect: QRect) -> QRect:
        return QRect(rect.left() + PADDING, rect.top() + PADDING - 4, STAR_WIDTH, STAR_WIDTH)

    def editorEvent(  # noqa: N802 - Qt's name
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: ModelIndex,
    ) -> bool:
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and self.star_rect(option.rect).contains(event.position().toPoint())
        ):
            self.star_clicked.emit(index.row())
            return True
        return super().editorEvent(event, model, option, index)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            self._paint(painter, option, index)
        finally:
            painter.restore()

    def _paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        rect: QRect = option.rect
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hidden = bool(index.data(OpenerRole.HIDDEN))
        text = palette.color(QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        accent = palette.color(QPalette.ColorRole.Highlight)
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
            painter.drawRoundedRect(QRectF(rect.adjusted(2, 1, -2, -1)), 6, 6)
            text = muted = accent = palette.color(QPalette.ColorRole.HighlightedText)
        elif option.state & QStyle.StateFlag.State_MouseOver:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
            painter.drawRoundedRect(QRectF(rect.adjusted(2, 1, -2, -1)), 6, 6)
        if hidden and not selected:
            text = muted
        font = QFont(option.font)
        metrics = QFontMetrics(font)

        favourite = bool(index.data(OpenerRole.FAVOURITE))
        star_font = QFont(font)
        star_font.setPointSizeF(font.pointSizeF() * 1.4)
        painter.setFont(star_font)
        painter.setPen(accent if favourite else muted)
        painter.drawText(
            self.star_rect(rect),
            Qt.AlignmentFlag.AlignCenter,
            FILLED_STAR if favourite else EMPTY_STAR,
        )

        left = rect.left() + PADDING + STAR_WIDTH + 8
        width = self._text_width(option)
        body = metrics.boundingRect(
            QRect(left, rect.top() + PADDING, width, 10_000),
            int(Qt.TextFlag.TextWordWrap),
            str(index.data()),
        )
        painter.setFont(font)
        painter.setPen(text)
        painter.drawText(
            QRect(left, rect.top() + PADDING, width, body.height()),
            int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft),
            str(index.data()),
        )
        line = QRect(
            left, rect.top() + PADDING + body.height() + LINE_GAP, width, metrics.height() + 4
        )
        self._paint_details(painter, line, index, metrics, text=text, muted=muted, accent=accent)

    def _paint_details(
        self,
        painter: QPainter,
        line: QRect,
        index: ModelIndex,
        metrics: QFontMetrics,
        *,
        text: QColor,
        muted: QColor,
        accent: QColor,
    ) -> None:
        font = QFont(painter.font())
        bold = QFont(font)
        bold.setBold(True)
        stage = str(index.data(OpenerRole.STAGE))
        painter.setFont(bold)
        painter.setPen(accent)
        painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, stage)
        x = line.left() + QFontMetrics(bold).horizontalAdvance(stage) + 3 * CHIP_GAP
        painter.setFont(font)
        marks: list[str] = []
        if index.data(OpenerRole.OWN):
            marks.append(_("Mine"))
        if index.data(OpenerRole.HIDDEN):
            marks.append(_("Hidden"))
        chips: list[str] = [*marks, *(index.data(OpenerRole.CHIPS) or [])]
        usage = str(index.data(OpenerRole.USAGE) or "")
        right = line.right() - (metrics.horizontalAdvance(usage) + CHIP_GAP if usage else 0)
        for label in chips:
            chip_width = metrics.horizontalAdvance(label) + 2 * CHIP_PADDING
            if x + chip_width > right:
                break
            chip = QRectF(x, line.top(), chip_width, line.height()).adjusted(0.5, 0.5, -0.5, -0.5)
            painter.setPen(QPen(muted, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(chip, 9, 9)
            painter.setPen(text)
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, label)
            x += chip_width + CHIP_GAP
        if usage:
            painter.setPen(muted)
            painter.drawText(
                line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, usage
            )


class OpenersView(QListView):
    """The library, one opener per row; rows grow with their text and re-wrap on resize."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("openersList")
        self.setAccessibleName(_("Openers"))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(False)
        self.setWordWrap(True)
        self.setMouseTracking(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.delegate = OpenersDelegate(self)
        self.setItemDelegate(self.delegate)


class OpenersPage(RecordListPage):
    """Public widgets and actions; see ``OpenersController`` for what they do."""

    def __init__(
        self, *, on_empty_action: Callable[[], None], parent: QWidget | None = None
    ) -> None:
        self.list_view = OpenersView()
        self.interest_combo = QComboBox()
        self.interest_combo.setAccessibleName(_("Interest"))
        self.interest_combo.setToolTip(_("Show the openers about one interest"))
        self.interest_combo.setMinimumContentsLength(16)
        self.interest_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        empty_state = EmptyState(
            icon=icons.openers(accent=True),
            headline=_("Openers grow from shared interests"),
            explanation=_(
                "Short, honest ways to start a conversation about something you both care "
                "about. Write the first one in your own words."
            ),
            action_text=_("Write an opener…"),
            on_action=on_empty_action,
        )
        super().__init__(
            title=_("Openers"),
            new_button_text=_("&New opener…"),
            new_action_text=_("New opener…"),
            filter_text=_("Filter openers"),
            no_match_text=_("No opener matches the filters."),
            view=self.list_view,
            empty_state=empty_state,
            filter_extras=(self.interest_combo,),
            parent=parent,
        )
        self.new_button.setToolTip(_("Write your own opener (Ctrl+N)"))
        # Room for the title, the interest filter and the button in a narrow window.
        self.search_edit.setMinimumWidth(160)
        self._build_stage_row()
        self._build_opener_actions()
        self._build_action_bar()

    def _build_stage_row(self) -> None:
        self.stage_buttons = QButtonGroup(self)
        self.stage_buttons.setExclusive(True)
        # The stage buttons wrap onto a second line in a narrow window (or in German) instead
        # of being cut off.
        stages = QWidget()
        stage_flow = FlowLayout(stages, spacing=4)
        self.all_stages_button = self._stage_button(_("All stages"), None)
        stage_flow.addWidget(self.all_stages_button)
        self.stage_button_of: dict[OpenerStage, QPushButton] = {}
        for stage, label in OPENER_STAGE_LABELS.items():
            button = self._stage_button(_(label), stage)
            self.stage_button_of[stage] = button
            stage_flow.addWidget(button)
        self.all_stages_button.setChecked(True)
        row = QHBoxLayout()
        row.setSpacing(4)
        row.addWidget(stages, 1)
        row.addSpacing(16)
        self.show_hidden_check = QCheckBox(_("Show &hidden"))
        self.show_hidden_check.setToolTip(_("Also list the openers you hid"))
        row.addWidget(self.show_hidden_check, 0, Qt.AlignmentFlag.AlignTop)
        row.addSpacing(12)
        self.count_label = QLabel()
        self.count_label.setProperty("role", "subtle")
        row.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignTop)
        # As tall as a stage button, so all three line up on the first row.
        button_height = self.all_stages_button.sizeHint().height()
        self.show_hidden_check.setMinimumHeight(button_height)
        self.count_label.setMinimumHeight(button_height)
        self._page_layout().insertLayout(1, row)

    def _stage_button(self, text: str, stage: OpenerStage | None) -> QPushButton:
        button = QPushButton(text)
        button.setCheckable(True)
        button.setProperty("segment", True)
        button.setProperty("stage", stage.value if stage is not None else "")
        self.stage_buttons.addButton(button)
        return button

    def _build_opener_actions(self) -> None:
        self.favourite_action = QAction(_("&Favourite"), self)
        self.favourite_action.setCheckable(True)
        self.favourite_action.setShortcuts(favourite_shortcuts())
        self.hide_action = QAction(_("&Hide"), self)
        self.hide_action.setCheckable(True)
        self.hide_action.setShortcut(QKeySequence(Qt.Key.Key_H))
        self.edit_action.setShortcut(QKeySequence(Qt.Key.Key_F2))
        for action in (self.favourite_action, self.hide_action, self.edit_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.list_view.addAction(action)
        self.context_menu.insertAction(self.edit_action, self.favourite_action)
        self.context_menu.insertAction(self.edit_action, self.hide_action)
        self.context_menu.insertSeparator(self.edit_action)

    def _build_action_bar(self) -> None:
        self.favourite_button = QPushButton(_("Favourite"))
        self.favourite_button.setToolTip(_("Mark as a favourite (F or Ctrl+D)"))
        self.hide_button = QPushButton(_("Hide"))
        self.hide_button.setToolTip(_("Never suggest this opener (H)"))
        self.edit_button = QPushButton(_("Edit…"))
        self.edit_button.setToolTip(_("Edit your own opener (F2)"))
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.setToolTip(_("Delete your own opener (Del)"))
        self.hint_label = QLabel()
        self.hint_label.setProperty("role", "subtle")
        bar = QHBoxLayout()
        bar.setSpacing(8)
        for button in (
            self.favourite_button,
            self.hide_button,
            self.edit_button,
            self.delete_button,
        ):
            bar.addWidget(button)
        bar.addSpacing(8)
        bar.addWidget(self.hint_label, 1)
        self._page_layout().addLayout(bar)

    def _page_layout(self) -> QVBoxLayout:
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)  # built by RecordListPage
        return layout

    def show_list(self, *, has_openers: bool, has_matches: bool) -> None:
        self.show_records(has_records=has_openers, has_matches=has_matches)
        for button in self.stage_buttons.buttons():
            button.setEnabled(has_openers)
        self.show_hidden_check.setEnabled(has_openers)

    def chosen_stage(self) -> OpenerStage | None:
        button = self.stage_buttons.checkedButton()
        value = str(button.property("stage") or "") if button is not None else ""
        return OpenerStage(value) if value else None
