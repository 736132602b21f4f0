"""Which language the user gets: negotiation against the shipped catalogues, and loading them."""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from babel import Locale, UnknownLocaleError

from companion import paths
from companion.i18n.translate import DOMAIN, SOURCE_LOCALE, set_translations


def shipped_locales(locale_dir: Path | None = None) -> list[str]:
    """Locales we ship a catalogue for, the source language first."""
    folder = locale_dir or paths.locale_dir()
    found = (
        sorted(
            entry.name
            for entry in folder.iterdir()
            if entry.is_dir() and any((entry / "LC_MESSAGES").glob(f"{DOMAIN}.[mp]o"))
        )
        if folder.is_dir()
        else []
    )
    return [SOURCE_LOCALE, *[code for code in found if code != SOURCE_LOCALE]]


def _normalise(tag: str) -> str:
    return tag.replace("-", "_").split(".")[0].split("@")[0]


def negotiate(preferred: Iterable[str], available: Sequence[str] | None = None) -> str:
    """Pick the best shipped locale for the user's ordered language preferences.

    ``C`` and ``POSIX`` (as in ``LC_ALL=C``) mean English.
    """
    choices = list(available) if available is not None else shipped_locales()
    for tag in preferred:
        code = _normalise(tag)
        if code in {"", "C", "POSIX"}:
            return SOURCE_LOCALE
        try:
            wanted = Locale.parse(code)
        except (ValueError, UnknownLocaleError):
            continue
        for candidate in choices:
            if str(Locale.parse(candidate)) == str(wanted):
                return candidate
        for candidate in choices:
            if Locale.parse(candidate).language == wanted.language:
                return candidate
    return SOURCE_LOCALE


def preferences_from_environment() -> list[str]:
    """Language preferences from the POSIX environment, for runs without Qt (the CLI)."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            if variable != "LC_ALL" and os.environ.get("LANGUAGE") and value not in {"C", "POSIX"}:
                return os.environ["LANGUAGE"].split(":")
            return [value]
    return [SOURCE_LOCALE]


def load_translations(locale: str, locale_dir: Path | None = None) -> gettext.NullTranslations:
    """The catalogue for ``locale``: the compiled ``.mo``, or the ``.po`` in a source checkout."""
    folder = (locale_dir or paths.locale_dir()) / locale / "LC_MESSAGES"
    compiled = folder / f"{DOMAIN}.mo"
    source = folder / f"{DOMAIN}.po"
    # In a source checkout a .po edited after the last `make` must win over the stale .mo.
    if compiled.is_file() and not (
        source.is_file() and source.stat().st_mtime > compiled.stat().st_mtime
    ):
        with compiled.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if source.is_file():
        # Only a source checkout compiles here: babel's catalogue machinery costs ~0.1 s to
        # import, paid on every start if imported at the top.
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with source.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return gettext.GNUTranslations(buffer)
    return gettext.NullTranslations()


def activate(locale: str) -> str:
    """Switch the application's language; returns the locale actually used."""
    chosen = negotiate([locale])
    translations = (
        gettext.NullTranslations() if chosen == SOURCE_LOCALE else load_translations(chosen)
    )
    set_translations(translations, chosen)
    return chosen
