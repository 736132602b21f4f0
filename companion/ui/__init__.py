"""The Qt user interface: the only package (with ``companion/app.py``) that imports PySide6."""
