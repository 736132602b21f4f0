"""Every user preference, declared once with its type and default, and versioned.

Stored as JSON beside the data (``settings.json``). Reading never fails: a missing, damaged or
older file gives defaults for what it lacks. Nothing else in the code reads or writes settings
files; the window and the CLI get a ``Settings`` value and hand a changed one to ``save``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import orjson

from companion.storage.atomic import atomic_write_bytes

SETTINGS_VERSION = 1


class ColorScheme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    version: int = SETTINGS_VERSION
    #: UI language ("" follows the system).
    locale: str = ""
    color_scheme: ColorScheme = ColorScheme.SYSTEM
    #: ``QMainWindow.saveGeometry()`` / ``saveState()``, base64-encoded.
    window_geometry: str = ""
    window_state: str = ""
    #: Last page shown in the main window ("home", "events", "people", "openers").
    last_page: str = "home"
    #: Whether the user was told that closing the window keeps the app in the tray.
    tray_hint_shown: bool = False
    start_at_login: bool = False
    #: Whether the first-run welcome (what the app is for, my interests and offers) was shown.
    welcome_shown: bool = False
    #: Whether the tray pops up reminders (an event starting or ended, promises due).
    show_reminders: bool = True
    #: Reminders already shown: key -> ISO day shown, so a restart does not repeat them.
    shown_reminders: dict[str, str] = dataclasses.field(default_factory=dict)
    #: How often subscribed calendar feeds are refreshed while the app runs (0: on demand only).
    feed_refresh_hours: int = 6
    #: Whether the tray tells about a new feed event that fits well (once per event).
    notify_fitting_events: bool = True
    #: When Home's "New events that fit" was last marked as seen (ISO 8601; "" never).
    fitting_events_seen: str = ""
    #: Lock the app (forget the key and the decrypted data) after this many idle minutes;
    #: 0: never. Off by default: locking is for those who want it (File > Lock, Ctrl+L).
    auto_lock_minutes: int = 0
    #: Country of phone numbers written without a country code ("DE"); "" follows the
    #: territory of the system's locale (``companion.i18n.regions``).
    phone_region: str = ""


# Upgrade steps: raw dict of version N -> raw dict of version N + 1.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def _coerce(raw: dict[str, Any]) -> Settings:
    defaults = Settings()
    values: dict[str, Any] = {}
    for field in dataclasses.fields(Settings):
        if field.name not in raw:
            continue
        default = getattr(defaults, field.name)
        value = raw[field.name]
        if isinstance(default, StrEnum):
            try:
                values[field.name] = type(default)(value)
            except ValueError:
                continue
        elif type(value) is type(default):
            values[field.name] = value
    values["version"] = SETTINGS_VERSION
    return Settings(**values)


def load(path: Path) -> Settings:
    """The saved settings, or defaults where the file is missing, damaged or incomplete."""
    try:
        raw = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    version = raw.get("version", 1)
    if not isinstance(version, int) or version > SETTINGS_VERSION:
        return _coerce(raw)
    while version < SETTINGS_VERSION:
        raw = UPGRADES[version](raw)
        version += 1
    return _coerce(raw)


def save(settings: Settings, path: Path) -> None:
    """Write ``settings`` atomically (raises ``OSError`` when the folder is not writable)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    atomic_write_bytes(path, orjson.dumps(dataclasses.asdict(settings), option=orjson.OPT_INDENT_2))
