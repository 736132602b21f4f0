"""``companion --smoke-test``: prove the real window starts, saves, reads back and paints."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtTest import QTest

from companion import APP_NAME
from companion.domain.people import Person
from companion.i18n import _
from companion.services.data.session import Session
from companion.services.people.people import save_person
from companion.ui.shell.data_changes import DataChanges
from companion.ui.shell.main_window import MainWindow

SCREENSHOT_ENV = "COMPANION_SMOKE_PNG"
EXPOSE_TIMEOUT_MS = 10_000


def run_smoke_test(
    *,
    window: MainWindow,
    session: Session,
    changes: DataChanges,
    data_dir: Path,
    report: Callable[[str], None] = print,
) -> int:
    """Run each check, report one line per check; 0 when all passed, 1 otherwise."""
    screenshot = Path(os.environ.get(SCREENSHOT_ENV) or data_dir / "smoke-test.png")

    def window_shown() -> bool:
        return QTest.qWaitForWindowExposed(window, EXPOSE_TIMEOUT_MS) and (
            window.windowTitle() == APP_NAME
        )

    def person_saved_and_read_back() -> bool:
        person = Person(name="Ada Smoke-Test", notes=_("Saved by the smoke test."))
        changes.announce(save_person(session.store, person))
        with session.reopen_read_only() as reopened:
            found = reopened.people.get(person.id)
        return found == person

    def screenshot_saved() -> bool:
        return window.grab().save(str(screenshot)) and screenshot.stat().st_size > 0

    checks = (
        (_("main window shown"), window_shown),
        (_("person saved and read back from a reopened store"), person_saved_and_read_back),
        (_("screenshot saved to {file}").format(file=screenshot), screenshot_saved),
    )
    failures = 0
    for name, check in checks:
        try:
            passed = check()
        except Exception as error:  # a failed check is reported, never raised
            passed = False
            name = f"{name} ({error})"
        failures += not passed
        report((_("ok: {check}") if passed else _("FAILED: {check}")).format(check=name))
    return 0 if failures == 0 else 1
