"""PySide6's check of every later import, made cheap.

Once PySide6 is imported it asks, for each module imported afterwards, whether that module uses
PySide (to know which ``from __feature__ import …`` switches apply to it), and answers by reading
the module's whole source from disk with ``inspect.getsource``. On a start of Common Ground that
is about 400 files: a tenth of the start's time, and 8 MB of source lines left in ``linecache``.

Common Ground never selects a ``__feature__``, and which of its modules use PySide is a rule of
the code (only ``companion/ui`` and ``companion/app.py`` import it, checked by
``tests/test_architecture.py``), so the answer is known from the module's name. A module said
not to use PySide keeps the switches in force, which are always PySide's defaults here.
"""

from __future__ import annotations

from types import ModuleType

#: Modules that import PySide6: ours by the layering rule, and PySide6's own.
_USES_PYSIDE = ("companion.ui", "companion.app", "PySide6", "shiboken6")


def _uses_pyside(module: ModuleType) -> bool:
    name = getattr(module, "__name__", "")
    return isinstance(name, str) and name.startswith(_USES_PYSIDE)


def answer_import_scan_by_name() -> bool:
    """Replace PySide6's source-reading check with the rule above; False where this PySide6
    has no such check (a later release may drop it), and nothing is changed."""
    try:
        # Not in PySide6's type stubs: it is the binding's own support code.
        from PySide6.support import feature  # type: ignore[attr-defined]
    except ImportError:
        return False
    if not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _uses_pyside
    return True
