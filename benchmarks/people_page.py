"""The People page over the 10,000-person store: opening it, and opening one person's page.

"Opening" is what the window does on first showing the page: the overview is computed from
the store (where we met, shared interests, last contact, follow-up, open promises), the model
and sorted/filtered view filled, the page shown and painted (Qt offscreen). The baseline is a
bare ``QTableView`` over a ``QStringListModel`` of the same names, opened the same way.
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import date
from typing import TYPE_CHECKING

from figures import Row, median_ms
from painted import close_all, show_painted
from workspace import Workspace

from companion.storage.store import Store

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

TODAY = date(2026, 11, 25)


def people_page_rows(workspace: Workspace, *, runs: int) -> list[Row]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QStringListModel
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication, QTableView

    from companion.ui.people.people_controller import PeopleController
    from companion.ui.people.people_page import PeoplePage
    from companion.ui.shell.data_changes import DataChanges

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    folder = workspace.sealed_copy("people-page")
    with Store.open(folder, cipher=workspace.cipher()) as store:
        people = len(store.people)
        widgets: list[QWidget] = []
        controllers: list[PeopleController] = []

        def open_ours() -> None:
            page = PeoplePage(import_people=lambda: None)
            page.resize(1100, 720)
            controllers.append(
                PeopleController(
                    page,
                    store=store,
                    changes=DataChanges(),
                    undo_stack=QUndoStack(),
                    today=lambda: TODAY,
                )
            )
            widgets.append(show_painted(page))

        names = [str(name) for name in store.people.field_values("name").values()]

        def open_bare() -> None:
            view = QTableView()
            view.setModel(QStringListModel(names, view))
            view.resize(1100, 720)
            widgets.append(show_painted(view))

        ours = median_ms(open_ours, runs=runs)
        bare = median_ms(open_bare, runs=runs)
        # One person's page: details, promises and timeline gathered and painted.
        controller = controllers[-1]
        person_ids = list(store.people.field_values("name"))[:: max(1, people // (runs + 1))]
        person_ms = []
        for number, person_id in enumerate(person_ids[: runs + 1]):
            started = time.perf_counter()
            controller.open_person(person_id)
            controller.page.repaint()
            app.processEvents()
            if number:  # the first one warms up
                person_ms.append((time.perf_counter() - started) * 1000)
            controller.page.show_list()
        bare_person = median_ms(lambda: _bare_person_page(widgets), runs=runs)
        close_all(widgets)
    person = statistics.median(person_ms) if person_ms else 0.0
    return [
        Row(
            name=f"People page open, {people:,} people",
            unit="ms",
            ours=ours,
            baseline=bare,
            baseline_name="bare QTableView over the names",
            runs=runs,
            budget="< 200 ms",
            within_budget=ours < 200,
            note="overview from the encrypted store, model + sorted view filled, shown, painted",
        ),
        Row(
            name="person page open",
            unit="ms",
            ours=person,
            baseline=bare_person,
            baseline_name="bare QWidget: a name label and a list of 10 lines",
            runs=len(person_ms),
            budget="",
            note="details, promises and timeline of one person, painted",
        ),
    ]


def _bare_person_page(widgets: list[QWidget]) -> None:
    from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget

    page = QWidget()
    layout = QVBoxLayout(page)
    layout.addWidget(QLabel("Quillon Benchmark"))
    timeline = QListWidget()
    timeline.addItems([f"Nov {day}, 2026 · Met in person\nA note" for day in range(1, 11)])
    layout.addWidget(timeline)
    page.resize(1100, 720)
    widgets.append(show_painted(page))
