"""The wheel carries what the installed app needs: compiled catalogues, icons, metadata texts.

The wheel is built from a copy of the sources without any ``.mo`` file, so a pass proves the
build compiles the catalogues itself (``setup.py``) rather than picking up stale local ones.
Built once per module (a few seconds), offline: ``--no-build-isolation --no-index``.
"""

from __future__ import annotations

import gettext
import io
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
RESOURCES = "companion/resources"


def _copy_sources(target: Path) -> None:
    for name in ("pyproject.toml", "setup.py", "README.md", "babel.cfg"):
        if (REPO_ROOT / name).exists():
            shutil.copy2(REPO_ROOT / name, target / name)
    shutil.copytree(
        REPO_ROOT / "companion",
        target / "companion",
        ignore=shutil.ignore_patterns("*.mo", "__pycache__", "*.pyc"),
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """A wheel built offline from a clean copy of the sources."""
    sources = tmp_path_factory.mktemp("sources")
    output = tmp_path_factory.mktemp("wheel")
    _copy_sources(sources)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--no-cache-dir",
            "--quiet",
            "-w",
            str(output),
            str(sources),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, (
        "building the wheel failed (the venv needs setuptools>=77: pyproject's license is an "
        f"SPDX string):\n{result.stdout}\n{result.stderr}"
    )
    (built,) = output.glob("common_ground-*.whl")
    return zipfile.ZipFile(built)


def test_wheel_contains_the_compiled_german_catalogue(wheel: zipfile.ZipFile) -> None:
    # Given the wheel built from sources that hold only .po catalogues
    # When the German .mo is read from it
    data = wheel.read(f"{RESOURCES}/i18n/de/LC_MESSAGES/companion.mo")

    # Then it is a valid compiled catalogue for German
    catalogue = gettext.GNUTranslations(io.BytesIO(data))
    assert catalogue.info().get("language") == "de"


def test_wheel_contains_the_app_and_tray_icons(wheel: zipfile.ZipFile) -> None:
    # Given the wheel
    names = set(wheel.namelist())

    # When / Then both SVG icons are there and parse as SVG
    for icon in ("org.commonground.Companion.svg", "org.commonground.Companion-tray.svg"):
        path = f"{RESOURCES}/icons/{icon}"
        assert path in names
        root = ET.fromstring(wheel.read(path))
        assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_wheel_contains_the_desktop_metadata_texts(wheel: zipfile.ZipFile) -> None:
    # Given the wheel
    # When / Then the module marking the desktop entry's texts for translation ships with it
    source = wheel.read(f"{RESOURCES}/desktop_strings.py").decode("utf-8")
    assert 'N_("Quick capture")' in source


def test_wheel_installs_the_companion_command(wheel: zipfile.ZipFile) -> None:
    # Given the wheel
    (entry_points,) = [name for name in wheel.namelist() if name.endswith("entry_points.txt")]

    # When / Then it declares the console script of the command-line contract
    # (the launcher takes `companion capture` to a running app first, then runs companion.cli)
    assert "companion = companion.launcher:main" in wheel.read(entry_points).decode("utf-8")
