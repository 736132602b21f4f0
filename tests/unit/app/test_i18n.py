"""Language choice, catalogue loading and locale-aware formats."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from companion import paths
from companion.domain.errors import ValidationError
from companion.domain.people import Person
from companion.i18n import _, current_locale, ngettext
from companion.i18n.formats import format_date, format_relative, format_time
from companion.i18n.languages import (
    activate,
    load_translations,
    negotiate,
    preferences_from_environment,
    shipped_locales,
)
from companion.i18n.translate import set_translations

AVAILABLE = ["en", "de"]
TRANSLATED = "A person needs a name."


# --- Negotiation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preferred", "chosen"),
    [
        (["de-DE"], "de"),
        (["de_DE"], "de"),
        (["de_AT.UTF-8"], "de"),
        (["de_CH.UTF-8@euro"], "de"),
        (["de"], "de"),
        (["fr"], "en"),
        (["fr", "de"], "de"),
        (["en-GB", "de"], "en"),
        (["C"], "en"),
        (["POSIX"], "en"),
        (["C.UTF-8"], "en"),
        ([], "en"),
        (["not a locale!", "de"], "de"),
        ([""], "en"),
    ],
)
def test_negotiate(preferred: list[str], chosen: str) -> None:
    assert negotiate(preferred, AVAILABLE) == chosen


def test_german_is_shipped() -> None:
    assert shipped_locales()[0] == "en"
    assert "de" in shipped_locales()
    assert negotiate(["de-DE"]) == "de"


def test_shipped_locales_of_a_missing_folder_is_english_only(tmp_path: Path) -> None:
    assert shipped_locales(tmp_path / "missing") == ["en"]


# --- Environment ------------------------------------------------------------------------------

LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


@pytest.mark.parametrize(
    ("environment", "chosen"),
    [
        ({"LC_ALL": "C", "LANGUAGE": "de"}, "en"),
        ({"LC_ALL": "POSIX", "LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C", "LANGUAGE": "de"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LC_ALL": "de_AT.UTF-8", "LANG": "en_US.UTF-8"}, "de"),
        ({"LC_MESSAGES": "de_DE.UTF-8", "LANG": "en_US.UTF-8"}, "de"),
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "fr:de"}, "de"),
        ({}, "en"),
    ],
)
def test_preferences_from_environment(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], chosen: str
) -> None:
    # Given only these locale variables
    for variable in LOCALE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    # When the preferences are negotiated / Then this language is chosen
    assert negotiate(preferences_from_environment(), AVAILABLE) == chosen


# --- Catalogues -------------------------------------------------------------------------------


def _shipped_german(message: str) -> str:
    po_file = paths.locale_dir() / "de" / "LC_MESSAGES" / "companion.po"
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale="de")
    entry = catalog.get(message)
    return "" if entry is None or not isinstance(entry.string, str) else entry.string


def test_activate_german_translates_a_shipped_string() -> None:
    # Given the German catalogue translates the message
    german = _shipped_german(TRANSLATED)
    assert german, f"the German catalogue has no translation for {TRANSLATED!r} yet"
    # When German is activated
    assert activate("de") == "de"
    # Then _() returns the German text, also for messages raised by the domain
    assert current_locale() == "de"
    assert _(TRANSLATED) == german
    with pytest.raises(ValidationError) as caught:
        Person(name=" ")
    assert str(caught.value) == german


def test_activate_an_unshipped_language_falls_back_to_english() -> None:
    assert activate("fr_FR") == "en"
    assert current_locale() == "en"
    assert _(TRANSLATED) == TRANSLATED


def test_activate_english_after_german_restores_english() -> None:
    activate("de")
    activate("en")
    assert _(TRANSLATED) == TRANSLATED


def _write_catalogue(folder: Path) -> None:
    po = folder / "de" / "LC_MESSAGES" / "companion.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "Hello"\nmsgstr "Hallo"\n\n'
        'msgid "{count} person"\nmsgid_plural "{count} people"\n'
        'msgstr[0] "{count} Person"\nmsgstr[1] "{count} Personen"\n',
        encoding="utf-8",
    )


def test_a_source_catalogue_is_loaded_without_compiling(tmp_path: Path) -> None:
    # Given only a .po file (a source checkout before `make translations`)
    _write_catalogue(tmp_path)
    # When it is loaded and made active
    set_translations(load_translations("de", tmp_path), "de")
    # Then messages and plurals are translated
    assert _("Hello") == "Hallo"
    assert ngettext("{count} person", "{count} people", 1).format(count=1) == "1 Person"
    assert ngettext("{count} person", "{count} people", 3).format(count=3) == "3 Personen"
    assert _("Not in the catalogue") == "Not in the catalogue"
    assert shipped_locales(tmp_path) == ["en", "de"]


def test_a_missing_catalogue_translates_nothing(tmp_path: Path) -> None:
    set_translations(load_translations("de", tmp_path), "de")
    assert _("Hello") == "Hello"
    assert ngettext("{count} person", "{count} people", 2) == "{count} people"


# --- Formats ----------------------------------------------------------------------------------

MARCH_5 = date(2024, 3, 5)
NOW = datetime(2024, 6, 15, 12, 0, tzinfo=UTC)


def test_format_date_in_english_and_german() -> None:
    assert format_date(MARCH_5, locale="en") == "Mar 5, 2024"
    assert format_date(MARCH_5, locale="de") == "05.03.2024"
    assert format_date(MARCH_5, width="long", locale="de") == "5. März 2024"


def test_format_date_follows_the_active_language() -> None:
    assert format_date(MARCH_5) == "Mar 5, 2024"
    activate("de")
    assert format_date(MARCH_5) == "05.03.2024"


@pytest.mark.parametrize(
    ("delta", "locale", "text"),
    [
        (timedelta(days=3), "en", "in 3 days"),
        (timedelta(days=3), "de", "in 3 Tagen"),
        (timedelta(days=-3), "en", "3 days ago"),
        (timedelta(days=-3), "de", "vor 3 Tagen"),
        (timedelta(hours=-2), "en", "2 hours ago"),
        (timedelta(hours=2), "de", "in 2 Stunden"),
    ],
)
def test_format_relative(delta: timedelta, locale: str, text: str) -> None:
    assert format_relative(NOW + delta, now=NOW, locale=locale) == text


def test_format_relative_follows_the_active_language() -> None:
    activate("de")
    assert format_relative(NOW + timedelta(days=3), now=NOW) == "in 3 Tagen"


def test_format_time_converts_to_the_given_zone() -> None:
    # Given 17:00 UTC and a zone two hours ahead
    berlin_summer = timezone(timedelta(hours=2))
    # Then the wall-clock time there is shown
    assert (
        format_time(datetime(2024, 6, 1, 17, 0, tzinfo=UTC), tz=berlin_summer, locale="de")
        == "19:00"
    )
