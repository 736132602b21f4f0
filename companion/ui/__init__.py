"""The Qt user interface: the only package (with ``companion/app.py``) that imports PySide6."""

from companion.ui.pyside_import_scan import answer_import_scan_by_name

# First thing, before the window's modules are imported: see pyside_import_scan.
answer_import_scan_by_name()
