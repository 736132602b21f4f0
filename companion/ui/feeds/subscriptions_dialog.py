"""Events > Subscriptions…: the calendar feeds, their status, and adding, removing, refreshing.

The view (this dialog) only lays out widgets; ``FeedsController`` wires it to the services.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from companion.domain.feeds import Feed, display_url
from companion.i18n import _, ngettext
from companion.i18n.formats import format_datetime

WHERE_TO_FIND = (
    "<p>{intro}</p><ul>"
    "<li><b>Meetup</b>: {meetup}</li>"
    "<li><b>Google Calendar</b>: {google}</li>"
    "<li><b>lu.ma</b>: {luma}</li>"
    "<li><b>Eventbrite</b>: {eventbrite}</li></ul>"
)


class SubscriptionsDialog(QDialog):
    """Lists feeds; ``url_edit``/``name_edit`` + ``subscribe_button`` add one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("subscriptionsDialog")
        self.setWindowTitle(_("Calendar subscriptions"))
        self.resize(760, 520)
        help_text = QLabel(
            WHERE_TO_FIND.format(
                intro=_(
                    "Subscribe to the calendar feeds of your groups: new events appear here by "
                    "themselves, and Home tells you which ones fit you."
                ),
                meetup=_(
                    "your calendar feed is under Settings; each group's “Add to calendar” link "
                    "works too"
                ),
                google=_(
                    "open a public calendar's settings and copy its “Public address in iCal format”"
                ),
                luma=_("a calendar's “Subscribe” button gives its iCal link"),
                eventbrite=_("organisers that publish one show an iCal link on their page"),
            )
        )
        help_text.setWordWrap(True)
        help_text.setTextFormat(Qt.TextFormat.RichText)

        self.list = QTreeWidget()
        self.list.setObjectName("feeds")
        self.list.setAccessibleName(_("Your calendar feeds"))
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHeaderLabels(
            [_("Name"), _("Address"), _("Last worked"), _("Events"), _("Status")]
        )

        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("feedUrl")
        self.url_edit.setPlaceholderText("webcal://… https://…")
        self.url_edit.setAccessibleName(_("Feed address"))
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("feedName")
        self.name_edit.setPlaceholderText(_("optional, e.g. Board games Berlin"))
        self.name_edit.setAccessibleName(_("Feed name"))
        self.subscribe_button = QPushButton(_("&Subscribe"))
        self.subscribe_button.setEnabled(False)
        self.error = QLabel()
        self.error.setObjectName("feedError")
        self.error.setWordWrap(True)
        self.error.setProperty("role", "error")
        self.error.hide()
        form = QFormLayout()
        form.addRow(_("&Address:"), self.url_edit)
        name_row = QHBoxLayout()
        name_row.addWidget(self.name_edit, 1)
        name_row.addWidget(self.subscribe_button)
        form.addRow(_("&Name:"), name_row)
        # QFormLayout made the labels; their buddies give the accelerators.
        for row, field in ((0, self.url_edit), (1, self.name_edit)):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel):
                label.setBuddy(field)

        self.refresh_button = QPushButton(_("Refresh A&ll"))
        self.refresh_selected_button = QPushButton(_("Re&fresh"))
        self.remove_button = QPushButton(_("&Unsubscribe…"))
        self.refresh_selected_button.setEnabled(False)
        self.remove_button.setEnabled(False)
        #: The chosen feed's status in full (the column cuts long ones off).
        self.details = QLabel()
        self.details.setObjectName("feedDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.hide()
        self.busy = QLabel(_("Refreshing…"))
        self.busy.hide()
        actions = QHBoxLayout()
        actions.addWidget(self.refresh_selected_button)
        actions.addWidget(self.refresh_button)
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        actions.addWidget(self.busy)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(help_text)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.details)
        layout.addLayout(actions)
        layout.addWidget(self.buttons)
        self.url_edit.textChanged.connect(
            lambda text: self.subscribe_button.setEnabled(bool(text.strip()))
        )
        self.list.itemSelectionChanged.connect(self._on_list_item_selection_changed)

    def show_feeds(self, feeds: list[Feed], problem_of: dict[str, str]) -> None:
        """Fill the list; ``problem_of`` maps a feed id to its problem in words."""
        chosen = self.chosen_id()
        self.list.clear()
        for feed in feeds:
            when = format_datetime(feed.last_success) if feed.last_success else _("never")
            events = ngettext("{count} event", "{count} events", feed.event_count).format(
                count=feed.event_count
            )
            status = problem_of.get(feed.id) or (_("OK") if feed.last_success else "")
            item = QTreeWidgetItem([feed.name, display_url(feed.url), when, events, status])
            item.setData(0, Qt.ItemDataRole.UserRole, feed.id)
            item.setToolTip(4, status)
            item.setData(4, Qt.ItemDataRole.UserRole, status)
            self.list.addTopLevelItem(item)
            if feed.id == chosen:
                self.list.setCurrentItem(item)
        for column in range(self.list.columnCount() - 1):
            self.list.resizeColumnToContents(column)
        self._on_list_item_selection_changed()

    def chosen_id(self) -> str | None:
        item = self.list.currentItem()
        if item is None or not item.isSelected():
            return None
        value = item.data(0, Qt.ItemDataRole.UserRole)
        return str(value) if value else None

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.refresh_button.setEnabled(not busy)
        self._on_list_item_selection_changed()

    def _on_list_item_selection_changed(self) -> None:
        item = self.list.currentItem()
        status = (
            str(item.data(4, Qt.ItemDataRole.UserRole) or "")
            if item is not None and item.isSelected()
            else ""
        )
        self.details.setText(status)
        self.details.setVisible(bool(status))
        chosen = self.chosen_id() is not None
        self.refresh_selected_button.setEnabled(chosen and not self.busy.isVisible())
        self.remove_button.setEnabled(chosen)
