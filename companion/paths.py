"""The one module that knows where Common Ground keeps its files.

Every other module asks here; nothing else builds paths from the home folder. Tests redirect all
of it with ``COMPANION_DATA_DIR`` (or ``--data-dir``).
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

# platformdirs and importlib.resources are imported where used: `companion capture` from a
# shortcut reads this module before anything else and should not wait for them.

DATA_DIR_ENV = "COMPANION_DATA_DIR"
_APP_DIR_NAME = "common-ground"


def default_data_dir() -> Path:
    """The platform's per-user application data folder."""
    import platformdirs

    return Path(platformdirs.user_data_dir(_APP_DIR_NAME, appauthor=False, roaming=True))


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where the store lives: ``--data-dir``, then ``COMPANION_DATA_DIR``, then the default."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser().resolve()
    return default_data_dir()


class FolderPermissionsError(Exception):
    """A folder we need lacks rights for its owner that only the user should give back.

    Taking rights away from others (0755 to 0700) is part of keeping the data private; adding
    rights the user took away (0500: "read-only, on purpose") is not ours to do.
    """

    def __init__(self, folder: Path, mode: int) -> None:
        super().__init__(f"{folder}: mode {mode:04o}")
        self.folder = folder
        self.mode = mode


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` readable by the user alone (0700 on POSIX) and return it.

    An existing folder loses what group and others may do; one where the user itself may not
    read, write or enter raises ``FolderPermissionsError`` instead of being changed.
    """
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o700 != 0o700:
            raise FolderPermissionsError(path, mode)
        if mode != 0o700:
            path.chmod(0o700)
    return path


def store_file(folder: Path) -> Path:
    return folder / "store.json"


def failure_log_file(folder: Path) -> Path:
    """What failed inside the app (no personal data): ``services/failure_log.py``."""
    return folder / "errors.log"


def settings_file(folder: Path) -> Path:
    return folder / "settings.json"


def autostart_dir() -> Path:
    """XDG autostart folder (``~/.config/autostart`` unless ``XDG_CONFIG_HOME`` says otherwise)."""
    import platformdirs

    return Path(platformdirs.user_config_dir()) / "autostart"


def resources_dir() -> Path:
    """The shipped resources (catalogues, icons, data), also inside a PyInstaller bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "companion" / "resources"
    # Beside this module: the package is always unpacked on disk (a wheel, the .deb, a
    # checkout), and importlib.resources would cost a few milliseconds of imports per start.
    return Path(__file__).resolve().parent / "resources"


def locale_dir() -> Path:
    return resources_dir() / "i18n"


def icon_path(name: str) -> Path:
    return resources_dir() / "icons" / name
