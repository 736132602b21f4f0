"""Guards against known defects of the Qt binding that would crash the app."""

from __future__ import annotations

import subprocess
import sys

# A Python model answering "no data" (None) to Qt many times, as every list view does while
# it paints and scrolls. PySide6 6.12.0 released one reference to None per answer until the
# interpreter aborted with "deallocating None".
_MODEL_ANSWERING_NONE = """
import os
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication

app = QApplication([])


class Model(QAbstractListModel):
    def rowCount(self, parent=QModelIndex()):
        return 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return None


model = Model()
index = model.index(0, 0)
for _ in range(50_000):
    index.data(Qt.ItemDataRole.UserRole)
print("survived")
"""


def test_models_may_answer_none_without_crashing_the_interpreter() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _MODEL_ANSWERING_NONE],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "survived"
