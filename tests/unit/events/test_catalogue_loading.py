"""Which catalogue file is read: the compiled one, unless its source was edited after it."""

from __future__ import annotations

import os
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from companion.i18n.languages import load_translations


def _write(folder: Path, *, po_text: str, mo_text: str, po_newer: bool) -> None:
    messages = folder / "de" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    for suffix, text, writer in ((".po", po_text, write_po), (".mo", mo_text, write_mo)):
        catalog = Catalog(locale="de")
        catalog.add("Hello", text)
        with (messages / f"companion{suffix}").open("wb") as handle:
            writer(handle, catalog)
    older, newer = ("mo", "po") if po_newer else ("po", "mo")
    os.utime(messages / f"companion.{older}", (1_000_000, 1_000_000))
    os.utime(messages / f"companion.{newer}", (2_000_000, 2_000_000))


def test_compiled_catalogue_is_used_when_current(tmp_path: Path) -> None:
    _write(tmp_path, po_text="Hallo (po)", mo_text="Hallo (mo)", po_newer=False)
    assert load_translations("de", tmp_path).gettext("Hello") == "Hallo (mo)"


def test_edited_source_wins_over_a_stale_compiled_catalogue(tmp_path: Path) -> None:
    _write(tmp_path, po_text="Hallo (po)", mo_text="Hallo (mo)", po_newer=True)
    assert load_translations("de", tmp_path).gettext("Hello") == "Hallo (po)"


def test_reading_a_compiled_catalogue_loads_no_catalogue_compiler(tmp_path: Path) -> None:
    # Given a compiled catalogue alone (as installed)
    import subprocess
    import sys

    _write(tmp_path, po_text="Hallo (po)", mo_text="Hallo (mo)", po_newer=False)
    (tmp_path / "de" / "LC_MESSAGES" / "companion.po").unlink()
    # When a fresh interpreter reads it, as every start does
    code = (
        "import sys; from pathlib import Path; "
        "from companion.i18n.languages import load_translations; "
        f"print(load_translations('de', Path({str(tmp_path)!r})).gettext('Hello')); "
        "print(sorted(m for m in sys.modules if m.startswith('babel.messages')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    # Then babel's .po reader and .mo writer (only for a stale source checkout) stay unloaded
    assert loaded.split("\n")[:2] == ["Hallo (mo)", "[]"]
