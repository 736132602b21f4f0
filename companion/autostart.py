"""Start at login on freedesktop systems: the XDG autostart entry of Common Ground.

The Preferences switch calls :func:`enable` and :func:`disable`; :func:`is_enabled` tells it
where it stands. The entry lives in ``paths.autostart_dir()`` (``~/.config/autostart``) and
starts the app hidden in the tray with ``--background``. Windows and macOS register start at
login in their installers instead (see ``packaging/windows`` and ``packaging/macos``).
No Qt here: the CLI and the tests use it too.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
from pathlib import Path

from companion import APP_ID, APP_NAME, paths
from companion.i18n import _
from companion.storage.atomic import atomic_write_bytes

ENTRY_NAME = f"{APP_ID}.desktop"
BACKGROUND_FLAG = "--background"
COMMAND_NAME = "companion"
# Characters that force quoting of an Exec argument (Desktop Entry Specification, "Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def is_supported() -> bool:
    """XDG autostart exists on Linux and the BSDs; elsewhere the installer registers it."""
    return sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd", "dragonfly"))


def entry_path() -> Path:
    return paths.autostart_dir() / ENTRY_NAME


def launch_command() -> str:
    """How the login session starts us: ``companion`` when it is on the PATH (the package).

    A development install (``.venv/bin``) is not on the PATH at login, so there the absolute
    path of the ``companion`` script beside the running interpreter is used.
    """
    if shutil.which(COMMAND_NAME):
        return COMMAND_NAME
    beside_interpreter = Path(sys.executable).with_name(COMMAND_NAME)
    if beside_interpreter.is_file():
        return str(beside_interpreter)
    return COMMAND_NAME


def _quote_exec_argument(argument: str) -> str:
    argument = argument.replace("%", "%%")  # a lone % would start a field code like %f
    if not any(character in _RESERVED for character in argument):
        return argument
    escaped = "".join(f"\\{c}" if c in '"`$\\' else c for c in argument)
    # Inside a desktop-entry string value every backslash is itself escaped once more.
    return '"' + escaped.replace("\\", "\\\\") + '"'


def entry_text(command: str) -> str:
    """The autostart desktop entry that runs ``command --background``."""
    exec_line = f"{_quote_exec_argument(command)} {BACKGROUND_FLAG}"
    comment = _("Start {app} hidden in the tray when you log in").format(app=APP_NAME)
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={APP_NAME}\n"
        f"Comment={comment}\n"
        f"Exec={exec_line}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def enable(*, command: str | None = None) -> Path:
    """Write (or refresh) the autostart entry atomically; returns its path.

    Raises ``OSError`` when the folder cannot be written; the old entry is then unchanged.
    """
    path = entry_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = entry_text(command or launch_command())
    atomic_write_bytes(path, text.encode("utf-8"))
    return path


def disable() -> None:
    """Remove the autostart entry; nothing happens when there is none."""
    with contextlib.suppress(FileNotFoundError):
        entry_path().unlink()


def _desktop_entry_values(text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    in_main_group = False
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if line.startswith("["):
            in_main_group = line == "[Desktop Entry]"
        elif in_main_group and "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return values


def is_enabled() -> bool:
    """Whether our entry exists and the desktop will run it.

    Desktop settings tools switch an entry off without deleting it (``Hidden=true`` or
    ``X-GNOME-Autostart-enabled=false``); such an entry counts as off.
    """
    try:
        text = entry_path().read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        return False
    values = _desktop_entry_values(text)
    if values.get("Hidden", "false").lower() == "true":
        return False
    if values.get("X-GNOME-Autostart-enabled", "true").lower() == "false":
        return False
    return BACKGROUND_FLAG in values.get("Exec", "")
