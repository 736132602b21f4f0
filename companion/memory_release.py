"""Give big buffers back to the system when they are freed (Linux, glibc).

glibc serves a large allocation from its own mapping and unmaps it on free, but after the first
such free it raises that threshold to the freed size. Loading a 20 MB store does exactly that,
so every later big buffer (the day's backup, a compaction: several 10 MB tables) came from the
heap and stayed there, some 30 MB for the rest of the session. A fixed threshold keeps the old
behaviour.
"""

from __future__ import annotations

import ctypes
import sys

#: ``M_MMAP_THRESHOLD`` in glibc's malloc.h.
_M_MMAP_THRESHOLD = -3
#: Allocations from this size up get a mapping of their own.
MMAP_THRESHOLD_BYTES = 1024 * 1024


def keep_big_buffers_returnable() -> bool:
    """Fix glibc's mmap threshold; False where there is no glibc (other systems, musl)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))
    except (OSError, AttributeError):
        return False
