"""Fixtures and environment for the whole suite.

At import time (before pytest-qt creates the one ``QApplication`` of the run):

- ``QT_QPA_PLATFORM=offscreen``: no test opens a window on the developer's screen. Tests that
  need a real X server and tray live in ``tests/x11/`` and run Qt in subprocesses there.
- ``DISPLAY``, ``WAYLAND_DISPLAY`` and ``DBUS_SESSION_BUS_ADDRESS`` are removed, so nothing
  reaches the developer's desktop session (tray, Secret Service keyring, portals).
- ``LANG=C.UTF-8`` (and no ``LC_ALL``/``LC_MESSAGES``/``LANGUAGE``): English unless a test
  asks for another language with ``--locale`` or ``monkeypatch.setenv``.
- ``PYTHONPATH`` gets the repository root (so subprocesses can import ``tests.support``) and
  ``tests/support/sitecustomize`` (so every Python subprocess installs the network guard).
- ``PYTHON_KEYRING_BACKEND`` names :class:`tests.support.test_keyring.TestKeyring`, and it is the
  in-process keyring too: nothing touches the user's real keychain.
- The network guard (:mod:`tests.support.network_guard`) is installed in this process.

For every test (autouse, no need to ask for it): a fresh home folder with the XDG folders
inside it (``HOME``, ``XDG_CONFIG_HOME``, ``XDG_DATA_HOME``, ``XDG_CACHE_HOME``,
``XDG_STATE_HOME``), a short private ``XDG_RUNTIME_DIR`` (0700, as Qt demands) and ``TMPDIR``,
``COMPANION_DATA_DIR`` pointing into the test's ``tmp_path``, a fresh test keyring (shared with
subprocesses through ``COMPANION_TEST_KEYRING_FILE``) and an empty network log
(``COMPANION_NETWORK_LOG``). After the test, any network attempt made by the test or by a
subprocess fails it, and the translation is reset to English.

Fixtures to ask for:

``data_dir``
    ``Path`` of this test's data folder (also in ``COMPANION_DATA_DIR``). Not created: the app
    creates it (0700) when it first writes.
``isolated_env``
    :class:`IsolatedEnvironment` with all the paths above.
``test_keyring``
    The :class:`TestKeyring` in use, to read what the app stored (``.secrets()``).
``no_keyring``
    Switch this test (and its subprocesses) to keyring's ``fail`` backend: "no keychain".
``companion_cli``
    :func:`tests.support.cli.run_companion`: ``companion_cli("export", "--format", "json")``
    runs ``python -m companion.cli`` in this environment and returns a ``CompletedProcess``.
"""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from tests.support import network_guard
from tests.support.cli import run_companion
from tests.support.test_keyring import BACKEND_NAME, KEYRING_FILE_ENV, TestKeyring

REPO_ROOT = Path(__file__).resolve().parent.parent
SITECUSTOMIZE_DIR = Path(__file__).resolve().parent / "support" / "sitecustomize"


def _prepend_pythonpath(*folders: Path) -> None:
    present = [entry for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep) if entry]
    wanted = [str(folder) for folder in folders]
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [*wanted, *(entry for entry in present if entry not in wanted)]
    )


os.environ["QT_QPA_PLATFORM"] = "offscreen"
for _variable in (
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "DBUS_SESSION_BUS_ADDRESS",
    "LC_ALL",
    "LC_MESSAGES",
    "LANGUAGE",
    "COMPANION_PASSPHRASE",
):
    os.environ.pop(_variable, None)
os.environ["LANG"] = "C.UTF-8"
_prepend_pythonpath(SITECUSTOMIZE_DIR, REPO_ROOT)
os.environ["PYTHON_KEYRING_BACKEND"] = BACKEND_NAME
keyring.set_keyring(TestKeyring())
network_guard.install()
# Fix Python's own temp folder now: tests redirect TMPDIR for their subprocesses only.
tempfile.gettempdir()


@dataclass(frozen=True)
class IsolatedEnvironment:
    """Where this test's files go; every path is inside temporary folders of the test."""

    home: Path
    data_dir: Path
    runtime_dir: Path
    keyring_file: Path
    network_log: Path


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def _reset_translation() -> None:
    # Imported here: a broken companion package must not stop the harness tests from running.
    from companion.i18n.translate import SOURCE_LOCALE, set_translations

    set_translations(gettext.NullTranslations(), SOURCE_LOCALE)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[IsolatedEnvironment]:
    """Give the test its own home, XDG folders, data dir, keyring and network log."""
    home = _private_dir(tmp_path / "home")
    # Unix socket paths are limited to 107 bytes; pytest's tmp_path can be longer than that, so
    # runtime and temp folders (where Qt puts local sockets) get a short path of their own.
    short = Path(tempfile.mkdtemp(prefix="cg-"))
    runtime_dir = _private_dir(short / "run")
    environment = IsolatedEnvironment(
        home=home,
        data_dir=tmp_path / "data",
        runtime_dir=runtime_dir,
        keyring_file=tmp_path / "keyring.json",
        network_log=tmp_path / "network.log",
    )
    folders = {
        "HOME": home,
        "XDG_CONFIG_HOME": _private_dir(home / ".config"),
        "XDG_DATA_HOME": _private_dir(home / ".local" / "share"),
        "XDG_CACHE_HOME": _private_dir(home / ".cache"),
        "XDG_STATE_HOME": _private_dir(home / ".local" / "state"),
        "XDG_RUNTIME_DIR": runtime_dir,
        "TMPDIR": _private_dir(short / "tmp"),
        "COMPANION_DATA_DIR": environment.data_dir,
        KEYRING_FILE_ENV: environment.keyring_file,
        network_guard.NETWORK_LOG_ENV: environment.network_log,
    }
    for name, folder in folders.items():
        monkeypatch.setenv(name, str(folder))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", BACKEND_NAME)
    keyring.set_keyring(TestKeyring(environment.keyring_file))
    network_guard.take_attempts()
    _reset_translation()

    yield environment

    _reset_translation()
    shutil.rmtree(short, ignore_errors=True)
    attempts = [str(attempt) for attempt in network_guard.take_attempts()]
    attempts += network_guard.read_log(environment.network_log)
    if attempts:
        pytest.fail(
            "the test used the network, which Common Ground must never do:\n  "
            + "\n  ".join(attempts),
            pytrace=False,
        )


@pytest.fixture
def data_dir(isolated_env: IsolatedEnvironment) -> Path:
    """This test's data folder (``COMPANION_DATA_DIR``); not created yet."""
    return isolated_env.data_dir


@pytest.fixture
def test_keyring(isolated_env: IsolatedEnvironment) -> TestKeyring:
    """The keyring backend the app sees in this test (in-process and in subprocesses)."""
    backend = keyring.get_keyring()
    assert isinstance(backend, TestKeyring)
    return backend


@pytest.fixture
def no_keyring(isolated_env: IsolatedEnvironment, monkeypatch: pytest.MonkeyPatch) -> None:
    """No usable keychain, as on a desktop without Secret Service."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]


@pytest.fixture
def companion_cli(
    isolated_env: IsolatedEnvironment,
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the ``companion`` command in a subprocess; see :func:`run_companion`."""
    return run_companion
