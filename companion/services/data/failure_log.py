"""A log of what failed inside the app, kept in the data folder for a bug report.

Only where it failed goes in: the exception types and the stack (file, line, function), never
exception messages or values, which can hold names and notes from the store. The file is the
user's alone (0600) and kept small: past ``MAX_BYTES`` the older half is dropped.
"""

from __future__ import annotations

import os
import traceback
from datetime import UTC, datetime
from pathlib import Path

from companion import __version__, paths

MAX_BYTES = 256 * 1024


def failure_report(error: BaseException, *, where: str, now: datetime | None = None) -> str:
    """The text logged for ``error``: when, where, the exception chain's types and stacks."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    lines = [f"{stamp} Common Ground {__version__}: {where} failed"]
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for link in reversed(chain):
        kind = type(link)
        lines.append(f"{kind.__module__}.{kind.__qualname__}")
        for frame in traceback.extract_tb(link.__traceback__):
            lines.append(f'  File "{_short(frame.filename)}", line {frame.lineno}, in {frame.name}')
    return "\n".join(lines) + "\n\n"


def log_failure(folder: Path, error: BaseException, *, where: str) -> Path:
    """Append the report of ``error`` to the folder's failure log; returns the log's path.

    Never raises: a log that cannot be written must not turn one failure into two.
    """
    path = paths.failure_log_file(folder)
    try:
        report = failure_report(error, where=where).encode("utf-8")
        old = path.read_bytes() if path.exists() else b""
        if len(old) + len(report) > MAX_BYTES:
            old = old[len(old) // 2 :]
            old = old[old.find(b"\n\n") + 2 :] if b"\n\n" in old else b""
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(old + report)
        path.chmod(0o600)
    except OSError:
        pass
    return path


def _short(file_name: str) -> str:
    """The path from the package on (``companion/ui/home/home_page.py``): no home folder names."""
    parts = Path(file_name).parts
    for anchor in ("companion", "site-packages"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor) :])
    return Path(file_name).name
