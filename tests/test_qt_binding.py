"""Guards against known defects of the Qt binding that would crash the app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


# A module imported after the window's package: PySide6 would read its whole source (and keep it
# in linecache) to learn whether it uses PySide.
_IMPORT_AFTER_THE_UI = """
import linecache, sys
sys.path.insert(0, sys.argv[1])
import companion.ui
from PySide6.support import feature
import fresh_module
print(fresh_module.__file__ in linecache.cache)
print(feature.pyside_feature_dict.get("fresh_module"))
print(feature.pyside_feature_dict.get("companion.ui.shell.pages", "unseen"))
from companion.ui.shell.pages import PAGES
print(feature.pyside_feature_dict.get("companion.ui.shell.pages"))
"""


def test_modules_imported_after_the_ui_are_not_read_again_from_disk(tmp_path: Path) -> None:
    """Given the window's package imported, when another module is imported, then its source is
    not read into memory, and PySide still knows which modules use it (by the layering rule)."""
    (tmp_path / "fresh_module.py").write_text("VALUE = 1\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_AFTER_THE_UI, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["False", "-1", "unseen", "0"]
