"""Settings: reading never fails, saving round trips, unknown or wrong values fall back."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from companion import settings
from companion.settings import SETTINGS_VERSION, ColorScheme, Settings


@pytest.fixture
def core_settings_file(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.json"


def test_missing_file_gives_defaults(core_settings_file: Path) -> None:
    assert settings.load(core_settings_file) == Settings()


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"\xff\xfe\x00junk", b"[]", b'"dark"', b"null", b"42"],
    ids=["empty", "truncated", "binary", "list", "string", "null", "number"],
)
def test_damaged_file_gives_defaults(core_settings_file: Path, content: bytes) -> None:
    core_settings_file.parent.mkdir(parents=True)
    core_settings_file.write_bytes(content)
    assert settings.load(core_settings_file) == Settings()


def test_folder_instead_of_a_file_gives_defaults(core_settings_file: Path) -> None:
    core_settings_file.mkdir(parents=True)
    assert settings.load(core_settings_file) == Settings()


def test_save_then_load_round_trips(core_settings_file: Path) -> None:
    # Given settings that differ from the defaults everywhere
    changed = Settings(
        locale="de",
        color_scheme=ColorScheme.DARK,
        window_geometry="AdnQywADAAAAAAA=",
        window_state="AAAA/wAAAAD9",
        last_page="people",
        tray_hint_shown=True,
        start_at_login=True,
    )
    # When saved and loaded again
    settings.save(changed, core_settings_file)
    loaded = settings.load(core_settings_file)
    # Then every value comes back
    assert loaded == changed
    assert loaded.color_scheme is ColorScheme.DARK


def test_saved_file_is_private(core_settings_file: Path) -> None:
    settings.save(Settings(), core_settings_file)
    if os.name == "posix":
        assert core_settings_file.stat().st_mode & 0o777 == 0o600


def _load_raw(path: Path, raw: object) -> Settings:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(orjson.dumps(raw))
    return settings.load(path)


def test_unknown_keys_are_ignored(core_settings_file: Path) -> None:
    loaded = _load_raw(core_settings_file, {"locale": "de", "favourite_colour": "green"})
    assert loaded == Settings(locale="de")


def test_values_of_the_wrong_type_fall_back_to_defaults(core_settings_file: Path) -> None:
    # Given a file where some values have the wrong type and one is right
    raw = {
        "locale": 7,
        "color_scheme": "purple",
        "tray_hint_shown": "yes",
        "start_at_login": 1,
        "window_geometry": None,
        "last_page": "events",
    }
    # When loaded
    loaded = _load_raw(core_settings_file, raw)
    # Then the wrong ones are defaults and the right one is kept
    assert loaded == Settings(last_page="events")


def test_partial_file_fills_in_defaults(core_settings_file: Path) -> None:
    loaded = _load_raw(core_settings_file, {"color_scheme": "light"})
    assert loaded.color_scheme is ColorScheme.LIGHT
    assert loaded.locale == Settings().locale


def test_file_from_a_newer_version_keeps_what_it_understands(core_settings_file: Path) -> None:
    loaded = _load_raw(core_settings_file, {"version": SETTINGS_VERSION + 5, "locale": "de"})
    assert loaded.locale == "de"
    assert loaded.version == SETTINGS_VERSION


def test_loaded_settings_carry_the_current_version(core_settings_file: Path) -> None:
    loaded = _load_raw(core_settings_file, {"version": "one"})
    assert loaded.version == SETTINGS_VERSION


def test_save_into_an_unwritable_place_raises_os_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"")
    with pytest.raises(OSError):
        settings.save(Settings(), blocker / "settings.json")
