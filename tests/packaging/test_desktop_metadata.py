"""The desktop entry and AppStream metainfo: translated from the app's catalogues, valid."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

from companion.resources import desktop_strings

REPO_ROOT = Path(__file__).resolve().parents[2]
LINUX = REPO_ROOT / "packaging" / "linux"
APP_ID = "org.commonground.Companion"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _load_translate_metadata() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "translate_metadata", LINUX / "translate_metadata.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


translate_metadata = _load_translate_metadata()

GERMAN_PO = """
msgid ""
msgstr ""
"Language: de\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Common Ground"
msgstr "Common Ground"

msgid "Networking Companion"
msgstr "Begleiter fürs Netzwerken"

msgid "networking;events;meetup;people;contacts;conversation;follow-up;promises;"
msgstr "Netzwerken;Veranstaltungen"

msgid "Quick capture"
msgstr "Schnell notieren"

msgid "Meet people through shared interests and keep your word"
msgstr "Menschen über gemeinsame Interessen kennenlernen und Wort halten"

#, fuzzy
msgid "The home view with upcoming events and due promises"
msgstr "Unfertig"
"""


@pytest.fixture
def catalogues(tmp_path: Path) -> Path:
    """A catalogue folder with a partly translated German catalogue (one entry fuzzy)."""
    folder = tmp_path / "i18n"
    (folder / "de" / "LC_MESSAGES").mkdir(parents=True)
    (folder / "de" / "LC_MESSAGES" / "companion.po").write_text(GERMAN_PO, encoding="utf-8")
    return folder


@pytest.fixture
def written(catalogues: Path, tmp_path: Path) -> tuple[Path, Path]:
    desktop, metainfo = translate_metadata.write_metadata(
        tmp_path / "out", catalogue_dir=catalogues
    )
    return desktop, metainfo


def _template_texts() -> set[str]:
    texts = set()
    desktop = (LINUX / f"{APP_ID}.desktop.in").read_text(encoding="utf-8")
    for line in desktop.splitlines():
        match = re.match(r"^(Name|GenericName|Comment|Keywords)=(.*)$", line)
        if match:
            texts.add(match[2])
    root = ET.fromstring((LINUX / f"{APP_ID}.metainfo.xml.in").read_text(encoding="utf-8"))
    for path in ("name", "summary", "description/p", "screenshots/screenshot/caption"):
        texts.update(" ".join((element.text or "").split()) for element in root.findall(path))
    return texts


def test_every_template_text_is_marked_for_the_catalogues() -> None:
    # Given the .in templates and the texts marked in companion/resources/desktop_strings.py
    # When their translatable texts are compared
    missing = _template_texts() - set(desktop_strings.ALL_TEXTS)

    # Then pybabel extract sees every one of them
    assert missing == set()


def test_desktop_entry_gets_the_german_names(written: tuple[Path, Path]) -> None:
    # Given a German catalogue
    desktop, _ = written

    # When the desktop entry is written
    text = desktop.read_text(encoding="utf-8")

    # Then German keys follow the English ones, the action too
    assert "Name[de]=Common Ground\n" in text
    assert "GenericName[de]=Begleiter fürs Netzwerken\n" in text
    assert "Name[de]=Schnell notieren\n" in text
    # and a keyword list missing its final separator is repaired
    assert "Keywords[de]=Netzwerken;Veranstaltungen;\n" in text
    # and untranslated texts stay English only
    assert "Comment[de]" not in text


def test_metainfo_gets_german_elements_and_skips_fuzzy_ones(written: tuple[Path, Path]) -> None:
    # Given a German catalogue with one fuzzy entry
    _, metainfo = written

    # When the metainfo is written
    root = ET.parse(metainfo).getroot()

    # Then the summary has a German twin, the fuzzy caption has none
    summaries = {element.get(XML_LANG): element.text for element in root.findall("summary")}
    assert summaries["de"] == "Menschen über gemeinsame Interessen kennenlernen und Wort halten"
    assert [c.get(XML_LANG) for c in root.iter("caption")] == [None]


def test_shipped_german_catalogue_translates_the_menu_entry(tmp_path: Path) -> None:
    # Given the German catalogue we ship
    # When the desktop entry is written from it
    desktop, metainfo = translate_metadata.write_metadata(tmp_path)

    # Then the menu shows German names and the software centre a German summary
    text = desktop.read_text(encoding="utf-8")
    assert re.search(r"^Name\[de\]=.+$", text, re.MULTILINE)
    assert re.search(r"^Comment\[de\]=.+$", text, re.MULTILINE)
    assert 'xml:lang="de"' in metainfo.read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="no desktop-file-utils")
def test_translated_desktop_entry_validates(written: tuple[Path, Path]) -> None:
    # Given the written desktop entry
    desktop, _ = written

    # When desktop-file-validate checks it
    result = subprocess.run(
        ["desktop-file-validate", str(desktop)], capture_output=True, text=True, check=False
    )

    # Then there is no error and no warning
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == ""


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="no appstream")
def test_translated_metainfo_validates(written: tuple[Path, Path]) -> None:
    # Given the written metainfo
    _, metainfo = written

    # When appstreamcli validates it without the network
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", "--no-color", str(metainfo)],
        capture_output=True,
        text=True,
        check=False,
    )

    # Then it passes with no error or warning (infos allowed: <developer> is AppStream 1.0)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not re.search(r"^[EW]: ", result.stdout, re.MULTILINE), result.stdout
