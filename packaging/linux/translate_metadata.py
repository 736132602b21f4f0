"""Write the translated desktop entry and AppStream metainfo from their ``.in`` templates.

The texts are translated by the app's own gettext catalogues (their msgids come from
``companion/resources/desktop_strings.py``), read here with Babel, so the menu entry and the
software-centre page speak the same language as the app:

    python packaging/linux/translate_metadata.py --output build/linux

writes ``org.commonground.Companion.desktop`` (with ``Name[de]=…``) and
``org.commonground.Companion.metainfo.xml`` (with ``xml:lang="de"`` elements).
Untranslated and fuzzy entries are left out, so the English text shows instead.
"""

from __future__ import annotations

import argparse
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

APP_ID = "org.commonground.Companion"
ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = Path(__file__).resolve().parent
DEFAULT_CATALOGUES = ROOT / "companion" / "resources" / "i18n"

# Keys of the desktop entry spec that take a localestring (Keywords: a list of them).
DESKTOP_LOCALIZED_KEYS = ("Name", "GenericName", "Comment", "Keywords")
_DESKTOP_KEY_LINE = re.compile(r"^(?P<key>[A-Za-z0-9-]+)=(?P<value>.*)$")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

Translations = Mapping[str, Mapping[str, str]]
"""Locale (``de``, ``pt_BR``) to a map of source text to translated text."""


def _normalise(text: str) -> str:
    """Templates may wrap long paragraphs; the catalogues hold them on one line."""
    return " ".join(text.split())


def load_translations(catalogue_dir: Path = DEFAULT_CATALOGUES) -> dict[str, dict[str, str]]:
    """Every finished translation in ``<dir>/<locale>/LC_MESSAGES/companion.po``."""
    result: dict[str, dict[str, str]] = {}
    for po_path in sorted(catalogue_dir.glob("*/LC_MESSAGES/companion.po")):
        locale = po_path.parent.parent.name
        with po_path.open("rb") as handle:
            catalog: Catalog = read_po(handle, locale=locale)
        texts = {
            _normalise(message.id): _normalise(message.string)
            for message in catalog
            if message.id
            and isinstance(message.id, str)
            and isinstance(message.string, str)
            and message.string
            and not message.fuzzy
        }
        if texts:
            result[locale] = texts
    return result


def _desktop_value(key: str, source: str, translated: str) -> str:
    if key == "Keywords" and source.endswith(";") and not translated.endswith(";"):
        # A translator dropping the final separator would make the entry invalid.
        translated += ";"
    return translated.replace("\n", " ")


def translate_desktop(template: str, translations: Translations) -> str:
    """Add ``Key[locale]=…`` lines after each localizable key of the desktop entry."""
    lines: list[str] = []
    for line in template.splitlines():
        lines.append(line)
        match = _DESKTOP_KEY_LINE.match(line)
        if not match or match["key"] not in DESKTOP_LOCALIZED_KEYS:
            continue
        source = match["value"]
        for locale in sorted(translations):
            translated = translations[locale].get(_normalise(source))
            if translated:
                value = _desktop_value(match["key"], source, translated)
                lines.append(f"{match['key']}[{locale}]={value}")
    return "\n".join(lines) + "\n"


def _translatable_elements(component: ET.Element) -> list[ET.Element]:
    """The elements AppStream lets us translate; release notes and names of people are not."""
    found: list[ET.Element] = []
    for tag in ("name", "summary"):
        found.extend(component.findall(tag))
    description = component.find("description")
    if description is not None:
        found.extend(element for element in description if element.tag in {"p", "li"})
        for listing in description:
            if listing.tag in {"ul", "ol"}:
                found.extend(listing.findall("li"))
    found.extend(component.findall("screenshots/screenshot/caption"))
    return [element for element in found if _XML_LANG not in element.attrib]


def _parents(root: ET.Element) -> dict[ET.Element, ET.Element]:
    return {child: parent for parent in root.iter() for child in parent}


def translate_metainfo(template: str, translations: Translations) -> str:
    """Add an ``xml:lang`` sibling after each translatable element of the metainfo."""
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    component = ET.fromstring(template, parser=parser)
    parents = _parents(component)
    for element in _translatable_elements(component):
        source = _normalise(element.text or "")
        parent = parents[element]
        position = list(parent).index(element)
        for locale in sorted(translations, reverse=True):
            translated = translations[locale].get(source)
            if translated:
                copy = ET.Element(element.tag, {_XML_LANG: locale.replace("_", "-")})
                copy.text = translated
                parent.insert(position + 1, copy)
    ET.indent(component, space="  ")
    body = ET.tostring(component, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def write_metadata(
    output: Path, *, catalogue_dir: Path = DEFAULT_CATALOGUES, templates: Path = TEMPLATES
) -> list[Path]:
    """Translate both templates into ``output``; returns the files written."""
    translations = load_translations(catalogue_dir)
    output.mkdir(parents=True, exist_ok=True)
    desktop = output / f"{APP_ID}.desktop"
    desktop_template = (templates / f"{APP_ID}.desktop.in").read_text(encoding="utf-8")
    desktop.write_text(translate_desktop(desktop_template, translations), encoding="utf-8")
    metainfo = output / f"{APP_ID}.metainfo.xml"
    metainfo_template = (templates / f"{APP_ID}.metainfo.xml.in").read_text(encoding="utf-8")
    metainfo.write_text(translate_metainfo(metainfo_template, translations), encoding="utf-8")
    return [desktop, metainfo]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--output", type=Path, required=True, help="folder to write into")
    parser.add_argument(
        "--catalogues",
        type=Path,
        default=DEFAULT_CATALOGUES,
        help="folder holding <locale>/LC_MESSAGES/companion.po",
    )
    options = parser.parse_args(argv)
    for path in write_metadata(options.output, catalogue_dir=options.catalogues):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
