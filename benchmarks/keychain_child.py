"""A window start that reports the peak memory of the child that read its data key.

``python keychain_child.py PEAK_FILE ARGUMENTS...`` runs ``companion ARGUMENTS...`` in this
process and, at exit, writes to PEAK_FILE the peak resident memory (KiB) of its reaped
children: the window process starts no other, so that is the short-lived child that read the
data key from the keychain (``companion/storage/keychain_prefetch.py``). 0 when none was forked.
"""

from __future__ import annotations

import atexit
import resource
import sys
from pathlib import Path

from companion.cli import main


def _write_peak(path: Path) -> None:
    path.write_text(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss), encoding="utf-8")


if __name__ == "__main__":
    atexit.register(_write_peak, Path(sys.argv[1]))
    sys.exit(main(sys.argv[2:]))
