"""Render the app icon's PNG sizes from its SVG source (PNGs are built, never committed).

Uses PySide6's QtSvg offscreen, so it needs no display and no rsvg-convert. Writes a hicolor
theme tree: ``OUT/hicolor/<N>x<N>/apps/<id>.png`` and ``OUT/hicolor/scalable/apps/<id>.svg``,
plus a multi-size ``<id>.ico`` for the Windows installer.

    python packaging/render_icons.py --output build/icons
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

ICON_ID = "org.commonground.Companion"
ICONS_SOURCE = Path(__file__).resolve().parent.parent / "companion" / "resources" / "icons"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def _render(svg: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def render_theme(output: Path, *, sizes: Sequence[int] = SIZES) -> list[Path]:
    """Write the hicolor tree under ``output`` and return the files written."""
    # QPainter needs a QGuiApplication; offscreen needs no display server.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    written: list[Path] = []
    source = ICONS_SOURCE / f"{ICON_ID}.svg"
    for size in sizes:
        target = output / "hicolor" / f"{size}x{size}" / "apps" / f"{ICON_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        image = _render(source, size)
        if not image.save(str(target)):  # format from the .png suffix
            raise SystemExit(f"render_icons: cannot write {target}")
        written.append(target)
    scalable = output / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    for svg in sorted(ICONS_SOURCE.glob(f"{ICON_ID}*.svg")):
        written.append(Path(shutil.copy2(svg, scalable / svg.name)))
    written.append(_write_ico(source, output / f"{ICON_ID}.ico"))
    del app
    return written


def _write_ico(source: Path, target: Path) -> Path:
    """A Windows .ico holding every size in ICO_SIZES as PNG images (Windows Vista and later).

    Qt's ico writer stores one image only, so the container (a 6-byte header and one 16-byte
    directory entry per image) is written here.
    """
    images: list[tuple[int, bytes]] = []
    for size in ICO_SIZES:
        image = _render(source, size)
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not QImageWriter(buffer, QByteArray(b"png")).write(image):
            raise SystemExit(f"render_icons: cannot encode the {size} px icon")
        buffer.close()
        images.append((size, bytes(data.data())))
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    directory, payload = b"", b""
    for size, png in images:
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        payload += png
        offset += len(png)
    target.write_bytes(header + directory + payload)
    return target


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, required=True, help="folder to write into")
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    options = parser.parse_args(argv)
    for path in render_theme(options.output, sizes=options.sizes):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
