"""Compiles the gettext catalogues into the build, so wheels and bundles ship `.mo` files.

The `.mo` files are generated, never committed (see STYLE.md); everything else about the
project lives in pyproject.toml.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogues(build_py):
    def run(self) -> None:
        super().run()
        source = Path("companion/resources/i18n")
        target = Path(self.build_lib) / "companion/resources/i18n"
        for po_path in source.glob("*/LC_MESSAGES/*.po"):
            mo_path = target / po_path.relative_to(source).with_suffix(".mo")
            mo_path.parent.mkdir(parents=True, exist_ok=True)
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog)


setup(cmdclass={"build_py": BuildWithCatalogues})
