"""The one module that knows where Common Ground keeps its files.

Every other module asks here; nothing else builds paths from the home folder. Tests redirect all
of it with ``COMPANION_DATA_DIR`` (or ``--data-dir``).
"""

from __future__ import annotations

import os
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


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` readable by the user alone (0700 on POSIX) and return it."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        path.chmod(0o700)
    return path


def store_file(folder: Path) -> Path:
    return folder / "store.json"


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
    from importlib import resources

    return Path(str(resources.files("companion") / "resources"))


def locale_dir() -> Path:
    return resources_dir() / "i18n"


def icon_path(name: str) -> Path:
    return resources_dir() / "icons" / name
