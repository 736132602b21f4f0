"""Show a tray icon on the X display and report, as one JSON line, what the tray host did.

Run by ``test_tray_host.py`` in a subprocess with ``QT_QPA_PLATFORM=xcb``: the test process's
own ``QApplication`` is offscreen and cannot see a tray.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

POLL_MS = 50
GIVE_UP_MS = 20_000


def main() -> int:
    app = QApplication(sys.argv)
    available = QSystemTrayIcon.isSystemTrayAvailable()
    pixmap = QPixmap(22, 22)
    pixmap.fill(QColor("#2e7d32"))
    tray_icon = QSystemTrayIcon(QIcon(pixmap))
    tray_icon.setToolTip("Common Ground tray probe")
    tray_icon.show()

    def report(embedded: bool) -> None:
        geometry = tray_icon.geometry()
        print(json.dumps({
            "available": available,
            "visible": tray_icon.isVisible(),
            "embedded": embedded,
            "geometry": [geometry.x(), geometry.y(), geometry.width(), geometry.height()],
            "platform": app.platformName(),
        }), flush=True)  # fmt: skip
        app.quit()

    # The tray host embeds the icon asynchronously: wait for it to have a size on screen.
    poll = QTimer(interval=POLL_MS)

    def check_embedded() -> None:
        if not tray_icon.geometry().isEmpty():
            report(embedded=True)

    poll.timeout.connect(check_embedded)
    poll.start()
    QTimer.singleShot(GIVE_UP_MS, lambda: report(embedded=False))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
