"""The app icon's PNGs are rendered from the SVG source at every hicolor size."""

from __future__ import annotations

import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
APP_ID = "org.commonground.Companion"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def _unfilter(raw: bytes, width: int, height: int) -> list[bytes]:
    """Undo the PNG row filters (PNG spec section 9) of 8-bit RGBA data."""
    stride, rows = width * 4, []
    previous = bytes(stride)
    for index in range(height):
        kind = raw[index * (stride + 1)]
        line = bytearray(raw[index * (stride + 1) + 1 : (index + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - 4] if x >= 4 else 0
            up = previous[x]
            up_left = previous[x - 4] if x >= 4 else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - up_left
                nearest = min(
                    (abs(estimate - left), 0, left),
                    (abs(estimate - up), 1, up),
                    (abs(estimate - up_left), 2, up_left),
                )[2]
                line[x] = (line[x] + nearest) & 0xFF
        rows.append(bytes(line))
        previous = bytes(line)
    return rows


def _png_size_and_coverage(path: Path) -> tuple[int, int, float]:
    """Width, height and the share of visible (alpha > 0) pixels of an 8-bit RGBA PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour_type = struct.unpack(">IIBB", data[16:26])
    assert (depth, colour_type) == (8, 6), "Qt writes ARGB32 images as 8-bit RGBA"
    chunks, offset = b"", 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        if data[offset + 4 : offset + 8] == b"IDAT":
            chunks += data[offset + 8 : offset + 8 + length]
        offset += 12 + length
    rows = _unfilter(zlib.decompress(chunks), width, height)
    visible = sum(1 for row in rows for alpha in row[3::4] if alpha)
    return width, height, visible / (width * height)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("icons")
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "packaging" / "render_icons.py"), "--output", str(output)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return output


@pytest.mark.parametrize("size", SIZES)
def test_png_is_rendered_at_each_hicolor_size(rendered: Path, size: int) -> None:
    # Given the icons rendered from the SVG source
    png = rendered / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"

    # When the PNG of this size is read
    width, height, coverage = _png_size_and_coverage(png)

    # Then it has the right size, and the mark covers a good part of it without filling it
    assert (width, height) == (size, size)
    assert 0.35 < coverage < 0.8


def test_scalable_icons_and_windows_icon_are_written(rendered: Path) -> None:
    # Given the rendered icon tree
    scalable = rendered / "hicolor" / "scalable" / "apps"

    ico = (rendered / f"{APP_ID}.ico").read_bytes()

    # Then the SVG sources are there, and the .ico for the Windows installer holds 7 sizes
    assert (scalable / f"{APP_ID}.svg").is_file()
    assert (scalable / f"{APP_ID}-tray.svg").is_file()
    assert struct.unpack("<HHH", ico[:6]) == (0, 1, 7)
